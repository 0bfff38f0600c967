/**
 * Latency requirements and the throughput/latency trade-off (docs/model.md, "Requirements" and
 * "Frontier"), driven over latency passes of the general DP. Both engines run these drivers with
 * their own passes (`GeneralSearch`), so they make the same sequence of passes and agree.
 *
 * L(T) = the least latency among plans whose every cost is ≤ T. It never increases as T grows
 * (a larger limit only allows more plans) and it changes only at a real plan's bottleneck, which
 * is what both searches below rely on.
 */
import type { GeneralSearch } from './search.js';
import { tieLimit, type LatencyPass } from './search-transfers.js';
import { bitMidpoint, nextUp } from './search-threshold.js';

/**
 * The least T in [lo, hi] with `ok(pass(T))`, where `ok` holds at `hi` and, once it holds, for
 * every larger T. Bisects the doubles' bit patterns (at most 64 halvings) and snaps `hi` down to
 * the bottleneck of each passing plan, which is itself a passing limit.
 * @returns the least passing T and the pass at exactly that limit
 */
function leastPassingLimit(g: GeneralSearch, lo: number, hi: number, ok: (pass: LatencyPass) => boolean): { limit: number; pass: LatencyPass } {
  let passAtHi: LatencyPass | undefined;
  while (lo < hi) {
    const mid = bitMidpoint(lo, hi);
    const pass = g.pass(mid, true);
    if (ok(pass)) {
      hi = pass.bottleneck;
      passAtHi = pass.bottleneck === mid ? pass : undefined;
    } else {
      lo = nextUp(mid);
    }
  }
  return { limit: hi, pass: passAtHi ?? g.pass(hi, true) };
}

/** What `solveWithinLatency` found. */
export type LatencyRequirement =
  | { feasible: true; least: number; plan: LatencyPass }
  | { feasible: false; leastLatency: number };

/**
 * The objective under `maxLatency`: the least bottleneck B among plans with latency ≤ maxLatency,
 * then the least latency among plans within tieLimit(B) (docs/model.md, Objective).
 * @param least - the least bottleneck without the deadline (a lower bound here)
 */
export function solveWithinLatency(g: GeneralSearch, least: number, maxLatency: number): LatencyRequirement {
  const fastest = g.pass(Infinity, true);
  if (!(fastest.latency <= maxLatency)) return { feasible: false, leastLatency: fastest.latency };
  const meets = (pass: LatencyPass): boolean => pass.latency <= maxLatency;
  const found = leastPassingLimit(g, Math.max(least, g.lowerBound), fastest.bottleneck, meets);
  // Ties by rounding: the least latency within tieLimit(B) is at most the latency at B, which meets
  // the deadline; if the 1e-9 latency tie picked a plan just above it, take the exact least.
  let plan = g.pass(tieLimit(found.limit), false);
  if (!(plan.planLatency <= maxLatency)) plan = g.pass(tieLimit(found.limit), true);
  return { feasible: true, least: found.limit, plan };
}

/**
 * Every Pareto-optimal (bottleneck, latency) pair with one plan each (the fewest stages among
 * plans of exactly that pair), bottleneck ascending and latency strictly descending, from the
 * least-bottleneck plan to the least-latency plan.
 *
 * From a point (b, L), the next is at the least T with L(T) < L: every plan of a smaller
 * bottleneck has latency ≥ L, so it is dominated, and the plans at T of latency L(T) all have
 * bottleneck exactly T. The last point has the least latency of any plan.
 * @param least - B*, the least bottleneck of any plan
 */
export function frontierPasses(g: GeneralSearch, least: number): LatencyPass[] {
  const points = [g.pass(least, true)];
  const fastest = g.pass(Infinity, true);
  for (;;) {
    const previous = points[points.length - 1] as LatencyPass;
    if (!(fastest.latency < previous.latency)) break;
    const below = (pass: LatencyPass): boolean => pass.latency < previous.latency;
    points.push(leastPassingLimit(g, nextUp(previous.bottleneck), fastest.bottleneck, below).pass);
  }
  return points;
}
