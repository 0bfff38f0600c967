/**
 * Transfers and activation memory against exhaustive search (SPEC §2.2–2.3): 2,000+ seeded random
 * small instances per transfer mode, with per-device profiles, slots and binding memory; the
 * TypeScript reference and the WASM kernel both.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSolver, evaluatePlan, InfeasibleError, solveReference, type Plan, type Problem, type SolveOptions, type Solver } from '../src/index.js';
import { exhaustive } from './helpers/exhaustive.js';
import { randomProblem } from './helpers/random.js';

let solver: Solver;
beforeAll(async () => {
  solver = await createSolver();
});

function attempt(run: () => Plan): Plan | 'infeasible' {
  try {
    return run();
  } catch (error) {
    if (error instanceof InfeasibleError) return 'infeasible';
    throw error;
  }
}

describe('transfers and activations match exhaustive search', () => {
  for (const transfer of ['overlap', 'serial'] as const) {
    it(`${transfer}: 2,100 instances, reference and WASM`, () => {
      let feasible = 0;
      let withLinks = 0;
      for (let i = 0; i < 2100; i++) {
        const seed = (transfer === 'overlap' ? 5_000_000 : 6_000_000) + i;
        const problem: Problem = randomProblem(seed, { maxUnits: 8, maxDevices: 4, transfers: 1, profiles: 0.2, memoryBinds: 0.6 });
        const slots = { in: i % 3, out: (i >> 1) % 3 };
        const options: SolveOptions = { transfer, slots, secondary: i % 5 === 0 ? 'none' : 'latency' };
        const oracle = exhaustive(problem, { transfer, slots });
        const context = `seed ${seed} ${JSON.stringify(options)}: ${JSON.stringify(problem)}`;
        const ts = attempt(() => solveReference(problem, options));
        const wasm = attempt(() => solver.solve(problem, options));
        if (oracle.bottleneck === Infinity) {
          expect(ts, context).toBe('infeasible');
          expect(wasm, context).toBe('infeasible');
          continue;
        }
        if (ts === 'infeasible' || wasm === 'infeasible') throw new Error(`no plan found but one exists; ${context}`);
        feasible++;
        if (ts.stages.some((s) => s.transfer > 0)) withLinks++;
        expect(ts.bottleneck, context).toBe(oracle.bottleneck);
        expect(wasm.stages, context).toEqual(ts.stages);
        expect(Object.is(wasm.bottleneck, ts.bottleneck), context).toBe(true);
        const evaluated = evaluatePlan(problem, ts.stages, options);
        expect(evaluated.bottleneck, context).toBe(ts.bottleneck);
        expect(evaluated.latency, context).toBe(ts.latency);
        if (options.secondary === 'latency') {
          expect(Math.abs(ts.latency - oracle.latency), context).toBeLessThanOrEqual(1e-9 * oracle.latency);
          expect(ts.stages.length, context).toBe(oracle.stages);
        }
      }
      expect(feasible).toBeGreaterThan(1000);
      expect(withLinks).toBeGreaterThan(300);
    });
  }
});
