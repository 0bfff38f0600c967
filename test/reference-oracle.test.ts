/**
 * The pure-TypeScript reference against exhaustive search: 2,400 seeded random instances (up to 5
 * devices, 10 units), about half with binding memory limits, some with identical devices and some
 * with per-device profiles. Both algorithms and both secondary objectives.
 */
import { describe, expect, it } from 'vitest';
import { evaluatePlan, InfeasibleError, solveReference, type Plan, type Problem, type SolveOptions } from '../src/index.js';
import { exhaustive } from './helpers/exhaustive.js';
import { randomProblem } from './helpers/random.js';

const INSTANCES = 2400;
const BASE_SEED = 20261126;

function attempt(problem: Problem, options: SolveOptions): Plan | 'infeasible' {
  try {
    return solveReference(problem, options);
  } catch (error) {
    if (error instanceof InfeasibleError) return 'infeasible';
    throw error;
  }
}

describe('solveReference matches exhaustive search', () => {
  for (const algorithm of ['auto', 'dnnpipe'] as const) {
    it(`${algorithm}: least bottleneck, least latency, fewest stages, valid plans`, () => {
      let feasible = 0;
      let memoryBound = 0;
      for (let i = 0; i < INSTANCES; i++) {
        const seed = BASE_SEED + i;
        const problem = randomProblem(seed, { maxUnits: 10, maxDevices: 5, profiles: 0.15 });
        const oracle = exhaustive(problem);
        const context = `seed ${seed} (${algorithm}): ${JSON.stringify(problem)}`;
        const plan = attempt(problem, { algorithm });
        if (oracle.bottleneck === Infinity) {
          expect(plan, context).toBe('infeasible');
          continue;
        }
        if (plan === 'infeasible') throw new Error(`reference found no plan but one exists; ${context}`);
        feasible++;
        if (problem.devices.some((d) => d.memory !== undefined)) memoryBound++;
        expect(plan.bottleneck, context).toBe(oracle.bottleneck);
        expect(plan.stats.latencyOptimal, context).toBe(true);
        expect(Math.abs(plan.latency - oracle.latency), context).toBeLessThanOrEqual(1e-9 * oracle.latency);
        expect(plan.stages.length, context).toBe(oracle.stages);
        const evaluated = evaluatePlan(problem, plan.stages);
        expect(evaluated.bottleneck, context).toBe(plan.bottleneck);
        expect(evaluated.latency, context).toBe(plan.latency);

        const fast = attempt(problem, { algorithm, secondary: 'none' });
        if (fast === 'infeasible') throw new Error(`secondary none found no plan; ${context}`);
        expect(fast.bottleneck, context).toBe(oracle.bottleneck);
        expect(fast.stats.latencyOptimal, context).toBe(false);
        expect(evaluatePlan(problem, fast.stages).bottleneck, context).toBe(oracle.bottleneck);
      }
      // The generator must really exercise what it claims to.
      expect(feasible).toBeGreaterThan(INSTANCES * 0.6);
      expect(memoryBound).toBeGreaterThan(INSTANCES * 0.25);
    });
  }

  it('both algorithms return the very same plan', () => {
    for (let i = 0; i < 500; i++) {
      const seed = BASE_SEED + 50_000 + i;
      const problem = randomProblem(seed, { maxUnits: 12, maxDevices: 5 });
      for (const secondary of ['latency', 'none'] as const) {
        const a = attempt(problem, { algorithm: 'auto', secondary });
        const b = attempt(problem, { algorithm: 'dnnpipe', secondary });
        const strip = (p: Plan | 'infeasible'): unknown => (p === 'infeasible' ? p : p.stages);
        expect(strip(a), `seed ${seed} ${secondary}`).toEqual(strip(b));
      }
    }
  });
});
