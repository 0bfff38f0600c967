/**
 * What a general-DP frontier has learned from its passes, kept for the points after (docs/model.md,
 * "Frontier"; README, "How it works"). Each point's search used to start from nothing: climbing
 * from the last point, it re-ran passes an earlier point's search had run at the same limit (37 %
 * of the transitions of 8 linked devices × 100 units) and re-found plans it had seen.
 *
 * A pass at limit T with relevance bound R (src/search-transfers.ts `latencyPass`) reports the
 * least latency L(T) exactly when L(T) ≤ R, and then the plan an unpruned pass picks: the pruned
 * pass keeps every cell on a path to a plan at or below R with its unpruned value
 * (`RestBound`). So a pass recorded at T answers a later pass at the same T and bound R':
 *  - as itself, when the whole latency tie of its least (the plans `pickFinalState` chooses
 *    among: latency ≤ L + 1e-9·L) is at or below both R and R': then both passes hold those
 *    plans' exact values and pick the same one;
 *  - as a failure, when L(T) is known to be above R' (recorded L above R', and exact or R ≥ R'):
 *    a fresh pass would also report some latency above R' (its contract), and any such report
 *    means the same to the drivers (the limit fails every bound below R').
 * Besides, a recorded plan that meets a point's bound is a limit known to pass (its bottleneck),
 * and a recorded failure a limit known to fail: the point's search starts between them.
 *
 * Both engines run this same code over their own passes, whose results agree to the bit, so they
 * skip the same passes and still agree, counters included.
 */
import { passLimit, type GeneralSearch } from './search.js';
import type { LatencyPass } from './search-transfers.js';
import { LATENCY_TIE } from './objective.js';

/** A pass and the limit it ran at (after `passLimit`). */
export interface LimitedPass {
  limit: number;
  pass: LatencyPass;
}

interface Recorded extends LimitedPass {
  relevant: number;
}

/** The largest latency `pickFinalState` ties with a least latency L (`exact` false, no deadline). */
function tieTop(latency: number): number {
  return latency + LATENCY_TIE * latency;
}

export class PassMemo {
  /** The search with `pass` answered from the record where it can be. */
  readonly search: GeneralSearch;
  private readonly byLimit = new Map<number, Recorded>();

  constructor(g: GeneralSearch) {
    this.search = { ...g, pass: (limit, exact, within = Infinity, relevant = Infinity) => this.pass(g, limit, exact, within, relevant) };
  }

  private pass(g: GeneralSearch, limit: number, exact: boolean, within: number, relevant: number): LatencyPass {
    // Exact picks and deadlines tie differently: those passes are neither answered nor kept.
    if (exact || within !== Infinity) return g.pass(limit, exact, within, relevant);
    // Passes at limits above their bound are the pass at the bound (src/search.ts `passLimit`).
    limit = passLimit(limit, relevant);
    const known = this.byLimit.get(limit);
    if (known !== undefined) {
      const latency = known.pass.latency;
      if (tieTop(latency) <= Math.min(known.relevant, relevant)) return known.pass;
      if (latency > relevant && (latency <= known.relevant || known.relevant >= relevant)) return known.pass;
    }
    const pass = g.pass(limit, exact, within, relevant);
    // Keep the pass that knows more: the one with the larger bound.
    if (known === undefined || relevant >= known.relevant) this.byLimit.set(limit, { limit, relevant, pass });
    return pass;
  }

  /**
   * Of the recorded plans with latency below `bound` (strictly, the frontier's test), the one
   * with the least bottleneck, with the limit its pass ran at: a limit at which a pass meets the
   * bound. Undefined when none does.
   */
  leastPassing(bound: number): LimitedPass | undefined {
    let best: Recorded | undefined;
    for (const record of this.byLimit.values()) {
      if (record.pass.planLatency < bound && (best === undefined || record.pass.bottleneck < best.pass.bottleneck)) best = record;
    }
    return best;
  }

  /**
   * The largest recorded limit below `below` whose least latency is known to be at least `bound`
   * (so every limit up to it fails the bound: L never rises with the limit); -Infinity when none.
   */
  greatestFailing(bound: number, below: number): number {
    let greatest = -Infinity;
    for (const { limit, relevant, pass } of this.byLimit.values()) {
      if (limit >= below || limit <= greatest) continue;
      // Exact when at most its bound; otherwise L is above that bound, which must then reach `bound`.
      const fails = pass.latency <= relevant ? pass.latency >= bound : relevant >= bound;
      if (fails) greatest = limit;
    }
    return greatest;
  }
}
