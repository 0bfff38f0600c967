/** Long-running use: many solves in one process, concurrent solves, recovery after a failure. */
import { describe, expect, it } from 'vitest';
import { createSolver, solve, solveReference, type Problem } from '../src/index.js';
import { randomProblem } from './helpers/random.js';

function feasibleProblems(count: number, seed: number, shape: Parameters<typeof randomProblem>[1]): Problem[] {
  const out: Problem[] = [];
  for (let s = seed; out.length < count; s++) {
    const problem = randomProblem(s, shape);
    try {
      solveReference(problem, { secondary: 'none' });
      out.push(problem);
    } catch {
      // infeasible: skip
    }
  }
  return out;
}

describe('long-running use', () => {
  it('100,000 solves in one process keep WASM memory at its first size', async () => {
    const solver = await createSolver();
    const problems = feasibleProblems(100, 123_000, { maxUnits: 24, maxDevices: 5 });
    const largest: Problem = { model: { time: Array(24).fill(1) }, devices: Array.from({ length: 5 }, (_, i) => ({ id: `d${i}`, speed: i + 1 })) };
    solver.solve(largest);
    const size = solver.memoryBytes();
    let checksum = 0;
    for (let i = 0; i < 100_000; i++) checksum += solver.solve(problems[i % problems.length]!, { secondary: i % 2 ? 'none' : 'latency' }).stages.length;
    expect(checksum).toBeGreaterThan(100_000);
    expect(solver.memoryBytes()).toBe(size);
  });

  it('100 concurrent solve() calls return correct, independent plans', async () => {
    const problems = feasibleProblems(100, 456_000, { maxUnits: 40, maxDevices: 6 });
    const plans = await Promise.all(problems.map((problem) => solve(problem)));
    plans.forEach((plan, i) => {
      const expected = solveReference(problems[i]!);
      expect(plan.stages, `problem ${i}`).toEqual(expected.stages);
      expect(plan.bottleneck, `problem ${i}`).toBe(expected.bottleneck);
    });
  });
});
