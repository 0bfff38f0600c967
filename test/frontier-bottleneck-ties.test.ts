/**
 * The frontier has the objective's bottleneck ties (docs/model.md, Frontier): bottlenecks that
 * differ only in their last bits are one point, whose plan is the objective's pick in its tie
 * set, so the first point is the plan `solve` returns. Before, eleven devices with unit times of
 * 0.1–0.7 ms listed 40 points, five of them at "0.3000 ms" (0.29999999999999966 …
 * 0.30000000000000004), four slower than the fifth for no throughput, and the chosen plan was the
 * second point. Both engines, against the exhaustive oracle on small problems of round times.
 */
import { describe, expect, it } from 'vitest';
import { createSolver, frontierReference, solveReference, type Plan, type Problem, type Solver } from '../src/index.js';
import { oracleFrontier, type NetworkProblem } from './helpers/network-oracle.js';
import { rng } from './helpers/random.js';

const TIE = 1e-9;

const roundTimes: Problem = {
  model: { time: [0.1, 0.3, 0.1, 0.3, 0.3, 0.2, 0.7, 0.1, 0.7, 0.3, 0.3, 0.1, 0.2, 0.2, 0.7, 0.2, 0.7, 0.3, 0.2, 0.1, 0.7, 0.1, 0.2, 0.1, 0.2, 0.7, 0.1, 0.1, 0.7, 0.2, 0.2] },
  devices: [
    ...['d0', 'd1', 'd2', 'd3', 'd4'].map((id) => ({ id, speed: 3 })),
    ...['d5', 'd6', 'd7'].map((id) => ({ id, speed: 6 })),
    ...['d8', 'd9', 'd10'].map((id) => ({ id, speed: 1.1 })),
  ],
};

const stagesOf = (plan: Plan): string => plan.stages.map((s) => `${s.device}:${s.start}-${s.end}`).join(' ');

/** Every point beyond the previous one's tie set, its plan within its own; the first is solve's. */
function expectTies(points: Plan[], chosen: Plan, where: string): void {
  expect(stagesOf(points[0]!), `${where}: the first point is the chosen plan`).toBe(stagesOf(chosen));
  points.forEach((point, i) => {
    const least = point.stats.leastBottleneck ?? NaN;
    expect(point.bottleneck, `${where}: point ${i + 1} within its tie set`).toBeLessThanOrEqual(least + TIE * least);
    expect(point.bottleneck, `${where}: point ${i + 1}`).toBeGreaterThanOrEqual(least);
    if (i === 0) return;
    const before = points[i - 1]!.stats.leastBottleneck ?? NaN;
    expect(least, `${where}: point ${i + 1} beyond point ${i}'s tie set`).toBeGreaterThan(before + TIE * before);
    expect(point.latency, `${where}: point ${i + 1} faster`).toBeLessThan(points[i - 1]!.latency);
  });
}

describe('the frontier with bottleneck ties', () => {
  it('lists one point per bottleneck up to rounding, the first being the chosen plan (round unit times)', async () => {
    const solver = await createSolver();
    const ts = frontierReference(roundTimes);
    const wasm = solver.frontier(roundTimes);
    expect(wasm.map(stagesOf), 'engines').toEqual(ts.map(stagesOf));
    expectTies(ts, solveReference(roundTimes), 'round times');
    // Five points at 0.3 ms before; one now, the fastest of them.
    const atThree = ts.filter((p) => Math.abs(p.bottleneck - 0.3) < 1e-12);
    expect(atThree.map((p) => p.latency)).toEqual([2.422727272727272]);
    expect(ts.length).toBe(16);
  });

  it('equals the exhaustive oracle on small problems of round times, in both engines', async () => {
    const solver: Solver = await createSolver();
    let points = 0;
    let merged = 0;
    for (let seed = 1; seed <= 250; seed++) {
      const r = rng(seed);
      const units = 3 + Math.floor(r() * 5);
      const time = Array.from({ length: units }, () => [0.1, 0.2, 0.3, 0.7, 1.1][Math.floor(r() * 5)] as number);
      const devices = Array.from({ length: 2 + Math.floor(r() * 3) }, (_, j) => ({ id: `d${j}`, speed: [3, 3, 6, 1.1, 0.7][Math.floor(r() * 5)] as number }));
      const problem: Problem = { model: { time }, devices };
      const where = `seed ${seed}`;
      const expected = oracleFrontier(problem as unknown as NetworkProblem);
      const ts = frontierReference(problem);
      expect(solver.frontier(problem).map(stagesOf), `${where}: engines`).toEqual(ts.map(stagesOf));
      expect(ts.map((p) => p.stages.length), `${where}: points`).toEqual(expected.map((e) => e.stageCount));
      ts.forEach((plan, i) => {
        const e = expected[i]!;
        expect(e.planBottlenecks, `${where}: point ${i + 1} bottleneck`).toContain(plan.bottleneck);
        expect(plan.stats.leastBottleneck, `${where}: point ${i + 1} least bottleneck`).toBe(e.bottleneck);
        expect(Math.abs(plan.latency - e.planLatency), `${where}: point ${i + 1} latency`).toBeLessThanOrEqual(TIE * plan.latency);
      });
      expectTies(ts, solveReference(problem), where);
      points += ts.length;
      if (ts.some((p) => p.bottleneck !== p.stats.leastBottleneck)) merged++;
    }
    expect(points).toBeGreaterThan(500);
    // Some points' plans are picked above their least bottleneck, within the tie: the rule decided.
    expect(merged).toBeGreaterThan(5);
  });
});
