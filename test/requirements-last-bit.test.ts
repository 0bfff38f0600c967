/**
 * A deadline copied to the last digit from a reported latency (docs/model.md, Requirements): the
 * least-latency search can round one ulp above a plan's own sum, so it may be refused, but then
 * the error says so and the suggested slack is met, in both engines. Found by the frontier work
 * (four devices, five units): the frontier's only point has latency 6.666666666666666 ms while
 * the search's least latency is 6.666666666666667 ms.
 */
import { describe, expect, it } from 'vitest';
import { createSolver, evaluatePlan, frontierReference, InfeasibleError, solveReference, type Problem, type SolveOptions } from '../src/index.js';
import { oracleSolve, type NetworkProblem } from './helpers/network-oracle.js';

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

/**
 * Deadlines equal to some plan's latency to the last bit, found by an outside review of the
 * deadline search (seeds of its generator): a pass's rounded key can miss, by an ulp, a plan
 * within its limit, so even the plans at the least passing limit can be above the deadline. Never
 * a plan above the deadline: a plan within it whose bottleneck is no better than the exhaustive
 * oracle's, or the refusal that says why and suggests a slack; with that slack, a plan at least as
 * fast as the oracle's under the deadline itself. Both engines, `solve` and `frontier`.
 */
const LAST_BIT_CASES: { seed: number; problem: Problem; maxLatency: number }[] = [
  { seed: 99, problem: { model: { time: [5.4, 6.9, 0, 8.2, 0.1, 1.1, 4, 6.7, 3.7, 0.6, 3.4, 7.3, 2.5, 1.9] }, devices: [{ id: 'd0', speed: 6 }, { id: 'd1', speed: 6 }, { id: 'd2', speed: 3 }, { id: 'd3', speed: 3 }] }, maxLatency: 10.583333333333332 },
  { seed: 1799, problem: { model: { time: [9.8, 7.5, 4.5, 5.7, 0.3, 9.6, 1.7, 7.2, 3.2, 5.9, 9.5, 8.1, 7.8, 8.2, 1.3, 0.5, 1.1] }, devices: [{ id: 'd4', speed: 3 }, { id: 'd5', speed: 3 }, { id: 'd6', speed: 3 }] }, maxLatency: 30.63333333333333 },
  { seed: 76, problem: { model: { time: [4, 5, 1, 5, 3, 3, 5, 2, 2] }, devices: [{ id: 'd0', speed: 3 }, { id: 'd1', speed: 3 }, { id: 'd2', speed: 3 }] }, maxLatency: 9.999999999999998 },
];

describe('a deadline equal to a plan latency to the last bit (outside review)', () => {
  for (const { seed, problem: lastBit, maxLatency } of LAST_BIT_CASES) {
    it(`seed ${seed}: never a plan above the deadline; a refusal says why, and its slack plans at least as fast as the oracle`, async () => {
      const solver = await createSolver();
      const best = oracleSolve(lastBit as unknown as NetworkProblem, { maxLatency });
      if (best === null) throw new Error(`seed ${seed}: the oracle has no plan within ${maxLatency}`);
      const engines = [['wasm', (o: SolveOptions) => solver.solve(lastBit, o), (o: SolveOptions) => solver.frontier(lastBit, o)], ['ts', (o: SolveOptions) => solveReference(lastBit, o), (o: SolveOptions) => frontierReference(lastBit, o)]] as const;
      for (const [engine, solve, frontier] of engines) {
        const where = `seed ${seed}, ${engine}, maxLatency ${maxLatency}`;
        let reason = '';
        try {
          const plan = solve({ maxLatency });
          expect(evaluatePlan(lastBit, plan.stages).latency, where).toBeLessThanOrEqual(maxLatency);
          expect(plan.bottleneck, where).toBeGreaterThanOrEqual(best.bottleneck);
        } catch (error) {
          if (!(error instanceof InfeasibleError)) throw error;
          reason = error.reason;
        }
        if (reason !== '') {
          expect(reason, where).toMatch(/last bits|by rounding only/);
          const suggested = Number(/e\.g\. ([0-9.e+-]+) ms/.exec(reason)?.[1]);
          const plan = solve({ maxLatency: suggested });
          expect(plan.latency, where).toBeLessThanOrEqual(suggested);
          expect(plan.bottleneck, where).toBeLessThanOrEqual(best.bottleneck);
        }
        try {
          for (const point of frontier({ maxLatency })) expect(evaluatePlan(lastBit, point.stages).latency, `${where}, frontier`).toBeLessThanOrEqual(maxLatency);
        } catch (error) {
          if (!(error instanceof InfeasibleError)) throw error;
        }
      }
    });
  }
});
