/**
 * Guessing where L(T) next drops, on monotone problems (src/tradeoff.ts). Kernel twin:
 * assembly/breakpoint.ts, operation for operation, so both engines guess the same limits.
 *
 * A pass at limit T fills F[state][s], the least latency covering [0, s) with exactly the state's
 * devices and every stage ≤ T. The backward table G[state][e] is the least latency covering
 * [e, units) with devices not in the state, every stage ≤ T. A plan whose stages are all ≤ T but
 * one, [s, e) on kind k with time t > T, has latency F[state][s] + t + G[state + k][e]. The least
 * such t whose latency meets a bound is a real plan's bottleneck whose latency meets the bound (up
 * to the rounding of that rearranged sum), so L(t) meets it too: a guess at the least limit where
 * L meets the bound, often exact, never trusted. The drivers only act on passes: a pass at the
 * guess and one just below it prove it, and anything else falls back to bisection.
 */
import type { PreparedProblem } from './prepare.js';
import { countOf, fits, stageTime } from './prepare.js';
import type { LatencyTable } from './search-latency.js';
import type { SearchCounters } from './search.js';

/**
 * The least stage time t with limit < t < ceiling of a plan with every stage ≤ `table.limit` but
 * one, whose latency F + t + G is ≤ bound; Infinity when there is none.
 * @param table - the least-latency table of a pass at the limit (windows included)
 */
export function breakpointGuess(p: PreparedProblem, table: LatencyTable, bound: number, ceiling: number, c: SearchCounters): number {
  const width = p.unitCount + 1;
  const units = p.unitCount;
  const { limit, values, low, high } = table;
  const rest = backwardLatencies(p, limit, low, guessWindows(p, table, ceiling), c);
  // Until a plan is found only the ceiling stops a start's scan: cap the scan at the work of a
  // full pass (a guess is only a hint, so stopping early costs speed, never exactness).
  const cap = p.stateCount * width * p.kindCount;
  let work = 0;
  let best = ceiling;
  for (let state = 0; state < p.stateCount; state++) {
    const first = low[state] ?? 0;
    const last = Math.min(high[state] ?? -1, units - 1);
    if (first > last) continue;
    for (let k = 0; k < p.kindCount; k++) {
      if (countOf(p, state, k) >= (p.multiplicity[k] ?? 0)) continue;
      const after = state + (p.stride[k] ?? 0);
      const afterLow = low[after] ?? 0;
      const afterRow = after * width;
      // The first end past the limit only moves right as the start does (a longer stage is never cheaper).
      let over = first + 1;
      for (let s = first; s <= last; s++) {
        const before = values[state * width + s] ?? Infinity;
        if (before === Infinity) continue;
        if (over <= s) over = s + 1;
        while (over <= units && stageTime(p, k, s, over) <= limit) over++;
        for (let e = over > afterLow ? over : afterLow; e <= units; e++) {
          c.transitions++;
          if (++work > cap) return best < ceiling ? best : Infinity;
          const time = stageTime(p, k, s, e);
          // Longer stages only cost more and need more memory: nothing further can do better.
          // (So e stays within the backward table's window, which ends where time reaches the ceiling.)
          if (!(time < best) || !fits(p, k, s, e)) break;
          const finish = rest[afterRow + e] ?? Infinity;
          if (finish !== Infinity && before + time + finish <= bound) {
            best = time;
            break;
          }
        }
      }
    }
  }
  return best < ceiling ? best : Infinity;
}

/**
 * The farthest end e ≥ s with [s, e) on kind k fitting and its time below `cap` (`strict`) or at
 * most `cap`; s itself when no unit qualifies. Both tests only fail further right: a binary search.
 */
function farthestEnd(p: PreparedProblem, k: number, s: number, cap: number, strict: boolean): number {
  let lo = s;
  let hi = p.unitCount;
  while (lo < hi) {
    const mid = lo + ((hi - lo + 1) >>> 1);
    const time = stageTime(p, k, s, mid);
    if ((strict ? time < cap : time <= cap) && fits(p, k, s, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The last column of each state's row the guess can read in the backward table (-1: none): a
 * plan reaches cell (state, e) with one stage below the ceiling after a cell of the forward table,
 * then stages within the limit. The forward threshold DP seeded with those exceeding stages, like
 * the windows of the forward table: only these cells are filled, so a tight ceiling keeps the
 * backward DP as cheap as a pass.
 */
function guessWindows(p: PreparedProblem, table: LatencyTable, ceiling: number): Int32Array {
  const { limit, low, high } = table;
  const windows = new Int32Array(p.stateCount);
  windows[0] = -1;
  for (let state = 1; state < p.stateCount; state++) {
    let far = -1;
    for (let k = 0; k < p.kindCount; k++) {
      if (countOf(p, state, k) === 0) continue;
      const previous = state - (p.stride[k] ?? 0);
      const last = Math.min(high[previous] ?? -1, p.unitCount - 1);
      if ((low[previous] ?? 0) <= last) far = Math.max(far, farthestEnd(p, k, last, ceiling, true));
      const before = windows[previous] ?? -1;
      if (before >= 0 && before < p.unitCount) far = Math.max(far, farthestEnd(p, k, before, limit, false));
    }
    windows[state] = far;
  }
  return windows;
}

/**
 * G[state][e] for low[state] ≤ e ≤ windows[state] (before low the other devices cannot finish
 * within the limit; past the window the guess never looks), and G[state][units] = 0: the least
 * Σ stage time covering [e, units) with devices not in the state. States go down, so a stage's
 * successor row is done; for a first stage [e, end) on kind k,
 *   G[state][e] = min over allowed end of time(e, end) + G[state + k][end]
 * The allowed ends (time ≤ limit, fits memory) only move left as e does, so the minimum of
 * G[·][end] + P[end]/v is a sliding-window minimum, as in the forward DP; the chosen end's value
 * is recomputed with the exact stage-time formula. An allowed end from a cell in the window lies
 * in the successor's window (the windows are closed under stages within the limit).
 */
function backwardLatencies(p: PreparedProblem, limit: number, low: Int32Array, windows: Int32Array, c: SearchCounters): Float64Array {
  const width = p.unitCount + 1;
  const units = p.unitCount;
  const rest = new Float64Array(p.stateCount * width).fill(Infinity);
  const queue = new Int32Array(width);
  const keys = new Float64Array(width);
  for (let state = p.stateCount - 1; state >= 0; state--) {
    const row = state * width;
    const first = low[state] ?? units;
    const last = Math.min(windows[state] ?? -1, units - 1);
    rest[row + units] = 0;
    if (first > last) continue;
    for (let k = 0; k < p.kindCount; k++) {
      if (countOf(p, state, k) >= (p.multiplicity[k] ?? 0)) continue;
      const next = state + (p.stride[k] ?? 0);
      const nextRow = next * width;
      const nextLow = low[next] ?? units;
      const base = k * width;
      const divisor = p.divisor[k] ?? 1;
      let head = 0;
      let tail = 0;
      // The successor's cells lie in [nextLow, windows[next]] (units included when it is there).
      let pushed = windows[next] ?? -1;
      let far = pushed;
      for (let e = last; e >= first; e--) {
        c.states++;
        for (; pushed > e && pushed >= nextLow; pushed--) {
          const after = rest[nextRow + pushed] ?? Infinity;
          if (after === Infinity) continue;
          const key = after + (p.timePrefix[base + pushed] ?? 0) / divisor;
          while (tail > head && (keys[tail - 1] ?? 0) >= key) tail--;
          queue[tail] = pushed;
          keys[tail] = key;
          tail++;
        }
        while (far > e && (stageTime(p, k, e, far) > limit || !fits(p, k, e, far))) far--;
        while (head < tail && (queue[head] ?? 0) > far) head++;
        if (head < tail) {
          const end = queue[head] ?? 0;
          c.transitions++;
          const value = stageTime(p, k, e, end) + (rest[nextRow + end] ?? 0);
          if (value < (rest[row + e] ?? Infinity)) rest[row + e] = value;
        }
      }
    }
  }
  return rest;
}

const bits = new BigUint64Array(1);
const floats = new Float64Array(bits.buffer);

/** The largest double below a positive `value` (its bit pattern minus one); -Infinity for 0 or less. */
export function nextDown(value: number): number {
  if (!(value > 0)) return -Infinity;
  floats[0] = value;
  bits[0] = (bits[0] ?? 1n) - 1n;
  return floats[0] ?? value;
}
