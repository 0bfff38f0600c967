/**
 * The frontier sweep (src/frontier-sweep.ts, assembly/frontier-sweep.ts) replaces two passes and a
 * guess per point on monotone problems; it must list exactly what the pass-by-pass driver lists.
 * Checked on seeded problems where its shortcuts matter (every failure names its seed):
 * - memory that binds, strict memory, identical devices, units some devices cannot run, units
 *   of zero time (stages of equal time admitted together);
 * - enough points that the relevance limit falls many times and the rest bound is recomputed;
 * - both engines: the same points, the same plans, and the same step counts.
 */
import { describe, expect, it } from 'vitest';
import type { Problem } from '../src/index.js';
import { compileKernel, Kernel } from '../src/kernel.js';
import { prepare, type CostOptions, type PreparedProblem } from '../src/prepare.js';
import { generalSearch, search, SearchLimitError, type GeneralSearch } from '../src/search.js';
import { frontierPasses } from '../src/tradeoff.js';
import { cacheWeight, CACHED_SWEEP_BYTES, sweepBytes, sweepFits } from '../src/frontier-sweep.js';
import type { LatencyPass } from '../src/search-transfers.js';
import { validateProblem } from '../src/validate.js';
import { rng } from './helpers/random.js';

/** A monotone problem (no activations, links or requirements) with the sweep's hard cases. */
function sweepProblem(seed: number, maxUnits: number, maxKinds: number): Problem {
  const r = rng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const units = int(2, maxUnits);
  const coarse = r() < 0.5;
  const time = Array.from({ length: units }, () => (r() < 0.08 ? 0 : coarse ? int(1, 6) : Math.round(r() * 1e5) / 1e4 + 0.01));
  const memory = Array.from({ length: units }, () => int(1, 9));
  const total = memory.reduce((a, b) => a + b, 0);
  const binds = r() < 0.6;
  const blocked = r() < 0.25;
  const devices = [];
  const kinds = int(1, maxKinds);
  for (let k = 0; k < kinds; k++) {
    const count = r() < 0.3 ? int(2, 3) : 1;
    const speed = coarse ? [0.5, 1, 2, 3][int(0, 3)] ?? 1 : Math.round(r() * 300) / 100 + 0.1;
    const capacity = binds ? Math.max(9, Math.round(total * (0.15 + r() * 0.6))) : undefined;
    // Some kinds run some units not at all (null): per-unit profiles.
    const profile = blocked && r() < 0.5 ? time.map((t) => (r() < 0.1 ? null : Math.round(t * (0.3 + r() * 2) * 1000) / 1000)) : undefined;
    for (let i = 0; i < count; i++) {
      devices.push({ id: `k${k}-${i}`, ...(profile ? { time: profile } : { speed }), ...(capacity === undefined ? {} : { memory: capacity }) });
    }
  }
  return { model: { time, memory }, devices };
}

function prepared(problem: Problem, strict: boolean): PreparedProblem {
  const cost: CostOptions = { transfer: 'overlap', slots: { in: 0, out: 0 }, memoryTest: strict ? 'strict' : 'tolerant' };
  return prepare(validateProblem(problem), cost);
}

/** The same search without its sweep: the frontier pass by pass. */
function passByPass(g: GeneralSearch): GeneralSearch {
  const { sweep: _sweep, ...rest } = g;
  return rest;
}

const shape = (passes: LatencyPass[]): unknown[] => passes.map((x) => [x.bottleneck, x.latency, x.planLatency, x.ends.join(','), x.kinds.join(',')]);

/** The frontier swept by both engines, which must list the same points with the same steps. */
async function sweptAlike(p: PreparedProblem): Promise<{ swept: LatencyPass[]; least: number }> {
  const { least } = search(p, { algorithm: 'auto', secondary: 'latency' });
  const ts = generalSearch(p);
  const wasm = new Kernel(await compileKernel()).general(p);
  const swept = frontierPasses(ts, least);
  expect(shape(frontierPasses(wasm, least))).toEqual(shape(swept));
  expect(wasm.counters).toEqual(ts.counters);
  return { swept, least };
}

describe('the frontier sweep', () => {
  it('1,500 small problems (binding and strict memory, identical devices, blocked and zero-time units): the same frontier as pass by pass, in both engines, with the same steps', async () => {
    const kernel = new Kernel(await compileKernel());
    let multiPoint = 0;
    for (let seed = 1; seed <= 1500; seed++) {
      const strict = seed % 5 === 0;
      const p = prepared(sweepProblem(seed, 24, 4), strict);
      expect(p.transfers, `seed ${seed}`).toBe(false);
      const found = search(p, { algorithm: 'auto', secondary: 'latency' });
      if (!found.feasible) continue;
      const ts = generalSearch(p);
      expect(ts.sweep, `seed ${seed}: the sweep applies`).toBeDefined();
      const swept = frontierPasses(ts, found.least);
      const reference = frontierPasses(passByPass(generalSearch(p)), found.least);
      expect(shape(swept), `seed ${seed}: sweep against passes`).toEqual(shape(reference));
      const wasm = kernel.general(p);
      const kernelSwept = frontierPasses(wasm, found.least);
      expect(shape(kernelSwept), `seed ${seed}: engines`).toEqual(shape(swept));
      expect(wasm.counters, `seed ${seed}: steps`).toEqual(ts.counters);
      if (swept.length > 1) multiPoint++;
    }
    // The check means something only when frontiers have several points.
    expect(multiPoint).toBeGreaterThan(600);
  });

  it('longer frontiers (40–100 units, up to 5 kinds; dozens to hundreds of points): the same as pass by pass, in both engines', async () => {
    const kernel = new Kernel(await compileKernel());
    let points = 0;
    let compared = 0;
    for (let seed = 10_001; seed <= 10_080; seed++) {
      const problem = sweepProblem(seed, 100, 5);
      if ((problem.model.time?.length ?? 0) < 40) continue;
      const p = prepared(problem, false);
      const found = search(p, { algorithm: 'auto', secondary: 'latency' });
      if (!found.feasible) continue;
      // The reference itself may reach its step limit (MAX_SEARCH_STEPS): nothing to compare.
      let reference: LatencyPass[];
      try {
        reference = frontierPasses(passByPass(kernel.general(p)), found.least);
      } catch (error) {
        if (error instanceof SearchLimitError) continue;
        throw error;
      }
      const wasm = kernel.general(p);
      const swept = frontierPasses(wasm, found.least);
      expect(shape(swept), `seed ${seed}: sweep against passes`).toEqual(shape(reference));
      const ts = generalSearch(p);
      expect(shape(frontierPasses(ts, found.least)), `seed ${seed}: engines`).toEqual(shape(swept));
      expect(ts.counters, `seed ${seed}: steps`).toEqual(wasm.counters);
      points += swept.length;
      compared++;
    }
    expect(compared).toBeGreaterThan(30);
    expect(points).toBeGreaterThan(2000);
  });

  it('a kind of 258 identical devices over 262 units (state digits past a byte): the same frontier in both engines, with the same steps', async () => {
    // The kernel once kept each state's device counts in bytes: its walk back failed here.
    const devices = [...Array.from({ length: 258 }, (_, i) => ({ id: `n${i}`, speed: 1 })), { id: 'fast', speed: 50 }];
    // More units than a byte counts, so plans can use 256 devices of the kind and more.
    const p = prepared({ model: { time: Array.from({ length: 262 }, (_, i) => 1 + (i % 7) / 3) }, devices }, false);
    const { swept } = await sweptAlike(p);
    expect(swept.length).toBeGreaterThan(50);
  });

  it('tables past 16 MiB count each spreading step twice (cacheWeight), in both engines alike, and list the same points as pass by pass', async () => {
    // 12 distinct devices (4,096 states) over 70 units: 24 MB of sweep tables; eleven fast
    // devices whose memory holds a few units each keep the frontier short (37 points).
    const r = rng(7);
    const time = Array.from({ length: 70 }, () => 0.5 + r());
    const memory = Array.from({ length: 70 }, () => 1 + r());
    const devices = Array.from({ length: 12 }, (_, d) => ({ id: `d${d}`, speed: d === 0 ? 1 : 1.5 + d / 4, memory: d === 0 ? 1e9 : 12 }));
    const p = prepared({ model: { time, memory }, devices }, false);
    expect(sweepBytes(p)).toBeGreaterThan(CACHED_SWEEP_BYTES);
    expect(cacheWeight(p)).toBe(2);
    expect(cacheWeight(prepared(sweepProblem(3, 30, 3), false))).toBe(1);
    const { swept, least } = await sweptAlike(p);
    expect(swept.length).toBeGreaterThan(20);
    expect(shape(frontierPasses(passByPass(generalSearch(p)), least))).toEqual(shape(swept));
  });

  it('applies only where its tables fit; larger frontiers are found pass by pass', async () => {
    const kernel = new Kernel(await compileKernel());
    // 10 distinct devices × 1,500 units: 1,024 states × 1,501 columns × 76 bytes, over 64 MB.
    const wide: Problem = { model: { time: new Array<number>(1500).fill(1) }, devices: Array.from({ length: 10 }, (_, i) => ({ id: `d${i}`, speed: 1 + i })) };
    const p = prepared(wide, false);
    expect(sweepFits(p)).toBe(false);
    expect(generalSearch(p).sweep).toBeUndefined();
    expect(kernel.general(p).sweep).toBeUndefined();
    const small = prepared(sweepProblem(3, 30, 3), false);
    expect(sweepFits(small)).toBe(true);
  });
});
