// The transfer-aware search for problems with activations (src/search-transfers.ts).
import { C_STATES, C_TRANSITIONS, C_BOUND_RETRIES, C_LATENCY_CELLS, U, K, S, W, finalsPtr, linkTablePtr, digitsPtr, multiplicity, stride, cell, setCell, count, stageTime, fits, linkTime, countOf, setStageCount, reverseOutput, writeStage } from './layout';
import { low, fillRelaxedUsefulEnds } from './latency';
import { pickFinalState } from './objective';

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

export function transferFill(phase: i32, limit: f64): void {
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

export function transferReconstruct(phase: i32, limit: f64): void {
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
  for (let k = 0; k < K; k++) if (fits(k, 0, U)) single = Math.min(single, stageTime(k, 0, U));
  let cheapestCut = Infinity;
  for (let e = 1; e < U; e++) {
    for (let a = 0; a < K; a++) {
      for (let b = 0; b < K; b++) {
        if (a == b && multiplicity(a) < 2) continue;
        cheapestCut = Math.min(cheapestCut, link(e, a, b));
      }
    }
  }
  return Math.min(single, cheapestCut);
}

/** src/search-transfers.ts `searchTransfers`: phase 1 under a limit galloping up from `lower`. */
export function searchTransfers(lower: f64, latency: bool): f64 {
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
