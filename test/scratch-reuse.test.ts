/**
 * The facade reuses its arrays between solves (src/scratch.ts). A solve must not see what the
 * one before it left behind, a nested solve (the explanation of an infeasible requirement) must
 * not overwrite the one that called it, and no plan may point into reused storage.
 */
import { describe, expect, it } from 'vitest';
import { createSolver, evaluatePlan, InfeasibleError, solveReference, type Plan, type Problem, type SolveOptions } from '../src/index.js';
import { randomNetworkProblem } from './helpers/random-network.js';
import { rng } from './helpers/random.js';

/** A plan without its timing, for comparing two solves of one problem. */
function essence(plan: Plan): unknown {
  const { stats, ...rest } = plan;
  const { micros: _micros, ...counters } = stats;
  return { ...rest, counters };
}

function outcome(run: () => Plan): unknown {
  try {
    return essence(run());
  } catch (error) {
    if (error instanceof InfeasibleError) return { infeasible: error.reason };
    return { error: String(error) };
  }
}

/**
 * A large problem with every array non-zero (activations, links, a source and a sink, per-device
 * profiles with units a device cannot run), solved between the others to dirty the storage.
 */
function dirtying(): Problem {
  const units = 120;
  const time = Array.from({ length: units }, (_, i) => 1 + (i % 7));
  return {
    model: { time, memory: time.map((t) => t * 3), outputBytes: time.map((t) => t * 1e5), inputBytes: 5e5 },
    devices: [
      { id: 'cam', compute: false, bandwidth: 50 },
      { id: 'a', speed: 2, memory: 900, bandwidth: 100 },
      { id: 'b', time: time.map((t, i) => (i === 5 ? null : t * 1.5)), memory: 700, bandwidth: 80 },
      { id: 'c', speed: 0.5, memory: 2000, bandwidth: 100 },
      { id: 'sink', compute: false, bandwidth: 40 },
    ],
    links: [{ from: 'a', to: 'c', bandwidth: 300, latency: 1 }],
    source: 'cam',
    sink: 'sink',
  };
}

describe('reused solve storage', () => {
  it('gives every problem the plan it gets on a clean solver, whatever was solved before (seeded)', async () => {
    const solver = await createSolver();
    const seed = 20261127;
    const random = rng(seed);
    const cases = Array.from({ length: 150 }, () => randomNetworkProblem(random, { maxUnits: 12, maxDevices: 5 }));
    const clean = cases.map(({ problem, options }) => ({
      wasm: outcome(() => solver.solve(problem as Problem, { ...(options as SolveOptions), engine: 'wasm' })),
      ts: outcome(() => solveReference(problem as Problem, options as SolveOptions)),
    }));
    const dirty = dirtying();
    cases.forEach(({ problem, options }, i) => {
      solver.solve(dirty);
      solveReference(dirty);
      const where = `seed ${seed}, case ${i}`;
      expect(outcome(() => solver.solve(problem as Problem, { ...(options as SolveOptions), engine: 'wasm' })), where).toEqual(clean[i]?.wasm);
      expect(outcome(() => solveReference(problem as Problem, options as SolveOptions)), where).toEqual(clean[i]?.ts);
    });
  });

  it('keeps a returned plan intact and re-costable after later solves', async () => {
    const solver = await createSolver();
    const dirty = dirtying();
    const plan = solver.solve(dirty);
    const before = JSON.stringify(plan);
    for (let i = 0; i < 5; i++) solver.solve({ model: { time: [1, 2, 3] }, devices: [{ id: 'x' }, { id: 'y', speed: 3 }] });
    expect(JSON.stringify(plan)).toBe(before);
    const again = evaluatePlan(dirty, plan);
    expect(again.bottleneck).toBe(plan.bottleneck);
    expect(again.latency).toBe(plan.latency);
  });

  it('explains an unmet requirement (a nested solve) without disturbing the next solve', async () => {
    const solver = await createSolver();
    const problem = dirtying();
    const best = solver.solve(problem);
    expect(() => solver.solve(problem, { maxStages: 1, first: 'a' })).toThrow(InfeasibleError);
    expect(essence(solver.solve(problem))).toEqual(essence(best));
  });
});
