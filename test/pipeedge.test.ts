/** PipeEdge compatibility (README, "PipeEdge"): its documented example, its flags, its schedule format. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { pipeEdgeDp } from '../bench/baselines/pipeedge-dp.js';
import { pipeEdgeCase } from '../bench/cases.js';
import { evaluatePlan, fromPipeEdge, ProblemError, solve, solveReference } from '../src/index.js';
import { cliProcess, type ProcessRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const fixture = (name: string): string => new URL(`./fixtures/pipeedge-${name}.yml`, import.meta.url).pathname;
const FLAGS = ['-M', fixture('models'), '-T', fixture('device_types'), '-D', fixture('devices')];
const files = () => ({ models: parse(readFileSync(fixture('models'), 'utf8')), deviceTypes: parse(readFileSync(fixture('device_types'), 'utf8')), devices: parse(readFileSync(fixture('devices'), 'utf8')) });
const SLOTS = { slots: { in: 2, out: 2 } };

/** `dnnpipe plan --pipeedge ...args`, built. */
function run(...args: string[]): ProcessRun {
  return cliProcess(['plan', '--pipeedge', ...args]);
}

describe('PipeEdge documented example: ViT-Base on 4 Minnowboard + 4 RCC hosts', () => {
  const problem = fromPipeEdge(files());
  // PipeEdge's published schedule for it: mb-0..mb-3 on layers 1-24 in blocks of 6, rcc-0..rcc-3 on 25-48.
  const published = ['mb-0', 'mb-1', 'mb-2', 'mb-3', 'rcc-0', 'rcc-1', 'rcc-2', 'rcc-3'].map((device, i) => ({ device, start: i * 6, end: i * 6 + 6 }));

  it('plans a bottleneck no worse than the published schedule, under the same cost model', async () => {
    const ours = await solve(problem, SLOTS);
    const theirs = evaluatePlan(problem, published, SLOTS);
    expect(ours.bottleneck).toBeLessThanOrEqual(theirs.bottleneck);
    // Measured: 1548.76 ms against 1726.25 ms, 10.3 % less (README).
    expect(ours.bottleneck).toBeCloseTo(1548.7600088119507, 6);
    expect(theirs.bottleneck).toBeCloseTo(1726.2477397918701, 6);
  });

  it('agrees with the PipeEdge DP baseline (an independent implementation) on both models and slow links', () => {
    for (const model of ['google/vit-base-patch16-224', 'google/vit-large-patch16-224']) {
      for (const scale of [1, 0.1, 0.01, 0.002]) {
        const { problem: p, baseline } = pipeEdgeCase(model, scale);
        const expected = (pipeEdgeDp(baseline)?.bottleneck ?? Infinity) * 1000;
        const plan = solveReference(p, SLOTS);
        expect(Math.abs(plan.bottleneck - expected), `${model} x${scale}`).toBeLessThanOrEqual(1e-9 * expected);
      }
    }
  });

  it('--pipeedge prints a YAML schedule that parses into PipeEdge shape and covers every layer', () => {
    const { status, stdout, stderr } = run(...FLAGS);
    expect(status).toBe(0);
    expect(stderr).toMatch(/warning: device type DummyDeviceType doesn't support model/);
    const schedule = parse(stdout) as Record<string, [number, number]>[];
    expect(Array.isArray(schedule)).toBe(true);
    let next = 1;
    for (const entry of schedule) {
      const [[host, range]] = Object.entries(entry) as [[string, [number, number]]];
      expect(host).toMatch(/^(mb|rcc)-\d$/);
      expect(range[0]).toBe(next);
      next = range[1] + 1;
    }
    expect(next).toBe(49);
    const plan = evaluatePlan(problem, schedule.map((entry) => {
      const [[device, [first, last]]] = Object.entries(entry) as [[string, [number, number]]];
      return { device, start: first - 1, end: last };
    }), SLOTS);
    expect(plan.bottleneck).toBeCloseTo(1548.7600088119507, 6);
  });

  it('--pipeedge --json prints the Plan; -m selects ViT-Large', () => {
    const base = JSON.parse(run(...FLAGS, '--json').stdout);
    expect(base.stages).toHaveLength(8);
    const large = JSON.parse(run(...FLAGS, '-m', 'google/vit-large-patch16-224', '--json').stdout);
    expect(large.stages.at(-1).end).toBe(96);
    expect(large.stats.method).toBe('transfer-dp');
  });

  it.each([
    ['an unknown model', ['-m', 'google/vit-huge'], /model "google\/vit-huge" not found; available: DummyModel/],
    ['no profile for the batch size', ['-b', '4'], /no host has a device type with a profile for google\/vit-base-patch16-224, batch size 4/],
    ['an unsupported dtype', ['-d', 'torch.float8'], /dtype: "torch.float8" is not supported/],
    ['a bad number', ['-i', 'two'], /--buffers-in must be a whole number/],
    ['a missing file', ['-M', '/nonexistent/models.yml'], /cannot read the file \(no such file; set it with -M\)/],
  ])('exits 2 with one line for %s', (_, extra, pattern) => {
    // A flag given here replaces the example's (each may be given once).
    const given = new Set(extra.filter((word) => word.startsWith('-')));
    const base = FLAGS.filter((word, i) => !given.has(word) && !given.has(FLAGS[i - 1] ?? ''));
    const { status, stderr } = run(...base, ...extra);
    expect(status).toBe(2);
    const errors = stderr.trim().split('\n').filter((line) => !line.includes('warning:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(pattern);
  });

  it('reports length mismatches and invalid YAML with the file, field, line and column', () => {
    const dir = tempDir('dnnpipe-pe-');
    const models = files().models;
    models['google/vit-base-patch16-224'].mem_MB.pop();
    const modelsFile = join(dir, 'models.yml');
    writeFileSync(modelsFile, JSON.stringify(models));
    const short = run('-M', modelsFile, '-T', fixture('device_types'), '-D', fixture('devices'));
    expect(short.status).toBe(2);
    expect(short.stderr).toContain(`${modelsFile}: google/vit-base-patch16-224.mem_MB: has 47 entries but layers is 48`);
    const broken = join(dir, 'devices.yml');
    writeFileSync(broken, 'RCC-VE-C2000:\n- rcc-0\n  - rcc-1: [\n');
    const bad = run('-M', fixture('models'), '-T', fixture('device_types'), '-D', broken);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(new RegExp(`${broken}: invalid YAML at line \\d+, column \\d+`));
  });

  it('skips device types without a matching profile with a warning, as PipeEdge does', () => {
    const warnings: string[] = [];
    const f = files();
    f.deviceTypes['RCC-VE-C2000'].model_profiles['google/vit-base-patch16-224'][0].batch_size = 16;
    const p = fromPipeEdge(f, { onWarning: (w) => warnings.push(w) });
    expect(p.devices.map((d) => d.id)).toEqual(['mb-0', 'mb-1', 'mb-2', 'mb-3']);
    expect(warnings).toContain('device type RCC-VE-C2000 has no profile for batch size 8 and torch.float32: type will be skipped');
    expect(() => fromPipeEdge(f, { dtype: 'torch.float16' })).toThrow(ProblemError);
  });
});
