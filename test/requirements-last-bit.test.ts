/**
 * A deadline copied to the last digit from a reported latency (docs/model.md, Requirements): the
 * least-latency search can round one ulp above a plan's own sum, so it may be refused, but then
 * the error says so and the suggested slack is met, in both engines. Found by the frontier work
 * (four devices, five units): the frontier's only point has latency 6.666666666666666 ms while
 * the search's least latency is 6.666666666666667 ms.
 */
import { describe, expect, it } from 'vitest';
import { createSolver, frontierReference, InfeasibleError, solveReference, type Problem } from '../src/index.js';

const problem: Problem = {
  model: { time: [4, 4, 4, 5, 3] },
  devices: [{ id: 'd0', speed: 3 }, { id: 'd1', speed: 3 }, { id: 'd2', speed: 1 }, { id: 'd3', speed: 3 }],
};

describe('a deadline at the last digit of a reported latency', () => {
  it('is refused with the reason and a slack that works, and the slack gives the frontier point', async () => {
    const solver = await createSolver();
    const [point] = frontierReference(problem);
    if (!point) throw new Error('no frontier');
    for (const solve of [(o: object) => solver.solve(problem, o), (o: object) => solveReference(problem, o)]) {
      let reason = '';
      try {
        const plan = solve({ maxLatency: point.latency });
        // Meeting it exactly is fine too; then it must be the point's bottleneck.
        expect(plan.bottleneck).toBe(point.bottleneck);
        continue;
      } catch (error) {
        if (!(error instanceof InfeasibleError)) throw error;
        reason = error.reason;
      }
      expect(reason).toMatch(/above it by rounding only/);
      const suggested = Number(/e\.g\. ([0-9.e+-]+) ms/.exec(reason)?.[1]);
      expect(suggested).toBeGreaterThan(point.latency);
      const plan = solve({ maxLatency: suggested });
      expect(plan.bottleneck).toBe(point.bottleneck);
      expect(plan.latency).toBeLessThanOrEqual(suggested);
    }
  });
});
