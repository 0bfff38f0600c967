/**
 * An outside review (s28): a first-time user's pass over a fresh clone, README, docs/ and the
 * command line. One `it` per finding, each the smallest reproduction of a promise the package's
 * own docs make (quoted beside it); each failed before its fix.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate, solveReference, toDnnpipePlan, type Problem } from '../src/index.js';
import { onnxCommand } from '../src/onnx/cli.js';
import { buildModel, chain, FLOAT } from './fixtures/onnx/build.js';
import { BUILT_CLI, capture, cli, type CliRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const root = new URL('..', import.meta.url).pathname;
const readme = (): string => readFileSync(join(root, 'README.md'), 'utf8');

/** `dnnpipe onnx ...argv`, in-process. */
function onnx(...argv: string[]): Promise<CliRun> {
  return capture(onnxCommand, argv);
}

/** The text of the fenced block that starts with the line `$ <command>`, up to the next `$ ` line or the fence. */
function shownOutput(markdown: string, command: string): string {
  const lines = markdown.split('\n');
  const at = lines.indexOf(`$ ${command}`);
  expect(at, `no "$ ${command}" line`).toBeGreaterThanOrEqual(0);
  const out: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (line.startsWith('$ ') || line.startsWith('```')) break;
    out.push(line);
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** Output with the `solved in` timing (which varies, as README says) masked. */
const untimed = (text: string): string => text.replace(/^solved in {3}[\d.]+ ms/m, 'solved in   * ms');

const twoDevices = (): Problem => ({
  model: { time: [4, 2, 3, 3, 1], memory: [100, 50, 80, 80, 20] },
  devices: [{ id: 'jetson', speed: 1, memory: 200 }, { id: 'pi-a', speed: 0.4, memory: 150 }],
});

describe('outside review s28: a fresh clone, as a new user reads the docs', () => {
  it.each([
    ['plan', 'examples/laptop-pi-wifi.json'],
    ['plan', 'examples/edge-cluster.json'],
    ['frontier', 'examples/laptop-pi-wifi.json'],
  ])('README: `$ dnnpipe %s %s` shows what the command prints (the laptop-pi-wifi plan\'s latency is rounded up since s27: 94.6627, not 94.6626)', async (command, file) => {
    const run = await cli(command, join(root, file));
    expect(run.code).toBe(0);
    const printed = run.stdout.replace(join(root, file), file);
    expect(untimed(printed)).toBe(untimed(shownOutput(readme(), `dnnpipe ${command} ${file}`)));
  });

  it('simulate: an unknown option is refused naming the options simulate takes, `frames` among them', () => {
    // simulate(problem, plan, { frame: 3 }) said "options.frame: unknown field; allowed: engine,
    // algorithm, ..., memoryTest": the one option simulate adds, and the one meant, was not offered.
    const problem = twoDevices();
    const plan = solveReference(problem);
    expect(() => simulate(problem, plan, { frame: 3 } as never)).toThrow(/options\.frame: unknown field \(did you mean "frames"\?\); allowed: .*\bframes\b/);
  });

  it('docs/runtimes.md quotes the QuickJS stack that planning needs as test/sandbox/quickjs-heap.mjs measures it', () => {
    // docs/runtimes.md said "Planning needs 5,376 bytes (5.25 KiB) of QuickJS stack here"; the
    // script it names prints "plannedStackBytes":5632 for this build and the one before it.
    const run = spawnSync(process.execPath, [join(root, 'test/sandbox/quickjs-heap.mjs')], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const measured = (JSON.parse(run.stdout) as { plannedStackBytes: number }).plannedStackBytes;
    const runtimes = readFileSync(join(root, 'docs/runtimes.md'), 'utf8').replace(/\s+/g, ' ');
    const quoted = /Planning needs ([\d,]+) bytes \(([\d.]+) KiB\) of QuickJS stack/.exec(runtimes);
    expect(quoted?.slice(1)).toEqual([measured.toLocaleString('en-US'), String(Math.round((measured / 1024) * 100) / 100)]);
  }, 120_000);

  it.each([
    [['inspect', 'm.onnx', '--bogus'], 'unknown option --bogus; dnnpipe onnx --help lists the options'],
    [['inspect', 'm.onnx', '--jsn'], 'unknown option --jsn (did you mean --json?); dnnpipe onnx --help lists the options'],
    [['inspect', 'm.onnx', '--json=1'], '--json takes no value; give --json alone'],
    [['inspect', 'm.onnx', '--max-units', '-1'], '--max-units needs a value, and "-1" after it starts with a dash (write --max-units=-1 if that is the value)'],
    [['profile', 'm.onnx', '--device'], '--device needs a value'],
  ])('onnx %j: a flag error is said in the command line\'s words, as `dnnpipe plan` says them (not Node\'s "To specify a positional argument ... after \'--\'")', async (argv, message) => {
    const run = await onnx(...argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`dnnpipe: ${message}\n`);
  });

  it('an unknown option is named whole, escaped, not cut at its first odd character', async () => {
    // `dnnpipe plan --je<ESC>[2Json` said "unknown option --je".
    const run = await cli('plan', '--je\u001b[2Json');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('dnnpipe: unknown option --je\\x1b[2Json; dnnpipe --help lists the options\n');
  });

  it('onnx: a run ONNX Runtime refuses prints one escaped line: the runtime\'s own log, which quotes the model\'s node names raw, stays quiet', async () => {
    // README: "Everything printed for people shows control characters as escapes"; docs/onnx.md:
    // exit 2 "with one line". A Conv named "evil<ESC>]0;PWNED<BEL><ESC>[2J" given an input too small
    // for its kernel: ONNX Runtime logged "[E:onnxruntime:, sequential_executor.cc ...] ... Name:'evil
    // <raw ESC>]0;PWNED<raw BEL><raw ESC>[2J'" in red on stderr (setting the terminal's title and
    // clearing the screen), before dnnpipe's own escaped line.
    const dir = tempDir('dnnpipe-s28-onnx-log-');
    const model = join(dir, 'evil.onnx');
    writeFileSync(model, buildModel({
      graph: {
        inputs: [{ name: 'x', type: FLOAT, dims: [1, 1, 'h', 'w'] }],
        outputs: [{ name: 'y', type: FLOAT }],
        weights: [{ name: 'k', dims: [1, 1, 3, 3] }],
        nodes: [
          { op: 'Conv', inputs: ['x', 'k'], outputs: ['c'], name: 'evil\u001b]0;PWNED\u0007\u001b[2J' },
          { op: 'Relu', inputs: ['c'], outputs: ['y'], name: 'ok' },
        ],
      },
    }));
    // The runtime writes its log straight to the process's stderr, so this runs the built command.
    const run = spawnSync(process.execPath, [BUILT_CLI, 'onnx', 'inspect', model, '--shape', 'x=1x1x2x2'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Invalid input shape');
    expect(run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(run.stderr.split('\n').filter((line) => line !== '' && !line.includes('measuring them in one run'))).toHaveLength(1);
  });

  it('docs/onnx.md names the keys of inspect --json\'s "model" (names too) and every exit code the onnx commands give (4 when standard output is closed)', async () => {
    const dir = tempDir('dnnpipe-s28-onnx-json-');
    const model = join(dir, 'chain.onnx');
    writeFileSync(model, buildModel(chain));
    const run = await onnx('inspect', model, '--shape', 'x=1x8', '--json');
    expect(run.code, run.stderr).toBe(0);
    const keys = Object.keys((JSON.parse(run.stdout) as { model: object }).model);
    const docs = readFileSync(join(root, 'docs/onnx.md'), 'utf8').replace(/\s+/g, ' ');
    const documented = /`--json` prints `\{ "model": \{ ([\w, ]+) \}/.exec(docs)?.[1]?.split(', ');
    expect(documented?.slice().sort()).toEqual(keys.slice().sort());
    const closed = spawnSync('sh', ['-c', `"${process.execPath}" "${BUILT_CLI}" onnx inspect "${model}" --shape x=1x8 --json > /dev/full`], { encoding: 'utf8' });
    expect(closed.status).toBe(4);
    expect(docs).toMatch(/Exit codes: 0 done;.*\b4 standard output was closed or full/);
    expect((await onnx('--help')).stdout).toMatch(/Exit codes: .*\b4 standard output closed or full/s);
  });

  it.each([
    [[{ device: 'a', start: -1, end: 2 }], 'stages[0]: must run units from 0 to a whole end above it, got -1 to 2'],
    [[{ device: 'a', start: 0, end: 2.5 }, { device: 'b', start: 2.5, end: 5 }], 'stages[0]: must run units from 0 to a whole end above it, got 0 to 2.5'],
    [[{ device: 'a', start: 0, end: 2 }, { device: 'b', start: 3, end: 5 }], 'stages[1]: must run units from 2 to a whole end above it, got 3 to 5'],
    [[{ device: 'a', start: 0, end: 0 }], 'stages[0]: must run units from 0 to a whole end above it, got 0 to 0'],
  ])('toDnnpipePlan(%j) is refused naming the stage, not written as a plan DNNPipe would misread (start -1 became unit 0)', (stages, message) => {
    expect(() => toDnnpipePlan(stages)).toThrow(message);
  });

  it('toDnnpipePlan still writes a Plan\'s own stages (they carry time, memory, transfer and names too)', () => {
    const plan = solveReference({ ...twoDevices(), model: { ...twoDevices().model, names: ['a', 'b', 'c', 'd', 'e'] } });
    expect(toDnnpipePlan(plan.stages).pipeline_plan).toEqual(plan.stages.map((s) => [s.start + 1, s.end, s.device]));
  });

  it('the published types check in a project with only the ECMAScript library (no DOM, no Node types, no skipLibCheck), where docs/runtimes.md says the package runs', () => {
    // dist/kernel.d.ts (reached from index.d.ts through solver.d.ts) named `WebAssembly.Module`,
    // which only the DOM library and @types/node declare: "Cannot find namespace 'WebAssembly'".
    const dir = tempDir('dnnpipe-s28-types-');
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules/dnnpipe'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    writeFileSync(join(dir, 'use.ts'), [
      "import { solveReference, type Problem } from 'dnnpipe';",
      "const problem: Problem = { model: { time: [1, 2] }, devices: [{ id: 'a' }] };",
      'export const bottleneck: number = solveReference(problem).bottleneck;',
    ].join('\n'));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022'], types: [], noEmit: true, skipLibCheck: false },
      files: ['use.ts'],
    }));
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);
});
