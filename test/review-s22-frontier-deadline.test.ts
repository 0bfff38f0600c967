/**
 * Review of session 22 (found while checking the frontier's ties; the same at 34721b9): a frontier
 * under a deadline refuses with "the least latency of any valid plan is 0.1 ms" when a valid plan
 * of 0.09999999999999999 ms meets the deadline (and `solve` under the same deadline returns it).
 *
 * Three units of 0.2, 0.3 and 0.1 ms on two devices of speed 6 (by hand from docs/model.md):
 *   d0 [0,1) + d1 [1,3): bottleneck 0.06666666666666667, latency 0.1
 *   d1 [0,2) + d0 [2,3): bottleneck 0.08333333333333333, latency 0.09999999999999999
 * The frontier without a deadline is one point (the second plan is within the latency tie of the
 * first); under maxLatency 0.09999999999999999 that point's plans are all above it and it is left
 * out (docs/model.md, Frontier), and the frontier is refused; but the refusal misstates the least
 * latency (0.1 ms, above the deadline "by rounding only") when a plan of 0.09999999999999999 ms
 * meets it. Expected: a refusal, if any, names a least latency no larger than that plan's.
 */
import { describe, expect, it } from 'vitest';
import { createSolver, evaluatePlan, frontierReference, type Problem } from '../src/index.js';
import { expectRefusalWithin } from './helpers/frontier-refusal.js';

const problem: Problem = { model: { time: [0.2, 0.3, 0.1] }, devices: [{ id: 'd0', speed: 6 }, { id: 'd1', speed: 6 }] };
const maxLatency = 0.09999999999999999;

describe('a frontier under a deadline that only a plan tied with a point meets', () => {
  it('the premise: a valid plan meets the deadline, and solve finds it', async () => {
    const meets = evaluatePlan(problem, { stages: [{ device: 'd1', start: 0, end: 2 }, { device: 'd0', start: 2, end: 3 }] });
    expect(meets.latency).toBeLessThanOrEqual(maxLatency);
    const solver = await createSolver();
    expect(solver.solve(problem, { maxLatency }).latency).toBeLessThanOrEqual(maxLatency);
  });

  it('does not refuse with a least latency above a plan that meets the deadline', async () => {
    const solver = await createSolver();
    for (const [engine, run] of [['wasm', () => solver.frontier(problem, { maxLatency })], ['ts', () => frontierReference(problem, { maxLatency })]] as const) {
      let points: { latency: number }[] = [];
      let refusal = '';
      try {
        points = run();
      } catch (error) {
        refusal = (error as Error).message;
      }
      for (const point of points) expect(point.latency, engine).toBeLessThanOrEqual(maxLatency);
      if (points.length > 0) continue;
      // The refusal states only what is known (changed after review s22b): the fastest point's
      // least latency, and a plan that meets the deadline.
      expectRefusalWithin(refusal, engine, maxLatency, maxLatency);
    }
  });
});
