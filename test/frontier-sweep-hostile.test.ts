/**
 * Hostile cases for the frontier sweep (src/frontier-sweep.ts) and the drivers around it, found
 * by seeded stress runs against the pass-by-pass driver and the exhaustive oracle
 * (test/helpers/network-oracle.ts). Each problem is a greedy reduction of a failing seed; the
 * comment above it names the seed and generator it came from (the reviewer's stress scripts,
 * kept out of the package: /work/review-sweep/scratch/).
 *
 * What they show:
 * - a deadline on the frontier keeps a point by L(T) while its plan, the tie rule's pick with
 *   fewer stages, is above the deadline;
 * - the pass-by-pass driver reports a point's latency at its plan's bottleneck (the tie pick's,
 *   below the point's limit), not L(T), so the sweep and it differ in `latency`;
 * - with a kind whose prefix P/v is ~1e18 the rest bound is not a lower bound (its sliding-window
 *   key rounds at ulp(P/v)), relevance prunes a cell on the tie rule's plan, and the sweep picks
 *   a plan with more stages than the objective's;
 * - the windowed DP's key F − P/v rounds at ulp(P/v): with a per-device profile that marks a unit
 *   with a huge time instead of null, `solve` and `frontier` miss the least latency (both
 *   engines; not the sweep's doing, but the frontier's exactness claim rests on it);
 * - the sweep's step budget does not count the stages it admits (a heap pop, a push and an
 *   `addStart` each), which grow with units², so it does not bound the sweep's time.
 */
import { describe, expect, it } from 'vitest';
import { createSolver, frontierReference, solveReference, type Problem } from '../src/index.js';
import { compileKernel, Kernel } from '../src/kernel.js';
import { prepare, type CostOptions, type PreparedProblem } from '../src/prepare.js';
import { generalSearch, search, type GeneralSearch, type SearchCounters } from '../src/search.js';
import { frontierPasses } from '../src/tradeoff.js';
import { startSweep } from '../src/frontier-sweep.js';
import { LATENCY_TIE } from '../src/objective.js';
import type { LatencyPass } from '../src/search-transfers.js';
import { validateProblem } from '../src/validate.js';
import { oracleFrontier, oracleSolve } from './helpers/network-oracle.js';

function prepared(problem: Problem): PreparedProblem {
  const cost: CostOptions = { transfer: 'overlap', slots: { in: 0, out: 0 }, memoryTest: 'tolerant' };
  return prepare(validateProblem(problem), cost);
}

/** The same search without its sweep: the frontier pass by pass. */
function passByPass(g: GeneralSearch): GeneralSearch {
  const { sweep: _sweep, ...rest } = g;
  return rest;
}

function least(p: PreparedProblem): number {
  return search(p, { algorithm: 'auto', secondary: 'latency' }).least;
}

const shape = (passes: LatencyPass[]): unknown[] => passes.map((x) => [x.bottleneck, x.latency, x.planLatency, x.ends.join(','), x.kinds.join(',')]);

/**
 * Reduced from scratch stress seed 2879, mode 'extreme', then scaled by 1e-9 to ms-sized
 * latencies. At the second point's limit T the least latency is 2.000000000003 (4 stages, its
 * bottleneck T), and a 3-stage plan of latency 2.000000001002, within the 1e-9 tie, with a
 * smaller bottleneck b < T, is the tie rule's pick.
 */
const tiePick: Problem = {
  model: { time: [1e-9, 0, 1000, 2e-9, 0, 1000, 0], memory: [2, 4, 4, 6, 4, 5, 2] },
  devices: [
    { id: 'a', speed: 1000, memory: 18 },
    { id: 'b1', speed: 1, memory: 27 },
    { id: 'b2', speed: 1, memory: 27 },
    { id: 'c', speed: 1000, memory: 6 },
  ],
};

describe('the frontier sweep, hostile inputs', () => {
  it('frontier with maxLatency returns no plan above the deadline (the tie pick of a kept point can be)', async () => {
    const maxLatency = 2.0000000005;
    const solver = await createSolver();
    const expected = oracleFrontier(tiePick as never, { maxLatency }).map((f) => [f.planBottleneck, f.planLatency, f.stageCount]);
    expect(expected).toEqual([[1.000000000003, 2.0000000000030003, 4]]);
    for (const plans of [frontierReference(tiePick, { maxLatency }), solver.frontier(tiePick, { maxLatency })]) {
      for (const plan of plans) expect(plan.latency, `plan ${plan.stages.map((s) => `${s.device}:${s.end}`).join(' ')}`).toBeLessThanOrEqual(maxLatency);
      expect(plans.map((p) => [p.bottleneck, p.latency, p.stages.length])).toEqual(expected);
    }
  });

  it("a point's latency is L(T) at the point's limit, as the oracle defines it, in the sweep and pass by pass", () => {
    const p = prepared(tiePick);
    const oracle = oracleFrontier(tiePick as never).map((f) => f.latency);
    const swept = frontierPasses(generalSearch(p), least(p));
    expect(swept.map((x) => x.latency), 'sweep').toEqual(oracle);
    const passes = frontierPasses(passByPass(generalSearch(p)), least(p));
    // Pass by pass, the second point's pass is the one at its plan's own bottleneck b < T.
    expect(passes.map((x) => x.latency), 'pass by pass').toEqual(oracle);
    expect(shape(swept), 'the sweep lists what the pass-by-pass driver lists').toEqual(shape(passes));
  });

  /**
   * Reduced from scratch stress seed 11549, mode 'extreme': a kind of speed 1e-6 over a 1e12 ms
   * unit (P/v up to 1e18, an ulp of 128) and a profile with 1e18 ms units.
   */
  const hugePrefix: Problem = {
    model: { time: [0, 1e12, 1, 1, 1, 1] },
    devices: [
      { id: 'k0-0', speed: 1e6 },
      { id: 'k1-0', speed: 1e-6 },
      { id: 'k2-0', time: [0, 1e12, 1, 0, null, 0] },
      { id: 'k3-0', time: [1e18, 1e18, 0, 29043957666, 0, 1e6] },
    ],
  };

  it('huge prefixes (speed 1e-6, 1e18 ms units): the sweep lists what the passes list, and the objective picks fewest stages', async () => {
    const p = prepared(hugePrefix);
    const expected = oracleFrontier(hugePrefix as never).map((f) => f.stageCount);
    const swept = frontierPasses(generalSearch(p), least(p));
    const passes = frontierPasses(passByPass(generalSearch(p)), least(p));
    expect(passes.map((x) => x.ends.length), 'pass by pass against the oracle').toEqual(expected);
    expect(shape(swept), 'sweep against passes').toEqual(shape(passes));
    const kernelSwept = frontierPasses(new Kernel(await compileKernel()).general(p), least(p));
    expect(shape(kernelSwept), 'kernel sweep against passes').toEqual(shape(passes));
  });

  /**
   * A unit a device should not run marked with a huge time instead of null (reduced from
   * scratch/sentinel.ts seeds 396 with 1e13 and 198 with 1e15). The contract's stage time
   * (P[e] − P[s]) / v is what the oracle costs; the windowed DP compares F − P/v, which rounds at
   * ulp(P/v) (0.002 for 1e13, 0.125 for 1e15), far above the 1e-9 latency tie.
   */
  it('a 1e13 ms sentinel in a profile: the frontier has every Pareto-optimal point', async () => {
    const problem: Problem = { model: { time: [0, 0, 0] }, devices: [{ id: 'd0', time: [1e13, 1.202, 1] }, { id: 'd1', time: [0, 1.202, 1] }] };
    const expected = oracleFrontier(problem as never).map((f) => [f.planBottleneck, f.planLatency]);
    expect(expected.length).toBe(2);
    const solver = await createSolver();
    expect(frontierReference(problem).map((x) => [x.bottleneck, x.latency]), 'ts').toEqual(expected);
    expect(solver.frontier(problem).map((x) => [x.bottleneck, x.latency]), 'wasm').toEqual(expected);
  });

  it('a 1e15 ms sentinel in a profile: solve finds the least latency among the least-bottleneck plans', () => {
    const problem: Problem = {
      model: { time: [0, 0, 0, 0, 0, 0, 0, 0, 0] },
      devices: [
        { id: 'd0', time: [1e15, 0, 3, 6, 0, 2.35, 6, 0.31, 7.736] },
        { id: 'd1', time: [0, 1e15, 1, 4, 3, 1, 3.485, 0, 5] },
        { id: 'd2', time: [7, 1, 1, 7, 0, 1, 7.382, 0, 1] },
        { id: 'd3', time: [5, 1, 3, 5, 0, 0, 5, 0.285, 7] },
      ],
    };
    const expected = oracleSolve(problem as never);
    const plan = solveReference(problem);
    expect(expected?.latencies).toContain(plan.latency);
  });

  it('the sweep counts at least one step for every stage it admits (its budget is what bounds its time)', () => {
    // Two devices, speeds 2 and 1, 5,000 units of 1 ms: the sweep admits every stage of the
    // slow kind up to the last point's limit one by one (a heap pop and push and an `addStart`
    // each), about 3.8e6 of them, while its counted transitions are 1.6e6. At 20,000 units that
    // is 6 s in the kernel under a budget of 1.5e8 it uses 1.2e7 of (README, "Limits": 5 s).
    const problem: Problem = { model: { time: new Array<number>(5000).fill(1) }, devices: [{ id: 'fast', speed: 2 }, { id: 'slow', speed: 1 }] };
    const p = prepared(problem);
    const c: SearchCounters = { states: 0, transitions: 0, probes: 0, prunedUpperBound: 0, prunedUnderUtilized: 0, boundRetries: 0, latencyCells: 0 };
    const sweep = startSweep(p, least(p), c);
    const farthest = (sweep as unknown as { farthest: Int32Array }).farthest;
    const before = Int32Array.from(farthest);
    const counted = c.transitions;
    const fastest = generalSearch(p).pass(Infinity, false).latency;
    let point = sweep.point();
    for (;;) {
      const bound = point.latency - LATENCY_TIE * point.latency;
      if (!(fastest < bound)) break;
      const limit = sweep.advance(bound, Infinity);
      if (limit === Infinity) break;
      point = sweep.point();
    }
    let admitted = 0;
    for (let i = 0; i < farthest.length; i++) admitted += (farthest[i] ?? 0) - (before[i] ?? 0);
    expect(c.transitions - counted).toBeGreaterThanOrEqual(admitted);
  });
});
