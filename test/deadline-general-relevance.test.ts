/**
 * Deadline solves on the general DP pass only relevant partial plans: a pass needs exact answers
 * only for plans within the deadline (src/tradeoff.ts `leastLimitWithin`, `relevant`; the bound
 * is src/search-transfers.ts `RestBound`), and the pass at no limit runs unpruned again only to
 * name the least latency when no plan meets the deadline. Checked against the frontier, found by
 * another driver: a deadline at a point's latency plans that point's bottleneck; just below the
 * fastest point's latency is refused with that latency; both engines agree, counters included.
 */
import { describe, expect, it } from 'vitest';
import { createSolver, frontierReference, InfeasibleError, solveReference, type Plan } from '../src/index.js';
import { linkedCluster } from '../bench/cases.js';
import { prepareFor } from '../src/solver.js';
import { resolveOptions, validateProblem } from '../src/validate.js';
import { generalSearch } from '../src/search.js';
import { nextDown } from '../src/search-breakpoint.js';

describe('deadlines on linked clusters, with relevance', () => {
  it.each([
    [4, 60, 1003],
    [5, 100, 5_100_001],
    [5, 40, 1002],
  ])('%i devices × %i units (seed %i): every frontier point\'s latency plans that point', async (devices, units, seed) => {
    const problem = linkedCluster(devices, units, seed);
    const solver = await createSolver();
    const points = frontierReference(problem);
    expect(points.length).toBeGreaterThan(10);
    let transitions = 0;
    for (const [i, point] of points.entries()) {
      const ts = solveReference(problem, { maxLatency: point.latency });
      const wasm = solver.solve(problem, { maxLatency: point.latency });
      const where = `point ${i + 1} of ${points.length} (${point.latency} ms)`;
      expect(ts.bottleneck, where).toBe(point.bottleneck);
      expect(ts.latency, where).toBeLessThanOrEqual(point.latency);
      const shape = (plan: Plan) => [plan.bottleneck, plan.latency, plan.stats.transitions, plan.stages.map((s) => `${s.device}:${s.start}-${s.end}`)];
      expect(shape(wasm), where).toEqual(shape(ts));
      transitions += ts.stats.transitions ?? 0;
    }
    expect(transitions).toBeGreaterThan(0);
    const fastest = points[points.length - 1]!.latency;
    const below = fastest - 1e-6 * fastest;
    for (const solve of [() => solveReference(problem, { maxLatency: below }), () => solver.solve(problem, { maxLatency: below })]) {
      expect(solve).toThrow(InfeasibleError);
      // The refusal names the least latency (rounded to the digits that tell it from the
      // deadline), which a pruned pass would have lost.
      const named = Number(/the least latency of any valid plan is (\S+) ms/.exec((() => { try { solve(); } catch (error) { return (error as Error).message; } return ''; })())?.[1]);
      expect(named).toBeGreaterThan(below);
      expect(Math.abs(named - fastest)).toBeLessThanOrEqual(1e-4 * fastest);
    }
  });

  it('8 linked devices × 100 units, a deadline at 0.8 of the plain plan\'s latency: both engines alike, proved optimal, within 2 million transitions (24 million before)', async () => {
    // Before, the pass at no limit came first (9.3 million transitions) and bisection came down
    // from far above; now the search climbs from the least bottleneck with pruned passes.
    const problem = linkedCluster(8, 100, 8_100_001);
    const solver = await createSolver();
    const deadline = 0.8 * solveReference(problem).latency;
    const ts = solveReference(problem, { maxLatency: deadline });
    const wasm = solver.solve(problem, { maxLatency: deadline });
    expect([wasm.bottleneck, wasm.latency, wasm.stats.transitions]).toEqual([ts.bottleneck, ts.latency, ts.stats.transitions]);
    expect(ts.latency).toBeLessThanOrEqual(deadline);
    expect(ts.stats.transitions).toBeLessThan(2_000_000);
    // The certificate, from an unpruned pass: below the least bottleneck found no plan meets the deadline.
    const checked = validateProblem(problem);
    const p = prepareFor(checked, resolveOptions({ maxLatency: deadline }, 'ts', checked.options), true);
    expect(generalSearch(p).pass(nextDown(ts.stats.leastBottleneck ?? ts.bottleneck), false).latency).toBeGreaterThan(deadline);
  });
});
