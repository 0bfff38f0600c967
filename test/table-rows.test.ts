/**
 * Two changes to the general DP's passes (src/search-transfers.ts), checked against what they
 * replace:
 *
 * - A pass resets and scans only the rows (states) of its table that a transition wrote, between
 *   the first and last end written (`freshTable`, `RowMarks`): what the last pass wrote is reset,
 *   the rest is still Infinity. So a pass on a search's reused table must give exactly what the
 *   same pass gives on a new table,
 *   in any order of limits and bounds, and the WASM kernel, which keeps its table in its own
 *   memory the same way, must agree with both, counters included.
 * - Each device's room in the relevance bound is capped by the most work its memory holds
 *   (`memoryRoom`). The bound must stay under every plan: the floor it gives for the empty state
 *   (`leastLatencyBound`) is at most the least latency of any plan, and with memory binding it
 *   must actually rise above the floor without the cap in some problems, or the cap does nothing.
 *   Pruned passes against unpruned ones, with binding memory, are in relevance-bound.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Problem } from '../src/index.js';
import { prepareFor } from '../src/solver.js';
import { resolveOptions, validateProblem } from '../src/validate.js';
import { search, generalSearch } from '../src/search.js';
import { leastLatencyBound } from '../src/search-transfers.js';
import { frontierPasses } from '../src/tradeoff.js';
import { nextDown } from '../src/search-breakpoint.js';
import { compileKernel, Kernel } from '../src/kernel.js';
import type { PreparedProblem } from '../src/prepare.js';
import { randomNetworkProblem } from './helpers/random-network.js';
import { rng } from './helpers/random.js';
import { linkedCluster } from '../bench/cases.js';

/** A general problem's prepared arrays and its least bottleneck, or undefined. */
function prepared(problem: Problem): { p: PreparedProblem; least: number } | undefined {
  const checked = validateProblem(problem);
  const options = resolveOptions({}, 'ts', checked.options);
  const p = prepareFor(checked, options, true);
  if (!p.transfers) return undefined;
  const result = search(p, { ...options, secondary: 'latency' });
  return result.feasible ? { p, least: result.least } : undefined;
}

describe('passes on a reused table', () => {
  it('equal passes on a new table, and the kernel agrees counter for counter: 150 random networks and 3 linked clusters, 40 passes each in a random order', async () => {
    const kernel = new Kernel(await compileKernel());
    const problems: Problem[] = [];
    for (let seed = 1; seed <= 150; seed++) problems.push(randomNetworkProblem(rng(seed), { maxDevices: 6, minUnits: 3, maxUnits: 24, requirements: 0.3 }).problem as Problem);
    problems.push(linkedCluster(5, 40, 11), linkedCluster(6, 30, 12), linkedCluster(7, 20, 13));
    let compared = 0;
    let rowsSkipped = 0;
    for (const [index, problem] of problems.entries()) {
      const found = prepared(problem);
      if (!found) continue;
      const { p, least } = found;
      // Limits and bounds where the frontier's passes run, and none.
      const points = frontierPasses(generalSearch(p), least);
      const limits = [Infinity, ...points.flatMap((point) => [point.limit, point.bottleneck, nextDown(point.bottleneck), point.limit * 1.3])];
      const bounds = [Infinity, ...points.flatMap((point) => [point.latency, point.latency * 0.97, point.latency * 1.05])];
      const r = rng(index * 6_151 + 5);
      const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)]!;
      const reused = generalSearch(p);
      const wasm = kernel.general(p);
      for (let i = 0; i < 40; i++) {
        const limit = pick(limits);
        const relevant = pick(bounds);
        const exact = r() < 0.3;
        const at = `problem ${index}, pass ${i} at ${limit}, bound ${relevant}`;
        const before = reused.counters.transitions;
        const wasmBefore = wasm.counters.transitions;
        const got = reused.pass(limit, exact, Infinity, relevant);
        const freshSearch = generalSearch(p);
        const fresh = freshSearch.pass(limit, exact, Infinity, relevant);
        const kernelPass = wasm.pass(limit, exact, Infinity, relevant);
        const shape = (pass: typeof got) => [pass.latency, pass.planLatency, pass.bottleneck, pass.ends, pass.kinds];
        expect(shape(got), at).toEqual(shape(fresh));
        expect(shape(kernelPass), at).toEqual(shape(got));
        expect(wasm.counters.transitions - wasmBefore, at).toBe(reused.counters.transitions - before);
        // A new table resets every row; a reused one only those the last pass wrote.
        if (reused.counters.transitions - before < freshSearch.counters.transitions) rowsSkipped++;
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(3_000);
    expect(rowsSkipped).toBeGreaterThan(1_000);
  });
});

describe('the memory room in the relevance bound', () => {
  it('keeps the floor under every least latency, and raises it where memory binds: 300 random networks', () => {
    let raised = 0;
    let checked = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const found = prepared(randomNetworkProblem(rng(seed), { maxDevices: 6, minUnits: 3, maxUnits: 30 }).problem as Problem);
      if (!found) continue;
      const { p } = found;
      const least = generalSearch(p).pass(Infinity, true, Infinity, Infinity).latency;
      const floor = leastLatencyBound(p);
      expect(floor, `seed ${seed}`).toBeLessThanOrEqual(least);
      const unlimited = leastLatencyBound({ ...p, capacity: new Float64Array(p.kindCount).fill(Infinity) });
      // Not below the floor without the cap, but for the rooms' rounding slack (2^-48).
      expect(floor, `seed ${seed}`).toBeGreaterThanOrEqual(unlimited * (1 - 1e-12));
      if (floor > unlimited * (1 + 1e-9)) raised++;
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
    expect(raised).toBeGreaterThanOrEqual(5);
  });

  it('8 linked devices × 300 units (about 1,050 MB of weights on 200–600 MB devices): the floor rises, still under the least latency', () => {
    const { p, least } = prepared(linkedCluster(8, 300, 1))!;
    const unlimited = leastLatencyBound({ ...p, capacity: new Float64Array(p.kindCount).fill(Infinity) });
    const floor = leastLatencyBound(p);
    expect(floor).toBeGreaterThan(unlimited * 1.05);
    // The least latency of any plan is the frontier's last point (a pass at no limit alone passes
    // the step budget).
    const points = frontierPasses(generalSearch(p), least);
    expect(points).toHaveLength(60);
    expect(floor).toBeLessThanOrEqual(points.at(-1)!.latency);
  });
});
