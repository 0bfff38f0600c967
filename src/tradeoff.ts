/**
 * Latency requirements and the throughput/latency trade-off (docs/model.md, "Requirements" and
 * "Frontier"), driven over latency passes of the general DP. Both engines run these drivers with
 * their own passes (`GeneralSearch`), so they make the same sequence of passes and agree.
 *
 * L(T) = the least latency among plans whose every cost is ≤ T. It never increases as T grows
 * (a larger limit only allows more plans) and it changes only at a real plan's bottleneck, which
 * is what both searches below rely on.
 */
import { MAX_SEARCH_STEPS } from './prepare.js';
import { SearchLimitError, type GeneralSearch, type SearchCounters } from './search.js';
import { tieLimit, type LatencyPass } from './search-transfers.js';
import { bitMidpoint } from './search-threshold.js';
import { LATENCY_TIE } from './objective.js';

/**
 * Passes are bounded by the work they did, like the general DP (README, "Limits"): both engines
 * count transitions alike, so both stop before the same pass.
 */
function withinBudget(counters: SearchCounters): void {
  if (counters.transitions > MAX_SEARCH_STEPS) throw new SearchLimitError();
}

/**
 * The least T in [lo, hi] with `ok(pass(T))`, where `ok` holds at `hi` and, once it holds, for
 * every larger T; `ok` means latency ≤ `bound` (give `bound` for guesses, or Infinity for none).
 *
 * Invariants: every limit below `lo` fails, `hi` passes. A passing probe snaps `hi` down to its
 * plan's bottleneck (itself a passing limit), a failing one snaps `lo` up to the next limit at
 * which a pass could differ. Probes, in order of preference:
 * 1. A guess (src/search-breakpoint.ts) after each failing probe: the least limit at which a plan
 *    with one stage above the failed limit meets the bound. It is probed just below first (a
 *    failure there moves `lo` to the guess), then at the guess: two passes prove an exact guess.
 * 2. Galloping up from `lo` (the limit itself, then lo · (1 + 2^-20), doubling the step), since
 *    the answer is usually close, until a probe passes.
 * 3. Bisecting the doubles' bit patterns (at most 64 halvings).
 * Any probe order keeps the invariants, so the result is exact whatever the guesses are.
 * @param firstSpan - how far above `lo` guesses look first
 * @param failed - a limit already known to fail with its pass just run, to guess from first
 * @returns the least passing T and the pass at exactly that limit
 */
function leastPassingLimit(g: GeneralSearch, lo: number, hi: number, ok: (pass: LatencyPass) => boolean, bound: number, firstSpan: number, failed?: number): { limit: number; pass: LatencyPass } {
  let passAtHi: LatencyPass | undefined;
  // Probes a guess scheduled, the last one first.
  let pending: number[] = [];
  // Guesses look below lo + span first (a tight ceiling keeps a guess as cheap as a pass), and
  // further, span by span, only when nothing is found there.
  let span = firstSpan;
  const guessFrom = (limit: number): void => {
    for (;;) {
      withinBudget(g.counters);
      const ceiling = Math.min(hi, lo + span);
      const guess = g.guess(limit, bound, ceiling);
      if (guess >= lo && guess < hi) {
        const below = g.previousLimit(guess);
        pending = below >= lo ? [guess, below] : [guess];
        return;
      }
      if (!(ceiling < hi)) return;
      span *= 8;
    }
  };
  if (failed !== undefined) guessFrom(failed);
  let step = 0;
  let galloping = true;
  while (lo < hi) {
    withinBudget(g.counters);
    let mid = pending.pop() ?? NaN;
    if (!(mid >= lo && mid < hi)) {
      pending = [];
      mid = bitMidpoint(lo, hi);
      if (galloping) {
        const gallop = step === 0 ? lo : lo * (1 + step);
        if (gallop < mid) mid = gallop;
        step = step === 0 ? 2 ** -20 : step * 2;
      }
    }
    const pass = g.pass(mid, false);
    if (ok(pass)) {
      hi = pass.bottleneck;
      passAtHi = pass.bottleneck === mid ? pass : undefined;
      galloping = false;
    } else {
      // Nothing changes below the next candidate limit, so it fails there too.
      lo = g.nextLimit(mid);
      if (pending.length === 0 && lo < hi) guessFrom(mid);
    }
  }
  return { limit: hi, pass: passAtHi ?? g.pass(hi, false) };
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
  const fastest = g.pass(Infinity, false);
  if (!(fastest.latency <= maxLatency)) return { feasible: false, leastLatency: fastest.latency };
  const meets = (pass: LatencyPass): boolean => pass.latency <= maxLatency;
  const lo = Math.max(least, g.lowerBound);
  const found = leastPassingLimit(g, lo, fastest.bottleneck, meets, maxLatency, lo * 2 ** -10);
  // Ties by rounding: the least latency within tieLimit(B) is at most the latency at B, which meets
  // the deadline; if the 1e-9 latency tie picked a plan just above it, take the exact least.
  let plan = g.pass(tieLimit(found.limit), false);
  if (!(plan.planLatency <= maxLatency)) plan = g.pass(tieLimit(found.limit), true);
  return { feasible: true, least: found.limit, plan };
}

/**
 * The frontier (docs/model.md, Frontier): with L(T) the least latency of plans whose bottleneck is
 * ≤ T, a point at B* and then at each least T where L(T) drops below the previous point's by
 * more than the 1e-9 latency tie, up to the least latency of any plan. Each point's plan is the
 * objective's pick within its limit: latency within 1e-9 of L(T), fewest stages, least latency.
 *
 * From a point at latency L, every plan of a smaller bottleneck than the next point has latency
 * ≥ L(1 − 1e-9): dominated, or equal but for rounding. Latencies that differ only in their last
 * bits are one point, as in the objective: the windowed least-latency DP picks a stage start by
 * a rearranged key whose rounding can differ by an ulp from the left-to-right sum.
 * @param least - B*, the least bottleneck of any plan
 */
export function frontierPasses(g: GeneralSearch, least: number): LatencyPass[] {
  const fastest = g.pass(Infinity, false);
  const points = [g.pass(least, false)];
  for (;;) {
    const previous = points[points.length - 1] as LatencyPass;
    const bound = previous.latency - LATENCY_TIE * previous.latency;
    const below = (pass: LatencyPass): boolean => pass.latency < bound;
    if (!below(fastest)) break;
    // The previous point's own pass is the first failing one: guess from its limit.
    // Points are usually about as far apart as the last two.
    const gap = points.length > 1 ? previous.bottleneck - (points[points.length - 2] as LatencyPass).bottleneck : previous.bottleneck * 2 ** -10;
    points.push(leastPassingLimit(g, g.nextLimit(previous.bottleneck), fastest.bottleneck, below, bound, 2 * gap, previous.bottleneck).pass);
  }
  return points;
}
