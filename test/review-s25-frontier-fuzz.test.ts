/**
 * Outside review (session 25): the general-DP frontier with the record of earlier passes
 * (src/pass-memo.ts), stage-capped relevance bounds and passLimit, on random networks larger
 * than test/frontier-general-stepping.test.ts draws (up to 7 devices, 10–40 units, requirements,
 * serial transfers, identical boards), against bisection with unpruned passes; both engines'
 * frontiers and deadline solves (at each point's latency, the double below it, and between
 * points) must agree on plans and transitions.
 */
import { describe, expect, it } from 'vitest';
import { createSolver, frontierReference, solveReference, type Plan, type Problem } from '../src/index.js';
import { prepareFor } from '../src/solver.js';
import { resolveOptions, validateProblem } from '../src/validate.js';
import { search, generalSearch } from '../src/search.js';
import { frontierPasses } from '../src/tradeoff.js';
import { nextDown } from '../src/search-breakpoint.js';
import { randomNetworkProblem } from './helpers/random-network.js';
import { bisectedFrontier, pointOf, type Point } from './helpers/bisected-frontier.js';
import { rng } from './helpers/random.js';

const shape = (plan: Plan) => [plan.bottleneck, plan.latency, plan.stats.transitions, plan.stages.map((s) => `${s.device}:${s.start}-${s.end}`).join(' ')];

function outcome(run: () => Plan | Plan[]): unknown {
  try {
    const out = run();
    return Array.isArray(out) ? out.map(shape) : shape(out);
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe('review s25: general-DP frontiers and deadlines on wider random networks', () => {
  it('frontiers equal bisection; both engines agree on frontiers and deadline solves', { timeout: 600_000 }, async () => {
    const solver = await createSolver();
    let compared = 0;
    let multi = 0;
    let deadlines = 0;
    for (let seed = 25_001; seed <= 25_100; seed++) {
      const { problem: raw, options } = randomNetworkProblem(rng(seed), { maxDevices: 6, minUnits: 8, maxUnits: 24, requirements: 0.3 });
      const { maxLatency: _dropped, ...kept } = { ...(raw.options ?? {}), ...options };
      const problem = { ...raw, options: kept } as Problem;
      let p;
      try {
        const checked = validateProblem(problem);
        p = prepareFor(checked, resolveOptions({}, 'ts', checked.options), true);
      } catch {
        continue;
      }
      if (!p.transfers) continue;
      const resolved = resolveOptions({}, 'ts', validateProblem(problem).options);
      let result;
      try {
        result = search(p, { ...resolved, secondary: 'latency' });
      } catch {
        continue;
      }
      if (!result.feasible) continue;
      let stepped: Point[];
      let bisected: Point[];
      try {
        stepped = frontierPasses(generalSearch(p), result.least).map((point) => pointOf(point.least, point));
        bisected = bisectedFrontier(generalSearch(p), result.least);
      } catch {
        continue;
      }
      compared++;

      if (bisected.length > 2) multi++;
      expect(stepped, `seed ${seed}`).toEqual(bisected);
      expect(outcome(() => solver.frontier(problem)), `seed ${seed}: frontier`).toEqual(outcome(() => frontierReference(problem)));
      const latencies = bisected.map((point) => point.latency);
      const deadlineSet = new Set<number>();
      latencies.forEach((l, i) => {
        deadlineSet.add(l);
        deadlineSet.add(nextDown(l));
        if (i + 1 < latencies.length) deadlineSet.add((l + latencies[i + 1]!) / 2);
      });
      for (const maxLatency of deadlineSet) {
        deadlines++;
        expect(outcome(() => solver.solve(problem, { maxLatency })), `seed ${seed}: maxLatency ${maxLatency}`).toEqual(outcome(() => solveReference(problem, { maxLatency })));
      }
    }
    if (process.env.R25_LOG) console.log(`R25 compared ${compared} multi ${multi} deadlines ${deadlines}`);
    expect(compared).toBeGreaterThan(60);
    expect(multi).toBeGreaterThan(25);
    expect(deadlines).toBeGreaterThan(600);
  });
});
