/**
 * `dnnpipe onnx inspect | profile | split | merge`, driven in-process: outputs, exit codes,
 * one-line errors, and split's writes (all or nothing, never over an existing path).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { solveReference } from '../src/index.js';
import { onnxCommand } from '../src/onnx/cli.js';
import { seededRandom } from '../src/onnx/runtime.js';
import { buildModel, chain, residual } from './fixtures/onnx/build.js';
import { maxRelativeDifference, randomInputs, run } from './fixtures/onnx/oracle.js';
import { capture, type CliRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

/** `dnnpipe onnx ...argv`, in-process. */
function cli(...argv: string[]): Promise<CliRun> {
  return capture(onnxCommand, argv);
}

function workspace(): string {
  const dir = tempDir('dnnpipe-onnx-cli-');
  writeFileSync(join(dir, 'residual.onnx'), buildModel(residual));
  writeFileSync(join(dir, 'chain.onnx'), buildModel(chain));
  return dir;
}

/** A user error: exit 2, one line starting `dnnpipe: `, no stack trace, nothing on stdout. */
function expectUserError(result: CliRun, message: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
  expect(result.stderr).toMatch(/^dnnpipe: /);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).toMatch(message);
}

describe('inspect', () => {
  it('prints a table of units, and with --json the Problem model and the units', async () => {
    const dir = workspace();
    const table = await cli('inspect', join(dir, 'residual.onnx'));
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("residual.onnx: 5 nodes, 5 units; tensor sizes from the model's declared shapes");
    expect(table.stdout).toMatch(/\n\s+1\s+1\s+5\.6e-4\s+1152\s+x, c1\s+Conv_0\n/);
    const json = await cli('inspect', join(dir, 'residual.onnx'), '--json', '--max-units', '2');
    const parsed = JSON.parse(json.stdout);
    expect(parsed.model).toEqual({ name: 'residual', memory: [(2 * 4 * 4 * 9 * 4 + 16) / 2 ** 20, 0], outputBytes: [576, 576], inputBytes: 576, names: ['Conv_0 … Add_3', 'Relu_4'] });
    expect(parsed.units.map((u: { nodes: string[] }) => u.nodes)).toEqual([['Conv_0', 'Relu_1', 'Conv_2', 'Add_3'], ['Relu_4']]);
  });

  it('--shape fixes a dynamic dimension; progress of the measuring run goes to stderr', async () => {
    const dir = workspace();
    const result = await cli('inspect', join(dir, 'chain.onnx'), '--shape', 'x=5x8', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).model.inputBytes).toBe(5 * 8 * 4);
    expect(result.stderr).toMatch(/^dnnpipe: the model does not declare the shapes of \d+ of \d+ tensors crossing cuts; measuring them in one run\n$/);
  });

  it.each([
    [['inspect', 'missing.onnx'], /missing\.onnx: cannot read the file \(no such file\)/],
    [['inspect', 'NOT_ONNX'], /NOT_ONNX: not an ONNX model/],
    [['inspect', 'chain.onnx'], /chain\.onnx: input "x" has dynamic shape \[N,8\]; give it, e\.g\. --shape x=1x8/],
    [['inspect', 'chain.onnx', '--shape', 'x=1by8'], /--shape must look like NAME=1x3x224x224, got "x=1by8"/],
    [['inspect', 'residual.onnx', '--max-units', '0'], /--max-units must be a whole number ≥ 1/],
    [['inspect', 'residual.onnx', '--frobnicate'], /unknown option --frobnicate; dnnpipe onnx --help lists the options/],
    [['inspect'], /inspect takes one MODEL\.onnx/],
    [['explode'], /unknown command "onnx explode"/],
  ])('%j is a one-line error with exit 2', async (argv, message) => {
    const dir = workspace();
    writeFileSync(join(dir, 'NOT_ONNX'), 'hello\u001b[31m');
    const resolved = argv.map((a) => (a.endsWith('.onnx') || a === 'NOT_ONNX' ? join(dir, a) : a));
    expectUserError(await cli(...resolved), message);
  });
});

describe('profile, merge, plan, split', () => {
  it('end to end: the parts of a plan made from merged profiles reproduce the model', async () => {
    const dir = workspace();
    const model = join(dir, 'residual.onnx');
    const inspected = await cli('inspect', model, '--json');
    writeFileSync(join(dir, 'units.json'), inspected.stdout);
    const fast = await cli('profile', model, '--device', 'fast', '--runs', '3', '--warmup', '1', '--bandwidth', '100');
    expect(fast.code, fast.stderr).toBe(0);
    expect(fast.stderr).toMatch(/dnnpipe: profiled unit 5 of 5 \(\d+\.\d{3} ms\)\n$/);
    const entry = JSON.parse(fast.stdout);
    expect(entry.id).toBe('fast');
    expect(entry.bandwidth).toBe(100);
    expect(entry.time).toHaveLength(5);
    expect(entry.time.every((t: number) => t > 0)).toBe(true);
    writeFileSync(join(dir, 'fast.json'), fast.stdout);
    writeFileSync(join(dir, 'slow.json'), JSON.stringify({ id: 'slow', time: entry.time.map((t: number) => t * 3), bandwidth: 100 }));
    const merged = await cli('merge', join(dir, 'units.json'), join(dir, 'fast.json'), join(dir, 'slow.json'));
    expect(merged.code, merged.stderr).toBe(0);
    const problem = JSON.parse(merged.stdout);
    expect(problem.model.time).toEqual(entry.time);
    expect(problem.devices.map((d: { id: string }) => d.id)).toEqual(['fast', 'slow']);
    const plan = solveReference(problem);
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));

    const split = await cli('split', model, join(dir, 'plan.json'), '--out', join(dir, 'parts'));
    expect(split.code, split.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'parts/manifest.json'), 'utf8'));
    expect(manifest.parts).toHaveLength(plan.stages.length);
    expect(readdirSync(join(dir, 'parts')).sort()).toEqual(['manifest.json', ...plan.stages.map((_, i) => `part-${i + 1}.onnx`)].sort());
    manifest.parts.forEach((part: { device: string; units: { first: number; last: number } }, i: number) => {
      expect(part.device).toBe(plan.stages[i]?.device);
      expect(part.units).toEqual({ first: (plan.stages[i]?.start ?? 0) + 1, last: plan.stages[i]?.end });
    });
    expect(manifest.parts[0].receivesFrom).toBe('model input');
    expect(manifest.parts.at(-1).sendsTo).toBe('model output');

    const inputs = randomInputs({ x: [1, 4, 6, 6] }, seededRandom(3));
    let available = { ...inputs };
    let last = {};
    for (const part of manifest.parts as { file: string }[]) {
      last = await run(readFileSync(join(dir, 'parts', part.file)), available);
      available = { ...available, ...last };
    }
    expect(maxRelativeDifference(await run(readFileSync(model), inputs), last)).toBeLessThanOrEqual(1e-5);
  });

  it("split reads DNNPipe's pipeline_plan.json (1-based, inclusive) and describes who sends what to whom", async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'pipeline_plan.json'), JSON.stringify({ pipeline_plan: [[1, 2, 3], [3, 5, 1]] }));
    const result = await cli('split', join(dir, 'residual.onnx'), join(dir, 'pipeline_plan.json'), '--out', join(dir, 'out'));
    expect(result.code, result.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'out/manifest.json'), 'utf8'));
    expect(manifest.parts).toEqual([
      { file: 'part-1.onnx', device: '3', units: { first: 1, last: 2 }, nodes: 2, inputs: ['x'], receivesFrom: 'model input', outputs: ['x', 'r1'], sendsTo: { part: 2, device: '1' }, sendBytes: 1152 },
      { file: 'part-2.onnx', device: '1', units: { first: 3, last: 5 }, nodes: 3, inputs: ['x', 'r1'], receivesFrom: { part: 1, device: '3' }, outputs: ['y'], sendsTo: 'model output', sendBytes: 576 },
    ]);
  });

  it('split never writes over an existing path, and a failed split leaves nothing behind', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'plan.json'), JSON.stringify({ stages: [{ device: 'a', start: 0, end: 2 }, { device: 'b', start: 2, end: 5 }] }));
    writeFileSync(join(dir, 'bad-plan.json'), JSON.stringify({ stages: [{ device: 'a', start: 0, end: 2 }, { device: 'b', start: 2, end: 4 }] }));
    const before = readdirSync(dir).sort();
    expectUserError(await cli('split', join(dir, 'residual.onnx'), join(dir, 'bad-plan.json'), '--out', join(dir, 'parts')), /covers 4 units but the model has 5/);
    expect(readdirSync(dir).sort()).toEqual(before);
    expectUserError(await cli('split', join(dir, 'residual.onnx'), join(dir, 'plan.json'), '--out', join(dir, 'residual.onnx')), /already exists; name a new directory/);
    expect(readFileSync(join(dir, 'residual.onnx'))).toEqual(Buffer.from(buildModel(residual)));
    expectUserError(await cli('split', join(dir, 'residual.onnx'), join(dir, 'plan.json')), /split needs --out DIR/);
    expect(existsSync(join(dir, 'parts'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it.each([
    [['profile', 'residual.onnx'], /profile needs --device ID/],
    [['profile', 'residual.onnx', '--device', 'a', '--runs', '0'], /--runs must be a whole number ≥ 1, got "0"/],
    [['merge', 'units.json'], /merge takes INSPECT\.json and at least one DEVICE\.json/],
    [['merge', 'units.json', 'short.json'], /devices\[0\]\.time: has 2 entries but the model has 5 units/],
  ])('%j is a one-line error with exit 2', async (argv, message) => {
    const dir = workspace();
    writeFileSync(join(dir, 'units.json'), (await cli('inspect', join(dir, 'residual.onnx'), '--json')).stdout);
    writeFileSync(join(dir, 'short.json'), JSON.stringify({ id: 'a', time: [1, 2] }));
    expectUserError(await cli(...argv.map((a) => (a.includes('.') ? join(dir, a) : a))), message);
  });

  it('names from the model are escaped before they reach a terminal', async () => {
    const dir = workspace();
    const spec = { graph: { ...residual.graph, nodes: residual.graph.nodes.map((n, i) => (i === 0 ? { ...n, name: 'evil\u001b[2Jname' } : n)) } };
    writeFileSync(join(dir, 'evil.onnx'), buildModel(spec));
    const result = await cli('inspect', join(dir, 'evil.onnx'));
    expect(result.stdout).toContain('evil\\x1b[2Jname');
    expect(result.stdout).not.toContain('\u001b');
  });
});
