/**
 * Incremental threshold probes (src/threshold-incremental.ts, assembly/threshold-incremental.ts):
 * on distinct devices with at least twice as many states as units, probes start from the last
 * infeasible table. Both engines must still agree to the bit (plans and counters), and the plans must be the
 * ones the paper's DP ('dnnpipe', which never probes incrementally) leads to: the same least
 * bottleneck and, with `secondary: 'none'`, the same fewest-stages plan.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSolver, evaluatePlan, InfeasibleError, solveReference, type Plan, type Problem, type SolveOptions, type Solver } from '../src/index.js';
import { rng } from './helpers/random.js';

let solver: Solver;
beforeAll(async () => {
  solver = await createSolver();
});

interface Shape {
  /** Distinct devices; the units are drawn so that 2^devices ≥ 2 × (units + 1), and at most 150. */
  devices: number;
  /** Per-unit activations and bandwidths: the transfer-aware DP, whose relaxation probes. */
  transfers: boolean;
}

/** Distinct devices (speeds or profiles with units they cannot run), memory binding or not. */
function distinctProblem(seed: number, shape: Shape): { problem: Problem; options: SolveOptions } {
  const r = rng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const maxUnits = Math.min(150, Math.floor(2 ** shape.devices / 2) - 1);
  const units = int(Math.min(shape.devices, maxUnits), maxUnits);
  const coarse = r() < 0.3;
  const time = Array.from({ length: units }, () => (coarse ? int(1, 4) : Math.round(r() * 1e5) / 1e4 + 0.01));
  const memory = Array.from({ length: units }, () => (coarse ? int(1, 3) : Math.round(r() * 200) / 10 + 0.1));
  const total = memory.reduce((a, b) => a + b, 0);
  const binds = r() < 0.5;
  const profiles = r() < 0.25;
  const devices = Array.from({ length: shape.devices }, (_, i) => {
    // Distinct by construction: the speed carries the index, so no two devices form a kind.
    const speed = Math.round((0.2 + r() * 2) * 1000) / 1000 + i * 1e-6;
    const profile = profiles ? time.map((t, u) => (u > 0 && r() < 0.03 ? null : Math.round(t * (0.5 + r()) * 1e4) / 1e4 + i * 1e-7)) : undefined;
    return {
      id: `d${i}`,
      ...(profile ? { time: profile } : { speed }),
      ...(binds ? { memory: Math.round(total * (0.1 + r() * 0.25) * 10) / 10 } : {}),
      ...(shape.transfers ? { bandwidth: int(200, 4000) } : {}),
    };
  });
  const outputBytes = shape.transfers ? Array.from({ length: units }, () => int(0, 8) * 2 ** 16) : undefined;
  const problem: Problem = { model: { time, memory, ...(outputBytes ? { outputBytes, inputBytes: 2 ** 16 } : {}) }, devices };
  return { problem, options: r() < 0.3 ? { memoryTest: 'strict' } : {} };
}

function attempt(run: () => Plan): Plan | string {
  try {
    return run();
  } catch (error) {
    if (error instanceof InfeasibleError) return error.reason;
    throw error;
  }
}

/** WASM against the reference: the same plan to the bit and the same counters. */
function expectEnginesAgree(problem: Problem, options: SolveOptions, context: string): Plan | string {
  const ts = attempt(() => solveReference(problem, options));
  const wasm = attempt(() => solver.solve(problem, { ...options, engine: 'wasm' }));
  if (typeof ts === 'string' || typeof wasm === 'string') {
    expect(wasm, context).toEqual(ts);
    return ts;
  }
  expect(wasm.stages, context).toEqual(ts.stages);
  expect(Object.is(wasm.bottleneck, ts.bottleneck), context).toBe(true);
  const { micros: _a, engine: _b, ...wasmCounters } = wasm.stats;
  const { micros: _c, engine: _d, ...tsCounters } = ts.stats;
  expect(wasmCounters, context).toEqual(tsCounters);
  return ts;
}

describe('incremental threshold probes', () => {
  it('400 seeded instances of 8 to 11 distinct devices: both engines agree, and agree with the paper DP', () => {
    let incremental = 0;
    for (let i = 0; i < 400; i++) {
      const seed = 15_400_000 + i;
      const devices = 8 + (i % 4);
      const { problem, options } = distinctProblem(seed, { devices, transfers: false });
      const states = 2 ** devices;
      for (const secondary of ['none', 'latency'] as const) {
        const context = `seed ${seed}, ${devices} devices, secondary ${secondary}, ${JSON.stringify(options)}`;
        const plan = expectEnginesAgree(problem, { ...options, secondary }, context);
        if (typeof plan === 'string') continue;
        // Fewer states than as many full probes: some probe started from a base.
        if ((plan.stats.states ?? 0) < (plan.stats.probes ?? 0) * (states - 1) - states) incremental++;
        expect(evaluatePlan(problem, plan.stages.map((s) => ({ device: s.device, start: s.start, end: s.end })), options).bottleneck, context).toBe(plan.bottleneck);
        if (devices > 9) continue; // the paper DP is quadratic in the units
        const paper = solveReference(problem, { ...options, secondary, algorithm: 'dnnpipe' });
        expect(plan.stats.leastBottleneck, context).toBe(paper.stats.leastBottleneck);
        if (secondary === 'none') expect(plan.stages, context).toEqual(paper.stages);
      }
    }
    // The instances exercise the incremental path, not only full probes.
    expect(incremental).toBeGreaterThan(200);
  });

  it('80 seeded instances with activations: the relaxation probes incrementally, engines agree', () => {
    for (let i = 0; i < 80; i++) {
      const seed = 15_500_000 + i;
      const { problem, options } = distinctProblem(seed, { devices: 8, transfers: true });
      expectEnginesAgree(problem, { ...options, secondary: i % 2 === 0 ? 'none' : 'latency' }, `seed ${seed}, activations`);
    }
  });
});
