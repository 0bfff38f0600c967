/**
 * Review of session 22 (14c544f): does the oracle (test/helpers/network-oracle.ts) follow
 * docs/model.md's Frontier wording? Without a deadline it does (the reviewer's own enumeration,
 * written from the page, agrees on 31,100 random problems). With `maxLatency` it does not:
 * `oracleFrontier` drops the plans above the deadline first and builds the frontier of the rest,
 * while the page (and the engines) take the frontier's points, "only the points whose L meets
 * it". They differ on 434 of 24,343 last-bit deadlines (deadlines at and an ulp around each point's latencies, 5,000 seeds):
 * - a point's bottleneck: the oracle's first point is at the least bottleneck of a plan meeting the
 *   deadline (0.25 below), the page's at the point's own B (0.24999999999999997, whose plans are
 *   above the deadline; its tie set holds the 0.25 plan), which the engines report;
 * - points the page leaves out: a point whose L is above the deadline (by an ulp) while a plan
 *   tied with it meets it; the oracle lists one there, the engines list none.
 * The engine tests compare only the plans' bottlenecks under a deadline, so neither shows there.
 */
import { describe, expect, it } from 'vitest';
import { oracleFrontier, type NetworkProblem } from './helpers/network-oracle.js';

describe('oracleFrontier under maxLatency, against docs/model.md (Frontier)', () => {
  it("puts a point at the point's own B, not at the least bottleneck meeting the deadline", () => {
    const problem: NetworkProblem = {
      model: { time: [0.1, 0.2, 0.2, 0.7, 0.6, 0.1, 0.1] },
      devices: [{ id: 'd0', speed: 0.7 }, { id: 'd1', speed: 1 }, { id: 'd2', speed: 6 }, { id: 'd3', speed: 1 }],
    };
    // Without a deadline the first point is at 0.24999999999999997 with L 0.7928571428571429 there.
    const all = oracleFrontier(problem, { first: 'd0' });
    expect(all[0]?.bottleneck).toBe(0.24999999999999997);
    expect(all[0]?.latency).toBe(0.7928571428571429);
    // Its L meets this deadline, so the page lists that point, at the same B.
    const within = oracleFrontier(problem, { first: 'd0', maxLatency: 0.7928571428571429 });
    expect(within[0]?.bottleneck).toBe(0.24999999999999997);
  });

  it('leaves out a point whose L is above the deadline', () => {
    const problem: NetworkProblem = { model: { time: [0.2, 0.3, 0.1] }, devices: [{ id: 'd0', speed: 6 }, { id: 'd1', speed: 6 }] };
    const all = oracleFrontier(problem);
    expect(all.map((p) => p.latency)).toEqual([0.1]);
    expect(oracleFrontier(problem, { maxLatency: 0.09999999999999999 })).toEqual([]);
  });
});
