// The threshold search (src/search-threshold.ts): 'auto' phase 1 and the
// fewest-stages plan for secondary 'none'.
import { bitSetProbe, probeBitSetNextLimit, incrementalApplies, forgetBase, hasBaseBelow, adoptBase, incrementalProbe, incrementalNextLimit, restoreBase, lastRaised } from './threshold-incremental';
import { C_STATES, C_TRANSITIONS, C_PROBES, U, K, S, W, extPtr, nextPtr, useExtTable, subsetStates, stride, digit, reach, setReach, count, stageTime, fits, resetDigits, nextDigits, countOf, stageCountOf, setStageCount, reverseOutput, writeStage, hasBlocked, blockedEnd, memoryFits, strictMemory, memoryPrefix, inNeedPtr, capacity, timePrefix, divisor, useEndMemo, memoEndPtr, memoLowPtr, memoHighPtr } from './layout';

/**
 * The farthest end e in [lo, hi] of a stage of kind k from s within `limit` and memory, given
 * that `lo` qualifies (src/search-threshold.ts `farthestEnd`).
 */
export function farthestEndSearch(k: i32, s: i32, limit: f64, lo: i32, hi: i32): i32 {
  // fits(k, s, e) split into its parts, loaded once: no end past the kind's next blocked unit
  // (the caller's `hi`), then the memory test with this start's terms and the kind's capacity
  // fixed. The same test as `fits`, so the same end; the loop only loses the flag and table
  // loads it repeated.
  const startMemory = memoryPrefix(s);
  const startNeed = load<f64>(inNeedPtr + (<usize>s << 3));
  const room = capacity(k);
  const strict = strictMemory;
  const startTime = timePrefix(k, s);
  const speed = divisor(k);
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((timePrefix(k, mid) - startTime) / speed <= limit && memoryFits(startMemory, startNeed, room, strict, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The time of the stage one unit longer than the end `farthestEnd` returned last; Infinity when it cannot fit. */
let foundLonger: f64 = Infinity;

/**
 * The farthest end of a stage of kind k from s within `limit` (the probe's binary search),
 * memoised per (kind, start) when the layout keeps a memo. Invariant: the end found at one limit
 * is the end at every limit from its own stage's time up to, not including, the one-unit-longer
 * stage's time (at every limit from its own time on when that stage cannot fit): stage times
 * grow with the end and the memory test does not depend on the limit, so the memo returns what
 * the search would. Outside that interval the old end still bounds the new one from the side the
 * limit moved to. The threshold search narrows towards B*, so later probes mostly hit.
 */
function farthestEnd(k: i32, s: i32, limit: f64): i32 {
  let lo = s;
  let hi = hasBlocked ? min(U, blockedEnd(k, s)) : U;
  let at: usize = 0;
  if (useEndMemo) {
    at = <usize>k * W + s;
    const known = load<i32>(memoEndPtr + (at << 2));
    if (known >= 0) {
      const low = load<f64>(memoLowPtr + (at << 3));
      const high = load<f64>(memoHighPtr + (at << 3));
      if (limit < low) hi = known - 1;
      else if (limit < high || high == Infinity) {
        foundLonger = high;
        return known;
      } else lo = known + 1;
    }
  }
  const e = farthestEndSearch(k, s, limit, lo, hi);
  const longer = e < U && fits(k, s, e + 1) ? stageTime(k, s, e + 1) : Infinity;
  foundLonger = longer;
  if (useEndMemo) {
    store<i32>(memoEndPtr + (at << 2), e);
    store<f64>(memoLowPtr + (at << 3), stageTime(k, s, e));
    store<f64>(memoHighPtr + (at << 3), longer);
  }
  return e;
}

/**
 * ext[k][s] for all starts: the farthest end only moves right as the start does (monotone costs).
 * next[k][s] is the time of the one-unit-longer stage when the limit (not memory) stopped it: the
 * probe's snap-up candidate, so the DP's inner loop needs no division.
 */
export function fillExtTable(limit: f64): void {
  for (let k = 0; k < K; k++) {
    let e = 0;
    for (let s = 0; s <= U; s++) {
      if (e < s) e = s;
      while (e < U && stageTime(k, s, e + 1) <= limit && fits(k, s, e + 1)) e++;
      const at = <usize>k * W + s;
      store<i32>(extPtr + (at << 2), e);
      store<f64>(nextPtr + (at << 3), e < U && fits(k, s, e + 1) ? stageTime(k, s, e + 1) : Infinity);
    }
  }
}

export let probeNextLimit: f64 = Infinity;

/**
 * The threshold DP (src/search-threshold.ts `probe`). Returns the first state reaching the end, or -1.
 * With all devices distinct (every kind of one device) a state is a bit set, and its kinds are
 * walked by their set bits instead of testing every digit: the same transitions, in the same order.
 */
export function probe(limit: f64, stopEarly: bool): i32 {
  forgetBase();
  if (useExtTable) fillExtTable(limit);
  if (subsetStates && useExtTable) {
    const top = bitSetProbe(stopEarly);
    probeNextLimit = probeBitSetNextLimit;
    return top;
  }
  resetDigits();
  let nextLimit = Infinity;
  let found = -1;
  let states: i64 = 0;
  let transitions: i64 = 0;
  setReach(0, 0);
  for (let state = 1; state < S; state++) {
    if (!subsetStates) nextDigits();
    states++;
    let best = 0;
    let bits = state;
    for (let k = 0; k < K; k++) {
      if (subsetStates) {
        if (bits == 0) break;
        k = ctz(bits);
        bits &= bits - 1;
      } else if (digit(k) == 0) {
        continue;
      }
      const s = reach(state - stride(k));
      transitions++;
      let e: i32;
      let longer: f64;
      if (useExtTable) {
        const at = <usize>k * W + s;
        e = load<i32>(extPtr + (at << 2));
        longer = load<f64>(nextPtr + (at << 3));
      } else {
        e = farthestEnd(k, s, limit);
        longer = foundLonger;
      }
      if (e > best) best = e;
      if (longer < nextLimit) nextLimit = longer;
    }
    setReach(state, best);
    if (best == U && found < 0) {
      found = state;
      if (stopEarly) break;
    }
  }
  count(C_PROBES, 1);
  count(C_STATES, <f64>states);
  count(C_TRANSITIONS, <f64>transitions);
  probeNextLimit = nextLimit;
  return found;
}

/** Writes the threshold DP's plan from `top` into the output sections; returns its bottleneck. */
export function thresholdPlan(limit: f64, top: i32): f64 {
  let n = 0;
  let state = top;
  let end = U;
  let worst: f64 = 0;
  while (end > 0) {
    let next = -1;
    let stageKind = -1;
    for (let k = 0; k < K && next < 0; k++) {
      if (countOf(state, k) > 0 && reach(state - stride(k)) >= end) next = state - stride(k);
    }
    for (let k = 0; k < K && next < 0; k++) {
      if (countOf(state, k) == 0) continue;
      const previous = state - stride(k);
      const s = reach(previous);
      if (stageTime(k, s, end) <= limit && fits(k, s, end)) {
        next = previous;
        stageKind = k;
      }
    }
    if (next < 0) abort('threshold plan reconstruction failed');
    if (stageKind >= 0) {
      const s = reach(next);
      const t = stageTime(stageKind, s, end);
      if (t > worst) worst = t;
      writeStage(n, end, stageKind);
      n++;
      end = s;
    }
    state = next;
  }
  setStageCount(n);
  reverseOutput(n);
  return worst;
}


/** Bisects the bit patterns of positive doubles (ordered like the values), as src/search-threshold.ts does. */
export function bitMidpoint(lo: f64, hi: f64): f64 {
  const a = reinterpret<u64>(lo);
  const b = reinterpret<u64>(hi);
  return reinterpret<f64>(a + (b - a) / 2);
}

/** src/search-threshold.ts `thresholdBottleneck`: gallop up from the lower bound, then bisect. */
export function thresholdBottleneck(lowerBound: f64): f64 {
  const first = probe(Infinity, true);
  if (first < 0) return Infinity;
  let hi = thresholdPlan(Infinity, first);
  let lo = lowerBound;
  let step: f64 = 1.0 / 1024;
  const incremental = incrementalApplies();
  let restarted = false;
  let raised = 0; // src/search-threshold.ts: past half the states, the next probe runs in full
  while (lo < hi) {
    let limit = bitMidpoint(lo, hi);
    if (step > 0) {
      const gallop = lo * (1 + step);
      if (gallop < limit) limit = gallop;
      step *= 2;
    }
    const fromBase = incremental && hasBaseBelow(limit) && 2 * raised <= S;
    // A full probe forgets the base; an infeasible one is adopted again below.
    const top = fromBase ? incrementalProbe(limit, true) : probe(limit, true);
    raised = fromBase ? lastRaised : 0;
    if (top >= 0) {
      hi = thresholdPlan(limit, top);
      step = 0;
      if (fromBase) restoreBase();
    } else {
      const next = fromBase ? incrementalNextLimit : probeNextLimit;
      if (!(next > limit)) abort('threshold search made no progress');
      lo = next;
      if (incremental && !fromBase) {
        adoptBase(limit);
        // src/search-threshold.ts INCREMENTAL_GALLOP_STEP: probes from the base are cheap below B*.
        if (!restarted && step > 0) step = 1.0 / 4096;
        restarted = true;
      }
    }
  }
  return hi;
}

/** src/search-threshold.ts `fewestStagesPlan`, from the threshold search's base when it left one. */
export function fewestStagesPlan(limit: f64): void {
  if (incrementalApplies() && hasBaseBelow(limit)) incrementalProbe(limit, false);
  else probe(limit, false);
  forgetBase();
  let top = -1;
  for (let state = 1; state < S; state++) {
    if (reach(state) == U && (top < 0 || stageCountOf(state) < stageCountOf(top))) top = state;
  }
  thresholdPlan(limit, top);
}
