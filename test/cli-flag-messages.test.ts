/**
 * An outside try (fresh clone, README as written) met Node's own wording for flag mistakes
 * ("Unknown option '--bogus'. To specify a positional argument starting with a '-', place it at
 * the end of the command after '--', as in '-- "--bogus"", and for `--max-latency -5` a question
 * about a forgotten argument), number flags refused without their rule, "(2 units, 1 devices)",
 * "has 1 entries", and a state-limit error saying "about 16 distinct devices" where README says 18.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { solveReference, ProblemError } from '../src/index.js';
import { cli } from './helpers/cli.js';
import { tempFiles } from './helpers/temp.js';

const { file } = tempFiles('dnnpipe-flag-messages-');

describe('flag mistakes are told in the command line\'s words', () => {
  it.each([
    [['--bogus'], 'dnnpipe: unknown option --bogus; dnnpipe --help lists the options'],
    [['--engin', 'ts'], 'dnnpipe: unknown option --engin (did you mean --engine?); dnnpipe --help lists the options'],
    [['--max-latency', '-5'], 'dnnpipe: --max-latency needs a value, and "-5" after it starts with a dash (write --max-latency=-5 if that is the value)'],
    [['--first'], 'dnnpipe: --first needs a value'],
    [['--max-latency=-5'], 'dnnpipe: --max-latency must be a number of milliseconds, 0 or more, got "-5"'],
    [['--max-stages=-1'], 'dnnpipe: --max-stages must be a whole number (1, 2, 3, …), got "-1"'],
  ])('plan %j', async (argv, message) => {
    const run = await cli('plan', ...argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${message}\n`);
  });
});

describe('counts read as English', () => {
  it('a plan of one unit on one device says so in the singular', async () => {
    const run = await cli('plan', file('one.json', { model: { time: [1], memory: [1] }, devices: [{ id: 'a', speed: 1 }] }));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/\(1 unit, 1 device\)$/);
  });

  it('a list of one entry against a model of two units', () => {
    expect(() => solveReference({ model: { time: [1, 2], memory: [1] }, devices: [{ id: 'a', speed: 1 }] })).toThrow(/model\.memory: has 1 entry but the model has 2 units/);
  });

  it('the state limit names the 18 distinct devices it allows, and where the next limit allows fewer', () => {
    const devices = Array.from({ length: 19 }, (_, i) => ({ id: `d${i}`, speed: 1 + i / 100 }));
    let error: unknown;
    try {
      solveReference({ model: { time: [1, 2], memory: [1, 1] }, devices });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as Error).message).toContain('the limit is 262144 (18 distinct devices; with the search-work limit, 18 over up to 31 units, 17 over 127, 16 over 1,023)');
  });
});

describe('dnnpipe --version', () => {
  it('prints the package version, exit 0', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v', 'version']) {
      const run = await cli(flag);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`dnnpipe ${version}\n`);
    }
  });
});

describe('an output file in a directory that is not there', () => {
  it('names the missing directory, exit 2, nothing written', async () => {
    const { dir } = tempFiles('dnnpipe-missing-dir-');
    const target = `${dir}/missing/plan.json`;
    const run = await cli('plan', '--out', target);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`dnnpipe: --out ${target}: cannot write (no such directory: ${dir}/missing)\n`);
  });
});
