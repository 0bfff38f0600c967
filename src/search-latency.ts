/**
 * The least-latency phase among plans within the least bottleneck, and the windows of useful
 * cells it shares with the transfer-aware search. Kernel twin: assembly/latency.ts.
 */
import type { PreparedProblem } from './prepare.js';
import { countOf, fits, stageTime, nextDigits } from './prepare.js';
import { pickFinalState } from './objective.js';
import type { SearchCounters } from './search.js';
import { probe } from './search-threshold.js';

/**
 * Nearest start s ≤ end with units [s, end) on `kind` in time ≤ limit and fitting memory (s = end
 * when not even one unit fits). Monotone in s, so a binary search finds it.
 */
function nearestStart(p: PreparedProblem, kind: number, end: number, limit: number): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (stageTime(p, kind, mid, end) <= limit && fits(p, kind, mid, end)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The rows of the latency table that can lie on a plan with every stage ≤ limit. A plan through
 * cell (state, e) covers [0, e) with the state's devices, so e ≤ reach[state] (the forward
 * threshold DP), and covers [e, units) with devices of the complementary state (S − 1 − state in
 * mixed radix), so e ≥ back[complement], where back is the same DP run from the end: the least
 * start from which a state's devices cover the rest. Cells outside [low, high] are never needed.
 */
function latencyWindows(p: PreparedProblem, limit: number, reach: Int32Array, c: SearchCounters): { low: Int32Array; high: Int32Array } {
  probe(p, limit, reach, false, c);
  return { low: firstUsefulEnds(p, limit), high: reach };
}

/**
 * low[state] = back[complement of state]: the least e from which the devices not in `state` can
 * cover units [e, end) with every stage ≤ limit and fitting memory. The backward threshold DP:
 * starting as early as possible is optimal for the same reason reaching as far as possible is.
 */
export function firstUsefulEnds(p: PreparedProblem, limit: number): Int32Array {
  const back = new Int32Array(p.stateCount);
  const digits = new Int32Array(p.kindCount);
  back[0] = p.unitCount;
  for (let state = 1; state < p.stateCount; state++) {
    nextDigits(p, digits);
    let best = p.unitCount;
    for (let k = 0; k < p.kindCount; k++) {
      if ((digits[k] ?? 0) === 0) continue;
      const start = nearestStart(p, k, back[state - (p.stride[k] ?? 0)] ?? 0, limit);
      if (start < best) best = start;
    }
    back[state] = best;
  }
  const low = new Int32Array(p.stateCount);
  for (let state = 0; state < p.stateCount; state++) low[state] = back[p.stateCount - 1 - state] ?? 0;
  return low;
}

/**
 * How far above the least exact sum the windowed DP's least latency can be, at latencies up to
 * `latency`: each stage's start is chosen by the key F − P/v, whose rounding (at the ulps of F and
 * of P/v, P/v up to the kind's whole-model time) can differ from the left-to-right sum's by a few
 * ulps, so the table can keep a plan a few ulps above another within the same limit. 2^-44 (512
 * ulps) of the largest whole-model time plus the latency covers dozens of stages' worth. The
 * deadline search passes a limit within this of its deadline (src/tradeoff.ts,
 * `solveWithinLatency`), and checks the plan it returns against the deadline itself.
 */
export function keyRounding(p: PreparedProblem, latency: number): number {
  const width = p.unitCount + 1;
  let whole = 0;
  for (let k = 0; k < p.kindCount; k++) {
    const time = (p.timePrefix[k * width + p.unitCount] ?? 0) / (p.divisor[k] ?? 1);
    if (time > whole && time < Infinity) whole = time;
  }
  return 2 ** -44 * (whole + latency);
}

/**
 * Phase 2, least latency among plans whose every stage is ≤ limit. latency[state][e] = least
 * Σ stage time covering [0, e) with exactly the state's devices, kept only for e in the state's
 * window (see `latencyWindows`); outside it a cell counts as unreachable. For a last stage [s, e)
 * on kind k:
 *   latency[state][e] = min over allowed s of latency[state − k][s] + time(s, e)
 * The allowed starts (time ≤ limit, fits memory) only move right as e grows (monotone costs),
 * and time(s, e) = (P[e] − P[s]) / v, so the minimum is over latency[·][s] − P[s]/v: a
 * sliding-window minimum kept in a monotone deque, O(1) amortized per cell. The key is the real
 * arithmetic split; the chosen start's value is recomputed with the exact stage-time formula.
 */
export function latencyPlan(p: PreparedProblem, limit: number, reach: Int32Array, c: SearchCounters): { ends: number[]; kinds: number[] } {
  const found = latencyPlanWithin(p, limit, reach, c, false);
  if (!found) throw new Error('internal: least-latency phase found no plan at the least bottleneck');
  return found;
}

/** A filled least-latency table at a limit, with the row windows it was filled within. */
export interface LatencyTable {
  limit: number;
  /** latency[state × (units + 1) + e]; meaningful only for e in [low[state], high[state]]. */
  values: Float64Array;
  low: Int32Array;
  /** The forward threshold DP's reach at `limit` (the array the caller passed, not a copy). */
  high: Int32Array;
}

/**
 * `latencyPlan` as a latency pass (src/tradeoff.ts): `null` when no plan has every stage ≤ limit;
 * with `exact`, a plan of exactly the least latency (fewest stages among those), and the least
 * latency and the plan's own latency reported.
 */
export function latencyPlanWithin(p: PreparedProblem, limit: number, reach: Int32Array, c: SearchCounters, exact: boolean): { ends: number[]; kinds: number[]; latency: number; planLatency: number } | null {
  // The table is read before this returns, so the shared buffers serve every such call.
  const found = latencyPlanFromTable(p, fillLatencyTable(p, limit, reach, c, ONE_SHOT), exact);
  ONE_SHOT.trim();
  return found;
}

/**
 * Storage for least-latency tables. A table of a few KB allocated per pass costs V8 an off-heap
 * buffer (several µs, a fifth of a warm solve), so a table lives in a `LatencyBuffers` that
 * outlives it. Invariant: a table is valid until the next `fillLatencyTable` on the same buffers.
 */
export class LatencyBuffers {
  values = new Float64Array(0);
  queue = new Int32Array(0);
  keys = new Float64Array(0);

  /**
   * Drops buffers above RETAINED_CELLS: a shared set kept for the life of the process should not
   * hold a large problem's table (up to MAX_LATENCY_CELLS, 32 MB) after it is solved.
   */
  trim(): void {
    if (this.values.length > RETAINED_CELLS) this.values = new Float64Array(0);
    if (this.queue.length > RETAINED_CELLS) {
      this.queue = new Int32Array(0);
      this.keys = new Float64Array(0);
    }
  }

  /** Grows the buffers to a table of `cells` cells and rows of `width`. */
  reserve(cells: number, width: number): void {
    if (this.values.length < cells) this.values = new Float64Array(cells);
    if (this.queue.length < width) {
      this.queue = new Int32Array(width);
      this.keys = new Float64Array(width);
    }
  }
}

/** Largest table (cells) the shared buffers keep between calls: 512 KB. */
const RETAINED_CELLS = 1 << 16;

/** The buffers of tables read before the call that fills them returns (`latencyPlanWithin`). */
const ONE_SHOT = new LatencyBuffers();

/**
 * The least-latency table within `limit` (see `latencyPlan`); `reach` becomes its `high`. Only
 * cells inside the windows are written: `latencyPlanFromTable` and the guesses read no others.
 */
export function fillLatencyTable(p: PreparedProblem, limit: number, reach: Int32Array, c: SearchCounters, buffers: LatencyBuffers): LatencyTable {
  const width = p.unitCount + 1;
  const { low, high } = latencyWindows(p, limit, reach, c);
  buffers.reserve(p.stateCount * width, width);
  const { values: latency, queue, keys } = buffers;
  latency[0] = 0;
  const digits = new Int32Array(p.kindCount);
  for (let state = 1; state < p.stateCount; state++) {
    nextDigits(p, digits);
    const row = state * width;
    const last = high[state] ?? 0;
    if ((low[state] ?? 0) > last) continue;
    // Cell (state, 0) of a non-empty state is in the window when the other devices alone can
    // cover every unit; it stays Infinity (stages are never empty).
    latency.fill(Infinity, row + (low[state] ?? 0), row + last + 1);
    const first = Math.max(1, low[state] ?? 0);
    c.latencyCells += Math.max(0, last - first + 1);
    for (let k = 0; k < p.kindCount; k++) {
      if ((digits[k] ?? 0) === 0) continue;
      const previous = state - (p.stride[k] ?? 0);
      const base = k * width;
      const divisor = p.divisor[k] ?? 1;
      let head = 0;
      let tail = 0;
      let pushed = low[previous] ?? 0;
      const pushLimit = high[previous] ?? -1;
      let allowed = pushed;
      for (let end = first; end <= last; end++) {
        c.states++;
        for (; pushed < end && pushed <= pushLimit; pushed++) {
          const before = latency[previous * width + pushed] ?? Infinity;
          if (before === Infinity) continue;
          const key = before - (p.timePrefix[base + pushed] ?? 0) / divisor;
          while (tail > head && (keys[tail - 1] ?? 0) >= key) tail--;
          queue[tail] = pushed;
          keys[tail] = key;
          tail++;
        }
        while (allowed < end && (stageTime(p, k, allowed, end) > limit || !fits(p, k, allowed, end))) allowed++;
        while (head < tail && (queue[head] ?? 0) < allowed) head++;
        if (head < tail) {
          const start = queue[head] ?? 0;
          c.transitions++;
          const value = (latency[previous * width + start] ?? 0) + stageTime(p, k, start, end);
          if (value < (latency[row + end] ?? Infinity)) latency[row + end] = value;
        }
      }
    }
  }
  return { limit, values: latency, low, high };
}

/** The pass's plan from a filled table: `pickFinalState`, then the walk back (see `latencyPlan`). */
export function latencyPlanFromTable(p: PreparedProblem, table: LatencyTable, exact: boolean, within = Infinity): { ends: number[]; kinds: number[]; latency: number; planLatency: number } | null {
  const width = p.unitCount + 1;
  const { limit, values: latency, low, high } = table;
  const at = (state: number, e: number): number =>
    e >= (low[state] ?? 0) && e <= (high[state] ?? -1) ? (latency[state * width + e] ?? Infinity) : Infinity;
  const final = (state: number): number => at(state, p.unitCount);
  const top = pickFinalState(p, final, exact, within);
  if (top < 0) return null;
  let least = Infinity;
  for (let state = 1; state < p.stateCount; state++) least = Math.min(least, final(state));
  const planLatency = final(top);
  const ends: number[] = [];
  const kinds: number[] = [];
  let state = top;
  let end = p.unitCount;
  while (end > 0) {
    const target = at(state, end);
    let found = false;
    for (let k = 0; k < p.kindCount && !found; k++) {
      if (countOf(p, state, k) === 0) continue;
      const previous = state - (p.stride[k] ?? 0);
      // Only starts inside the previous state's window have a value: scan just those, in the
      // same ascending order (the first match is the plan).
      const last = Math.min(end - 1, high[previous] ?? -1);
      for (let start = Math.max(0, low[previous] ?? 0); start <= last; start++) {
        const before = at(previous, start);
        if (before === Infinity || stageTime(p, k, start, end) > limit || !fits(p, k, start, end)) continue;
        if (before + stageTime(p, k, start, end) === target) {
          ends.push(end);
          kinds.push(k);
          state = previous;
          end = start;
          found = true;
          break;
        }
      }
    }
    if (!found) throw new Error('internal: least-latency reconstruction failed');
  }
  return { ends: ends.reverse(), kinds: kinds.reverse(), latency: least, planLatency };
}
