/**
 * The CLI's file rules (README, "The command line" and "Limits"): reads take regular files up to
 * 64 MiB; writes never replace an input, go through a temporary file and a rename, and happen
 * only when the whole command succeeded. Run as a user would: the built CLI, real files.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_CLI, cliProcess } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const PROBLEM = JSON.stringify({ model: { time: [1, 2, 3] }, devices: [{ id: 'a' }, { id: 'b' }] });

function freshDir(): string {
  return tempDir('dnnpipe-files-');
}

function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('writes', () => {
  it('issue 11 item 2: --out or --svg naming the input is refused, and the input is unchanged', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'problem.json'), PROBLEM);
    for (const args of [['--out', 'problem.json'], ['--svg', 'problem.json'], ['--out', './sub/../problem.json'], ['--out', join(dir, 'problem.json')]]) {
      mkdirSync(join(dir, 'sub'), { recursive: true });
      const result = cliProcess(['plan', 'problem.json', ...args], dir);
      expect(result.status, args.join(' ')).toBe(2);
      expectOneLine(result.stderr, /is an input of this command/);
      expect(readFileSync(join(dir, 'problem.json'), 'utf8')).toBe(PROBLEM);
    }
  });

  it('issue 11 item 2: a symbolic or hard link to the input is the input (compared by device and inode)', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'problem.json'), PROBLEM);
    symlinkSync(join(dir, 'problem.json'), join(dir, 'soft.json'));
    linkSync(join(dir, 'problem.json'), join(dir, 'hard.json'));
    for (const target of ['soft.json', 'hard.json']) {
      const result = cliProcess(['plan', 'problem.json', '--out', target], dir);
      expect(result.status, target).toBe(2);
      expect(result.stderr).toMatch(/is an input of this command/);
    }
    expect(readFileSync(join(dir, 'problem.json'), 'utf8')).toBe(PROBLEM);
  });

  it('issue 11 item 2: a command that fails leaves no new or partial file (--out rendered, --svg refused)', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'problem.json'), PROBLEM);
    mkdirSync(join(dir, 'picture.svg'));
    const before = readdirSync(dir).sort();
    const result = cliProcess(['plan', 'problem.json', '--out', 'plan.json', '--svg', 'picture.svg'], dir);
    expect(result.status).toBe(2);
    expectOneLine(result.stderr, /--svg picture\.svg: a directory/);
    expect(readdirSync(dir).sort()).toEqual(before);
    // An infeasible problem (exit 1) writes nothing either.
    writeFileSync(join(dir, 'tight.json'), JSON.stringify({ model: { time: [1], memory: [10] }, devices: [{ id: 'a', memory: 1 }] }));
    const listing = readdirSync(dir).sort();
    expect(cliProcess(['plan', 'tight.json', '--out', 'plan.json'], dir).status).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(listing);
  });

  it('issue 11 item 2: replaces an existing output whole through a rename, keeping its mode, with no temporary file left', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'problem.json'), PROBLEM);
    writeFileSync(join(dir, 'plan.json'), 'old contents that are longer than the new plan file will be, to show no tail remains');
    chmodSync(join(dir, 'plan.json'), 0o640);
    const inode = statSync(join(dir, 'plan.json')).ino;
    expect(cliProcess(['plan', 'problem.json', '--out', 'plan.json', '--svg', 'plan.svg'], dir).status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8'))).toEqual({ pipeline_plan: expect.any(Array) });
    expect(statSync(join(dir, 'plan.json')).ino).not.toBe(inode); // a new file renamed into place
    expect(statSync(join(dir, 'plan.json')).mode & 0o777).toBe(0o640);
    expect(readFileSync(join(dir, 'plan.svg'), 'utf8')).toMatch(/<\/svg>\n$/);
    expect(readdirSync(dir).sort()).toEqual(['plan.json', 'plan.svg', 'problem.json']);
  });

  it('refuses a device or FIFO as an output (renaming over /dev/null would replace it), and two flags naming one file', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'problem.json'), PROBLEM);
    const device = cliProcess(['plan', 'problem.json', '--out', '/dev/null'], dir);
    expect(device.status).toBe(2);
    expectOneLine(device.stderr, /--out \/dev\/null: a device; write to a regular file, or use --out - for standard output/);
    const same = cliProcess(['plan', 'problem.json', '--out', 'x.json', '--svg', './x.json'], dir);
    expect(same.status).toBe(2);
    expectOneLine(same.stderr, /--out and --svg name the same file/);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
    expect(existsSync('/dev/null') && statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('issue 11 smaller items: --out - and --svg - print to stdout instead of creating a file named "-"', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'problem.json'), PROBLEM);
    const plan = cliProcess(['plan', 'problem.json', '--out', '-'], dir);
    expect(plan.status).toBe(0);
    expect(JSON.parse(plan.stdout)).toEqual({ pipeline_plan: expect.any(Array) });
    const svg = cliProcess(['simulate', 'problem.json', '--svg', '-', '--frames', '3'], dir);
    expect(svg.status).toBe(0);
    expect(svg.stdout).toMatch(/^<svg [^]*<\/svg>\n$/);
    expect(existsSync(join(dir, '-'))).toBe(false);
    const both = cliProcess(['plan', 'problem.json', '--out', '-', '--json'], dir);
    expect(both.status).toBe(2);
    expectOneLine(both.stderr, /--json and --out - both print to standard output/);
  });
});

describe('reads', () => {
  it.each([
    ['a device (/dev/zero)', '/dev/zero', /\/dev\/zero: cannot read the file \(a device; expected a regular file\)/],
    ['a directory', '.', /\.: cannot read the file \(a directory; expected a regular file\)/],
    ['a missing file', 'nope.json', /nope\.json: cannot read the file \(no such file\)/],
  ])('issue 11 item 3: refuses %s with one line, exit 2', (_, path, pattern) => {
    const result = cliProcess(['plan', path], freshDir());
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expectOneLine(result.stderr, pattern);
  });

  it('issue 11 item 3: refuses a FIFO without waiting for a writer', () => {
    const dir = freshDir();
    expect(spawnSync('mkfifo', [join(dir, 'pipe')]).status).toBe(0);
    const result = spawnSync(process.execPath, [BUILT_CLI, 'plan', 'pipe'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(2);
    expectOneLine(result.stderr, /pipe: cannot read the file \(a FIFO; expected a regular file\)/);
  });

  it('issue 11 item 3: refuses a file over 64 MiB before reading it, also for PipeEdge files', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'huge.json'), '');
    truncateSync(join(dir, 'huge.json'), 64 * 1024 * 1024 + 1); // sparse: no disk used
    const result = cliProcess(['plan', 'huge.json'], dir);
    expect(result.status).toBe(2);
    expectOneLine(result.stderr, /huge\.json: cannot read the file \(67,108,865 bytes; the limit is 64 MiB\)/);
    const yaml = cliProcess(['plan', '--pipeedge', '-M', 'huge.json'], dir);
    expect(yaml.status).toBe(2);
    expectOneLine(yaml.stderr, /huge\.json: cannot read the file/);
  });

  it('issue 11 smaller items: a UTF-8 byte order mark is dropped; bytes that are not UTF-8 are refused', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'bom.json'), `\ufeff${PROBLEM}`);
    expect(cliProcess(['plan', 'bom.json'], dir).status).toBe(0);
    writeFileSync(join(dir, 'latin1.json'), Buffer.from([0x7b, 0xe9, 0x7d]));
    const latin1 = cliProcess(['plan', 'latin1.json'], dir);
    expect(latin1.status).toBe(2);
    expectOneLine(latin1.stderr, /latin1\.json: cannot read the file \(not UTF-8 text\)/);
  });
});
