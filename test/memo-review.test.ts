/**
 * The threshold probes' farthest-end memo (assembly/threshold.ts `farthestEnd`, src/search-threshold.ts
 * `farthestEnd`) belongs to one problem. Runs of problems with the same units and devices (so the
 * same memo cells) but other times, memory, capacities and units a device cannot run are solved
 * one after another on one warm solver and by the reference: each must get the exhaustive
 * oracle's least bottleneck and least latency, both engines the same plan and counters, and the
 * warm kernel what a fresh one gives. An end left over from the problem before would break these.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSolver, InfeasibleError, solveReference, type Plan, type Problem, type SolveOptions, type Solver } from '../src/index.js';
import { compileKernel, Kernel } from '../src/kernel.js';
import { solverFromKernel } from '../src/solver.js';
import { exhaustive } from './helpers/exhaustive.js';
import { rng } from './helpers/random.js';

const BASE_SEED = 20261127;
const RUNS = 120;
const RUN_LENGTH = 6;

let module: WebAssembly.Module;
let warm: Solver;
beforeAll(async () => {
  module = await compileKernel();
  warm = await createSolver();
});

/** One problem of a run: the shape (units, devices, which devices share a kind) is fixed by the run. */
function member(random: () => number, units: number, kindOf: readonly number[]): Problem {
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const time = Array.from({ length: units }, () => int(0, 5));
  const memory = Array.from({ length: units }, () => int(1, 4));
  const total = memory.reduce((a, b) => a + b, 0);
  const kinds = Array.from({ length: Math.max(...kindOf) + 1 }, () => ({
    speed: [0.5, 1, 2, 3][int(0, 3)] ?? 1,
    memory: random() < 0.7 ? int(4, Math.max(4, total)) : undefined,
    profile: random() < 0.3 ? time.map((t) => (random() < 0.2 ? null : t + int(0, 2))) : undefined,
  }));
  const devices = kindOf.map((k, i) => {
    const kind = kinds[k] ?? { speed: 1, memory: undefined, profile: undefined };
    return { id: `d${i}`, ...(kind.profile ? { time: kind.profile } : { speed: kind.speed }), ...(kind.memory !== undefined ? { memory: kind.memory } : {}) };
  });
  return { model: { time, memory }, devices };
}

type Outcome = { stages: Plan['stages']; bottleneck: number; latency: number; counters: Record<string, unknown> } | 'infeasible';

function outcome(run: () => Plan): Outcome {
  try {
    const plan = run();
    const { micros: _micros, engine: _engine, ...counters } = plan.stats;
    return { stages: plan.stages, bottleneck: plan.bottleneck, latency: plan.latency, counters };
  } catch (error) {
    if (error instanceof InfeasibleError) return 'infeasible';
    throw error;
  }
}

describe('the farthest-end memo holds for one problem only', () => {
  it(`${RUNS} seeded runs of ${RUN_LENGTH} same-sized problems on one warm solver match the oracle, the reference and a fresh kernel`, () => {
    let feasible = 0;
    for (let run = 0; run < RUNS; run++) {
      const seed = BASE_SEED + run;
      const random = rng(seed);
      const units = 3 + Math.floor(random() * 7);
      const deviceCount = 1 + Math.floor(random() * 4);
      const identical = random() < 0.4;
      const kindOf = Array.from({ length: deviceCount }, (_, i) => (identical ? Math.floor(random() * 2) : i));
      for (let step = 0; step < RUN_LENGTH; step++) {
        const problem = member(random, units, kindOf);
        const options: SolveOptions = { secondary: step % 3 === 2 ? 'none' : 'latency', ...(step % 4 === 3 ? { memoryTest: 'strict' } : {}) };
        const context = `seed ${seed}, step ${step}, ${JSON.stringify(options)}: ${JSON.stringify(problem)}`;
        const wasm = outcome(() => warm.solve(problem, { ...options, engine: 'wasm' }));
        const ts = outcome(() => solveReference(problem, options));
        const fresh = outcome(() => solverFromKernel(new Kernel(module)).solve(problem, { ...options, engine: 'wasm' }));
        expect(wasm, context).toEqual(ts);
        expect(wasm, context).toEqual(fresh);
        // The oracle models neither the strict memory test nor units a device cannot run.
        if (options.memoryTest === 'strict' || problem.devices.some((d) => d.time?.includes(null))) continue;
        const oracle = exhaustive(problem);
        if (oracle.bottleneck === Infinity) {
          expect(ts, context).toBe('infeasible');
          continue;
        }
        if (ts === 'infeasible') throw new Error(`no plan found but one exists; ${context}`);
        feasible++;
        expect(ts.bottleneck, context).toBe(oracle.bottleneck);
        if (options.secondary === 'latency') expect(Math.abs(ts.latency - oracle.latency), context).toBeLessThanOrEqual(1e-9 * oracle.latency);
      }
    }
    // The runs must really plan: most problems have a plan.
    expect(feasible).toBeGreaterThan(RUNS * RUN_LENGTH * 0.3);
  });
});
