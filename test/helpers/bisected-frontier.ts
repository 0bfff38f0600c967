/**
 * The plainest frontier driver there is, an oracle for the general DP's frontier drivers
 * (src/tradeoff.ts): bisection over the doubles with passes that keep every cell.
 */
import type { GeneralSearch } from '../../src/search.js';
import { tieLimit, type LatencyPass } from '../../src/search-transfers.js';
import { bitMidpoint } from '../../src/search-threshold.js';
import { LATENCY_TIE } from '../../src/objective.js';

/** A point as the drivers list it: its least bottleneck, least latency and plan. */
export interface Point {
  least: number;
  latency: number;
  planLatency: number;
  ends: number[];
  kinds: number[];
}

export const pointOf = (least: number, pass: LatencyPass): Point => ({ least, latency: pass.latency, planLatency: pass.planLatency, ends: [...pass.ends], kinds: [...pass.kinds] });

/**
 * The frontier by bisection alone: from each point, the least limit whose pass has a least
 * latency below the point's (less the 1e-9 tie), by halving the doubles' bit patterns between
 * the next double and the least-latency plan's bottleneck; the point's plan is the pass at its
 * tie limit (docs/model.md, Frontier).
 */
export function bisectedFrontier(search: GeneralSearch, least: number): Point[] {
  // Up to 64 passes a point: this driver is not held to the step budget.
  const g = { ...search, pass: (limit: number, exact: boolean) => ((search.counters.transitions = 0), search.pass(limit, exact)) };
  const fastest = g.pass(Infinity, true);
  const points: Point[] = [pointOf(least, g.pass(tieLimit(least), false))];
  let limit = tieLimit(least);
  for (;;) {
    const previous = points[points.length - 1]!;
    const bound = previous.latency - LATENCY_TIE * previous.latency;
    if (!(fastest.latency < bound)) return points;
    let lo = g.nextLimit(limit);
    let hi = fastest.bottleneck;
    while (lo < hi) {
      const mid = bitMidpoint(lo, hi);
      const pass = g.pass(mid, false);
      if (pass.latency < bound) hi = pass.planLatency < bound ? pass.bottleneck : mid;
      else lo = g.nextLimit(mid);
    }
    limit = tieLimit(hi);
    points.push(pointOf(hi, g.pass(limit, false)));
  }
}
