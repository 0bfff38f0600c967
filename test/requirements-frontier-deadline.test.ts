/**
 * The workflow `dnnpipe frontier` suggests: pick a listed plan and solve with its latency as the
 * deadline. That deadline equals the plan's own latency to the last bit, and the windowed DP's
 * key can put another limit's least latency an ulp above it, so the search, comparing with the
 * deadline alone, went past the point: on 2,000 generator seeds, 119 of 22,570 points came back
 * with a larger bottleneck (seed 14: 6.33 ms for the point at 5.33 ms) and 13 were refused. The
 * search now passes limits within the key's rounding of the deadline (src/tradeoff.ts,
 * `solveWithinLatency`) and still checks the plan against the deadline itself. Both engines.
 */
import { describe, expect, it } from 'vitest';
import { createSolver, evaluatePlan, frontierReference, type Plan, type Problem } from '../src/index.js';
import { rng } from './helpers/random.js';

/** Monotone problems with round unit times and speeds (the last bits of their sums differ). */
function roundProblem(seed: number): Problem {
  const r = rng(seed);
  const units = 4 + Math.floor(r() * 40);
  const mode = r();
  const time = Array.from({ length: units }, () =>
    mode < 0.5 ? 1 + Math.floor(r() * 5) : mode < 0.8 ? ([0.1, 0.2, 0.3, 0.7][Math.floor(r() * 4)] as number) : Math.round(r() * 100) / 10,
  );
  const devices = [];
  const kinds = 1 + Math.floor(r() * 4);
  for (let k = 0; k < kinds; k++) {
    const speed = [3, 3, 0.7, 1.1, 6, 0.3][Math.floor(r() * 6)] as number;
    const count = 1 + Math.floor(r() * 3);
    for (let j = 0; j < count; j++) devices.push({ id: `d${devices.length}`, speed });
  }
  return { model: { time }, devices };
}

describe("a deadline equal to a frontier plan's latency", () => {
  // Seed 14 is the case above; the others are the first seeds of the generator (each has points
  // that failed before: 5, 21, 99, 110 and 119 among them).
  const seeds = [14, ...Array.from({ length: 160 }, (_, i) => i)];
  it('plans that point or better, never above the deadline, in both engines', async () => {
    const solver = await createSolver();
    for (const seed of seeds) {
      const problem = roundProblem(seed);
      const points = frontierReference(problem);
      expect(solver.frontier(problem).map((p) => p.latency), `seed ${seed}: engines' frontiers`).toEqual(points.map((p) => p.latency));
      for (const point of points) {
        for (const [engine, solve] of [
          ['wasm', (maxLatency: number): Plan => solver.solve(problem, { maxLatency })],
          ['ts', (maxLatency: number): Plan => solver.solve(problem, { maxLatency, engine: 'ts' })],
        ] as const) {
          const where = `seed ${seed}, ${engine}, deadline ${point.latency} (the point at ${point.bottleneck} ms)`;
          const plan = solve(point.latency);
          // The least bottleneck under the deadline is the point's; the objective may then pick a
          // plan whose bottleneck ties with it (within 1e-9) and is faster.
          expect(plan.stats.leastBottleneck, where).toBeLessThanOrEqual(point.bottleneck);
          expect(plan.bottleneck, where).toBeLessThanOrEqual(point.bottleneck + 1e-9 * point.bottleneck);
          expect(evaluatePlan(problem, plan.stages).latency, where).toBeLessThanOrEqual(point.latency);
        }
      }
    }
  });
});
