// The frontier sweep (src/frontier-sweep.ts), operation for operation: read the TypeScript module
// for the algorithm, its invariant and the relevance rule. Here only the memory differs: the
// sweep's arrays are placed past the end of the sections (`layoutEnd`) when a sweep begins, and
// memory grows to hold them; the kind counts of each state are tabulated once instead of divided
// out in the loops.
import { C_STATES, C_TRANSITIONS, U, K, S, W, layoutEnd, align8, finalsPtr, stageEndsPtr, stageKindsPtr, queuePtr, keysPtr, timePrefix, divisor, stride, multiplicity, countOf, stageCountOf, count, countersPtr, stageTime, fits, writeStage, setStageCount, reverseOutput } from './layout';
import { pickFinalState } from './objective';
import { setPassResults } from './transfers';

/** src/frontier-sweep.ts `REST_STEP` and `RELEVANCE_MARGIN`. */
const REST_STEP: f64 = 1.0 / 16;
const RELEVANCE_MARGIN: f64 = 4 * 1e-9;
/** src/frontier-sweep.ts `slack`: 2^-48 of a kind's largest scaled prefix. */
const SLACK_SHARE: f64 = 1.0 / 281474976710656.0;
/** src/frontier-sweep.ts `admitSteps`, set by sweepBegin. */
let admitSteps: f64 = 0;
/** src/frontier-sweep.ts `cacheWeight` (tables past CACHED_SWEEP_BYTES count each step twice), set by sweepBegin. */
let stepWeight: f64 = 1;
const CACHED_SWEEP_BYTES: f64 = 16 * 1024 * 1024;
/** src/frontier-sweep.ts `BLOCK_SHIFT`. */
const BLOCK_SHIFT: i32 = 3;
const BLOCK_MASK: i32 = (1 << BLOCK_SHIFT) - 1;

let latencyPtr: usize = 0; // f64[S × W]: the table at the current limit
let restPtr: usize = 0; // f64[S × W]: the lower bound on the rest
let chosenPtr: usize = 0; // i32[S × W × K]
let dirtyNextPtr: usize = 0; // i32[S × W]
let dirtyMarkPtr: usize = 0; // u8[S × W]
let dirtyHeadPtr: usize = 0; // i32[levels]: per level (devices used), its dirty cells
let levelPtr: usize = 0; // i32[S]
let countsPtr: usize = 0; // i32[S × K]: countOf(state, k), tabulated (a kind can have 1,024 devices)
let allowedPtr: usize = 0; // i32[K × W]
let farthestPtr: usize = 0; // i32[K × W]
let restFarPtr: usize = 0; // i32[K × W]
let heapTimePtr: usize = 0; // f64[K × W]
let heapSlotPtr: usize = 0; // i32[K × W]
let scaledPtr: usize = 0; // f64[K × W]: P_k[i] / v_k
let slackPtr: usize = 0; // f64[K]
let blockMinPtr: usize = 0; // f64[S × K × blocks]
let liveStatesPtr: usize = 0; // i32[W × S]: per column, its live states
let liveCountPtr: usize = 0; // i32[W]
let isLivePtr: usize = 0; // u8[S × W]
let finishFromPtr: usize = 0; // i32[S]
let blocks: i32 = 0;
let heapSize: i32 = 0;
let levels: i32 = 0;
let lowestDirty: i32 = 0;
let highestDirty: i32 = 0;
let leastFinal: f64 = Infinity;
let finalsStale = false;
let restLimit: f64 = 0;
let relevant: f64 = Infinity;

@inline function latency(i: i32): f64 {
  return load<f64>(latencyPtr + (<usize>i << 3));
}
@inline function setLatency(i: i32, v: f64): void {
  store<f64>(latencyPtr + (<usize>i << 3), v);
}
@inline function rest(i: i32): f64 {
  return load<f64>(restPtr + (<usize>i << 3));
}
@inline function chosen(i: i32): i32 {
  return load<i32>(chosenPtr + (<usize>i << 2));
}
@inline function setChosen(i: i32, v: i32): void {
  store<i32>(chosenPtr + (<usize>i << 2), v);
}
@inline function allowed(i: i32): i32 {
  return load<i32>(allowedPtr + (<usize>i << 2));
}
@inline function farthest(i: i32): i32 {
  return load<i32>(farthestPtr + (<usize>i << 2));
}
@inline function kindCount(state: i32, k: i32): i32 {
  return load<i32>(countsPtr + ((<usize>state * K + k) << 2));
}
@inline function scaled(i: i32): f64 {
  return load<f64>(scaledPtr + (<usize>i << 3));
}
@inline function key(previousRow: i32, k: i32, s: i32): f64 {
  return latency(previousRow + s) - scaled(k * W + s);
}
@inline function transitions(): f64 {
  return load<f64>(countersPtr + (<usize>C_TRANSITIONS << 3));
}

/**
 * Places the sweep's arrays past the sections and starts it at `least` (src/frontier-sweep.ts,
 * the `Sweep` constructor). Returns 1, or 0 when memory cannot grow that far.
 */
export function sweepBegin(least: f64): i32 {
  const cells = <usize>S * W;
  let at = align8(layoutEnd);
  latencyPtr = at; at = align8(at + (cells << 3));
  restPtr = at; at = align8(at + (cells << 3));
  chosenPtr = at; at = align8(at + ((cells * K) << 2));
  dirtyNextPtr = at; at = align8(at + (cells << 2));
  dirtyMarkPtr = at; at = align8(at + cells);
  dirtyHeadPtr = at; at = align8(at + (<usize>S << 2));
  levelPtr = at; at = align8(at + (<usize>S << 2));
  countsPtr = at; at = align8(at + ((<usize>S * K) << 2));
  const sides = <usize>K * W;
  allowedPtr = at; at = align8(at + (sides << 2));
  farthestPtr = at; at = align8(at + (sides << 2));
  restFarPtr = at; at = align8(at + (sides << 2));
  heapTimePtr = at; at = align8(at + (sides << 3));
  heapSlotPtr = at; at = align8(at + (sides << 2));
  scaledPtr = at; at = align8(at + (sides << 3));
  slackPtr = at; at = align8(at + (<usize>K << 3));
  blocks = (W + BLOCK_MASK) >> BLOCK_SHIFT;
  blockMinPtr = at; at = align8(at + ((<usize>S * K * blocks) << 3));
  liveStatesPtr = at; at = align8(at + (cells << 2));
  liveCountPtr = at; at = align8(at + (<usize>W << 2));
  isLivePtr = at; at = align8(at + cells);
  finishFromPtr = at; at = align8(at + (<usize>S << 2));
  const needPages = <i32>((at + 0xffff) >> 16);
  const havePages = memory.size();
  if (needPages > havePages && memory.grow(needPages - havePages) < 0) return 0;
  for (let state = 0; state < S; state++) {
    for (let k = 0; k < K; k++) store<i32>(countsPtr + ((<usize>state * K + k) << 2), countOf(state, k));
    store<i32>(levelPtr + (<usize>state << 2), stageCountOf(state));
  }
  levels = stageCountOf(S - 1) + 1;
  for (let level = 0; level < levels; level++) store<i32>(dirtyHeadPtr + (<usize>level << 2), -1);
  lowestDirty = levels;
  highestDirty = 0;
  memory.fill(dirtyMarkPtr, 0, cells);
  for (let k = 0; k < K; k++) {
    const div = divisor(k);
    for (let i = 0; i < W; i++) store<f64>(scaledPtr + (<usize>(k * W + i) << 3), timePrefix(k, i) / div);
    store<f64>(slackPtr + (<usize>k << 3), scaled(k * W + U) * SLACK_SHARE);
  }
  heapSize = 0;
  relevant = Infinity;
  // Not `levels` (the module's level count, set above): the stage heap's depth.
  let heapLevels = 0;
  while ((1 << heapLevels) < K * W) heapLevels++;
  admitSteps = <f64>(2 * heapLevels);
  // src/frontier-sweep.ts `sweepBytes`, in doubles.
  stepWeight = <f64>S * <f64>W * (26 + 5 * <f64>K) > CACHED_SWEEP_BYTES ? 2 : 1;
  restLimit = least + REST_STEP * least;
  restLatencies(restLimit);
  blockMinima();
  count(C_TRANSITIONS, refreshWork());
  admitted(least);
  clearTable();
  fill();
  relist();
  for (let k = 0; k < K; k++) {
    for (let start = 0; start < U; start++) queueNext(k, start);
  }
  return 1;
}

function clearTable(): void {
  const cells = S * W;
  for (let i = 0; i < cells; i++) setLatency(i, Infinity);
  const choices = cells * K;
  for (let i = 0; i < choices; i++) setChosen(i, -1);
}

/** `Sweep.admitted`. */
function admitted(limit: f64): void {
  fillFarthest(limit, farthestPtr);
  for (let k = 0; k < K; k++) {
    const base = k * W;
    let start = 0;
    for (let e = 0; e <= U; e++) {
      while (start < e && !(stageTime(k, start, e) <= limit && fits(k, start, e))) start++;
      store<i32>(allowedPtr + (<usize>(base + e) << 2), start);
    }
  }
}

/** src/frontier-sweep.ts `fillFarthest`, into `at` (i32[K × W]). */
function fillFarthest(limit: f64, at: usize): void {
  for (let k = 0; k < K; k++) {
    let end = 0;
    for (let start = 0; start <= U; start++) {
      if (end < start) end = start;
      while (end < U && stageTime(k, start, end + 1) <= limit && fits(k, start, end + 1)) end++;
      store<i32>(at + (<usize>(k * W + start) << 2), end);
    }
  }
}

/** `Sweep.fill`. */
function fill(): void {
  for (let state = 0; state < S; state++) {
    let e = 0;
    while (e < U && rest(state * W + e) == Infinity) e++;
    store<i32>(finishFromPtr + (<usize>state << 2), e);
  }
  setLatency(0, 0);
  for (let state = 1; state < S; state++) {
    const row = state * W;
    for (let k = 0; k < K; k++) {
      if (kindCount(state, k) == 0) continue;
      const previous = (state - stride(k)) * W;
      let head = 0;
      let tail = 0;
      let pushed = load<i32>(finishFromPtr + (<usize>(state - stride(k)) << 2));
      const first = max(1, load<i32>(finishFromPtr + (<usize>state << 2)));
      if (first < W) count(C_STATES, <f64>(W - first));
      for (let end = first; end < W; end++) {
        for (; pushed < end; pushed++) {
          const before = latency(previous + pushed);
          if (before == Infinity) continue;
          const key = before - scaled(k * W + pushed);
          while (tail > head && load<f64>(keysPtr + (<usize>(tail - 1) << 3)) >= key) tail--;
          store<i32>(queuePtr + (<usize>tail << 2), pushed);
          store<f64>(keysPtr + (<usize>tail << 3), key);
          tail++;
        }
        const least = allowed(k * W + end);
        while (head < tail && load<i32>(queuePtr + (<usize>head << 2)) < least) head++;
        if (head < tail) {
          const start = load<i32>(queuePtr + (<usize>head << 2));
          setChosen((row + end) * K + k, start);
          const value = latency(previous + start) + stageTime(k, start, end);
          if (value < latency(row + end)) setLatency(row + end, value);
        }
      }
    }
  }
  recountFinals();
}

/** `Sweep.queueNext`. */
function queueNext(k: i32, start: i32): void {
  const time = nextTime(k, start);
  if (time < Infinity) heapPush(time, k * W + start);
}
/** `Sweep.nextTime`. */
function nextTime(k: i32, start: i32): f64 {
  const end = farthest(k * W + start) + 1;
  return end > U || !fits(k, start, end) ? Infinity : stageTime(k, start, end);
}

/**
 * `sweepFrontier`'s inner loop: admits stages until the least final value is below `bound`.
 * @returns the limit it is below at, Infinity when every stage is admitted, -1 when the
 *   transitions passed `budget` first
 */
export function sweepAdvance(bound: f64, budget: f64): f64 {
  relevant = bound + RELEVANCE_MARGIN * bound;
  while (transitions() <= budget) {
    const limit = admitNext();
    if (limit == Infinity || leastFinal < bound) return limit;
  }
  return -1;
}

/** `Sweep.admitThrough`: 1, or 0 when the transitions passed `budget` first. */
export function sweepAdmitThrough(limit: f64, budget: f64): i32 {
  while (heapSize > 0 && load<f64>(heapTimePtr) <= limit) {
    if (transitions() > budget) return 0;
    admitNext();
  }
  return 1;
}

/** `Sweep.admitNext`. */
function admitNext(): f64 {
  if (heapSize == 0) return Infinity;
  const limit = load<f64>(heapTimePtr);
  if (limit > restLimit) refresh(limit);
  let admissions: f64 = 0;
  while (heapSize > 0 && load<f64>(heapTimePtr) == limit) {
    admissions++;
    // src/frontier-sweep.ts: the top is replaced by its slot's next stage, one sift.
    const slot = load<i32>(heapSlotPtr);
    const k = slot / W;
    const start = slot - k * W;
    const end = farthest(slot) + 1;
    store<i32>(farthestPtr + (<usize>slot << 2), end);
    const was = allowed(k * W + end);
    for (let s = was - 1; s >= start; s--) addStart(k, s, end);
    if (start < was) store<i32>(allowedPtr + (<usize>(k * W + end) << 2), start);
    const next = nextTime(k, start);
    if (next < Infinity) siftDown(next, slot, heapSize);
    else heapPop();
  }
  // Counted once per round, not per admission (a counter in memory chains its updates).
  count(C_TRANSITIONS, admissions * admitSteps);
  settle();
  return limit;
}

/** `Sweep.refresh`. */
function refresh(limit: f64): void {
  restLimit = limit + REST_STEP * limit;
  restLatencies(restLimit);
  blockMinima();
  count(C_TRANSITIONS, refreshWork());
  clearTable();
  fill();
  relist();
}

/** src/frontier-sweep.ts `refreshWork`. */
function refreshWork(): f64 {
  return 2 * <f64>S * <f64>W * <f64>K;
}

/** `Sweep.makeLive`. */
function makeLive(state: i32, e: i32): void {
  const cell = state * W + e;
  if (load<u8>(isLivePtr + <usize>cell) != 0) return;
  store<u8>(isLivePtr + <usize>cell, 1);
  const n = load<i32>(liveCountPtr + (<usize>e << 2));
  store<i32>(liveStatesPtr + (<usize>(e * S + n) << 2), state);
  store<i32>(liveCountPtr + (<usize>e << 2), n + 1);
}

/** `Sweep.relist`. */
function relist(): void {
  memory.fill(liveCountPtr, 0, <usize>W << 2);
  memory.fill(isLivePtr, 0, <usize>S * W);
  for (let state = 0; state < S; state++) {
    for (let e = 0; e < U; e++) {
      const cell = state * W + e;
      if (latency(cell) + rest(cell) < relevant) makeLive(state, e);
    }
  }
}

/** `Sweep.blockMinima`. */
function blockMinima(): void {
  const n = S * K * blocks;
  for (let i = 0; i < n; i++) store<f64>(blockMinPtr + (<usize>i << 3), Infinity);
  for (let state = 0; state < S; state++) {
    for (let k = 0; k < K; k++) {
      const at = (state * K + k) * blocks;
      for (let e = 0; e < W; e++) {
        const sum = scaled(k * W + e) + rest(state * W + e);
        const b = blockMinPtr + (<usize>(at + (e >> BLOCK_SHIFT)) << 3);
        if (sum < load<f64>(b)) store<f64>(b, sum);
      }
    }
  }
}

/** `Sweep.addStart`. */
function addStart(k: i32, s: i32, end: i32): void {
  const step = stride(k);
  const time = stageTime(k, s, end);
  const list = liveStatesPtr + (<usize>(s * S) << 2);
  const countAt = liveCountPtr + (<usize>s << 2);
  let i = 0;
  let steps = 0;
  while (i < load<i32>(countAt)) {
    const previous = load<i32>(list + (<usize>i << 2));
    const previousRow = previous * W;
    steps++;
    const before = latency(previousRow + s);
    if (!(before + rest(previousRow + s) < relevant)) {
      const last = load<i32>(countAt) - 1;
      store<i32>(countAt, last);
      store<i32>(list + (<usize>i << 2), load<i32>(list + (<usize>last << 2)));
      store<u8>(isLivePtr + <usize>(previousRow + s), 0);
      continue;
    }
    i++;
    if (kindCount(previous, k) >= multiplicity(k)) continue;
    const state = previous + step;
    if (!(before + time + rest(state * W + end) < relevant)) continue;
    const at = (state * W + end) * K + k;
    const current = chosen(at);
    if (current < 0 || key(previousRow, k, s) < key(previousRow, k, current)) {
      setChosen(at, s);
      markDirty(state, state * W + end);
    }
  }
  count(C_TRANSITIONS, <f64>steps * stepWeight);
}

/** `Sweep.settle`. */
function settle(): void {
  let settled = 0;
  for (let level = lowestDirty; level <= highestDirty; level++) {
    let cell = load<i32>(dirtyHeadPtr + (<usize>level << 2));
    store<i32>(dirtyHeadPtr + (<usize>level << 2), -1);
    while (cell >= 0) {
      const next = load<i32>(dirtyNextPtr + (<usize>cell << 2));
      store<u8>(dirtyMarkPtr + <usize>cell, 0);
      const state = cell / W;
      const end = cell - state * W;
      settled++;
      let value = Infinity;
      for (let k = 0; k < K; k++) {
        const start = chosen(cell * K + k);
        if (start < 0) continue;
        const candidate = latency((state - stride(k)) * W + start) + stageTime(k, start, end);
        if (candidate < value) value = candidate;
      }
      const old = latency(cell);
      if (value != old) {
        setLatency(cell, value);
        if (end == U) {
          if (value < leastFinal) leastFinal = value;
          else if (old == leastFinal) finalsStale = true;
        } else if (value > old || value + rest(cell) < relevant) {
          spread(state, end, value < old);
          if (value + rest(cell) < relevant) makeLive(state, end);
        }
      }
      cell = next;
    }
  }
  lowestDirty = levels;
  highestDirty = 0;
  count(C_TRANSITIONS, <f64>settled * <f64>K * stepWeight);
  if (finalsStale) recountFinals();
}

/** `Sweep.spread`. */
function spread(state: i32, s: i32, decreased: bool): void {
  const row = state * W;
  let steps = 0;
  for (let k = 0; k < K; k++) {
    if (kindCount(state, k) >= multiplicity(k)) continue;
    const after = state + stride(k);
    const last = farthest(k * W + s);
    const key0 = key(row, k, s);
    let right = Infinity;
    const base = k * W;
    const from = latency(row + s) - scaled(base + s) - load<f64>(slackPtr + (<usize>k << 3));
    const afterRow = after * W;
    const blockRow = (after * K + k) * blocks;
    for (let e = s + 1; e <= last; e++) {
      if (decreased && ((e & BLOCK_MASK) == 0 || e == s + 1)) {
        steps++;
        if (!(from + load<f64>(blockMinPtr + (<usize>(blockRow + (e >> BLOCK_SHIFT)) << 3)) < relevant)) {
          e |= BLOCK_MASK;
          continue;
        }
      }
      if (e > s + 1) {
        const r = key(row, k, e - 1);
        if (r < right) right = r;
        if (decreased && right <= key0) break;
      }
      steps++;
      if (decreased) {
        const ahead = scaled(base + e);
        if (!(from + (ahead + rest(row + e)) < relevant)) break;
        if (!(from + (ahead + rest(afterRow + e)) < relevant)) continue;
      }
      const at = (afterRow + e) * K + k;
      const current = chosen(at);
      if (current == s) {
        if (!decreased) setChosen(at, rechoose(row, k, e));
      } else if (current >= 0) {
        const other = key(row, k, current);
        if (!(key0 < other || (key0 == other && s > current))) {
          // src/frontier-sweep.ts: s loses to a start left of it up to that start's farthest end.
          if (decreased && current < s) e = max(e, farthest(k * W + current));
          continue;
        }
        setChosen(at, s);
      } else {
        setChosen(at, s);
      }
      markDirty(after, afterRow + e);
    }
  }
  count(C_TRANSITIONS, <f64>steps * stepWeight);
}

/** `Sweep.rechoose`. */
function rechoose(previousRow: i32, k: i32, e: i32): i32 {
  let best = Infinity;
  let found = -1;
  const from = allowed(k * W + e);
  if (from < e) count(C_TRANSITIONS, <f64>(e - from) * stepWeight);
  for (let s = from; s < e; s++) {
    if (latency(previousRow + s) == Infinity) continue;
    const key1 = key(previousRow, k, s);
    if (key1 <= best) {
      best = key1;
      found = s;
    }
  }
  return found;
}

function recountFinals(): void {
  let least = Infinity;
  for (let state = 1; state < S; state++) least = Math.min(least, latency(state * W + U));
  leastFinal = least;
  finalsStale = false;
}

/**
 * `Sweep.point`: writes the plan at the current limit into the output sections and the pass
 * results (least latency, plan bottleneck, plan latency). Returns the plan's final state.
 */
export function sweepPoint(): i32 {
  for (let state = 0; state < S; state++) store<f64>(finalsPtr + (<usize>state << 3), latency(state * W + U));
  const top = pickFinalState(false);
  if (top < 0) abort('the frontier sweep found no plan');
  let n = 0;
  let state = top;
  let end = U;
  while (end > 0) {
    const target = latency(state * W + end);
    let found = false;
    for (let k = 0; k < K && !found; k++) {
      if (kindCount(state, k) == 0) continue;
      const previousRow = (state - stride(k)) * W;
      for (let start = allowed(k * W + end); start < end; start++) {
        const before = latency(previousRow + start);
        if (before == Infinity) continue;
        if (before + stageTime(k, start, end) == target) {
          writeStage(n, end, k);
          n++;
          state -= stride(k);
          end = start;
          found = true;
          break;
        }
      }
    }
    if (!found) abort('the frontier sweep could not walk its plan back');
  }
  setStageCount(n);
  reverseOutput(n);
  let worst: f64 = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = load<i32>(outputEnd(i));
    const t = stageTime(load<i32>(outputKind(i)), s, e);
    if (t > worst) worst = t;
    s = e;
  }
  setPassResults(leastFinal, worst, latency(top * W + U));
  return top;
}

@inline function outputEnd(i: i32): usize {
  return stageEndsPtr + (<usize>i << 2);
}
@inline function outputKind(i: i32): usize {
  return stageKindsPtr + (<usize>i << 2);
}

function markDirty(state: i32, cell: i32): void {
  if (load<u8>(dirtyMarkPtr + <usize>cell) != 0) return;
  store<u8>(dirtyMarkPtr + <usize>cell, 1);
  const level = load<i32>(levelPtr + (<usize>state << 2));
  if (level < lowestDirty) lowestDirty = level;
  if (level > highestDirty) highestDirty = level;
  store<i32>(dirtyNextPtr + (<usize>cell << 2), load<i32>(dirtyHeadPtr + (<usize>level << 2)));
  store<i32>(dirtyHeadPtr + (<usize>level << 2), cell);
}

/** src/frontier-sweep.ts `restLatencies`, into rest[]. */
function restLatencies(limit: f64): void {
  fillFarthest(limit, restFarPtr);
  const cells = S * W;
  for (let i = 0; i < cells; i++) store<f64>(restPtr + (<usize>i << 3), Infinity);
  for (let state = S - 1; state >= 0; state--) {
    const row = state * W;
    store<f64>(restPtr + (<usize>(row + U) << 3), 0);
    for (let k = 0; k < K; k++) {
      if (kindCount(state, k) >= multiplicity(k)) continue;
      const nextRow = (state + stride(k)) * W;
      const div = divisor(k);
      let head = 0;
      let tail = 0;
      for (let e = U - 1; e >= 0; e--) {
        const after = rest(nextRow + e + 1);
        if (after != Infinity) {
          const key1 = after + timePrefix(k, e + 1) / div;
          while (tail > head && load<f64>(keysPtr + (<usize>(tail - 1) << 3)) >= key1) tail--;
          store<i32>(queuePtr + (<usize>tail << 2), e + 1);
          store<f64>(keysPtr + (<usize>tail << 3), key1);
          tail++;
        }
        const last = load<i32>(restFarPtr + (<usize>(k * W + e) << 2));
        while (head < tail && load<i32>(queuePtr + (<usize>head << 2)) > last) head++;
        if (head < tail) {
          const end = load<i32>(queuePtr + (<usize>head << 2));
          const value = stageTime(k, e, end) + rest(nextRow + end);
          if (value < rest(row + e)) store<f64>(restPtr + (<usize>(row + e) << 3), value);
        }
      }
    }
  }
}

// A binary min-heap of stages by time (`Sweep.heapPush`, `Sweep.heapPop`).

function heapPush(time: f64, slot: i32): void {
  let i = heapSize++;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const t = load<f64>(heapTimePtr + (<usize>parent << 3));
    if (!(time < t)) break;
    store<f64>(heapTimePtr + (<usize>i << 3), t);
    store<i32>(heapSlotPtr + (<usize>i << 2), load<i32>(heapSlotPtr + (<usize>parent << 2)));
    i = parent;
  }
  store<f64>(heapTimePtr + (<usize>i << 3), time);
  store<i32>(heapSlotPtr + (<usize>i << 2), slot);
}

function heapPop(): i32 {
  const top = load<i32>(heapSlotPtr);
  const size = --heapSize;
  siftDown(load<f64>(heapTimePtr + (<usize>size << 3)), load<i32>(heapSlotPtr + (<usize>size << 2)), size);
  return top;
}
/** `Sweep.siftDown`: (time, slot) into the root's place of a heap of `size` entries. */
function siftDown(time: f64, slot: i32, size: i32): void {
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && load<f64>(heapTimePtr + (<usize>(child + 1) << 3)) < load<f64>(heapTimePtr + (<usize>child << 3))) child++;
    const t = load<f64>(heapTimePtr + (<usize>child << 3));
    if (!(t < time)) break;
    store<f64>(heapTimePtr + (<usize>i << 3), t);
    store<i32>(heapSlotPtr + (<usize>i << 2), load<i32>(heapSlotPtr + (<usize>child << 2)));
    i = child;
  }
  store<f64>(heapTimePtr + (<usize>i << 3), time);
  store<i32>(heapSlotPtr + (<usize>i << 2), slot);
}
