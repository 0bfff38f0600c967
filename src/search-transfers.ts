/**
 * The transfer-aware search, for problems with activations (`model.outputBytes`): stage memory
 * then depends on the activation at each cut, and each cut between two devices with bandwidth is
 * a transfer (SPEC §2.2–2.3). Neither is monotone in the cut, so this DP assumes nothing about
 * cuts; the kernel (assembly/transfers.ts) mirrors it operation for operation.
 *
 * State (c, e, k): units [0, e) are covered by closed stages on the devices counted in state c,
 * and the next stage, starting at e, runs on kind k (c has a free device of kind k). Knowing k
 * before the stage closes is what prices the link: closing stage [e, e') on k and choosing the
 * next kind k2 costs link(e', k, k2) — PipeEdge's h[i][S][u] formulation, over counts per kind.
 *   overlap: the link is a pipeline stage of its own: cost = max(compute, link)
 *   serial:  the sender's stage includes its send:  cost = compute + link
 * Phase 1 keeps the least bottleneck per state; phase 2 the least latency among stages and links
 * ≤ B*. Both stop extending a stage once its compute time exceeds the limit (compute only grows
 * with e', and every cost is ≥ compute), which keeps every plan within the limit.
 * Latency adds compute then link, stage by stage, in the order `evaluatePlan` does.
 */
import type { PreparedProblem } from './prepare.js';
import { countOf, fits, linkTime, stageTime } from './prepare.js';
import { pickFinalState } from './objective.js';
import { GALLOP_FIRST_STEP } from './search-threshold.js';
import type { SearchCounters } from './search.js';

/** Largest table (states × (units + 1) × kinds) the transfer-aware DP accepts. */
export const MAX_TRANSFER_CELLS = 1 << 23;

function cell(p: PreparedProblem, state: number, e: number, k: number): number {
  return (state * (p.unitCount + 1) + e) * p.kindCount + k;
}

/** The cost of closing [start, end) on kind k when the next stage runs on kind next (−1: last). */
function stageCost(p: PreparedProblem, k: number, end: number, next: number, compute: number): number {
  if (next < 0) return compute;
  const link = linkTime(p, end, k, next);
  return p.serial ? compute + link : compute > link ? compute : link;
}

/** Latency added by closing [start, end) on k before `next`: compute, then the link. */
function stageLatency(before: number, p: PreparedProblem, k: number, end: number, next: number, compute: number): number {
  const withCompute = before + compute;
  return next < 0 ? withCompute : withCompute + linkTime(p, end, k, next);
}

interface Table {
  values: Float64Array;
  /** Per final state (all devices of the plan): the best complete plan's value. */
  finals: Float64Array;
}

/**
 * Fills a DP table. `phase` 1: values are bottlenecks, a transition keeps max(before, cost);
 * `phase` 2: values are latencies, transitions allowed only with cost ≤ limit.
 */
/**
 * @param low - per state, the least e from which the other devices can still finish within the
 *   limit in the relaxation (weights only, no links); cells before it lie on no plan within the
 *   limit (the relaxation only allows more), so they are skipped
 */
function fill(p: PreparedProblem, phase: 1 | 2, limit: number, low: Int32Array, c: SearchCounters): Table {
  const W = p.unitCount + 1;
  const K = p.kindCount;
  const values = new Float64Array(p.stateCount * W * K).fill(Infinity);
  const finals = new Float64Array(p.stateCount).fill(Infinity);
  const free = new Uint8Array(K);
  for (let k = 0; k < K; k++) values[k] = 0;
  // Phase 1 keeps only plans ≤ the best complete plan so far (≤ limit): a partial plan above it
  // cannot end below it. Phase 2 keeps stages and links ≤ limit = B*.
  let best = limit;
  for (let state = 0; state < p.stateCount; state++) {
    for (let k = 0; k < K; k++) {
      if (countOf(p, state, k) >= (p.multiplicity[k] ?? 0)) continue;
      const after = state + (p.stride[k] ?? 0);
      // Kinds with a free device after this stage, computed once per (state, kind).
      for (let n = 0; n < K; n++) free[n] = countOf(p, after, n) < (p.multiplicity[n] ?? 0) ? 1 : 0;
      for (let e = low[state] ?? 0; e < p.unitCount; e++) {
        const before = values[cell(p, state, e, k)] ?? Infinity;
        if (before === Infinity) continue;
        c.states++;
        for (let end = e + 1; end <= p.unitCount; end++) {
          const compute = stageTime(p, k, e, end);
          if (compute > best) break;
          if (!fits(p, k, e, end)) continue;
          if (end === p.unitCount) {
            c.transitions++;
            const value = phase === 1 ? (before > compute ? before : compute) : stageLatency(before, p, k, end, -1, compute);
            if (value < (finals[after] ?? Infinity)) finals[after] = value;
            if (phase === 1 && value < best) best = value;
            continue;
          }
          for (let next = 0; next < K; next++) {
            if (free[next] === 0) continue;
            c.transitions++;
            const cost = stageCost(p, k, end, next, compute);
            let value: number;
            if (phase === 1) {
              value = before > cost ? before : cost;
              if (value > best) continue;
            } else {
              if (cost > limit) continue;
              value = stageLatency(before, p, k, end, next, compute);
            }
            const at = cell(p, after, end, next);
            if (value < (values[at] ?? Infinity)) values[at] = value;
          }
        }
      }
    }
  }
  return { values, finals };
}

/**
 * Walks back from the best final state (`pickFinalState`); at each step the first predecessor, by kind then start, whose transition reproduces the
 * stored value exactly.
 */
function reconstruct(p: PreparedProblem, phase: 1 | 2, limit: number, table: Table): { ends: number[]; kinds: number[] } {
  // Phase 1 values are bottlenecks: only states at exactly B* qualify, then the fewest stages.
  const top = pickFinalState(p, (state) => {
    const value = table.finals[state] ?? Infinity;
    return phase === 1 && value !== limit ? Infinity : value;
  });
  if (top < 0) throw new Error('internal: transfer-aware search found no final state');
  const ends: number[] = [];
  const kinds: number[] = [];
  let target = table.finals[top] ?? 0;
  let state = top;
  let end = p.unitCount;
  let next = -1;
  while (end > 0) {
    let found = false;
    for (let k = 0; k < p.kindCount && !found; k++) {
      if (countOf(p, state, k) === 0) continue;
      const previous = state - (p.stride[k] ?? 0);
      for (let start = 0; start < end && !found; start++) {
        const before = table.values[cell(p, previous, start, k)] ?? Infinity;
        if (before === Infinity || !fits(p, k, start, end)) continue;
        const compute = stageTime(p, k, start, end);
        const cost = stageCost(p, k, end, next, compute);
        if (cost > limit) continue;
        const value = phase === 1 ? (before > cost ? before : cost) : stageLatency(before, p, k, end, next, compute);
        if (value !== target) continue;
        ends.push(end);
        kinds.push(k);
        target = before;
        state = previous;
        end = start;
        next = k;
        found = true;
      }
    }
    if (!found) throw new Error('internal: transfer-aware reconstruction failed');
  }
  return { ends: ends.reverse(), kinds: kinds.reverse() };
}

/**
 * A lower bound from the links alone: a plan of one stage costs at least the fastest single
 * device that holds the model; a plan of several stages cuts somewhere, and every cost (overlap:
 * the link; serial: compute + link) is at least the cheapest link any two devices could have
 * over that cut. When slow links set the bottleneck, this is usually B* itself.
 */
export function linkLowerBound(p: PreparedProblem): number {
  let single = Infinity;
  for (let k = 0; k < p.kindCount; k++) if (fits(p, k, 0, p.unitCount)) single = Math.min(single, stageTime(p, k, 0, p.unitCount));
  let cheapestCut = Infinity;
  for (let e = 1; e < p.unitCount; e++) {
    for (let a = 0; a < p.kindCount; a++) {
      for (let b = 0; b < p.kindCount; b++) {
        if (a === b && (p.multiplicity[a] ?? 0) < 2) continue;
        cheapestCut = Math.min(cheapestCut, linkTime(p, e, a, b));
      }
    }
  }
  return Math.min(single, cheapestCut);
}

/**
 * Both phases of the transfer-aware search.
 *
 * Phase 1 runs with a limit: only stages, links and partial plans ≤ limit are kept, so a pass
 * that finds a plan has found the least bottleneck exactly, and one that finds none proves
 * B* > limit. Tight limits keep passes cheap (a stage's compute passes the limit after a few
 * units), so the limit starts at `lower` — the least bottleneck without activations and links, a
 * relaxation, hence ≤ B* — and gallops up: lower · (1 + 2^-10), (1 + 2^-9), …, then Infinity.
 * @param lower - a lower bound on B* (Infinity: no plan even without activations)
 * @param usefulEnds - the relaxation's `firstUsefulEnds` at a limit (see `fill`)
 * @returns the least bottleneck and a plan (least latency when `latency`), or Infinity
 */
export function searchTransfers(p: PreparedProblem, lower: number, latency: boolean, c: SearchCounters, usefulEnds: (limit: number) => Int32Array): { bottleneck: number; ends: number[]; kinds: number[] } {
  if (lower === Infinity) return { bottleneck: Infinity, ends: [], kinds: [] };
  if (latency) {
    // Usually links and activations do not raise the bottleneck: B* = lower. A latency pass at
    // limit = lower that finds a plan proves it (B* ≤ lower ≤ B*) and is already phase 2.
    const direct = fill(p, 2, lower, usefulEnds(lower), c);
    if (pickFinalState(p, (state) => direct.finals[state] ?? Infinity) >= 0) {
      c.latencyCells = p.stateCount * (p.unitCount + 1) * p.kindCount;
      return { bottleneck: lower, ...reconstruct(p, 2, lower, direct) };
    }
    c.boundRetries++;
  }
  let limit = lower;
  let step = GALLOP_FIRST_STEP;
  let first: Table;
  let bottleneck: number;
  for (;;) {
    first = fill(p, 1, limit, limit === Infinity ? new Int32Array(p.stateCount) : usefulEnds(limit), c);
    bottleneck = Infinity;
    for (let state = 1; state < p.stateCount; state++) bottleneck = Math.min(bottleneck, first.finals[state] ?? Infinity);
    if (bottleneck <= limit || limit === Infinity) break;
    c.boundRetries++;
    limit = step > 1 << 20 ? Infinity : lower * (1 + step);
    step *= 2;
  }
  if (bottleneck === Infinity) return { bottleneck, ends: [], kinds: [] };
  if (!latency) return { bottleneck, ...reconstruct(p, 1, bottleneck, first) };
  const second = fill(p, 2, bottleneck, usefulEnds(bottleneck), c);
  c.latencyCells = p.stateCount * (p.unitCount + 1) * p.kindCount;
  return { bottleneck, ...reconstruct(p, 2, bottleneck, second) };
}
