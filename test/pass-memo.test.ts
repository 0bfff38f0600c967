/**
 * The general-DP frontier keeps what its passes showed for the points after (src/pass-memo.ts):
 * a pass recorded at a limit answers a later pass at the same limit, as itself or as a failure,
 * and recorded plans bound a point's search. Checked here against the contract of a pass
 * (src/search.ts `GeneralSearch.pass`): a pass with bound R reports the least latency exactly
 * when it is at most R (and then the plan an unpruned pass picks), else some latency above R.
 * The frontiers themselves are checked against bisection alone in
 * frontier-general-stepping.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { createSolver, frontierReference, type Problem } from '../src/index.js';
import { prepareFor } from '../src/solver.js';
import { resolveOptions, validateProblem } from '../src/validate.js';
import { search, generalSearch } from '../src/search.js';
import { frontierPasses } from '../src/tradeoff.js';
import { PassMemo } from '../src/pass-memo.js';
import { LATENCY_TIE } from '../src/objective.js';
import { nextDown } from '../src/search-breakpoint.js';
import { randomNetworkProblem } from './helpers/random-network.js';
import { rng } from './helpers/random.js';
import { linkedCluster } from '../bench/cases.js';

describe('PassMemo', () => {
  it('answers only what a fresh pass would: 200 random networks, 60 passes each at repeated limits and bounds', () => {
    let answered = 0;
    let failures = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const { problem } = randomNetworkProblem(rng(seed), { maxDevices: 5, minUnits: 4, maxUnits: 24, requirements: 0.3 });
      const checked = validateProblem(problem as Problem);
      const options = resolveOptions({}, 'ts', checked.options);
      const p = prepareFor(checked, options, true);
      if (!p.transfers) continue;
      const result = search(p, { ...options, secondary: 'latency' });
      if (!result.feasible) continue;
      // Limits and bounds where a frontier's passes run: its points' limits, bottlenecks and the
      // doubles just below them; its latencies, the tie above them, and none.
      const points = frontierPasses(generalSearch(p), result.least);
      const limits = points.flatMap((point) => [point.limit, point.bottleneck, nextDown(point.bottleneck), point.limit * 1.01]);
      const bounds = [Infinity, ...points.flatMap((point) => [point.latency, point.latency * (1 + 4e-9), point.latency - LATENCY_TIE * point.latency, point.latency * 0.99])];
      const r = rng(seed * 7919);
      const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)]!;
      const memo = new PassMemo(generalSearch(p));
      const fresh = generalSearch(p);
      for (let i = 0; i < 60; i++) {
        const limit = pick(limits);
        const relevant = pick(bounds);
        const before = memo.search.counters.transitions;
        const got = memo.search.pass(limit, false, Infinity, relevant);
        const skipped = memo.search.counters.transitions === before;
        const want = fresh.pass(limit, false, Infinity, relevant);
        const at = `seed ${seed}, pass ${i} at ${limit} bound ${relevant}`;
        if (want.latency <= relevant) {
          // Exact: the same least latency, and the same plan where its whole tie is within the bound.
          expect(got.latency, at).toBe(want.latency);
          if (want.latency + LATENCY_TIE * want.latency <= relevant) expect([got.ends, got.kinds, got.planLatency, got.bottleneck], at).toEqual([want.ends, want.kinds, want.planLatency, want.bottleneck]);
        } else {
          expect(got.latency, at).toBeGreaterThan(relevant);
        }
        if (skipped) {
          answered++;
          if (got.latency > relevant) failures++;
        }
      }
    }
    // The checks mean something only if the record answered many passes, failures among them.
    expect(answered).toBeGreaterThan(2000);
    expect(failures).toBeGreaterThan(200);
  });

  it('8 linked devices × 100 units list all 41 points, in both engines (refused at the step budget before the record)', async () => {
    // 29.7 million transitions of the 40 million allowed; 43.3 million without the record (10.6
    // million since the relevance bound caps each device's stage at the pass's limit).
    const problem = linkedCluster(8, 100, 8_100_001);
    const wasm = (await createSolver()).frontier(problem);
    const ts = frontierReference(problem);
    const shape = (plan: (typeof ts)[number]) => [plan.bottleneck, plan.latency, plan.stats.transitions, plan.stages.map((s) => `${s.device}:${s.start}-${s.end}`)];
    expect(wasm.map(shape)).toEqual(ts.map(shape));
    expect(ts).toHaveLength(41);
  });
});
