// Guessing where L(T) next drops (src/search-breakpoint.ts), operation for operation. The
// backward table G lives in the second half of the cell table (the facade lays out
// 2 × states × (units + 1) cells for a monotone general search); the guess windows borrow the
// finals section (f64[S], free between passes) as i32[S].
import { C_STATES, C_TRANSITIONS, U, K, S, W, queuePtr, keysPtr, tablePtr, finalsPtr, timePrefix, divisor, stride, multiplicity, reach, cell, count, stageTime, fits, countOf } from './layout';
import { low } from './latency';

@inline function restAt(i: i32): f64 {
  return load<f64>(tablePtr + ((<usize>S * W + i) << 3));
}
@inline function setRest(i: i32, v: f64): void {
  store<f64>(tablePtr + ((<usize>S * W + i) << 3), v);
}
@inline function windowOf(state: i32): i32 {
  return load<i32>(finalsPtr + (<usize>state << 2));
}

/** src/search-breakpoint.ts `farthestEnd`. */
function farthestEnd(k: i32, s: i32, cap: f64, strict: bool): i32 {
  let lo = s;
  let hi = U;
  while (lo < hi) {
    const mid = lo + ((hi - lo + 1) >>> 1);
    const time = stageTime(k, s, mid);
    if ((strict ? time < cap : time <= cap) && fits(k, s, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** src/search-breakpoint.ts `guessWindows`, into the finals section. */
function guessWindows(limit: f64, ceiling: f64): void {
  store<i32>(finalsPtr, -1);
  for (let state = 1; state < S; state++) {
    let far = -1;
    for (let k = 0; k < K; k++) {
      if (countOf(state, k) == 0) continue;
      const previous = state - stride(k);
      const last = min(reach(previous), U - 1);
      if (low(previous) <= last) far = max(far, farthestEnd(k, last, ceiling, true));
      const before = windowOf(previous);
      if (before >= 0 && before < U) far = max(far, farthestEnd(k, before, limit, false));
    }
    store<i32>(finalsPtr + (<usize>state << 2), far);
  }
}

/** src/search-breakpoint.ts `backwardLatencies`: only the windows' cells are written. */
function backwardLatencies(limit: f64): void {
  let states: i64 = 0;
  let transitions: i64 = 0;
  for (let state = S - 1; state >= 0; state--) {
    const row = state * W;
    const first = low(state);
    const last = min(windowOf(state), U - 1);
    setRest(row + U, 0);
    if (first > last) continue;
    for (let e = first; e <= last; e++) setRest(row + e, Infinity);
    for (let k = 0; k < K; k++) {
      if (countOf(state, k) >= multiplicity(k)) continue;
      const next = state + stride(k);
      const nextRow = next * W;
      const nextLow = low(next);
      const div = divisor(k);
      let head = 0;
      let tail = 0;
      let pushed = windowOf(next);
      let far = pushed;
      for (let e = last; e >= first; e--) {
        states++;
        for (; pushed > e && pushed >= nextLow; pushed--) {
          const after = restAt(nextRow + pushed);
          if (after == Infinity) continue;
          const key = after + timePrefix(k, pushed) / div;
          while (tail > head && load<f64>(keysPtr + (<usize>(tail - 1) << 3)) >= key) tail--;
          store<i32>(queuePtr + (<usize>tail << 2), pushed);
          store<f64>(keysPtr + (<usize>tail << 3), key);
          tail++;
        }
        while (far > e && (stageTime(k, e, far) > limit || !fits(k, e, far))) far--;
        while (head < tail && load<i32>(queuePtr + (<usize>head << 2)) > far) head++;
        if (head < tail) {
          const end = load<i32>(queuePtr + (<usize>head << 2));
          transitions++;
          const value = stageTime(k, e, end) + restAt(nextRow + end);
          if (value < restAt(row + e)) setRest(row + e, value);
        }
      }
    }
  }
  count(C_STATES, <f64>states);
  count(C_TRANSITIONS, <f64>transitions);
}

/**
 * src/search-breakpoint.ts `breakpointGuess`, from the forward table of a pass at `limit` (its
 * windows still in reach[] and low[]).
 */
export function breakpointGuess(limit: f64, bound: f64, ceiling: f64): f64 {
  guessWindows(limit, ceiling);
  backwardLatencies(limit);
  const cap = <i64>S * <i64>W * <i64>K;
  let transitions: i64 = 0;
  let best = ceiling;
  for (let state = 0; state < S; state++) {
    const first = low(state);
    const last = min(reach(state), U - 1);
    if (first > last) continue;
    for (let k = 0; k < K; k++) {
      if (countOf(state, k) >= multiplicity(k)) continue;
      const after = state + stride(k);
      const afterLow = low(after);
      const afterRow = after * W;
      let over = first + 1;
      for (let s = first; s <= last; s++) {
        const before = cell(state * W + s);
        if (before == Infinity) continue;
        if (over <= s) over = s + 1;
        while (over <= U && stageTime(k, s, over) <= limit) over++;
        for (let e = over > afterLow ? over : afterLow; e <= U; e++) {
          transitions++;
          if (transitions > cap) {
            count(C_TRANSITIONS, <f64>transitions);
            return best < ceiling ? best : Infinity;
          }
          const time = stageTime(k, s, e);
          if (!(time < best) || !fits(k, s, e)) break;
          const finish = restAt(afterRow + e);
          if (finish != Infinity && before + time + finish <= bound) {
            best = time;
            break;
          }
        }
      }
    }
  }
  count(C_TRANSITIONS, <f64>transitions);
  return best < ceiling ? best : Infinity;
}

/** src/search.ts `nextStageTime`: the least fitting stage time above `limit`. */
export function nextStageTime(limit: f64): f64 {
  // Its scan counts towards the step budget (src/search.ts `nextStageTime`).
  count(C_TRANSITIONS, <f64>K * <f64>U);
  let next = Infinity;
  for (let k = 0; k < K; k++) {
    let e = 1;
    for (let s = 0; s < U; s++) {
      if (e <= s) e = s + 1;
      while (e <= U && stageTime(k, s, e) <= limit) e++;
      if (e > U) break;
      if (fits(k, s, e)) {
        const time = stageTime(k, s, e);
        if (time < next) next = time;
      }
    }
  }
  return next;
}

