// dnnpipe's search kernel: the WASM twin of src/search.ts, operation for operation, so both
// engines return the same plan to the last bit. Read src/search.ts for the algorithms' proofs;
// comments here say only what differs (memory layout, the farthest-end table).
//
// Memory: the facade calls layout(units, kinds, states, tableCells), which places every section
// after __heap_base and grows memory when needed. Memory only ever grows to the largest problem
// seen, so any number of solves runs in bounded memory. Nothing is allocated while searching.
//
// Short names in loops: U = units, K = kinds, S = states, k = kind, s/e = stage start/end.

/** Section numbers for pointer(). */
export const SECTION_TIME_PREFIX: i32 = 0; // f64[K × (U+1)]
export const SECTION_DIVISOR: i32 = 1; // f64[K]
export const SECTION_CAPACITY: i32 = 2; // f64[K]
export const SECTION_MEMORY_PREFIX: i32 = 3; // f64[U+1]
export const SECTION_MULTIPLICITY: i32 = 4; // i32[K]
export const SECTION_STRIDE: i32 = 5; // i32[K]
export const SECTION_STAGE_ENDS: i32 = 6; // i32[U] out
export const SECTION_STAGE_KINDS: i32 = 7; // i32[U] out
export const SECTION_COUNTERS: i32 = 8; // f64[COUNTER_COUNT] out
export const SECTION_IN_NEED: i32 = 9; // f64[U+1]: activation MB of a stage starting at s
export const SECTION_OUT_NEED: i32 = 10; // f64[U+1]: activation MB of a stage ending at e
export const SECTION_CUT_BYTES: i32 = 11; // f64[U+1]: bytes sent over the cut at e
export const SECTION_BANDWIDTH: i32 = 12; // f64[K]: Mbit/s, 0 = none

/** Kernel capacities, read once by the facade. */
export const MAX_KINDS: i32 = 64;
export const MAX_UNITS: i32 = 100000;
export const MAX_STATES: i32 = 1 << 18;
export const MAX_TABLE_CELLS: i32 = 1 << 23;
export const COUNTER_COUNT: i32 = 7;

const C_STATES = 0;
const C_TRANSITIONS = 1;
const C_PROBES = 2;
const C_PRUNED_UPPER = 3;
const C_PRUNED_UNDER = 4;
const C_BOUND_RETRIES = 5;
const C_LATENCY_CELLS = 6;

let U: i32 = 0;
let K: i32 = 0;
let S: i32 = 0;
let W: i32 = 0; // U + 1, a table row
// Section starts live in globals, not in a heap array: layout() owns everything after __heap_base.
let timePrefixPtr: usize = 0;
let divisorPtr: usize = 0;
let capacityPtr: usize = 0;
let memoryPrefixPtr: usize = 0;
let multiplicityPtr: usize = 0;
let stridePtr: usize = 0;
let stageEndsPtr: usize = 0;
let stageKindsPtr: usize = 0;
let countersPtr: usize = 0;
let inNeedPtr: usize = 0;
let outNeedPtr: usize = 0;
let cutBytesPtr: usize = 0;
let bandwidthPtr: usize = 0;
let finalsPtr: usize = 0; // f64[S]: transfer DP, the best complete plan per final state
let zerosPtr: usize = 0; // f64[U+1] of zeros: activations switched off for the relaxation
let reachPtr: usize = 0; // i32[S]
let lowPtr: usize = 0; // i32[S]: first latency-table column of a state's window
let digitsPtr: usize = 0; // i32[K]
let extPtr: usize = 0; // i32[K × (U+1)]: farthest end per (kind, start) for the current limit
let nextPtr: usize = 0; // f64[K × (U+1)]: the next stage time that would extend that end
let queuePtr: usize = 0; // i32[U+1]
let keysPtr: usize = 0; // f64[U+1]
let tablePtr: usize = 0; // f64[tableCells]
let useExtTable = false;
let subsetStates = false; // every kind has one device: states are bit sets, stride[k] = 1 << k

let resultBottleneck: f64 = 0;
let resultStageCount: i32 = 0;
let resultLatencyOptimal: i32 = 0;

/** Reads a result: 0 bottleneck, 1 stage count, 2 latency-optimal flag. */
export function result(which: i32): f64 {
  if (which == 0) return resultBottleneck;
  if (which == 1) return <f64>resultStageCount;
  return <f64>resultLatencyOptimal;
}

/** Where a section starts; valid until the next layout(). */
export function pointer(section: i32): usize {
  switch (section) {
    case SECTION_TIME_PREFIX: return timePrefixPtr;
    case SECTION_DIVISOR: return divisorPtr;
    case SECTION_CAPACITY: return capacityPtr;
    case SECTION_MEMORY_PREFIX: return memoryPrefixPtr;
    case SECTION_MULTIPLICITY: return multiplicityPtr;
    case SECTION_STRIDE: return stridePtr;
    case SECTION_STAGE_ENDS: return stageEndsPtr;
    case SECTION_STAGE_KINDS: return stageKindsPtr;
    case SECTION_COUNTERS: return countersPtr;
    case SECTION_IN_NEED: return inNeedPtr;
    case SECTION_OUT_NEED: return outNeedPtr;
    case SECTION_CUT_BYTES: return cutBytesPtr;
    case SECTION_BANDWIDTH: return bandwidthPtr;
    default: return 0;
  }
}

function align8(x: usize): usize {
  return (x + 7) & ~(<usize>7);
}

/**
 * Sizes every section for a problem and grows memory if needed.
 * @returns 1, or 0 when memory cannot grow that far
 */
export function layout(units: i32, kinds: i32, states: i32, tableCells: i32, transfersLayout: bool): i32 {
  U = units;
  K = kinds;
  S = states;
  W = units + 1;
  let at = align8(__heap_base);
  const place = (bytes: usize, at: usize): usize => align8(at + bytes);
  timePrefixPtr = at; at = place(<usize>K * W * 8, at);
  divisorPtr = at; at = place(<usize>K * 8, at);
  capacityPtr = at; at = place(<usize>K * 8, at);
  memoryPrefixPtr = at; at = place(<usize>W * 8, at);
  multiplicityPtr = at; at = place(<usize>K * 4, at);
  stridePtr = at; at = place(<usize>K * 4, at);
  stageEndsPtr = at; at = place(<usize>W * 4, at);
  stageKindsPtr = at; at = place(<usize>W * 4, at);
  countersPtr = at; at = place(<usize>COUNTER_COUNT * 8, at);
  inNeedPtr = at; at = place(<usize>W * 8, at);
  outNeedPtr = at; at = place(<usize>W * 8, at);
  cutBytesPtr = at; at = place(<usize>W * 8, at);
  bandwidthPtr = at; at = place(<usize>K * 8, at);
  finalsPtr = at; at = place(<usize>S * 8, at);
  zerosPtr = at; at = place(<usize>W * 8, at);
  linkTablePtr = at; at = place(transfersLayout ? <usize>W * K * K * 8 : 0, at);
  reachPtr = at; at = place(<usize>S * 4, at);
  lowPtr = at; at = place(<usize>S * 4, at);
  digitsPtr = at; at = place(<usize>K * 4, at);
  extPtr = at; at = place(<usize>K * W * 4, at);
  nextPtr = at; at = place(<usize>K * W * 8, at);
  queuePtr = at; at = place(<usize>W * 4, at);
  keysPtr = at; at = place(<usize>W * 8, at);
  tablePtr = at; at = place(<usize>tableCells * 8, at);
  const needPages = <i32>((at + 0xffff) >> 16);
  const havePages = memory.size();
  if (needPages > havePages && memory.grow(needPages - havePages) < 0) return 0;
  memory.fill(zerosPtr, 0, <usize>W * 8);
  // The farthest-end table costs K × U per limit, binary searches S × K × log U. The table's
  // two-pointer walk is one serial chain of dependent divisions, while the searches of different
  // states overlap in the CPU, so the table pays only when it saves ~8x the work (measured: 8
  // devices × 1000 units, 1.9 ms with the table against 0.56 ms without). Both give the same
  // ends, so the choice changes speed only.
  useExtTable = <f64>S * Math.log2(<f64>W) > <f64>(8 * W);
  subsetStates = S == 1 << K;
  return 1;
}

// ---- accessors ------------------------------------------------------------------------------

@inline function timePrefix(k: i32, i: i32): f64 {
  return load<f64>(timePrefixPtr + ((<usize>k * W + i) << 3));
}
@inline function divisor(k: i32): f64 {
  return load<f64>(divisorPtr + (<usize>k << 3));
}
@inline function capacity(k: i32): f64 {
  return load<f64>(capacityPtr + (<usize>k << 3));
}
@inline function memoryPrefix(i: i32): f64 {
  return load<f64>(memoryPrefixPtr + (<usize>i << 3));
}
@inline function multiplicity(k: i32): i32 {
  return load<i32>(multiplicityPtr + (<usize>k << 2));
}
@inline function stride(k: i32): i32 {
  return load<i32>(stridePtr + (<usize>k << 2));
}
@inline function digit(k: i32): i32 {
  return load<i32>(digitsPtr + (<usize>k << 2));
}
@inline function reach(state: i32): i32 {
  return load<i32>(reachPtr + (<usize>state << 2));
}
@inline function setReach(state: i32, v: i32): void {
  store<i32>(reachPtr + (<usize>state << 2), v);
}
@inline function cell(i: i32): f64 {
  return load<f64>(tablePtr + (<usize>i << 3));
}
@inline function setCell(i: i32, v: f64): void {
  store<f64>(tablePtr + (<usize>i << 3), v);
}
@inline function count(c: i32, v: f64): void {
  const at = countersPtr + (<usize>c << 3);
  store<f64>(at, load<f64>(at) + v);
}

/** The cost model of src/prepare.ts, bit for bit. */
@inline function stageTime(k: i32, s: i32, e: i32): f64 {
  return (timePrefix(k, e) - timePrefix(k, s)) / divisor(k);
}
@inline function fits(k: i32, s: i32, e: i32): bool {
  const need = ((memoryPrefix(e) - memoryPrefix(s)) + load<f64>(inNeedPtr + (<usize>s << 3))) + load<f64>(outNeedPtr + (<usize>e << 3));
  return need <= capacity(k);
}
@inline function bandwidth(k: i32): f64 {
  return load<f64>(bandwidthPtr + (<usize>k << 3));
}
/** src/prepare.ts `linkTime`. */
function linkTime(e: i32, from: i32, to: i32): f64 {
  const a = bandwidth(from);
  const b = bandwidth(to);
  if (!(a > 0 && b > 0)) return 0;
  return ((load<f64>(cutBytesPtr + (<usize>e << 3)) * 8) / ((a < b ? a : b) * 1e6)) * 1000;
}

function resetDigits(): void {
  for (let k = 0; k < K; k++) store<i32>(digitsPtr + (<usize>k << 2), 0);
}
function nextDigits(): void {
  for (let k = 0; k < K; k++) {
    const at = digitsPtr + (<usize>k << 2);
    const d = load<i32>(at) + 1;
    if (d <= multiplicity(k)) {
      store<i32>(at, d);
      return;
    }
    store<i32>(at, 0);
  }
}
function countOf(state: i32, k: i32): i32 {
  return (state / stride(k)) % (multiplicity(k) + 1);
}
function stageCountOf(state: i32): i32 {
  let n = 0;
  for (let k = 0; k < K; k++) n += countOf(state, k);
  return n;
}

// ---- threshold search ('auto' phase 1, and the fewest-stages plan) ------------------------------

function farthestEndSearch(k: i32, s: i32, limit: f64): i32 {
  let lo = s;
  let hi = U;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (stageTime(k, s, mid) <= limit && fits(k, s, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * ext[k][s] for all starts: the farthest end only moves right as the start does (monotone costs).
 * next[k][s] is the time of the one-unit-longer stage when the limit (not memory) stopped it: the
 * probe's snap-up candidate, so the DP's inner loop needs no division.
 */
function fillExtTable(limit: f64): void {
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

let probeNextLimit: f64 = Infinity;

/**
 * The threshold DP (src/search.ts `probe`). Returns the first state reaching the end, or -1.
 * With all devices distinct (every kind of one device) a state is a bit set, and its kinds are
 * walked by their set bits instead of testing every digit: the same transitions, in the same order.
 */
function probe(limit: f64, stopEarly: bool): i32 {
  if (useExtTable) fillExtTable(limit);
  resetDigits();
  let nextLimit = Infinity;
  let found = -1;
  let states = 0;
  let transitions = 0;
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
        e = farthestEndSearch(k, s, limit);
        longer = e < U && fits(k, s, e + 1) ? stageTime(k, s, e + 1) : Infinity;
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
function thresholdPlan(limit: f64, top: i32): f64 {
  const endsOut = stageEndsPtr;
  const kindsOut = stageKindsPtr;
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
      store<i32>(endsOut + (<usize>n << 2), end);
      store<i32>(kindsOut + (<usize>n << 2), stageKind);
      n++;
      end = s;
    }
    state = next;
  }
  resultStageCount = n;
  reverseOutput(n);
  return worst;
}

function reverseOutput(n: i32): void {
  const endsOut = stageEndsPtr;
  const kindsOut = stageKindsPtr;
  for (let i = 0, j = n - 1; i < j; i++, j--) {
    const a = load<i32>(endsOut + (<usize>i << 2));
    store<i32>(endsOut + (<usize>i << 2), load<i32>(endsOut + (<usize>j << 2)));
    store<i32>(endsOut + (<usize>j << 2), a);
    const b = load<i32>(kindsOut + (<usize>i << 2));
    store<i32>(kindsOut + (<usize>i << 2), load<i32>(kindsOut + (<usize>j << 2)));
    store<i32>(kindsOut + (<usize>j << 2), b);
  }
}

/** Bisects the bit patterns of positive doubles (ordered like the values), as src/search.ts does. */
function bitMidpoint(lo: f64, hi: f64): f64 {
  const a = reinterpret<u64>(lo);
  const b = reinterpret<u64>(hi);
  return reinterpret<f64>(a + (b - a) / 2);
}

/** src/search.ts `thresholdBottleneck`: gallop up from the lower bound, then bisect. */
function thresholdBottleneck(lowerBound: f64): f64 {
  const first = probe(Infinity, true);
  if (first < 0) return Infinity;
  let hi = thresholdPlan(Infinity, first);
  let lo = lowerBound;
  let step: f64 = 1.0 / 1024;
  while (lo < hi) {
    let limit = bitMidpoint(lo, hi);
    if (step > 0) {
      const gallop = lo * (1 + step);
      if (gallop < limit) limit = gallop;
      step *= 2;
    }
    const top = probe(limit, true);
    if (top >= 0) {
      hi = thresholdPlan(limit, top);
      step = 0;
    } else {
      if (!(probeNextLimit > limit)) abort('threshold search made no progress');
      lo = probeNextLimit;
    }
  }
  return hi;
}

function fewestStagesPlan(limit: f64): void {
  probe(limit, false);
  let top = -1;
  for (let state = 1; state < S; state++) {
    if (reach(state) == U && (top < 0 || stageCountOf(state) < stageCountOf(top))) top = state;
  }
  thresholdPlan(limit, top);
}

// ---- the paper's DP ('dnnpipe' phase 1) ---------------------------------------------------------

function dnnpipeBottleneck(lowerBound: f64, paperUpperBound: f64): f64 {
  let upper = paperUpperBound;
  const cells = S * W;
  while (true) {
    for (let i = 0; i < cells; i++) setCell(i, Infinity);
    setCell(0, 0);
    resetDigits();
    for (let state = 1; state < S; state++) {
      nextDigits();
      for (let e = 1; e <= U; e++) {
        count(C_STATES, 1);
        let value = Infinity;
        for (let k = 0; k < K; k++) {
          if (digit(k) == 0) continue;
          const row = (state - stride(k)) * W;
          for (let s = e - 1; s >= 0; s--) {
            const t = stageTime(k, s, e);
            if (t > upper) {
              count(C_PRUNED_UPPER, 1);
              break;
            }
            if (!fits(k, s, e)) break;
            if (e < U && stageTime(k, s, e + 1) <= lowerBound && fits(k, s, e + 1)) {
              count(C_PRUNED_UNDER, 1);
              continue;
            }
            const before = cell(row + s);
            if (before == Infinity) continue;
            count(C_TRANSITIONS, 1);
            const candidate = before > t ? before : t;
            if (candidate < value) value = candidate;
          }
        }
        setCell(state * W + e, value);
      }
    }
    let answer = Infinity;
    for (let state = 1; state < S; state++) answer = Math.min(answer, cell(state * W + U));
    if (answer < Infinity || upper == Infinity) return answer;
    upper = Infinity;
    count(C_BOUND_RETRIES, 1);
  }
}

// ---- least latency (phase 2) ----------------------------------------------------------------------

@inline function low(state: i32): i32 {
  return load<i32>(lowPtr + (<usize>state << 2));
}

function nearestStart(k: i32, e: i32, limit: f64): i32 {
  let lo = 0;
  let hi = e;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (stageTime(k, mid, e) <= limit && fits(k, mid, e)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** src/search.ts `firstUsefulEnds`, into low[]: the backward DP by state, then mirrored. */
function fillFirstUsefulEnds(limit: f64): void {
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

/** Row windows (src/search.ts `latencyWindows`): reach[] is the high end, low[] from the back DP. */
function latencyWindows(limit: f64): void {
  probe(limit, false);
  fillFirstUsefulEnds(limit);
}

/** firstUsefulEnds of the relaxation without activations, for the transfer-aware DP. */
function fillRelaxedUsefulEnds(limit: f64): void {
  if (limit == Infinity) {
    for (let state = 0; state < S; state++) store<i32>(lowPtr + (<usize>state << 2), 0);
    return;
  }
  const inNeed = inNeedPtr;
  const outNeed = outNeedPtr;
  inNeedPtr = zerosPtr;
  outNeedPtr = zerosPtr;
  fillFirstUsefulEnds(limit);
  inNeedPtr = inNeed;
  outNeedPtr = outNeed;
}

@inline function latencyAt(state: i32, e: i32): f64 {
  return e >= low(state) && e <= reach(state) ? cell(state * W + e) : Infinity;
}

function latencyPlan(limit: f64): void {
  latencyWindows(limit);
  setCell(0, 0);
  resetDigits();
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
      for (let e = first; e <= last; e++) {
        count(C_STATES, 1);
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
          count(C_TRANSITIONS, 1);
          const value = cell(prevRow + s) + stageTime(k, s, e);
          if (value < cell(row + e)) setCell(row + e, value);
        }
      }
    }
  }
  for (let state = 0; state < S; state++) store<f64>(finalsPtr + (<usize>state << 3), latencyAt(state, U));
  const top = pickFinalState();
  if (top < 0) abort('least-latency phase found no plan at the least bottleneck');
  let n = 0;
  let state = top;
  let end = U;
  while (end > 0) {
    const target = latencyAt(state, end);
    let found = false;
    for (let k = 0; k < K && !found; k++) {
      if (countOf(state, k) == 0) continue;
      const previous = state - stride(k);
      for (let s = 0; s < end; s++) {
        const before = latencyAt(previous, s);
        if (before == Infinity || stageTime(k, s, end) > limit || !fits(k, s, end)) continue;
        if (before + stageTime(k, s, end) == target) {
          store<i32>(stageEndsPtr + (<usize>n << 2), end);
          store<i32>(stageKindsPtr + (<usize>n << 2), k);
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
  resultStageCount = n;
  reverseOutput(n);
}

// ---- the objective's tie rules (src/objective.ts) ------------------------------------------------

/** pickFinalState over finals[]: least value; within 1e-9 of it, fewest stages; least value; lowest state. */
function pickFinalState(): i32 {
  let least = Infinity;
  for (let state = 1; state < S; state++) least = Math.min(least, load<f64>(finalsPtr + (<usize>state << 3)));
  if (least == Infinity) return -1;
  const cutoff = least + 1e-9 * least;
  let top = -1;
  let topStages = 0;
  let topValue = Infinity;
  for (let state = 1; state < S; state++) {
    const value = load<f64>(finalsPtr + (<usize>state << 3));
    if (!(value <= cutoff)) continue;
    const stages = stageCountOf(state);
    if (top < 0 || stages < topStages || (stages == topStages && value < topValue)) {
      top = state;
      topStages = stages;
      topValue = value;
    }
  }
  return top;
}

// ---- transfers and activations (src/search-transfers.ts) --------------------------------------------
// Table cell (state, e, k) = (state · W + e) · K + k: the best value with units [0, e) covered and
// the next stage on kind k.

let serialLinks = false;

@inline function transferCell(state: i32, e: i32, k: i32): i32 {
  return (state * W + e) * K + k;
}

// Link times per (cut, kind, next kind), filled once per solve with linkTime's own formula, so the
// DP's inner loop loads instead of dividing; a load returns the bit-identical value.
let linkTablePtr: usize = 0; // f64[(U+1) × K × K]

function fillLinkTable(): void {
  for (let e = 0; e <= U; e++) {
    for (let k = 0; k < K; k++) {
      for (let next = 0; next < K; next++) {
        store<f64>(linkTablePtr + ((<usize>(e * K + k) * K + next) << 3), e > 0 ? linkTime(e, k, next) : 0);
      }
    }
  }
}

@inline function link(e: i32, k: i32, next: i32): f64 {
  return load<f64>(linkTablePtr + ((<usize>(e * K + k) * K + next) << 3));
}

@inline function stageCost(k: i32, e: i32, next: i32, compute: f64): f64 {
  if (next < 0) return compute;
  const l = link(e, k, next);
  return serialLinks ? compute + l : compute > l ? compute : l;
}

@inline function stageLatency(before: f64, k: i32, e: i32, next: i32, compute: f64): f64 {
  const withCompute = before + compute;
  return next < 0 ? withCompute : withCompute + link(e, k, next);
}

function transferFill(phase: i32, limit: f64): void {
  fillRelaxedUsefulEnds(limit);
  const cells = S * W * K;
  for (let i = 0; i < cells; i++) setCell(i, Infinity);
  for (let state = 0; state < S; state++) store<f64>(finalsPtr + (<usize>state << 3), Infinity);
  for (let k = 0; k < K; k++) setCell(k, 0);
  let best = limit;
  let states = 0;
  let transitions = 0;
  for (let state = 0; state < S; state++) {
    for (let k = 0; k < K; k++) {
      if (countOf(state, k) >= multiplicity(k)) continue;
      const after = state + stride(k);
      // Kinds with a free device after this stage, once per (state, kind): the inner loop
      // then needs no integer division.
      for (let n = 0; n < K; n++) store<i32>(digitsPtr + (<usize>n << 2), countOf(after, n) < multiplicity(n) ? 1 : 0);
      for (let e = low(state); e < U; e++) {
        const before = cell(transferCell(state, e, k));
        if (before == Infinity) continue;
        states++;
        for (let end = e + 1; end <= U; end++) {
          const compute = stageTime(k, e, end);
          if (compute > best) break;
          if (!fits(k, e, end)) continue;
          if (end == U) {
            transitions++;
            const value = phase == 1 ? (before > compute ? before : compute) : stageLatency(before, k, end, -1, compute);
            const at = finalsPtr + (<usize>after << 3);
            if (value < load<f64>(at)) store<f64>(at, value);
            if (phase == 1 && value < best) best = value;
            continue;
          }
          for (let next = 0; next < K; next++) {
            if (load<i32>(digitsPtr + (<usize>next << 2)) == 0) continue;
            transitions++;
            const cost = stageCost(k, end, next, compute);
            let value: f64;
            if (phase == 1) {
              value = before > cost ? before : cost;
              if (value > best) continue;
            } else {
              if (cost > limit) continue;
              value = stageLatency(before, k, end, next, compute);
            }
            const at = transferCell(after, end, next);
            if (value < cell(at)) setCell(at, value);
          }
        }
      }
    }
  }
  count(C_STATES, <f64>states);
  count(C_TRANSITIONS, <f64>transitions);
}

function transferReconstruct(phase: i32, limit: f64): void {
  if (phase == 1) {
    // Only states at exactly B* qualify in phase 1.
    for (let state = 0; state < S; state++) {
      const at = finalsPtr + (<usize>state << 3);
      if (load<f64>(at) != limit) store<f64>(at, Infinity);
    }
  }
  const top = pickFinalState();
  if (top < 0) abort('transfer-aware search found no final state');
  let target = load<f64>(finalsPtr + (<usize>top << 3));
  let n = 0;
  let state = top;
  let end = U;
  let next = -1;
  while (end > 0) {
    let found = false;
    for (let k = 0; k < K && !found; k++) {
      if (countOf(state, k) == 0) continue;
      const previous = state - stride(k);
      for (let s = 0; s < end && !found; s++) {
        const before = cell(transferCell(previous, s, k));
        if (before == Infinity || !fits(k, s, end)) continue;
        const compute = stageTime(k, s, end);
        const cost = stageCost(k, end, next, compute);
        if (cost > limit) continue;
        const value = phase == 1 ? (before > cost ? before : cost) : stageLatency(before, k, end, next, compute);
        if (value != target) continue;
        store<i32>(stageEndsPtr + (<usize>n << 2), end);
        store<i32>(stageKindsPtr + (<usize>n << 2), k);
        n++;
        target = before;
        state = previous;
        end = s;
        next = k;
        found = true;
      }
    }
    if (!found) abort('transfer-aware reconstruction failed');
  }
  resultStageCount = n;
  reverseOutput(n);
}

/** src/search-transfers.ts `searchTransfers`: phase 1 under a limit galloping up from `lower`. */
function searchTransfers(lower: f64, latency: bool): f64 {
  if (lower == Infinity) return Infinity;
  if (latency) {
    transferFill(2, lower);
    if (pickFinalState() >= 0) {
      count(C_LATENCY_CELLS, <f64>(S * W * K));
      transferReconstruct(2, lower);
      return lower;
    }
    count(C_BOUND_RETRIES, 1);
  }
  let limit = lower;
  let step: f64 = 1.0 / 1024;
  let bottleneck = Infinity;
  while (true) {
    transferFill(1, limit);
    bottleneck = Infinity;
    for (let state = 1; state < S; state++) bottleneck = Math.min(bottleneck, load<f64>(finalsPtr + (<usize>state << 3)));
    if (bottleneck <= limit || limit == Infinity) break;
    count(C_BOUND_RETRIES, 1);
    limit = step > <f64>(1 << 20) ? Infinity : lower * (1 + step);
    step *= 2;
  }
  if (bottleneck == Infinity) return bottleneck;
  if (!latency) {
    transferReconstruct(1, bottleneck);
    return bottleneck;
  }
  transferFill(2, bottleneck);
  count(C_LATENCY_CELLS, <f64>(S * W * K));
  transferReconstruct(2, bottleneck);
  return bottleneck;
}

// ---- entry ----------------------------------------------------------------------------------------

/**
 * Solves the problem written into the sections by the facade.
 * @param algorithm - 0 auto (threshold search), 1 dnnpipe (the paper's DP, safe)
 * @param secondary - 0 least latency, 1 none
 * @param latencyAllowed - 1 when the latency table fits its limit
 * @param transfers - 1 when activations are modelled: the transfer-aware DP runs instead
 * @param serial - 1 for `transfer: 'serial'`
 * @returns 1 with a plan in the output sections, 0 when no plan exists
 */
export function solve(algorithm: i32, secondary: i32, latencyAllowed: i32, lowerBound: f64, paperUpperBound: f64, transfers: i32, serial: i32): i32 {
  for (let c = 0; c < COUNTER_COUNT; c++) store<f64>(countersPtr + (<usize>c << 3), 0);
  resultStageCount = 0;
  resultLatencyOptimal = 0;
  if (transfers == 1) {
    serialLinks = serial == 1;
    fillLinkTable();
    // The relaxation without activations (and links, which the threshold search never prices):
    // point the activation sections at zeros for the lower bound, then back.
    const inNeed = inNeedPtr;
    const outNeed = outNeedPtr;
    inNeedPtr = zerosPtr;
    outNeedPtr = zerosPtr;
    const lower = thresholdBottleneck(lowerBound);
    inNeedPtr = inNeed;
    outNeedPtr = outNeed;
    const found = searchTransfers(lower, secondary == 0);
    resultBottleneck = found;
    if (found == Infinity) return 0;
    resultLatencyOptimal = secondary == 0 ? 1 : 0;
    return 1;
  }
  const bottleneck = algorithm == 1 ? dnnpipeBottleneck(lowerBound, paperUpperBound) : thresholdBottleneck(lowerBound);
  resultBottleneck = bottleneck;
  if (bottleneck == Infinity) return 0;
  if (secondary == 0 && latencyAllowed == 1) {
    resultLatencyOptimal = 1;
    latencyPlan(bottleneck);
  } else {
    fewestStagesPlan(bottleneck);
  }
  return 1;
}

/** Test hook: makes the kernel abort, so tests can check that a failure is typed and recoverable. */
export function failForTest(): void {
  abort('failure requested by a test');
}
