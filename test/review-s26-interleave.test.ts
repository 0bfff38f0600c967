/**
 * An outside review (s26) of the general DP's lazy table rows: the kernel keeps, per state, the
 * fill that last wrote its row (assembly/transfers.ts `writtenPtr`, `fills`), reset when a solve or
 * a general search begins. One WASM solver here runs, in a seeded random order, plain solves,
 * deadline solves and frontiers (with and without a deadline) of general problems (links,
 * activations, source and sink, requirements) and of monotone ones, of different sizes, and a
 * frontier refused at the step budget in between; every result must equal the TypeScript
 * engine's on a fresh call (stages, bottleneck, latency, the search's states and transitions) or
 * fail with the same message.
 */
import { describe, expect, it } from 'vitest';
import { createSolver, frontierReference, solveReference, type Plan, type Problem, type SolveOptions } from '../src/index.js';
import { randomNetworkProblem } from './helpers/random-network.js';
import { randomProblem, rng } from './helpers/random.js';
import { linkedCluster } from '../bench/cases.js';

/** What both engines must agree on, to the bit (not the time taken). */
function shape(plan: Plan): unknown {
  return {
    stages: plan.stages.map((s) => [s.device, s.start, s.end]),
    bottleneck: plan.bottleneck,
    latency: plan.latency,
    method: plan.stats.method,
    states: plan.stats.states,
    transitions: plan.stats.transitions,
    latencyCells: plan.stats.latencyCells,
  };
}

function outcome(run: () => Plan | Plan[]): unknown {
  try {
    const result = run();
    return Array.isArray(result) ? result.map(shape) : shape(result);
  } catch (error) {
    return { error: (error as Error).constructor.name, message: (error as Error).message };
  }
}

interface Case {
  name: string;
  problem: Problem;
  options: SolveOptions;
}

function pool(seed: number): Case[] {
  const cases: Case[] = [];
  for (let i = 0; i < 24; i++) {
    const made = randomNetworkProblem(rng(seed * 1_000 + i), { maxDevices: 6, minUnits: 2, maxUnits: i % 3 === 0 ? 30 : 10, requirements: 0.35 });
    cases.push({ name: `network ${seed * 1_000 + i}`, problem: made.problem as Problem, options: made.options as SolveOptions });
  }
  for (let i = 0; i < 10; i++) {
    const s = seed * 1_000 + 500 + i;
    cases.push({ name: `monotone ${s}`, problem: randomProblem(s, { maxUnits: i % 2 ? 60 : 12, maxDevices: 6, memoryBinds: 0.6, identical: 0.4, profiles: 0.3 }), options: {} });
  }
  cases.push({ name: 'linked 5 x 40', problem: linkedCluster(5, 40, seed), options: {} });
  cases.push({ name: 'linked 6 x 24', problem: linkedCluster(6, 24, seed + 1), options: { maxStages: 3 } });
  cases.push({ name: 'linked 4 x 60 strict', problem: linkedCluster(4, 60, seed + 2), options: { memoryTest: 'strict', first: 'd0' } });
  return cases;
}

/** 3 distinct devices × 10,000 units, the fast one holding 1,000: its deadline solves end on a pass at no limit. */
const budgetBreaker: Problem = {
  model: { time: Array.from({ length: 10_000 }, (_, i) => 1 + (i % 7) * 0.01), memory: new Array<number>(10_000).fill(1), outputBytes: new Array<number>(10_000).fill(1000) },
  devices: [
    { id: 'A', speed: 100, memory: 1000, bandwidth: 1000 },
    { id: 'B', speed: 1, memory: 1e9, bandwidth: 1000 },
    { id: 'C', speed: 1.1, memory: 1e9, bandwidth: 1000 },
  ],
};

describe('one WASM solver, many general and monotone searches interleaved', () => {
  for (const seed of [26, 2_026]) {
    it(`every result equals the TypeScript engine's, seed ${seed}`, async () => {
      const solver = await createSolver();
      const cases = pool(seed);
      const r = rng(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
      let compared = 0;
      let planned = 0;
      for (let op = 0; op < 200; op++) {
        // A frontier refused at the step budget, then the searches after it on the same solver.
        if (op % 60 === 35) {
          const refused = outcome(() => solver.frontier(linkedCluster(13, 77, 1)));
          expect((refused as { message: string }).message, `seed ${seed}`).toMatch(/more plans than can be listed/);
        }
        // A deadline solve refused in the middle of a pass (the pass at no limit, past the budget).
        if (op === 120) {
          const refused = outcome(() => solver.solve(budgetBreaker, { maxLatency: 4_331 }));
          expect((refused as { message: string }).message, `seed ${seed}`).toMatch(/reached its limit/);
        }
        const c = pick(cases);
        const kind = Math.floor(r() * 4);
        const at = `seed ${seed}, op ${op}: ${c.name}, ${['solve', 'deadline', 'frontier', 'frontier with deadline'][kind]}`;
        let options: SolveOptions = { ...c.options };
        if (kind === 1 || kind === 3) {
          // A deadline between the plain plan's latency and the fastest plan's, or just below it.
          const ref = outcome(() => frontierReference(c.problem, { ...c.options, maxLatency: undefined }));
          if (!Array.isArray(ref) || ref.length === 0) continue;
          const points = ref as { latency: number }[];
          const target = pick(points).latency;
          options = { ...options, maxLatency: pick([target, target * (1 - 1e-12), target * 1.01, points.at(-1)!.latency * 0.999]) };
        }
        const frontierOp = kind >= 2;
        const wasm = outcome(() => (frontierOp ? solver.frontier(c.problem, options) : solver.solve(c.problem, options)));
        const ts = outcome(() => (frontierOp ? frontierReference(c.problem, options) : solveReference(c.problem, options)));
        expect(wasm, at).toEqual(ts);
        compared++;
        if (!(ts as { error?: string }).error) planned++;
      }
      expect(compared).toBeGreaterThan(150);
      expect(planned).toBeGreaterThan(90);
    });
  }
});
