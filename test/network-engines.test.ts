/**
 * Both engines against the independent network oracle (test/helpers/network-oracle.ts, written
 * from docs/model.md alone): links between pairs (bandwidth and latency, one-way or both ways),
 * source and sink transfers, endpoints, units a device cannot run, identical boards that share
 * a switch, requirements (maxLatency, maxStages, first, last), the rounding tie rule, and the
 * exact frontier. Every failure names its seed.
 */
import { describe, expect, it } from 'vitest';
import { createSolver, frontierReference, InfeasibleError, solveReference, type Plan, type Problem, type SolveOptions } from '../src/index.js';
import { prepare } from '../src/prepare.js';
import { validateProblem } from '../src/validate.js';
import { oracleEvaluate, oracleFrontier, oracleSolve, type NetworkOptions, type NetworkProblem } from './helpers/network-oracle.js';
import { randomNetworkProblem } from './helpers/random-network.js';
import { rng } from './helpers/random.js';

type Outcome = { plan: Plan } | { infeasible: string } | { error: unknown };

function attempt<T>(run: () => T): { value: T } | { infeasible: string } | { error: unknown } {
  try {
    return { value: run() };
  } catch (error) {
    if (error instanceof InfeasibleError) return { infeasible: error.reason };
    return { error };
  }
}

function stagesOf(plan: Plan): { device: string; start: number; end: number }[] {
  return plan.stages.map(({ device, start, end }) => ({ device, start, end }));
}

function checkAgainstOracle(seed: number, problem: NetworkProblem, options: NetworkOptions, plan: Outcome): void {
  const expected = oracleSolve(problem, options);
  const where = `seed ${seed}`;
  if (expected === null) {
    expect('infeasible' in plan, `${where}: the oracle finds no plan`).toBe(true);
    return;
  }
  if (!('plan' in plan)) throw new Error(`${where}: the oracle finds a plan (bottleneck ${expected.bottleneck}) but the engine said ${JSON.stringify(plan)}`);
  const cost = oracleEvaluate(problem, stagesOf(plan.plan), options);
  if ('invalid' in cost) throw new Error(`${where}: the engine's plan is invalid: ${cost.invalid}`);
  expect(plan.plan.bottleneck, `${where}: bottleneck as the oracle costs the plan`).toBe(cost.bottleneck);
  expect(plan.plan.latency, `${where}: latency as the oracle costs the plan`).toBe(cost.latency);
  expect(expected.bottlenecks, `${where}: bottleneck ${plan.plan.bottleneck} is one the objective allows`).toContain(plan.plan.bottleneck);
  expect(expected.latencies, `${where}: latency ${plan.plan.latency} is one the objective allows`).toContain(plan.plan.latency);
  expect(plan.plan.stages.length, `${where}: fewest stages`).toBe(expected.stages);
}

describe('network model: both engines match the exhaustive oracle', () => {
  it('3,000 random instances: links, source, sink, endpoints, unsupported units, requirements', async () => {
    const solver = await createSolver();
    let planned = 0;
    let boards = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const { problem, options, boards: sets } = randomNetworkProblem(rng(seed), { maxDevices: 5, maxUnits: 8 });
      const input = problem as unknown as Problem;
      const opts = options as SolveOptions;
      const outcome = (run: () => Plan): Outcome => {
        const result = attempt(run);
        if ('error' in result) throw new Error(`seed ${seed}: ${String(result.error instanceof Error ? result.error.stack : result.error)}`);
        return 'value' in result ? { plan: result.value } : result;
      };
      const ts = outcome(() => solveReference(input, opts));
      const wasm = outcome(() => solver.solve(input, opts));
      checkAgainstOracle(seed, problem, options, ts);
      if ('plan' in ts && 'plan' in wasm) {
        expect(stagesOf(wasm.plan), `seed ${seed}: engines choose the same stages`).toEqual(stagesOf(ts.plan));
        expect(wasm.plan.bottleneck, `seed ${seed}: bit-equal bottleneck`).toBe(ts.plan.bottleneck);
        expect(wasm.plan.latency, `seed ${seed}`).toBe(ts.plan.latency);
        planned++;
      } else {
        expect('infeasible' in wasm && 'infeasible' in ts, `seed ${seed}: both engines agree there is no plan`).toBe(true);
      }
      if (sets.length > 0) {
        // Identical boards on one switch stay one kind: the search runs over counts.
        const p = prepare(validateProblem(input));
        for (const set of sets) {
          const indices = set.map((id) => input.devices.findIndex((d) => d.id === id));
          const kind = p.kindDevices.findIndex((members) => members.includes(indices[0] ?? -1));
          const roles = [input.source, input.sink].filter((id) => id !== undefined);
          if (set.some((id) => roles.includes(id))) continue;
          expect(indices.every((i) => p.kindDevices[kind]?.includes(i)), `seed ${seed}: boards ${set.join(', ')} form one kind`).toBe(true);
          boards++;
        }
      }
    }
    expect(planned).toBeGreaterThan(1500);
    expect(boards).toBeGreaterThan(100);
  });

  it('2,000 random instances: the frontier equals the oracle\'s exactly, in both engines', async () => {
    const solver = await createSolver();
    let points = 0;
    for (let seed = 10_001; seed <= 12_000; seed++) {
      const { problem, options } = randomNetworkProblem(rng(seed), { maxDevices: 5, maxUnits: 7 });
      const input = problem as unknown as Problem;
      const opts = options as SolveOptions;
      const expected = oracleFrontier(problem, options).map((f) => ({ bottleneck: f.planBottleneck, bottlenecks: f.planBottlenecks, latency: f.planLatency, stages: f.stageCount }));
      const ts = attempt(() => frontierReference(input, opts));
      const wasm = attempt(() => solver.frontier(input, opts));
      if ('error' in ts) throw new Error(`seed ${seed}: ${String(ts.error instanceof Error ? ts.error.stack : ts.error)}`);
      if (expected.length === 0) {
        expect('infeasible' in ts && 'infeasible' in wasm, `seed ${seed}: no plan meets the requirements`).toBe(true);
        continue;
      }
      if (!('value' in ts) || !('value' in wasm)) throw new Error(`seed ${seed}: expected ${expected.length} frontier points, got ${JSON.stringify(ts)}`);
      const got = ts.value.map((plan) => ({ bottleneck: plan.bottleneck, latency: plan.latency, stages: plan.stages.length }));
      // Bottlenecks exactly (one of the point's finalists: the objective's last rule picks among
      // plans alike in stages and latency); latencies within the 1e-9 tie (the windowed DP may
      // pick a start whose left-to-right sum differs from the oracle's least in the last bits).
      expect(got.map((g) => g.stages), `seed ${seed}: frontier`).toEqual(expected.map((e) => e.stages));
      got.forEach((g, i) => expect(expected[i]?.bottlenecks, `seed ${seed}: point ${i} bottleneck`).toContain(g.bottleneck));
      got.forEach((g, i) => expect(Math.abs(g.latency - (expected[i]?.latency ?? NaN)), `seed ${seed}: point ${i} latency`).toBeLessThanOrEqual(1e-9 * g.latency));
      expect(wasm.value.map(stagesOf), `seed ${seed}: engines agree on the frontier's plans`).toEqual(ts.value.map(stagesOf));
      points += got.length;
    }
    expect(points).toBeGreaterThan(2000);
  });
});
