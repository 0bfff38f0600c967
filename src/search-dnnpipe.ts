/** The paper's DP with its prunings made safe (`'dnnpipe'` phase 1). Kernel twin: assembly/paper-dp.ts. */
import type { PreparedProblem } from './prepare.js';
import { fits, stageTime, nextDigits } from './prepare.js';
import type { SearchCounters } from './search.js';

/**
 * `'dnnpipe'` phase 1: the paper's DP. best[state][e] = least bottleneck covering units [0, e)
 * with exactly the state's devices, each on one non-empty stage.
 *
 * Safe pruning 1 (upper bound). The paper stops extending a stage past T_ub = Σtime/Σspeed +
 * max(time)/min(speed). Pruning stages above any U keeps every plan with bottleneck ≤ U, so if the DP
 * still finds a plan, it is optimal; when memory binds, B* can exceed T_ub and the DP finds nothing —
 * then it is rerun without the bound (`boundRetries`). The answer is exact either way.
 *
 * Safe pruning 2 (under-utilized stage). The paper skips a non-final stage [s, e) whose time with
 * the next unit added is still below the ideal Σtime/Σspeed. If that longer stage fits memory, an
 * optimal plan never needs the short one: moving unit e into it keeps it ≤ the lower bound ≤ B*, and
 * the next stage only shrinks (faster, less memory; if it empties, its device is dropped). Repeating
 * left to right gives an optimal plan with no such stage. The paper's rule skips the stage even when
 * the longer one does not fit — then the exchange is impossible and the optimum can be lost. We
 * apply it only when the longer stage fits, and use `lowerBound` (valid in floating point).
 *
 * Safe pruning 3 (incumbent). Once some complete plan of bottleneck F is found, stages longer than
 * F and partial plans already at F or above cannot give a plan below F, so they are skipped: the
 * bound becomes min(U, F). The least bottleneck found is still B*, since B*'s plan survives.
 *
 * Filling (the same B* as the textbook recurrence, with far less work; the authors' loop order):
 * - push-style: only finite cells push stages forward, so unreachable cells cost nothing; states
 *   grow in mixed radix (state + stride[k] > state), so a row is final before it is read;
 * - each row initializes only its window [low, high], the span written into it;
 * - the ends kept for a stage from s on kind k form one interval [first, last]: the under-utilized
 *   rule skips a prefix (time and fit of the longer stage are monotone in e), the bound and memory
 *   cut a suffix; both ends only move right as s grows (a later start gives a shorter, lighter
 *   stage), so each is galloped from its previous position.
 * Counters: one `prunedUnderUtilized` per skipped end, one `prunedUpperBound` per stage cut by the
 * bound rather than memory, one transition per relaxed end, one state per reachable cell.
 */
export function dnnpipeBottleneck(p: PreparedProblem, c: SearchCounters): number {
  const U = p.unitCount;
  const W = U + 1;
  const K = p.kindCount;
  const best = new Float64Array(p.stateCount * W);
  const low = new Int32Array(p.stateCount);
  const high = new Int32Array(p.stateCount);
  const digits = new Int32Array(K);
  let upper = p.paperUpperBound;
  for (;;) {
    // Empty windows (high < low) mark unreachable rows.
    low.fill(W);
    high.fill(-1);
    digits.fill(0);
    low[0] = 0;
    high[0] = 0;
    best[0] = 0;
    let found = Infinity;
    for (let state = 0; state < p.stateCount; state++) {
      if (state > 0) nextDigits(p, digits);
      const lo = low[state] ?? 0;
      const hi = (high[state] ?? 0) < U ? (high[state] ?? 0) : U - 1; // a cell at U pushes nothing
      if (hi < lo) continue;
      const row = state * W;
      let counted = false;
      for (let k = 0; k < K; k++) {
        if ((digits[k] ?? 0) >= (p.multiplicity[k] ?? 0)) continue;
        const target = state + (p.stride[k] ?? 0);
        const base = target * W;
        const prefixBase = k * W;
        const divisor = p.divisor[k] ?? 1;
        const bound = found < upper ? found : upper;
        let first = lo + 1;
        let last = lo;
        for (let s = lo; s <= hi; s++) {
          const before = best[row + s] ?? Infinity;
          if (before === Infinity) continue;
          if (!counted) c.states++;
          if (before >= found) continue;
          if (first <= s) first = s + 1;
          first = firstUsefulEnd(p, k, s, first);
          if (last < s) last = s;
          last = lastAllowedEnd(p, k, s, last, bound);
          c.prunedUnderUtilized += (first < last + 1 ? first : last + 1) - (s + 1);
          if (last < U && stageTime(p, k, s, last + 1) > bound) c.prunedUpperBound++;
          if (first > last) continue;
          c.transitions += last - first + 1;
          extendWindow(best, low, high, target, W, first, last);
          const startPrefix = p.timePrefix[prefixBase + s] ?? 0;
          for (let e = first; e <= last; e++) {
            const time = ((p.timePrefix[prefixBase + e] ?? 0) - startPrefix) / divisor;
            const candidate = before > time ? before : time;
            if (candidate < (best[base + e] ?? Infinity)) best[base + e] = candidate;
          }
          if (last === U) {
            const complete = best[base + U] ?? Infinity;
            if (complete < found) found = complete;
          }
        }
        counted = true;
      }
    }
    if (found < Infinity || upper === Infinity) return found;
    upper = Infinity;
    c.boundRetries++;
  }
}

/** Whether the under-utilized rule skips the stage [s, e) (see pruning 2). */
function underUtilized(p: PreparedProblem, k: number, s: number, e: number): boolean {
  return e < p.unitCount && stageTime(p, k, s, e + 1) <= p.lowerBound && fits(p, k, s, e + 1);
}

/** The least end ≥ from (all ends below it are skipped) the under-utilized rule keeps; U always is. */
function firstUsefulEnd(p: PreparedProblem, k: number, s: number, from: number): number {
  if (!underUtilized(p, k, s, from)) return from;
  let skipped = from;
  let step = 1;
  let kept = from + 1;
  while (kept < p.unitCount && underUtilized(p, k, s, kept)) {
    skipped = kept;
    step *= 2;
    kept = skipped + step;
  }
  if (kept > p.unitCount) kept = p.unitCount;
  while (kept - skipped > 1) {
    const mid = (skipped + kept) >>> 1;
    if (underUtilized(p, k, s, mid)) skipped = mid;
    else kept = mid;
  }
  return kept;
}

/** Whether the stage [s, e) on kind k is within the bound and fits memory. */
function allowed(p: PreparedProblem, k: number, s: number, e: number, bound: number): boolean {
  return stageTime(p, k, s, e) <= bound && fits(p, k, s, e);
}

/** The greatest end with [s, e) allowed, given `from` is allowed or equals s; s when none is. */
function lastAllowedEnd(p: PreparedProblem, k: number, s: number, from: number, bound: number): number {
  let ok = from;
  let step = 1;
  let cut = from + 1;
  while (cut <= p.unitCount && allowed(p, k, s, cut, bound)) {
    ok = cut;
    step *= 2;
    cut = ok + step;
  }
  if (cut > p.unitCount + 1) cut = p.unitCount + 1;
  while (cut - ok > 1) {
    const mid = (ok + cut) >>> 1;
    if (allowed(p, k, s, mid, bound)) ok = mid;
    else cut = mid;
  }
  return ok;
}

/** Grows the target row's window to cover [first, last], setting the newly covered cells to Infinity. */
function extendWindow(best: Float64Array, low: Int32Array, high: Int32Array, target: number, W: number, first: number, last: number): void {
  let lo = low[target] ?? W;
  let hi = high[target] ?? -1;
  if (hi < lo) { // empty: as if it were [first, first - 1]
    lo = first;
    hi = first - 1;
  }
  const base = target * W;
  if (first < lo) best.fill(Infinity, base + first, base + lo);
  if (last > hi) best.fill(Infinity, base + hi + 1, base + last + 1);
  low[target] = first < lo ? first : lo;
  high[target] = last > hi ? last : hi;
}
