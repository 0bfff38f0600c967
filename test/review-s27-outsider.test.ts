/**
 * An outside review (s27): a first-time user's pass over the README, docs/ and the command line.
 * One `it` per finding, each the smallest reproduction of a promise the package's own docs make
 * (quoted beside it). They fail until the finding is fixed; none of them fixes anything.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frontierReference, fromDnnpipeConfig, ProblemError, simulate, solveReference, toDnnpipePlan, type Problem } from '../src/index.js';
import { onnxCommand } from '../src/onnx/cli.js';
import { buildModel, chain, residual } from './fixtures/onnx/build.js';
import { BUILT_CLI, capture, cli, type CliRun } from './helpers/cli.js';
import { tempDir, tempFiles } from './helpers/temp.js';

const root = new URL('..', import.meta.url).pathname;

/** `dnnpipe onnx ...argv`, in-process. */
function onnx(...argv: string[]): Promise<CliRun> {
  return capture(onnxCommand, argv);
}

/** A user error as README promises it: exit 2, one line `dnnpipe: ...`, no stack trace. */
function expectUserError(run: CliRun): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr.split('\n').filter((line) => line !== '')).toHaveLength(1);
  expect(run.stderr).toMatch(/^dnnpipe: /);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

/** A directory with residual.onnx (shapes declared: no ONNX Runtime needed), its inspect JSON and one device's profile. */
async function onnxWorkspace(): Promise<{ dir: string; units: string; here: string; unitCount: number }> {
  const dir = tempDir('dnnpipe-s27-onnx-');
  writeFileSync(join(dir, 'residual.onnx'), buildModel(residual));
  writeFileSync(join(dir, 'chain.onnx'), buildModel(chain));
  const inspected = await onnx('inspect', join(dir, 'residual.onnx'), '--json');
  expect(inspected.code, inspected.stderr).toBe(0);
  const units = join(dir, 'units.json');
  writeFileSync(units, inspected.stdout);
  const unitCount = (JSON.parse(inspected.stdout) as { units: unknown[] }).units.length;
  const here = join(dir, 'here.json');
  writeFileSync(here, JSON.stringify({ id: 'here', time: Array.from({ length: unitCount }, () => 1), memory: 64, bandwidth: 1000 }));
  return { dir, units, here, unitCount };
}

describe('outside review s27: README and docs as a new user reads them', () => {
  it('README: `dnnpipe onnx merge det.units.json here.json board.json`, board.json being "the rest of the cluster (the other devices, links, source and sink)", is accepted', async () => {
    // README, Real models: ONNX: "`board.json` the rest of the cluster (the other devices, links,
    // source and sink), as docs/onnx.md shows". merge refuses such a file:
    // `dnnpipe: devices[1].devices: unknown field; allowed: id, speed, time, memory, bandwidth, compute`
    // (and docs/onnx.md never shows board.json).
    const { dir, units, here, unitCount } = await onnxWorkspace();
    const board = join(dir, 'board.json');
    writeFileSync(board, JSON.stringify({
      devices: [
        { id: 'board', time: Array.from({ length: unitCount }, () => 2), memory: 64, bandwidth: 1000 },
        { id: 'cam', compute: false, bandwidth: 1000 },
      ],
      links: [{ from: 'cam', to: 'here', bandwidth: 50 }],
      source: 'cam',
      sink: 'here',
    }));
    const merged = await onnx('merge', units, here, board);
    expect(merged.code, merged.stderr).toBe(0);
    const problem = JSON.parse(merged.stdout) as Problem;
    expect(problem.source).toBe('cam');
    expect(problem.links).toHaveLength(1);
  });

  it('docs/onnx.md: a bad DEVICE.json given to `onnx merge` is reported as "dnnpipe: FILE: what is wrong"', async () => {
    // docs/onnx.md, Command line: "2 bad input or usage, with one line `dnnpipe: FILE: what is
    // wrong`". merge prints `dnnpipe: devices[1].time: has 2 entries but the model has 5 units ...`:
    // neither the file nor which of the DEVICE.json files it was.
    const { dir, units, here } = await onnxWorkspace();
    const short = join(dir, 'short-profile.json');
    writeFileSync(short, JSON.stringify({ id: 'short', time: [1, 2] }));
    const run = await onnx('merge', units, here, short);
    expectUserError(run);
    expect(run.stderr).toContain('short-profile.json');
  });

  it('README: "A JSON key given twice in one object is refused with its line and column": onnx merge and split too', async () => {
    // `dnnpipe plan` refuses duplicate keys; `onnx merge` and `onnx split` read their JSON with
    // JSON.parse, so the last key wins silently: a device file {"id":"a", ..., "id":"b"} becomes
    // device "b", and a plan file with two "pipeline_plan" keys is split by the second.
    const { dir, units, unitCount } = await onnxWorkspace();
    const twice = join(dir, 'twice.json');
    writeFileSync(twice, `{"id":"a","time":${JSON.stringify(Array.from({ length: unitCount }, () => 1))},"id":"b"}`);
    const merged = await onnx('merge', units, twice);
    expectUserError(merged);
    expect(merged.stderr).toMatch(/duplicate key "id" at line 1, column \d+/);

    const plan = join(dir, 'plan-twice.json');
    writeFileSync(plan, `{"pipeline_plan": [[1, ${unitCount}, "a"]], "pipeline_plan": [[1, 1, "a"], [2, ${unitCount}, "b"]]}`);
    const split = await onnx('split', join(dir, 'residual.onnx'), plan, '--out', join(dir, 'parts'));
    expectUserError(split);
    expect(split.stderr).toMatch(/duplicate key "pipeline_plan"/);
    expect(existsSync(join(dir, 'parts'))).toBe(false);
  });

  it('README: flags are "not read as the last one wins": two different --shape values for one input are refused', async () => {
    // --shape may repeat (one per input), but `--shape x=5x8 --shape x=7x8` silently plans 7x8.
    const { dir } = await onnxWorkspace();
    const run = await onnx('inspect', join(dir, 'chain.onnx'), '--shape', 'x=5x8', '--shape', 'x=7x8', '--json');
    expectUserError(run);
    expect(run.stderr).toContain('--shape');
  });

  it('onnx commands say what is wrong with an input path in words, as plan does, not as a bare errno code', async () => {
    // `dnnpipe plan /tmp` -> "cannot read the file (a directory; expected a regular file)";
    // `dnnpipe onnx inspect /tmp` (and merge, split) -> "cannot read the file (EISDIR)".
    const dir = tempDir('dnnpipe-s27-onnx-dir-');
    const run = await onnx('inspect', dir);
    expectUserError(run);
    expect(run.stderr).not.toContain('EISDIR');
    expect(run.stderr).toContain('a directory');
  });

  it('README read-once rule: simulate judges and uses the same value of a getter (a plan validated against "jetson" is not costed as another device)', () => {
    // README, The API: "The input is read once: `solve` copies it before any check, so a getter or
    // a Proxy cannot show the checks one value and the search another" (and the layout: `validate`
    // "read once, then checked"). simulate reads devices[i].id three times: the plan is checked
    // against the first read, then the busy shares are computed against the later ones, so the
    // device that ran the bottleneck stage is reported idle (share 0). The same input with the
    // later id from the start is refused ("stages[2].device: ... is not a device id").
    const problem = (): Problem => ({
      model: { time: [4, 2, 3, 3, 1], memory: [100, 50, 80, 80, 20] },
      devices: [{ id: 'jetson', speed: 1, memory: 200 }, { id: 'pi-a', speed: 0.4, memory: 150 }, { id: 'pi-b', speed: 0.4, memory: 150 }],
    });
    const plan = solveReference(problem());
    const honest = simulate(problem(), plan, { frames: 4 });
    const tricky = problem();
    let reads = 0;
    Object.defineProperty(tricky.devices[0]!, 'id', { enumerable: true, get: () => (++reads === 1 ? 'jetson' : 'ghost') });
    let result: ReturnType<typeof simulate> | undefined;
    try {
      result = simulate(tricky, plan, { frames: 4 });
    } catch {
      return; // refusing it is consistent too
    }
    expect(result.busy).toEqual(honest.busy);
  });

  it('README: "outputs are ... written only when the whole command succeeds": a plan whose stdout is full (exit 4) writes no --out file', () => {
    // `dnnpipe plan --out p.json > /dev/full` exits 4 and leaves p.json behind (so does an
    // interrupt while a large --json is printing, exit 130): files are committed before stdout.
    const dir = tempDir('dnnpipe-s27-full-');
    const out = join(dir, 'p.json');
    const full = openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, [BUILT_CLI, 'plan', '--out', out], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(4);
    } finally {
      closeSync(full);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('--out through a symbolic link into a missing directory names that directory, not "."', async () => {
    // README: "A target that is a symbolic link is written through: the file it names is written
    // (created, for a link whose file does not exist yet)". With the link's target in a directory
    // that does not exist the message reads `cannot write (no such directory: .)` (or the link's
    // own, existing, directory), which points the user at the wrong place.
    const { dir, file } = tempFiles('dnnpipe-s27-dangling-');
    const input = file('small.json', { model: { time: [1, 2, 3] }, devices: [{ id: 'a', speed: 1 }] });
    const link = join(dir, 'dangling.json');
    symlinkSync('/nonexistent-s27-dir/x.json', link);
    const run = await cli('plan', input, '--out', link);
    expectUserError(run);
    expect(run.stderr).toContain('nonexistent-s27-dir');
  });

  it('--out NAME/ (a trailing slash: a directory) is refused, not written as a regular file NAME', async () => {
    // `dnnpipe plan x.json --out new.json/` succeeds and writes a regular file `new.json`; shells
    // and POSIX refuse `> new.json/` ("Is a directory"), and README refuses directory targets.
    const { dir, file } = tempFiles('dnnpipe-s27-slash-');
    const input = file('small.json', { model: { time: [1, 2, 3] }, devices: [{ id: 'a', speed: 1 }] });
    const run = await cli('plan', input, '--out', `${join(dir, 'new.json')}/`);
    expectUserError(run);
    expect(readdirSync(dir).sort()).toEqual(['small.json']);
  });

  it('the latency `dnnpipe plan` prints, copied into --max-latency, plans that same plan', async () => {
    // README: "`dnnpipe frontier` prints latencies rounded up ... so a figure copied from its table
    // plans that row too", and `plan`'s note ends "--max-latency MS picks one". But `plan`'s own
    // latency line rounds to nearest: examples/laptop-pi-wifi.json prints `latency 94.6626 ms`
    // (the frontier prints the same plan as 94.6627), and --max-latency 94.6626 returns a different
    // plan (bottleneck 37.88 ms instead of 35.78 ms).
    const file = join(root, 'examples/laptop-pi-wifi.json');
    const first = await cli('plan', file);
    expect(first.code, first.stderr).toBe(0);
    const latency = /^latency\s+([0-9.]+) ms$/m.exec(first.stdout)?.[1];
    const bottleneck = /^bottleneck\s+([0-9.]+) ms/m.exec(first.stdout)?.[1];
    expect(latency).toBeDefined();
    const again = await cli('plan', file, '--max-latency', latency!);
    expect(again.code, again.stderr).toBe(0);
    expect(/^bottleneck\s+([0-9.]+) ms/m.exec(again.stdout)?.[1]).toBe(bottleneck);
  });

  it('whole-number flags whose least value is 1 do not offer 0 as an example in their message', async () => {
    // `--frames 2.5` -> "--frames must be a whole number (0, 1, 2, …)", then `--frames 0` ->
    // "--frames must be at least 1"; the same for --max-stages.
    for (const flag of ['--frames', '--max-stages']) {
      const run = await cli('simulate', flag, '2.5');
      expectUserError(run);
      expect(run.stderr, flag).not.toMatch(/\(0, 1, 2/);
    }
  });

  it('README\'s Limits table lists every CLI flag limit (--max-stages is refused above 1,000,000, unlisted)', async () => {
    // README, Limits: "CLI whole-number flags | `--frames` 2,000,000; `-b` 1,048,576; `-i`, `-o`
    // 1,024" and "the CLI refuses files and flags beyond theirs"; --max-stages has a limit too.
    const run = await cli('plan', '--max-stages', '1000001');
    expectUserError(run);
    const limits = readFileSync(join(root, 'README.md'), 'utf8').split('\n').find((line) => line.startsWith('| CLI whole-number flags'));
    expect(limits).toContain('--max-stages');
  });

  it('README and docs/runtimes.md quote the single-file build\'s real size', () => {
    // README's budget line says "it is 150 KiB", but its "Single file" paragraph says
    // "`dist/dnnpipe.global.js` (`dnnpipe/global`, 142 KiB, minified)" and docs/runtimes.md "It is
    // 140 KiB (143,542 bytes; ...)"; the built file is 153,345 bytes.
    const size = statSync(join(root, 'dist/dnnpipe.global.js')).size;
    const kib = Math.round(size / 1024);
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const runtimes = readFileSync(join(root, 'docs/runtimes.md'), 'utf8');
    expect(/`dnnpipe\/global`, (\d+) KiB, minified/.exec(readme)?.[1]).toBe(String(kib));
    expect(/It is (\d+) KiB \(([\d,]+) bytes/.exec(runtimes)?.slice(1)).toEqual([String(kib), size.toLocaleString('en-US')]);
  });

  it('every docs/*.md the source cites exists (src/ cites docs/robustness.md, which does not)', () => {
    const cited = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.ts$/.test(entry.name)) for (const match of readFileSync(path, 'utf8').matchAll(/docs\/[\w-]+\.md/g)) cited.add(match[0]);
      }
    };
    walk(join(root, 'src'));
    walk(join(root, 'assembly'));
    expect([...cited].filter((doc) => !existsSync(join(root, doc)))).toEqual([]);
  });

  it('a device id holding a lone surrogate is escaped in the plan table, as the error messages escape it', async () => {
    // README: "Everything printed for people shows control characters as escapes ... so an id
    // ... cannot forge table rows". `--without` errors print "w\ud800", but the table writes the
    // lone surrogate raw, which reaches the terminal as U+FFFD: ids "w\ud800" and "w\udfff" (or
    // "w\ufffd") print identically.
    const { file } = tempFiles('dnnpipe-s27-surrogate-');
    const input = file('ids.json', JSON.stringify({ model: { time: [1, 2] }, devices: [{ id: 'w\ud800', speed: 1 }, { id: 'w\udfff', speed: 1 }] }).replace(/[\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`));
    const run = await cli('plan', input);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/[\ud800-\udfff]/);
    expect(run.stdout).toContain('w\\ud800');
  });
  it('fromDnnpipeConfig reads an array\'s length once: a Proxy cannot pass the size check with 3 and then be copied as 2^32 - 1', () => {
    // README: "The input is read once ... so a getter or a Proxy cannot show the checks one value
    // and the search another"; docs/benchmarks.md rejected a copy that "on a Proxy ... reads
    // `length` a second time, after the size check, so a Proxy could make it run for ever".
    // expectNumbers (fromDnnpipeConfig, fromPipeEdge) checks `value.length`, then `value.slice()`
    // reads it again: with 2^32 - 1 the second time, the call ran for over a minute here. The
    // trap below stops the copy at the first index past the checked length, so the test is quick.
    let lengthReads = 0;
    const past = new Error('read past the checked length');
    const E = new Proxy([2, 1, 3], {
      get: (target, key, receiver) => (key === 'length' ? (++lengthReads === 1 ? 3 : 2 ** 32 - 1) : Reflect.get(target, key, receiver)),
      has: (target, key) => {
        if (key === '3') throw past;
        return Reflect.has(target, key);
      },
    });
    let outcome: unknown;
    try {
      outcome = fromDnnpipeConfig({ device_config: { N: 2, C: [1, 0.5], M: [4000, 4000] }, model_config: { U: 3, E, R: [10, 10, 10] } }).model.time?.length;
    } catch (error) {
      outcome = error;
    }
    expect(outcome === 3 || outcome instanceof ProblemError, String(outcome)).toBe(true);
  });

  it('--without with an empty entry in its list ("b,", as "b,$DEVICE" gives with the variable unset) is refused like --without ""', async () => {
    // README: "A value that names no device at all (`--without \"\"`, as `--without \"$DEVICE\"`
    // gives with the variable unset) is refused." `--without "b,"` silently removes b alone, and
    // `--without "a,,b"` drops the empty entry: the same unset variable, not refused.
    const { file } = tempFiles('dnnpipe-s27-without-');
    const input = file('ids.json', { model: { time: [1, 2, 3] }, devices: [{ id: 'a', speed: 1 }, { id: 'b', speed: 1 }, { id: 'c', speed: 5 }] });
    for (const value of ['b,', 'a,,b', ',b']) {
      const run = await cli('plan', input, '--without', value);
      expectUserError(run);
      expect(run.stderr, value).toContain('--without');
    }
  });

  it('`dnnpipe frontier --help` describes --max-latency as frontier uses it, not as plan does', async () => {
    // README: "`dnnpipe plan --help` (and `simulate`, `frontier`) only the ones that command takes,
    // in its own words". frontier's help says "--max-latency MS  the least bottleneck among plans
    // of at most this latency" (plan's meaning); `frontier --max-latency 80` lists every
    // Pareto-optimal plan of latency at most 80 ms.
    const help = await cli('frontier', '--help');
    expect(help.code).toBe(0);
    const line = help.stdout.split('\n').find((text) => text.startsWith('  --max-latency'));
    expect(line).toBeDefined();
    expect(line).not.toContain('the least bottleneck among plans');
  });
  it('onnx: an input shape too large to allocate is a user error (exit 2, naming --shape), not "internal error, please report it" (exit 3)', async () => {
    // `dnnpipe onnx inspect cls.onnx --shape x=1x3x1000000000x1000000000` prints
    // "dnnpipe: internal error, please report it: Invalid typed array length: 9007199254740991"
    // and exits 3 (README: "`3` an internal error (a bug; please report it)"); inspectOnnx throws a
    // RangeError, though docs/onnx.md says "Errors are `OnnxError`s with a `kind`" (`shape`: "a
    // shape that contradicts the model").
    const { dir } = await onnxWorkspace();
    const run = await onnx('inspect', join(dir, 'chain.onnx'), '--shape', 'x=1000000000000x8');
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).not.toContain('internal error');
    expect(run.stderr).toContain('x');
  });

  it('onnx split: a bad stage in PLAN.json is described with units counted from 1, as the file counts them', async () => {
    // docs/model.md: "everything printed for people counts them from 1". A DNNPipe plan
    // [[1, 2, "a"], [3, 2, "b"], [3, 5, "c"]] is refused with "stage 2 covers units [2, 2); a stage
    // needs whole unit numbers and at least one unit": 0-based, end-exclusive, unlike the file.
    const { dir } = await onnxWorkspace();
    const plan = join(dir, 'plan-empty-stage.json');
    writeFileSync(plan, JSON.stringify({ pipeline_plan: [[1, 2, 'a'], [3, 2, 'b'], [3, 5, 'c']] }));
    const run = await onnx('split', join(dir, 'residual.onnx'), plan, '--out', join(dir, 'parts'));
    expectUserError(run);
    expect(run.stderr).not.toMatch(/\[\d+, \d+\)/);
    expect(run.stderr).toMatch(/\b3\b/);
  });

  it('onnx split --out at a dangling symbolic link is refused before any work, in words', async () => {
    // docs/onnx.md: "`--out` must name a directory that does not exist yet". A dangling link is a
    // path that exists: split runs the model, then fails with "dl: cannot write the parts (ENOTDIR)".
    const { dir, unitCount } = await onnxWorkspace();
    const plan = join(dir, 'plan.json');
    writeFileSync(plan, JSON.stringify({ pipeline_plan: [[1, unitCount, 'here']] }));
    const link = join(dir, 'dl');
    symlinkSync(join(dir, 'nowhere'), link);
    const run = await onnx('split', join(dir, 'residual.onnx'), plan, '--out', link);
    expectUserError(run);
    expect(run.stderr).not.toMatch(/\bE[A-Z]{3,}\b/);
    expect(run.stderr).toContain('exists');
  });

  it('README: a device id is written as a number "when it is the plain spelling of a safe integer": "-1" too, or README says non-negative', () => {
    // `toDnnpipePlan` writes "-1" as a string (the code takes non-negative safe integers only).
    const written = toDnnpipePlan([{ device: '-1', start: 0, end: 1 }]).pipeline_plan[0]?.[2];
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const sentence = /A device id is written as a number only when it is the plain spelling of a[^.]*safe integer/.exec(readme)?.[0] ?? '';
    expect(written === -1 || /non-negative|whole number|0 or more/.test(sentence), sentence).toBe(true);
  });
  it('`npm run demo`: a request with a malformed percent-escape (GET /%zz) gets an error response; the server keeps serving', async () => {
    // scripts/demo-server.mjs calls decodeURIComponent outside its try: `curl 127.0.0.1:8080/%zz`
    // throws URIError in the async handler and the unhandled rejection ends the process, so any
    // page the user visits can stop the demo with one request.
    const child = spawn(process.execPath, [join(root, 'scripts/demo-server.mjs')], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(text);
          if (found) resolve(found[0]);
        });
        child.on('exit', () => reject(new Error(`the demo server ended before listening: ${text}`)));
      });
      const bad = await fetch(`${url}%zz`).then((response) => response.status, () => 'no response');
      expect(typeof bad === 'number' && bad >= 400, `GET /%zz: ${bad}`).toBe(true);
      const again = await fetch(url).then((response) => response.status, () => 'no response');
      expect(again).toBe(200);
    } finally {
      child.kill();
    }
  });
  it('frontier with secondary: "none": its first point (starred "the plan dnnpipe plan chooses") is the plan solve returns with the same options', () => {
    // README: "the first point is the plan `solve` returns", and `dnnpipe frontier`'s footnote "*
    // the plan dnnpipe plan chooses". With --secondary none, `dnnpipe plan` picks d2 > d0 > d1
    // (latency 6 ms) while the frontier stars d2 > d3 > d1 (5.33 ms), and that plan's `options`
    // still say secondary: 'none'. (Either the star follows the option, or frontier refuses it.)
    const problem: Problem = { model: { time: [3, 1, 1, 1, 2, 4] }, devices: [{ id: 'd0', speed: 1 }, { id: 'd1', speed: 2 }, { id: 'd2', speed: 3 }, { id: 'd3', speed: 1.5 }] };
    const chosen = solveReference(problem, { secondary: 'none' });
    let first: ReturnType<typeof frontierReference>[number] | undefined;
    try {
      first = frontierReference(problem, { secondary: 'none' })[0];
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemError);
      return;
    }
    expect(first?.stages.map((s) => [s.device, s.start, s.end])).toEqual(chosen.stages.map((s) => [s.device, s.start, s.end]));
  });
});
