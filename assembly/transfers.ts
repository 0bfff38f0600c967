// The transfer-aware (general) search (src/search-transfers.ts): activations, links, source and
// sink, `first`/`last`/`maxStages`.
import { C_STATES, C_TRANSITIONS, C_BOUND_RETRIES, C_LATENCY_CELLS, U, K, S, W, timePrefix, divisor, keysPtr, finalsPtr, linkTablePtr, digitsPtr, restOrderPtr, freePtr, coverPtr, restRowsPtr, writtenPtr, memoryPrefixPtr, multiplicity, stride, capacity, cell, setCell, count, stageTime, fits, linkTime, countOf, stageCountOf, setStageCount, reverseOutput, writeStage, sourceCost, sinkCost, firstKind, lastKind, maxStages, stageEndsPtr, stageKindsPtr, resultStageCount, countersPtr, queuePtr, hasBlocked, blockedEnd, memoryFits, strictMemory, memoryPrefix, inNeedPtr } from './layout';
import { low, fillRelaxedUsefulEnds, latencyPlan } from './latency';
import { pickFinalState } from './objective';

/** src/prepare.ts `MAX_SEARCH_STEPS`. */
export const MAX_SEARCH_STEPS: f64 = 40000000;
/** Set when a fill stopped at MAX_SEARCH_STEPS; the search then ends and solve() reports it. */
export let stepLimitReached = false;

/** Starts a search: no step limit reached, and the table unknown (its next fill resets it all). */
export function clearStepLimit(): void {
  stepLimitReached = false;
  fills = 0;
}

/**
 * src/search-transfers.ts `TableStore.fills`: fills of the table since the search began; the
 * i32[3S] at `writtenPtr` holds `RowMarks`: per state the last fill that wrote its row, then the
 * first and the last end it wrote.
 */
let fills = 0;
/** src/search-transfers.ts `Table.resetColumns`, `Table.scannedColumns` and `Table.live` of the last fill. */
let resetColumns = 0;
let scannedColumns = 0;
let liveRows = 0;

/** `RowMarks` entry `which` (0 fill, 1 from, 2 to) of a state. */
@inline function rowMark(which: i32, state: i32): i32 {
  return load<i32>(writtenPtr + ((<usize>(which * S + state)) << 2));
}

@inline function setRowMark(which: i32, state: i32, value: i32): void {
  store<i32>(writtenPtr + ((<usize>(which * S + state)) << 2), value);
}

/**
 * src/search-transfers.ts `markWritten`: the cell (state, end) was written. Marked at each write:
 * marking once per cell from two locals kept through the inner loop cost plain fills ~4 %
 * (PipeEdge ViT-Base at 10 Mbit/s, best of 30 rounds).
 */
@inline function markWritten(state: i32, end: i32): void {
  if (rowMark(0, state) != fills) {
    setRowMark(0, state, fills);
    setRowMark(1, state, end);
    setRowMark(2, state, end);
  } else if (end < rowMark(1, state)) setRowMark(1, state, end);
  else if (end > rowMark(2, state)) setRowMark(2, state, end);
}

// Table cell (state, e, k) = (state · W + e) · K + k: the best value with units [0, e) covered and
// the next stage on kind k.

export let serialLinks = false;

export function setSerialLinks(on: bool): void {
  serialLinks = on;
}

@inline export function transferCell(state: i32, e: i32, k: i32): i32 {
  return (state * W + e) * K + k;
}

// Link times per (cut, kind, next kind), filled once per solve with linkTime's own formula, so the
// DP's inner loop loads instead of dividing; a load returns the bit-identical value.

export function fillLinkTable(): void {
  for (let e = 0; e <= U; e++) {
    for (let k = 0; k < K; k++) {
      for (let next = 0; next < K; next++) {
        store<f64>(linkTablePtr + ((<usize>(e * K + k) * K + next) << 3), e > 0 ? linkTime(e, k, next) : 0);
      }
    }
  }
}

@inline export function link(e: i32, k: i32, next: i32): f64 {
  return load<f64>(linkTablePtr + ((<usize>(e * K + k) * K + next) << 3));
}

@inline export function stageCost(k: i32, e: i32, next: i32, compute: f64): f64 {
  if (next < 0) return compute;
  const l = link(e, k, next);
  return serialLinks ? compute + l : compute > l ? compute : l;
}

@inline export function stageLatency(before: f64, k: i32, e: i32, next: i32, compute: f64): f64 {
  const withCompute = before + compute;
  return next < 0 ? withCompute : withCompute + link(e, k, next);
}

/** src/search-transfers.ts `finalValue`. */
@inline function finalValue(phase: i32, before: f64, compute: f64, leave: f64): f64 {
  if (phase == 2) return before + compute + leave;
  const last = compute > leave ? compute : leave;
  return before > last ? before : last;
}

/** src/search-transfers.ts `restBound`: whether every kind has the model's unit times (kind 0's prefix). */
function proportionalKinds(): bool {
  for (let k = 1; k < K; k++) {
    for (let i = 0; i <= U; i++) if (timePrefix(k, i) != timePrefix(0, i)) return false;
  }
  return true;
}

/**
 * src/search-transfers.ts `restBound`'s prefix, into the keys section (the windowed DP's deque
 * keys, unused by the general DP): P, kind 0's prefix, on proportional problems, else R, the
 * prefix sums of each unit's least time on any kind.
 */
function fillRestPrefix(proportional: bool): void {
  if (proportional) {
    for (let i = 0; i <= U; i++) store<f64>(keysPtr + (<usize>i << 3), timePrefix(0, i));
    return;
  }
  let sum: f64 = 0;
  store<f64>(keysPtr, 0);
  for (let i = 0; i < U; i++) {
    let least = Infinity;
    for (let k = 0; k < K; k++) {
      const time = (timePrefix(k, i + 1) - timePrefix(k, i)) / divisor(k);
      if (time < least) least = time;
    }
    sum += least;
    store<f64>(keysPtr + (<usize>(i + 1) << 3), sum);
  }
}

/** src/search-transfers.ts `restBound`'s speed of kind k: its own (P) or 1 (R). */
@inline function restSpeed(k: i32, proportional: bool): f64 {
  return proportional ? divisor(k) : 1.0;
}

/** src/search-transfers.ts `restBound`'s order: the kinds by `restSpeed`, fastest first (by index among equals). */
function fillRestOrder(proportional: bool): void {
  for (let i = 0; i < K; i++) {
    let at = i;
    const speed = restSpeed(i, proportional);
    while (at > 0 && restSpeed(load<i32>(restOrderPtr + (<usize>(at - 1) << 2)), proportional) < speed) {
      store<i32>(restOrderPtr + (<usize>at << 2), load<i32>(restOrderPtr + (<usize>(at - 1) << 2)));
      at--;
    }
    store<i32>(restOrderPtr + (<usize>at << 2), i);
  }
}

/** src/search-transfers.ts `memoryRoom` of every kind, into f64[K] after the two covers; needs the rest prefix. */
function fillMemoryRooms(): void {
  for (let k = 0; k < K; k++) {
    const room = capacity(k);
    let most = Infinity;
    if (room < Infinity) {
      most = 0;
      let t = 0;
      for (let s = 0; s < U; s++) {
        if (t < s) t = s;
        while (t < U && memoryPrefix(t + 1) - memoryPrefix(s) <= room) t++;
        const work = load<f64>(keysPtr + (<usize>t << 3)) - load<f64>(keysPtr + (<usize>s << 3));
        if (work > most) most = work;
      }
    }
    store<f64>(coverPtr + (<usize>(8 * K + k) << 3), most);
  }
}

/** src/search-transfers.ts `freeCounts`: a state's free devices per kind, into i32[K] at `free`; returns how many in all. */
function freeCounts(state: i32, free: usize): i32 {
  let all = 0;
  for (let k = 0; k < K; k++) {
    const count = multiplicity(k) - countOf(state, k);
    store<i32>(free + (<usize>k << 2), count);
    all += count;
  }
  return all;
}

/** 1 − 2^-40: `coverTime` is lowered by that share of itself, so rounding never lifts it above a plan's sum. */
const REST_SHRINK: f64 = 1.0 - 9.094947017729282e-13;

/** src/search-transfers.ts `ROOM_SLACK`: 1 + 2^-48. */
const ROOM_SLACK: f64 = 1.0 + 3.552713678800501e-15;

/**
 * src/search-transfers.ts `coverOf`: the cover of the free devices at `free` at `limit`, into the
 * four K-long rows at `cover` (cap, reach, time, speed); returns its segment count.
 */
function coverOf(free: usize, limit: f64, proportional: bool, cover: usize, margin: f64): i32 {
  let n = 0;
  let cap: f64 = 0;
  let time: f64 = 0;
  for (let i = 0; i < K; i++) {
    const k = load<i32>(restOrderPtr + (<usize>i << 2));
    const count = load<i32>(free + (<usize>k << 2));
    if (count == 0) continue;
    const speed = restSpeed(k, proportional);
    const fast = limit * speed;
    const most = load<f64>(coverPtr + (<usize>(8 * K + k) << 3));
    const one = most < fast ? most : fast;
    store<f64>(cover + (<usize>n << 3), cap);
    store<f64>(cover + (<usize>(2 * K + n) << 3), time);
    store<f64>(cover + (<usize>(3 * K + n) << 3), speed);
    cap += one * <f64>count * ROOM_SLACK;
    store<f64>(cover + (<usize>(K + n) << 3), cap + margin);
    n++;
    time += (most < fast ? most / speed : limit) * <f64>count;
  }
  return n;
}

/** src/search-transfers.ts `reaches`. */
@inline function reaches(cover: usize, j: i32, work: f64): bool {
  return work <= load<f64>(cover + (<usize>(K + j) << 3));
}

/** src/search-transfers.ts `coverTime`. */
@inline function coverTime(cover: usize, j: i32, work: f64, margin: f64): f64 {
  const least = work - load<f64>(cover + (<usize>j << 3)) - margin;
  return (load<f64>(cover + (<usize>(2 * K + j) << 3)) + (least > 0 ? least : 0) / load<f64>(cover + (<usize>(3 * K + j) << 3))) * REST_SHRINK;
}

/** src/search-transfers.ts `workAfter`. */
@inline function workAfter(e: i32): f64 {
  return load<f64>(keysPtr + (<usize>U << 3)) - load<f64>(keysPtr + (<usize>e << 3));
}

// src/search-transfers.ts `RestRow`: row 0 (before a stage) and row 1 (after it), f64[W] each at
// restRowsPtr, then each row's walk (filled, segment, reached) as i32s.

@inline function rowValues(row: i32): usize {
  return restRowsPtr + (<usize>(row * W) << 3);
}

@inline function rowWalk(row: i32): usize {
  return restRowsPtr + (<usize>W << 4) + (<usize>row << 4);
}

/** `RestRow.start`, on a cover of `count` segments. */
function rowStart(row: i32, from: i32, count: i32): void {
  const walk = rowWalk(row);
  store<i32>(walk, from);
  store<i32>(walk, count - 1, 4);
  store<i32>(walk, 0, 8);
}

/** `RestRow.filled`. */
@inline function rowFilled(row: i32): i32 {
  return load<i32>(rowWalk(row));
}

/** `RestRow.fillTo`. */
function rowFillTo(row: i32, cover: usize, margin: f64, to: i32): void {
  const walk = rowWalk(row);
  const values = rowValues(row);
  let filled = load<i32>(walk);
  let segment = load<i32>(walk, 4);
  let reached = load<i32>(walk, 8) != 0;
  while (filled < to) {
    filled++;
    const work = workAfter(filled);
    while (segment > 0 && reaches(cover, segment - 1, work)) {
      segment--;
      reached = true;
    }
    if (!reached) reached = segment >= 0 && reaches(cover, segment, work);
    store<f64>(values + (<usize>filled << 3), reached ? coverTime(cover, segment, work, margin) : Infinity);
  }
  store<i32>(walk, filled);
  store<i32>(walk, segment, 4);
  store<i32>(walk, reached ? 1 : 0, 8);
}

/**
 * src/search-transfers.ts `fill`; `relevant` (phase 2): cells whose latency plus their row's bound
 * (`rowFillTo`) is above it by more than 2^-44 of it are not extended (Infinity: every cell).
 */
export function transferFill(phase: i32, limit: f64, relevant: f64 = Infinity): void {
  fillRelaxedUsefulEnds(limit);
  // src/search-transfers.ts `freshTable`: reset what the last fill wrote, or all on the first.
  if (fills == 0) {
    for (let i = 0; i < S * W * K; i++) setCell(i, Infinity);
    memory.fill(writtenPtr, 0, <usize>S << 2);
    resetColumns = S * W;
  } else {
    resetColumns = 0;
    for (let state = 0; state < S; state++) {
      if (rowMark(0, state) != fills) continue;
      const from = rowMark(1, state);
      const to = rowMark(2, state);
      for (let i = (state * W + from) * K; i < (state * W + to + 1) * K; i++) setCell(i, Infinity);
      resetColumns += to - from + 1;
    }
  }
  fills++;
  markWritten(0, 0);
  liveRows = 0;
  scannedColumns = 0;
  for (let state = 0; state < S; state++) store<f64>(finalsPtr + (<usize>state << 3), Infinity);
  for (let k = 0; k < K; k++) {
    const arrive = sourceCost(k);
    if ((firstKind < 0 || k == firstKind) && arrive <= limit) setCell(k, arrive);
  }
  let best = limit;
  let states: i64 = 0;
  let transitions: i64 = 0;
  const serial = serialLinks;
  const pruning = phase == 2 && relevant < Infinity;
  const proportional = pruning && proportionalKinds();
  if (pruning) {
    fillRestPrefix(proportional);
    fillRestOrder(proportional);
    fillMemoryRooms();
  }
  // src/search-transfers.ts `coverMargin`; the covers before and after a stage.
  const margin = pruning ? <f64>(U + K + 4) * 2.220446049250313e-16 * load<f64>(keysPtr + (<usize>U << 3)) : 0;
  // src/search-transfers.ts `fill`: cells are cut 2^-44 of the bound above it.
  const cutoff = relevant + relevant * 5.684341886080802e-14;
  const coverBefore = coverPtr;
  const coverAfter = coverPtr + (<usize>K << 5);
  let countAfter = 0;
  const restBefore = rowValues(0);
  const restAfter = rowValues(1);
  for (let state = 0; state < S; state++) {
    // src/search-transfers.ts `fill`: bounded by work done, checked per state.
    if (transitionsSoFar() + <f64>transitions > MAX_SEARCH_STEPS) {
      stepLimitReached = true;
      break;
    }
    if (rowMark(0, state) != fills) continue;
    liveRows++;
    // src/search-transfers.ts `fill`: the row from the first useful end, where it was written.
    const first = max(low(state), rowMark(1, state));
    const last = min(rowMark(2, state), U - 1);
    if (last >= first) scannedColumns += last - first + 1;
    if (maxStages > 0 && stageCountOf(state) >= maxStages) continue;
    if (pruning) {
      freeCounts(state, freePtr);
      rowStart(0, first - 1, coverOf(freePtr, limit, proportional, coverBefore, margin));
    }
    for (let k = 0; k < K; k++) {
      if (countOf(state, k) >= multiplicity(k)) continue;
      const after = state + stride(k);
      // The free devices of each kind after this stage, once per (state, kind): the inner loop
      // then needs no integer division.
      // src/search-transfers.ts `fill`: a stage after which no device is free is the plan's last.
      const lastStage = freeCounts(after, digitsPtr) == 0;
      if (pruning) countAfter = coverOf(digitsPtr, limit, proportional, coverAfter, margin);
      let restAfterStarted = false;
      for (let e = first; e <= last; e++) {
        const before = cell(transferCell(state, e, k));
        if (before == Infinity) continue;
        if (pruning) {
          if (rowFilled(0) < e) rowFillTo(0, coverBefore, margin, e);
          if (before + load<f64>(restBefore + (<usize>e << 3)) > cutoff) continue;
          if (!restAfterStarted) {
            rowStart(1, e, countAfter);
            restAfterStarted = true;
          }
        }
        // src/search-transfers.ts `fill`: the budget checked per cell too.
        if (transitionsSoFar() + <f64>transitions > MAX_SEARCH_STEPS) {
          stepLimitReached = true;
          break;
        }
        states++;
        // fits(k, e, end) split as in assembly/threshold.ts farthestEndSearch (layout.ts
        // `memoryFits`): past a blocked unit every end fails it.
        const lastEnd = hasBlocked ? blockedEnd(k, e) : U;
        const startMemory = memoryPrefix(e);
        const startNeed = load<f64>(inNeedPtr + (<usize>e << 3));
        const room = capacity(k);
        const strict = strictMemory;
        // Two copies of the loop over ends: the relevance test in the plain fills' loop cost them
        // 7 % (PipeEdge ViT-Base at 10 Mbit/s, A/B), though it is never true there.
        if (pruning) {
          for (let end = lastStage ? U : e + 1; end <= U; end++) {
            const compute = stageTime(k, e, end);
            if (compute > best) break;
            if (end > lastEnd) break;
            if (!memoryFits(startMemory, startNeed, room, strict, end)) {
              if (!weightsFit(startMemory, startNeed, room, strict, end)) break;
              transitions++;
              continue;
            }
            // src/search-transfers.ts: a pruned end still counts one step.
            if (end < U) {
              if (rowFilled(1) < end) rowFillTo(1, coverAfter, margin, end);
              if (before + compute + load<f64>(restAfter + (<usize>end << 3)) > cutoff) {
                transitions++;
                continue;
              }
            }
            if (end == U) {
              if (lastKind >= 0 && k != lastKind) continue;
              const leave = sinkCost(k);
              if (leave > best) continue;
              transitions++;
              const value = finalValue(phase, before, compute, leave);
              const at = finalsPtr + (<usize>after << 3);
              if (value < load<f64>(at)) store<f64>(at, value);
              if (phase == 1 && value < best) best = value;
              continue;
            }
            for (let next = 0; next < K; next++) {
              if (load<i32>(digitsPtr + (<usize>next << 2)) == 0) continue;
              transitions++;
              // stageCost, with the serial flag read once per fill (a global read per transition
              // cost ~5 % of this loop).
              const l = link(end, k, next);
              const cost = serial ? compute + l : compute > l ? compute : l;
              let value: f64;
              if (phase == 1) {
                value = before > cost ? before : cost;
                if (value > best) continue;
              } else {
                if (cost > limit) continue;
                value = stageLatency(before, k, end, next, compute);
              }
              const at = transferCell(after, end, next);
              if (value < cell(at)) {
                setCell(at, value);
                markWritten(after, end);
              }
            }
          }
        } else {
          for (let end = lastStage ? U : e + 1; end <= U; end++) {
            const compute = stageTime(k, e, end);
            if (compute > best) break;
            if (end > lastEnd) break;
            if (!memoryFits(startMemory, startNeed, room, strict, end)) {
              if (!weightsFit(startMemory, startNeed, room, strict, end)) break;
              transitions++;
              continue;
            }
            if (end == U) {
              if (lastKind >= 0 && k != lastKind) continue;
              const leave = sinkCost(k);
              if (leave > best) continue;
              transitions++;
              const value = finalValue(phase, before, compute, leave);
              const at = finalsPtr + (<usize>after << 3);
              if (value < load<f64>(at)) store<f64>(at, value);
              if (phase == 1 && value < best) best = value;
              continue;
            }
            for (let next = 0; next < K; next++) {
              if (load<i32>(digitsPtr + (<usize>next << 2)) == 0) continue;
              transitions++;
              // stageCost, with the serial flag read once per fill (a global read per transition
              // cost ~5 % of this loop).
              const l = link(end, k, next);
              const cost = serial ? compute + l : compute > l ? compute : l;
              let value: f64;
              if (phase == 1) {
                value = before > cost ? before : cost;
                if (value > best) continue;
              } else {
                if (cost > limit) continue;
                value = stageLatency(before, k, end, next, compute);
              }
              const at = transferCell(after, end, next);
              if (value < cell(at)) {
                setCell(at, value);
                markWritten(after, end);
              }
            }
          }
        }
      }
      if (stepLimitReached) break;
    }
    if (stepLimitReached) break;
  }
  count(C_STATES, <f64>states);
  count(C_TRANSITIONS, <f64>transitions);
}

/** src/search-transfers.ts `weightsFrom` within the memory test: false when no longer stage from the start fits. */
@inline function weightsFit(startMemory: f64, startNeed: f64, room: f64, strict: bool, e: i32): bool {
  const weights = (memoryPrefix(e) - startMemory) + startNeed;
  return strict ? weights < room : weights <= room;
}

export function transferReconstruct(phase: i32, limit: f64, chosen: i32 = -1): void {
  if (phase == 1 && chosen < 0) {
    // Only states at exactly B* qualify in phase 1.
    for (let state = 0; state < S; state++) {
      const at = finalsPtr + (<usize>state << 3);
      if (load<f64>(at) != limit) store<f64>(at, Infinity);
    }
  }
  const top = chosen >= 0 ? chosen : pickFinalState();
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
        let value: f64;
        if (next < 0) {
          const leave = sinkCost(k);
          if ((lastKind >= 0 && k != lastKind) || compute > limit || leave > limit) continue;
          value = finalValue(phase, before, compute, leave);
        } else {
          const cost = stageCost(k, end, next, compute);
          if (cost > limit) continue;
          value = phase == 1 ? (before > cost ? before : cost) : stageLatency(before, k, end, next, compute);
        }
        if (value != target) continue;
        writeStage(n, end, k);
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
  setStageCount(n);
  reverseOutput(n);
}

/** src/search-transfers.ts `linkLowerBound`, with the tabulated (bit-identical) link times. */
export function linkLowerBound(): f64 {
  let single = Infinity;
  let arrive = Infinity;
  let leave = Infinity;
  for (let k = 0; k < K; k++) {
    const source = sourceCost(k);
    const sink = sinkCost(k);
    if (source < arrive) arrive = source;
    if (sink < leave) leave = sink;
    if (!fits(k, 0, U)) continue;
    const alone = Math.max(Math.max(source, stageTime(k, 0, U)), sink);
    if (alone < single) single = alone;
  }
  let cheapestCut = Infinity;
  for (let e = 1; e < U; e++) {
    for (let a = 0; a < K; a++) {
      for (let b = 0; b < K; b++) {
        if (a == b && multiplicity(a) < 2) continue;
        const l = link(e, a, b);
        if (l < cheapestCut) cheapestCut = l;
      }
    }
  }
  return Math.max(Math.max(Math.min(single, cheapestCut), arrive), leave);
}

/**
 * src/search-transfers.ts `passOverhead` of the last fill: the cells it reset, a thirty-second
 * each, and scanned, an eighth each, the free kinds found after each (state, kind) of a scanned
 * row, a quarter a kind, and per state the relaxation's first useful ends, an eighth a search
 * step, and two for the walks.
 */
function countPassOverhead(): f64 {
  let steps = 0;
  while (1 << steps < W) steps++;
  const overhead = Math.ceil(<f64>resetColumns * <f64>K / 32.0 + <f64>scannedColumns * <f64>K / 8.0 + <f64>liveRows * <f64>K * <f64>K / 4.0 + <f64>S * (<f64>K * <f64>steps / 8.0 + 2.0));
  count(C_TRANSITIONS, overhead);
  return overhead;
}

/** src/search-transfers.ts `coverable`, with fewest[] at `fewestPtr` (i32[U+1]). */
export function coverable(fewestPtr: usize): bool {
  for (let k = 0; k < K; k++) {
    if ((firstKind >= 0 && k != firstKind) || (lastKind >= 0 && k != lastKind)) continue;
    if (fits(k, 0, U)) return true;
  }
  store<i32>(fewestPtr, 0);
  let largest: f64 = 0;
  let devices = 0;
  for (let k = 0; k < K; k++) {
    largest = Math.max(largest, capacity(k));
    devices += multiplicity(k);
  }
  const most = maxStages > 0 ? min(maxStages, devices) : devices;
  for (let e = 1; e <= U; e++) {
    let best = 0x7fffffff;
    for (let s = e - 1; s >= 0; s--) {
      if (load<f64>(memoryPrefixPtr + (<usize>e << 3)) - load<f64>(memoryPrefixPtr + (<usize>s << 3)) > largest) break;
      const before = load<i32>(fewestPtr + (<usize>s << 2));
      if (before + 1 >= best) continue;
      for (let k = 0; k < K; k++) {
        if (s == 0 && firstKind >= 0 && k != firstKind) continue;
        if (e == U && lastKind >= 0 && k != lastKind) continue;
        if (fits(k, s, e)) {
          best = before + 1;
          break;
        }
      }
    }
    store<i32>(fewestPtr + (<usize>e << 2), best);
  }
  return load<i32>(fewestPtr + (<usize>U << 2)) <= most;
}

/** src/search-transfers.ts `tieLimit`. */
@inline export function tieLimit(bottleneck: f64): f64 {
  return bottleneck + 1e-9 * bottleneck;
}

/** src/search-transfers.ts `transferPlanBottleneck`, over the plan in the output sections. */
export function outputPlanBottleneck(): f64 {
  const n = resultStageCount;
  let worst = sourceCost(load<i32>(stageKindsPtr));
  let s = 0;
  for (let i = 0; i < n; i++) {
    const k = load<i32>(stageKindsPtr + (<usize>i << 2));
    const end = load<i32>(stageEndsPtr + (<usize>i << 2));
    const compute = stageTime(k, s, end);
    const cost = i == n - 1 ? Math.max(compute, sinkCost(k)) : stageCost(k, end, load<i32>(stageKindsPtr + (<usize>(i + 1) << 2)), compute);
    if (cost > worst) worst = cost;
    s = end;
  }
  return worst;
}

/** Transitions counted so far in this solve, for the work-aware gallop. */
@inline function transitionsSoFar(): f64 {
  return load<f64>(countersPtr + (<usize>C_TRANSITIONS << 3));
}

/**
 * src/search-transfers.ts `searchTransfers`: phase 1 under a limit galloping up from `lower`,
 * galloping stops once failed passes have done `passWork` transitions; phase 2 within tieLimit(B*).
 */
export function searchTransfers(lower: f64, latency: bool, passWork: f64): f64 {
  // coverable's fewest[] borrows the queue section (i32[U+1]), unused by this search.
  if (lower == Infinity || !coverable(queuePtr)) return Infinity;
  if (latency) {
    const limit = tieLimit(lower);
    transferFill(2, limit);
    if (stepLimitReached) return Infinity;
    countPassOverhead();
    if (pickFinalState() >= 0) {
      transferReconstruct(2, limit);
      if (outputPlanBottleneck() == lower) {
        count(C_LATENCY_CELLS, <f64>S * <f64>W * <f64>K);
        return lower;
      }
    }
    count(C_BOUND_RETRIES, 1);
  }
  let limit = lower;
  let step: f64 = 1.0 / 1024;
  let bottleneck = Infinity;
  const startWork = transitionsSoFar();
  // The gallop weighs the fills' transitions alone, as before their overhead was counted.
  let overhead: f64 = 0;
  while (true) {
    transferFill(1, limit);
    if (stepLimitReached) return Infinity;
    overhead += countPassOverhead();
    bottleneck = Infinity;
    for (let state = 1; state < S; state++) bottleneck = Math.min(bottleneck, load<f64>(finalsPtr + (<usize>state << 3)));
    if (bottleneck <= limit || limit == Infinity) break;
    count(C_BOUND_RETRIES, 1);
    const gallop = lower * (1 + step);
    limit = transitionsSoFar() - startWork - overhead > passWork || !(gallop > limit) || step > <f64>(1 << 20) ? Infinity : gallop;
    step *= 2;
  }
  if (bottleneck == Infinity) return bottleneck;
  if (!latency) {
    transferReconstruct(1, bottleneck);
    return bottleneck;
  }
  const limit2 = tieLimit(bottleneck);
  transferFill(2, limit2);
  if (stepLimitReached) return Infinity;
  countPassOverhead();
  count(C_LATENCY_CELLS, <f64>S * <f64>W * <f64>K);
  transferReconstruct(2, limit2);
  return bottleneck;
}

/**
 * src/search-transfers.ts `latencyPass`: the least latency among plans whose every cost is ≤
 * limit; with `exact`, a plan of exactly that latency. Returns 1 with the plan in the output
 * sections and its latency and bottleneck in the result registers, 0 without a plan, 2 when the
 * search reached MAX_SEARCH_STEPS.
 */
export function latencyPass(limit: f64, exact: bool, within: f64 = Infinity, relevant: f64 = Infinity): i32 {
  transferFill(2, limit, relevant);
  if (stepLimitReached) return 2;
  countPassOverhead();
  const top = pickFinalState(exact, within);
  if (top < 0) return 0;
  let least = Infinity;
  for (let state = 1; state < S; state++) least = Math.min(least, load<f64>(finalsPtr + (<usize>state << 3)));
  passPlanLatency = load<f64>(finalsPtr + (<usize>top << 3));
  transferReconstruct(2, limit, top);
  passLatency = least;
  passBottleneck = outputPlanBottleneck();
  return 1;
}

/**
 * The latency pass on monotone problems (src/search.ts `generalSearch`): the windowed least-latency
 * DP, with the same results registers as `latencyPass`.
 */
export function monotonePass(limit: f64, exact: bool, within: f64 = Infinity): i32 {
  const top = latencyPlan(limit, exact, within);
  if (top < 0) return 0;
  let least = Infinity;
  for (let state = 1; state < S; state++) least = Math.min(least, load<f64>(finalsPtr + (<usize>state << 3)));
  passLatency = least;
  passPlanLatency = load<f64>(finalsPtr + (<usize>top << 3));
  let worst: f64 = 0;
  let s = 0;
  for (let i = 0; i < resultStageCount; i++) {
    const end = load<i32>(stageEndsPtr + (<usize>i << 2));
    const t = stageTime(load<i32>(stageKindsPtr + (<usize>i << 2)), s, end);
    if (t > worst) worst = t;
    s = end;
  }
  passBottleneck = worst;
  return 1;
}

/** Sets the pass results (the frontier sweep's points are passes too). */
export function setPassResults(latency: f64, bottleneck: f64, planLatency: f64): void {
  passLatency = latency;
  passBottleneck = bottleneck;
  passPlanLatency = planLatency;
}

export let passLatency: f64 = 0;
export let passBottleneck: f64 = 0;
export let passPlanLatency: f64 = 0;
