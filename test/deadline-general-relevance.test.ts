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
      transitions += ts.stats.transitions;
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
});
