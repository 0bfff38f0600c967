/**
 * Issue 11 items 1, 6 and 7: every plan draws, and the picture is bounded. Degenerate plans
 * (all times 0, one stage, one frame, infinite throughput) draw without an endless tick loop;
 * 130,000 identical devices draw without spreading a huge array into `Math.max`; two million
 * simulated frames draw a bounded number of frames and rows and say so in the picture.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { MAX_SVG_BARS, MAX_SVG_FRAMES, MAX_SVG_ROWS, renderSvg } from '../src/render-svg.js';
import { simulate } from '../src/simulate.js';
import { solveReference } from '../src/solver.js';
import type { Problem } from '../src/types.js';
import { MAX_DEVICES } from '../src/validate.js';

const CLI = new URL('../dist/bin.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'dnnpipe-svg-'));

function frameRects(svg: string): number {
  return (svg.match(/<title>frame /g) ?? []).length;
}

describe('renderSvg on degenerate plans', () => {
  it.each<[string, Problem, number]>([
    ['every unit time 0', { model: { time: [0, 0, 0] }, devices: [{ id: 'a' }, { id: 'b' }] }, 8],
    ['one stage, one frame', { model: { time: [5] }, devices: [{ id: 'solo' }] }, 1],
    ['zero times with transfers', { model: { time: [0, 0], outputBytes: [1e6, 1e6], memory: [1, 1] }, devices: [{ id: 'a', bandwidth: 1, memory: 10 }, { id: 'b', bandwidth: 1, memory: 2.5 }] }, 3],
    ['subnormal times', { model: { time: [5e-324, 5e-324] }, devices: [{ id: 'a' }] }, 2],
  ])('issue 11 item 1: %s draws well-formed SVG', (_, problem, frames) => {
    const plan = solveReference(problem);
    const svg = renderSvg(problem, plan, simulate(problem, plan.stages, { frames }));
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(frameRects(svg)).toBe(frames * simulate(problem, plan.stages, { frames }).servers.length);
    if (plan.bottleneck === 0) expect(svg).toContain('every stage takes 0 ms');
  });

  it('issue 11 item 1: plan --svg and simulate --svg of an all-zero plan exit 0 with a picture', () => {
    const path = join(dir, 'zero.json');
    writeFileSync(path, JSON.stringify({ model: { time: [0, 0] }, devices: [{ id: 'a' }, { id: 'b' }] }));
    for (const command of ['plan', 'simulate']) {
      const svg = join(dir, `zero-${command}.svg`);
      const result = spawnSync(process.execPath, [CLI, command, path, '--svg', svg], { encoding: 'utf8', timeout: 60_000 });
      expect(result.status, result.stderr).toBe(0);
      expect(XMLValidator.validate(readFileSync(svg, 'utf8'))).toBe(true);
    }
  });

  it('issue 11 item 1: random plans with zero and tiny times always draw bounded, valid SVG (property)', () => {
    const time = fc.constantFrom(0, 0, 5e-324, 1e-300, 1, 3.5, 1e6);
    fc.assert(fc.property(fc.array(time, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 90 }), (times, devices, frames) => {
      const problem: Problem = { model: { time: times }, devices: Array.from({ length: devices }, (_, i) => ({ id: `d${i}`, speed: i + 1 })) };
      const plan = solveReference(problem);
      const svg = renderSvg(problem, plan, simulate(problem, plan.stages, { frames }));
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(svg).not.toMatch(/="[^"]*(NaN|Infinity)/);
      expect(frameRects(svg)).toBeLessThanOrEqual(MAX_SVG_FRAMES * MAX_SVG_ROWS);
    }), { numRuns: 200 });
  });
});

describe('bounded pictures', () => {
  it('issue 11 item 6: the most identical devices accepted (MAX_DEVICES) draw, with at most MAX_SVG_BARS single-device bars', () => {
    const problem: Problem = { model: { time: [1, 2, 3, 4], memory: [10, 10, 10, 10] }, devices: Array.from({ length: MAX_DEVICES }, (_, i) => ({ id: `d${i}`, memory: 100 })) };
    const plan = solveReference(problem);
    const svg = renderSvg(problem, plan);
    expect(XMLValidator.validate(svg)).toBe(true);
    expect((svg.match(/class="bar"/g) ?? []).length).toBe(MAX_SVG_BARS + 1);
    expect(svg).toContain(`the ${MAX_SVG_BARS} fastest of ${MAX_DEVICES.toLocaleString('en-US')} devices holding the model`);
    expect(svg.length).toBeLessThan(100_000);
  });

  it('issue 11 item 6: plan --svg with 130,000 identical devices is refused in one line (the limit is MAX_DEVICES), leaving no file', () => {
    const path = join(dir, 'many.json');
    writeFileSync(path, JSON.stringify({ model: { time: [1, 2, 3, 4] }, devices: Array.from({ length: 130_000 }, (_, i) => ({ id: `d${i}` })) }));
    const svg = join(dir, 'many.svg');
    const result = spawnSync(process.execPath, [CLI, 'plan', path, '--svg', svg], { encoding: 'utf8', timeout: 120_000 });
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([`dnnpipe: ${path}: devices: has 130000 devices; the limit is ${MAX_DEVICES}`]);
    expect(existsSync(svg)).toBe(false);
  });

  it('issue 11 item 7: simulate --frames 2000000 --svg draws MAX_SVG_FRAMES frames and says so', () => {
    const path = join(dir, 'solo.json');
    writeFileSync(path, JSON.stringify({ model: { time: [1, 2, 3] }, devices: [{ id: 'solo' }] }));
    const svg = join(dir, 'two-million.svg');
    const result = spawnSync(process.execPath, [CLI, 'simulate', path, '--frames', '2000000', '--svg', svg], { encoding: 'utf8', timeout: 120_000 });
    expect(result.status, result.stderr).toBe(0);
    const text = readFileSync(svg, 'utf8');
    expect(statSync(svg).size).toBeLessThan(100_000);
    expect(frameRects(text)).toBe(MAX_SVG_FRAMES);
    expect(text).toContain(`frames 1–${MAX_SVG_FRAMES} of 2,000,000 drawn`);
  });

  it('issue 11 item 7: a plan with more rows than MAX_SVG_ROWS draws the first rows and the bottleneck, and says so', () => {
    const units = 200;
    const problem: Problem = {
      model: { time: Array.from({ length: units }, () => 1), memory: Array.from({ length: units }, () => 1) },
      devices: Array.from({ length: 100 }, (_, i) => ({ id: `d${i}`, memory: i === 99 ? 3 : 2 })),
    };
    const plan = solveReference(problem, { secondary: 'none' });
    const sim = simulate(problem, plan.stages, { frames: 4 });
    expect(sim.servers.length).toBeGreaterThan(MAX_SVG_ROWS);
    const svg = renderSvg(problem, plan, sim);
    expect((svg.match(/class="row"/g) ?? []).length).toBe(MAX_SVG_ROWS);
    expect(svg).toContain('class="bottleneck"');
    expect(svg).toContain(`${MAX_SVG_ROWS} of ${sim.servers.length} rows drawn`);
  });
});
