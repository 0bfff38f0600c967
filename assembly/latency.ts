// The least-latency phase (src/search-latency.ts) and the useful-cell windows it and the
// transfer-aware search share.
import { C_STATES, C_TRANSITIONS, C_LATENCY_CELLS, U, K, S, W, finalsPtr, lowPtr, queuePtr, keysPtr, timePrefix, divisor, stride, digit, reach, cell, setCell, count, stageTime, fits, resetDigits, nextDigits, countOf, useActivations, setStageCount, reverseOutput, writeStage } from './layout';
import { probe } from './threshold';
import { pickFinalState } from './objective';

@inline export function low(state: i32): i32 {
  return load<i32>(lowPtr + (<usize>state << 2));
}

export function nearestStart(k: i32, e: i32, limit: f64): i32 {
  let lo = 0;
  let hi = e;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (stageTime(k, mid, e) <= limit && fits(k, mid, e)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** src/search-latency.ts `firstUsefulEnds`, into low[]: the backward DP by state, then mirrored. */
export function fillFirstUsefulEnds(limit: f64): void {
  resetDigits();
  store<i32>(lowPtr, U);
  for (let state = 1; state < S; state++) {
    nextDigits();
    let best = U;
    for (let k = 0; k < K; k++) {
      if (digit(k) == 0) continue;
      const s = nearestStart(k, low(state - stride(k)), limit);
      if (s < best) best = s;
    }
    store<i32>(lowPtr + (<usize>state << 2), best);
  }
  for (let i = 0, j = S - 1; i < j; i++, j--) {
    const a = low(i);
    store<i32>(lowPtr + (<usize>i << 2), low(j));
    store<i32>(lowPtr + (<usize>j << 2), a);
  }
}

/** Row windows (src/search-latency.ts `latencyWindows`): reach[] is the high end, low[] from the back DP. */
export function latencyWindows(limit: f64): void {
  probe(limit, false);
  fillFirstUsefulEnds(limit);
}

/** firstUsefulEnds of the relaxation without activations, for the transfer-aware DP. */
export function fillRelaxedUsefulEnds(limit: f64): void {
  if (limit == Infinity) {
    for (let state = 0; state < S; state++) store<i32>(lowPtr + (<usize>state << 2), 0);
    return;
  }
  useActivations(false);
  fillFirstUsefulEnds(limit);
  useActivations(true);
}

@inline export function latencyAt(state: i32, e: i32): f64 {
  return e >= low(state) && e <= reach(state) ? cell(state * W + e) : Infinity;
}

/** The limit the table was last filled at (src/search.ts keeps the same record); NaN: none. */
export let filledLimit: f64 = NaN;

export function forgetFilledTable(): void {
  filledLimit = NaN;
}

/**
 * src/search-latency.ts `latencyPlanWithin`: writes the plan and returns its final state, or -1
 * when no plan has every stage ≤ limit (`exact`: only plans of exactly the least latency).
 */
export function latencyPlan(limit: f64, exact: bool = false, within: f64 = Infinity): i32 {
  fillLatencyTable(limit);
  return latencyPlanFromTable(limit, exact, within);
}

/** src/search-latency.ts `fillLatencyTable`: windows into reach[] and low[], the table into cells. */
export function fillLatencyTable(limit: f64): void {
  filledLimit = limit;
  latencyWindows(limit);
  setCell(0, 0);
  resetDigits();
  let states: f64 = 0;
  let transitions: i64 = 0;
  for (let state = 1; state < S; state++) {
    nextDigits();
    const row = state * W;
    const last = reach(state);
    if (low(state) > last) continue;
    for (let e = low(state); e <= last; e++) setCell(row + e, Infinity);
    const first = max(1, low(state));
    count(C_LATENCY_CELLS, <f64>max(0, last - first + 1));
    for (let k = 0; k < K; k++) {
      if (digit(k) == 0) continue;
      const previous = state - stride(k);
      const prevRow = previous * W;
      const div = divisor(k);
      let head = 0;
      let tail = 0;
      let pushed = low(previous);
      const pushLimit = reach(previous);
      let allowed = pushed;
      // Counted in locals and added once per kind: a counter kept in memory made every cell wait
      // for the last one's store (a chain through memory), 1.5x slower on a deadline solve.
      if (last >= first) states += <f64>(last - first + 1);
      for (let e = first; e <= last; e++) {
        for (; pushed < e && pushed <= pushLimit; pushed++) {
          const before = cell(prevRow + pushed);
          if (before == Infinity) continue;
          const key = before - timePrefix(k, pushed) / div;
          while (tail > head && load<f64>(keysPtr + (<usize>(tail - 1) << 3)) >= key) tail--;
          store<i32>(queuePtr + (<usize>tail << 2), pushed);
          store<f64>(keysPtr + (<usize>tail << 3), key);
          tail++;
        }
        while (allowed < e && (stageTime(k, allowed, e) > limit || !fits(k, allowed, e))) allowed++;
        while (head < tail && load<i32>(queuePtr + (<usize>head << 2)) < allowed) head++;
        if (head < tail) {
          const s = load<i32>(queuePtr + (<usize>head << 2));
          transitions++;
          const value = cell(prevRow + s) + stageTime(k, s, e);
          if (value < cell(row + e)) setCell(row + e, value);
        }
      }
    }
  }
  count(C_STATES, states);
  count(C_TRANSITIONS, <f64>transitions);
}

/** src/search-latency.ts `latencyPlanFromTable`. */
export function latencyPlanFromTable(limit: f64, exact: bool, within: f64 = Infinity): i32 {
  for (let state = 0; state < S; state++) store<f64>(finalsPtr + (<usize>state << 3), latencyAt(state, U));
  const top = pickFinalState(exact, within);
  if (top < 0) return -1;
  let n = 0;
  let state = top;
  let end = U;
  while (end > 0) {
    const target = latencyAt(state, end);
    let found = false;
    for (let k = 0; k < K && !found; k++) {
      if (countOf(state, k) == 0) continue;
      const previous = state - stride(k);
      // Only starts inside the previous state's window have a value (src/search-latency.ts).
      const last = min(end - 1, reach(previous));
      for (let s = max(0, low(previous)); s <= last; s++) {
        const before = latencyAt(previous, s);
        if (before == Infinity || stageTime(k, s, end) > limit || !fits(k, s, end)) continue;
        if (before + stageTime(k, s, end) == target) {
          writeStage(n, end, k);
          n++;
          state = previous;
          end = s;
          found = true;
          break;
        }
      }
    }
    if (!found) abort('least-latency reconstruction failed');
  }
  setStageCount(n);
  reverseOutput(n);
  return top;
}
