// The paper's DP made safe (src/search-dnnpipe.ts): 'dnnpipe' phase 1, push-style over reachable
// cells with row windows and galloped end intervals. Read the TypeScript twin for the proofs.
// Scratch: the row windows live in the reach[] (high end) and low[] sections, which phase 2
// rewrites from scratch (its probe and back DP) before reading them.
import { C_STATES, C_TRANSITIONS, C_PRUNED_UPPER, C_PRUNED_UNDER, C_BOUND_RETRIES, U, S, K, W, lowPtr, stride, digit, multiplicity, timePrefix, divisor, reach, setReach, cell, setCell, count, stageTime, fits, resetDigits, nextDigits } from './layout';

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

function underUtilized(k: i32, s: i32, e: i32, lowerBound: f64): bool {
  return e < U && stageTime(k, s, e + 1) <= lowerBound && fits(k, s, e + 1);
}

function firstUsefulEnd(k: i32, s: i32, from: i32, lowerBound: f64): i32 {
  if (!underUtilized(k, s, from, lowerBound)) return from;
  let skipped = from;
  let step = 1;
  let kept = from + 1;
  while (kept < U && underUtilized(k, s, kept, lowerBound)) {
    skipped = kept;
    step *= 2;
    kept = skipped + step;
  }
  if (kept > U) kept = U;
  while (kept - skipped > 1) {
    const mid = (skipped + kept) >>> 1;
    if (underUtilized(k, s, mid, lowerBound)) skipped = mid;
    else kept = mid;
  }
  return kept;
}

function allowed(k: i32, s: i32, e: i32, bound: f64): bool {
  return stageTime(k, s, e) <= bound && fits(k, s, e);
}

function lastAllowedEnd(k: i32, s: i32, from: i32, bound: f64): i32 {
  let ok = from;
  let step = 1;
  let cut = from + 1;
  while (cut <= U && allowed(k, s, cut, bound)) {
    ok = cut;
    step *= 2;
    cut = ok + step;
  }
  if (cut > U + 1) cut = U + 1;
  while (cut - ok > 1) {
    const mid = (ok + cut) >>> 1;
    if (allowed(k, s, mid, bound)) ok = mid;
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
