/**
 * The objective's tie rules (docs/model.md, Objective), shared by every search: which complete plan wins when
 * several have the least bottleneck.
 */
import type { PreparedProblem } from './prepare.js';
import { countOf } from './prepare.js';

export function stageCountOf(p: PreparedProblem, state: number): number {
  let count = 0;
  for (let k = 0; k < p.kindCount; k++) count += countOf(p, state, k);
  return count;
}

/** Latencies within this relative distance of the least are equal but for rounding. */
export const LATENCY_TIE = 1e-9;

/**
 * docs/model.md, Objective, rules 2–4, over complete plans, one per final state (its devices): the least latency;
 * among latencies within LATENCY_TIE of it (equal but for rounding, e.g. the same work split over
 * identical devices), the fewest stages; then the least latency; then the lowest state number.
 * @param exact - consider only states of exactly the least value (no rounding tie)
 * @param within - a requirement's ceiling (a deadline): states above it are left out of the tie,
 *   never the least itself (the objective among plans that meet the deadline, docs/model.md)
 * @returns the chosen state, or -1 when no state has a plan
 */
export function pickFinalState(p: PreparedProblem, valueOf: (state: number) => number, exact = false, within = Infinity): number {
  let least = Infinity;
  for (let state = 1; state < p.stateCount; state++) least = Math.min(least, valueOf(state));
  if (least === Infinity) return -1;
  // `exact` (the frontier): only plans of exactly the least value, then the fewest stages.
  const cutoff = exact ? least : Math.min(least + LATENCY_TIE * least, Math.max(least, within));
  let top = -1;
  let topStages = 0;
  let topValue = Infinity;
  for (let state = 1; state < p.stateCount; state++) {
    const value = valueOf(state);
    if (!(value <= cutoff)) continue;
    const stages = stageCountOf(p, state);
    if (top < 0 || stages < topStages || (stages === topStages && value < topValue)) {
      top = state;
      topStages = stages;
      topValue = value;
    }
  }
  return top;
}
