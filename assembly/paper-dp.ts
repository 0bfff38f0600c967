// The paper's DP made safe (src/search-dnnpipe.ts): 'dnnpipe' phase 1, push-style over reachable
// cells with row windows and galloped end intervals. Read the TypeScript twin for the proofs.
// Scratch: the row windows live in the reach[] (high end) and low[] sections, which phase 2
// rewrites from scratch (its probe and back DP) before reading them.
import { C_STATES, C_TRANSITIONS, C_PRUNED_UPPER, C_PRUNED_UNDER, C_BOUND_RETRIES, U, S, K, W, lowPtr, inNeedPtr, stride, digit, multiplicity, timePrefix, divisor, capacity, memoryPrefix, hasBlocked, strictMemory, blockedEnd, memoryFits, reach, setReach, cell, setCell, count, stageTime, resetDigits, nextDigits } from './layout';

@inline function low(state: i32): i32 {
  return load<i32>(lowPtr + (<usize>state << 2));
}
@inline function setLow(state: i32, v: i32): void {
  store<i32>(lowPtr + (<usize>state << 2), v);
}

export function dnnpipeBottleneck(lowerBound: f64, paperUpperBound: f64): f64 {
  let upper = paperUpperBound;
  while (true) {
    for (let state = 0; state < S; state++) {
      setLow(state, W);
      setReach(state, -1);
    }
    resetDigits();
    setLow(0, 0);
    setReach(0, 0);
    setCell(0, 0);
    let found = Infinity;
    for (let state = 0; state < S; state++) {
      if (state > 0) nextDigits();
      const lo = low(state);
      const hi = reach(state) < U ? reach(state) : U - 1;
      if (hi < lo) continue;
      const row = state * W;
      let counted = false;
      for (let k = 0; k < K; k++) {
        if (digit(k) >= multiplicity(k)) continue;
        const target = state + stride(k);
        const base = target * W;
        const d = divisor(k);
        const bound = found < upper ? found : upper;
        let first = lo + 1;
        let last = lo;
        for (let s = lo; s <= hi; s++) {
          const before = cell(row + s);
          if (before == Infinity) continue;
          if (!counted) count(C_STATES, 1);
          if (before >= found) continue;
          if (first <= s) first = s + 1;
          first = firstUsefulEnd(k, s, first, lowerBound);
          if (last < s) last = s;
          last = lastAllowedEnd(k, s, last, bound);
          count(C_PRUNED_UNDER, <f64>((first < last + 1 ? first : last + 1) - (s + 1)));
          if (last < U && stageTime(k, s, last + 1) > bound) count(C_PRUNED_UPPER, 1);
          if (first > last) continue;
          count(C_TRANSITIONS, <f64>(last - first + 1));
          extendWindow(target, first, last);
          const startPrefix = timePrefix(k, s);
          for (let e = first; e <= last; e++) {
            const t = (timePrefix(k, e) - startPrefix) / d;
            const candidate = before > t ? before : t;
            if (candidate < cell(base + e)) setCell(base + e, candidate);
          }
          if (last == U) {
            const complete = cell(base + U);
            if (complete < found) found = complete;
          }
        }
        counted = true;
      }
    }
    if (found < Infinity || upper == Infinity) return found;
    upper = Infinity;
    count(C_BOUND_RETRIES, 1);
  }
}

/**
 * The terms of `stageTime(k, s, e)` and `fits(k, s, e)` a start fixes, loaded once per gallop (as
 * assembly/threshold.ts farthestEndSearch does): the two gallops below were two fifths of the
 * 'dnnpipe' search, each step reloading them through calls that were not inlined. Same
 * arithmetic, same order, so the same decisions.
 */
let startTime: f64 = 0;
let speed: f64 = 1;
let startMemory: f64 = 0;
let startNeed: f64 = 0;
let room: f64 = 0;
let strict = false;
let lastRunnable: i32 = 0;

@inline function loadStart(k: i32, s: i32): void {
  startTime = timePrefix(k, s);
  speed = divisor(k);
  startMemory = memoryPrefix(s);
  startNeed = load<f64>(inNeedPtr + (<usize>s << 3));
  room = capacity(k);
  strict = strictMemory;
  lastRunnable = hasBlocked ? blockedEnd(k, s) : U;
}

/** `stageTime(k, s, e)` for the loaded start. */
@inline function timeTo(k: i32, e: i32): f64 {
  return (timePrefix(k, e) - startTime) / speed;
}

/** `fits(k, s, e)` for the loaded start. */
@inline function fitsTo(e: i32): bool {
  return e <= lastRunnable && memoryFits(startMemory, startNeed, room, strict, e);
}

/** Whether the under-utilized rule skips [s, e) (src/search-dnnpipe.ts `underUtilized`), for the loaded start. */
@inline function underUtilized(k: i32, e: i32, lowerBound: f64): bool {
  return e < U && timeTo(k, e + 1) <= lowerBound && fitsTo(e + 1);
}

function firstUsefulEnd(k: i32, s: i32, from: i32, lowerBound: f64): i32 {
  loadStart(k, s);
  if (!underUtilized(k, from, lowerBound)) return from;
  let skipped = from;
  let step = 1;
  let kept = from + 1;
  while (kept < U && underUtilized(k, kept, lowerBound)) {
    skipped = kept;
    step *= 2;
    kept = skipped + step;
  }
  if (kept > U) kept = U;
  while (kept - skipped > 1) {
    const mid = (skipped + kept) >>> 1;
    if (underUtilized(k, mid, lowerBound)) skipped = mid;
    else kept = mid;
  }
  return kept;
}

/** Whether [s, e) is within the bound and fits (src/search-dnnpipe.ts `allowed`), for the loaded start. */
@inline function allowed(k: i32, e: i32, bound: f64): bool {
  return timeTo(k, e) <= bound && fitsTo(e);
}

function lastAllowedEnd(k: i32, s: i32, from: i32, bound: f64): i32 {
  loadStart(k, s);
  let ok = from;
  let step = 1;
  let cut = from + 1;
  while (cut <= U && allowed(k, cut, bound)) {
    ok = cut;
    step *= 2;
    cut = ok + step;
  }
  if (cut > U + 1) cut = U + 1;
  while (cut - ok > 1) {
    const mid = (ok + cut) >>> 1;
    if (allowed(k, mid, bound)) ok = mid;
    else cut = mid;
  }
  return ok;
}

function extendWindow(target: i32, first: i32, last: i32): void {
  let lo = low(target);
  let hi = reach(target);
  if (hi < lo) {
    lo = first;
    hi = first - 1;
  }
  const base = target * W;
  for (let e = first; e < lo; e++) setCell(base + e, Infinity);
  for (let e = hi + 1; e <= last; e++) setCell(base + e, Infinity);
  setLow(target, first < lo ? first : lo);
  setReach(target, last > hi ? last : hi);
}
