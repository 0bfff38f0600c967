/**
 * Outside review of 892b42f (frontier and deadline fixes): deadline solves on problems built for
 * rounding ties (unit times of 1e-9 to 1000 ms, speeds 1 to 1000), reduced from seeded stress
 * runs against the exhaustive oracle (test/helpers/network-oracle.ts). docs/model.md says the
 * deadline is compared exactly: a plan above it is never returned, and a deadline the oracle can
 * meet is met or refused as an InfeasibleError, never an internal error. Both failed until
 * `settle` (src/tradeoff.ts) fell back to the plans at the least passing limit itself when the
 * pass at its tie limit put the least latency an ulp above (the windowed DP's key rounding).
 */
import { describe, expect, it } from 'vitest';
import { createSolver, frontierReference, ProblemError, solveReference, type Plan, type Problem } from '../src/index.js';
import { oracleFrontier, oracleSolve } from './helpers/network-oracle.js';

/** Stress seed 1304 of the review's tie-prone generator. */
const seed1304: Problem = {
  model: { time: [0, 1.0000000001, 0.5, 1e-9, 0.5, 0, 1e-9], memory: [6, 3, 4, 5, 4, 1, 4] },
  devices: [
    { id: 'k0-0', speed: 2, memory: 11 },
    { id: 'k1-0', speed: 1, memory: 16 },
    { id: 'k2-0', speed: 1000, memory: 20 },
    { id: 'k2-1', speed: 1000, memory: 20 },
  ],
};

/** Stress seed 16 of the same generator. */
const seed16: Problem = {
  model: { time: [1e-9, 0.5, 3e-10, 2e-9, 0], memory: [6, 4, 2, 6, 3] },
  devices: [
    { id: 'k0-0', speed: 1000, memory: 13 },
    { id: 'k0-1', speed: 1000, memory: 13 },
  ],
};

function outcome(run: () => Plan): string {
  try {
    const plan = run();
    return plan.latency <= (plan.options.maxLatency ?? Infinity) ? 'planned within the deadline' : `planned ABOVE the deadline: ${plan.latency}`;
  } catch (error) {
    return (error as Error).name === 'InfeasibleError' ? 'infeasible' : `${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe('deadline solves on rounding ties (review of 892b42f)', () => {
  it('a deadline the oracle meets is not an internal error', async () => {
    const maxLatency = 0.0020000000021;
    expect(oracleSolve(seed1304 as never, { maxLatency })).not.toBeNull();
    const solver = await createSolver();
    for (const run of [() => solveReference(seed1304, { maxLatency }), () => solver.solve(seed1304, { maxLatency })]) {
      expect(outcome(run)).not.toMatch(/internal/);
    }
  });

  it('solve never returns a plan above maxLatency (the exact fallback can be an ulp over)', async () => {
    const maxLatency = 0.0005000000033;
    const solver = await createSolver();
    for (const run of [() => solveReference(seed16, { maxLatency }), () => solver.solve(seed16, { maxLatency })]) {
      expect(outcome(run)).not.toMatch(/ABOVE/);
    }
  });
});

/**
 * A device whose profile is all 0 ms made the time-scale check's floor 0, which it read as
 * "nothing to compare", so 1e13 and 1e15 ms placeholders (the inputs MAX_TIME_SCALE exists to
 * refuse) were planned, and the least-latency DP's key rounds at an ulp of 1e15 (0.125 ms).
 * Seed 242 of the review's floor-0 stress run: 14 wrong frontiers in 2,114 runs, none refused.
 * The floor now puts each unit on the fastest device that can hold it (here the zero device's
 * 1 MB holds only the 1 MB units), so the placeholders are refused.
 */
const zeroFloor: Problem = {
  model: { time: [0, 0, 0, 0, 0, 0], memory: [3, 3, 1, 1, 1, 4] },
  devices: [
    { id: 'zero', time: [0, 0, 0, 0, 0, 0], memory: 1 },
    { id: 's0', time: [1e13, 0.1, 0.3, 1e15, 0.1, 0.1], memory: 11 },
    { id: 's1', time: [0.0015, 0.002, 0.001, 1.2, 1e13, 0.002], memory: 11 },
    { id: 's2', time: [1e15, 0.3, 0.001, 0.001, 0.0015, 1e12], memory: 14 },
  ],
};

describe('the time-scale check with a zero-time device (review of 892b42f)', () => {
  it('placeholder times behind an all-zero device are refused or planned exactly, in both engines', async () => {
    const expected = oracleFrontier(zeroFloor as never).map((f) => [f.planBottleneck, f.planLatency, f.stageCount]);
    expect(expected).toEqual([[0.125, 0.1285, 3]]);
    const solver = await createSolver();
    for (const run of [() => frontierReference(zeroFloor), () => solver.frontier(zeroFloor)]) {
      let got: unknown;
      try {
        got = run().map((x) => [x.bottleneck, x.latency, x.stages.length]);
      } catch (error) {
        if (error instanceof ProblemError) continue;
        throw error;
      }
      expect(got).toEqual(expected);
    }
  });
});
