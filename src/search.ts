/**
 * The pure-TypeScript search engine (`engine: 'ts'`), the reference the WASM kernel
 * (`assembly/`) mirrors operation for operation, so both return the same plan.
 *
 * A solve has two phases:
 * 1. Find B*, the least bottleneck. `'dnnpipe'`: the paper's DP over (units covered, devices used)
 *    with its two prunings made safe. `'auto'`: a threshold search — for a bottleneck T, a DP over
 *    device states finds the farthest prefix coverable with every stage ≤ T; T is searched over
 *    real stage times only, so B* is exactly a real plan's bottleneck.
 * 2. Pick the plan. `'latency'`: a DP over (state, units covered) of least latency using only
 *    stages ≤ B*; `'none'` (or a latency table too large): the threshold DP's plan at B*, with the
 *    fewest stages. Phase 2 is the same for both algorithms, so they return the same plan.
 *
 * Problems with activations (transfers, activation memory) break the monotone costs both phases
 * rely on and go to the transfer-aware DP in src/search-transfers.ts instead.
 *
 * Deterministic tie-break (SPEC §1 rule 4), after least bottleneck, least latency, fewest stages:
 * the lowest final state number; then, from the last stage backwards, the stage on the
 * lowest-numbered kind, then the earliest start (with `secondary: 'none'`, the threshold DP's
 * stage for the lowest-numbered kind that reaches). Devices of a kind go to stages in order.
 */
import type { PreparedProblem } from './prepare.js';
import { countOf, fits, latencyTableFits, stageTime } from './prepare.js';
import { linkLowerBound, searchTransfers } from './search-transfers.js';
import { pickFinalState, stageCountOf } from './objective.js';

/** Counters reported in `Plan.stats`. */
export interface SearchCounters {
  /** DP cells (state, prefix) or threshold-DP states evaluated. */
  states: number;
  /** Stage transitions evaluated. */
  transitions: number;
  /** Bottleneck thresholds tested (`'auto'`). */
  probes: number;
  /** Stages cut by the upper bound (`'dnnpipe'`). */
  prunedUpperBound: number;
  /** Stages cut by the safe under-utilized-stage rule (`'dnnpipe'`). */
  prunedUnderUtilized: number;
  /** Passes whose bound cut every plan, so the search went on with a looser one: the paper's
   * T_ub (`'dnnpipe'`), or the transfer-aware search's galloping limit. */
  boundRetries: number;
  /** Cells of the least-latency table inside the rows' windows. */
  latencyCells: number;
}

/** What an engine returns: stage ends and kinds, in pipeline order. */
export interface SearchResult {
  feasible: boolean;
  bottleneck: number;
  stageEnds: number[];
  stageKinds: number[];
  latencyOptimal: boolean;
  counters: SearchCounters;
}

export interface SearchRequest {
  algorithm: 'auto' | 'dnnpipe';
  secondary: 'latency' | 'none';
}

/** Codes shared with the kernel. */
export const ALGORITHM_CODE = { auto: 0, dnnpipe: 1 } as const;
export const SECONDARY_CODE = { latency: 0, none: 1 } as const;

function emptyCounters(): SearchCounters {
  return { states: 0, transitions: 0, probes: 0, prunedUpperBound: 0, prunedUnderUtilized: 0, boundRetries: 0, latencyCells: 0 };
}


/** Advances a mixed-radix count vector by one; the state number goes up by one. */
function nextDigits(p: PreparedProblem, digits: Int32Array): void {
  for (let k = 0; k < p.kindCount; k++) {
    digits[k] = (digits[k] ?? 0) + 1;
    if ((digits[k] ?? 0) <= (p.multiplicity[k] ?? 0)) return;
    digits[k] = 0;
  }
}

/**
 * Farthest end e ≥ start with units [start, e) on `kind` in time ≤ limit and fitting memory.
 * Both conditions are monotone in e, so a binary search finds it.
 */
function farthestEnd(p: PreparedProblem, kind: number, start: number, limit: number): number {
  let lo = start;
  let hi = p.unitCount;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (stageTime(p, kind, start, mid) <= limit && fits(p, kind, start, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

interface Probe {
  feasible: boolean;
  /** If infeasible: the least stage time above the limit that could change any reach; Infinity if none. */
  nextLimit: number;
  /** If feasible: the state whose reach got to the end. */
  state: number;
}

/**
 * Threshold DP: reach[state] = farthest prefix coverable by that state's devices, every stage
 * ≤ limit. Going as far as possible is optimal: a stage starting later reaches at least as far
 * (monotone costs), so reach[state] = max over kinds k in state of farthestEnd(k, reach[state − k]).
 */
function probe(p: PreparedProblem, limit: number, reach: Int32Array, stopEarly: boolean, c: SearchCounters): Probe {
  const digits = new Int32Array(p.kindCount);
  let nextLimit = Infinity;
  let found = -1;
  reach[0] = 0;
  c.probes++;
  for (let state = 1; state < p.stateCount; state++) {
    nextDigits(p, digits);
    c.states++;
    let best = 0;
    for (let k = 0; k < p.kindCount; k++) {
      if ((digits[k] ?? 0) === 0) continue;
      const start = reach[state - (p.stride[k] ?? 0)] ?? 0;
      const end = farthestEnd(p, k, start, limit);
      c.transitions++;
      if (end > best) best = end;
      // The limit stopped this stage (memory did not): this reach grows once the limit reaches
      // the one-unit-longer stage's time. No reach changes below the least such time.
      if (end < p.unitCount && fits(p, k, start, end + 1)) {
        const longer = stageTime(p, k, start, end + 1);
        if (longer < nextLimit) nextLimit = longer;
      }
    }
    reach[state] = best;
    if (best === p.unitCount && found < 0) {
      found = state;
      if (stopEarly) break;
    }
  }
  return { feasible: found >= 0, nextLimit, state: found };
}


/**
 * Rebuilds a plan from a threshold DP's reach table, backwards from `state` at the last unit.
 * Dropping a kind whose smaller state already reaches `end` comes first (fewer stages).
 */
function thresholdPlan(p: PreparedProblem, limit: number, reach: Int32Array, top: number): { ends: number[]; kinds: number[] } {
  const ends: number[] = [];
  const kinds: number[] = [];
  let state = top;
  let end = p.unitCount;
  while (end > 0) {
    let next = -1;
    let stageKind = -1;
    for (let k = 0; k < p.kindCount && next < 0; k++) {
      if (countOf(p, state, k) > 0 && (reach[state - (p.stride[k] ?? 0)] ?? 0) >= end) next = state - (p.stride[k] ?? 0);
    }
    for (let k = 0; k < p.kindCount && next < 0; k++) {
      if (countOf(p, state, k) === 0) continue;
      const previous = state - (p.stride[k] ?? 0);
      const start = reach[previous] ?? 0;
      if (stageTime(p, k, start, end) <= limit && fits(p, k, start, end)) {
        next = previous;
        stageKind = k;
      }
    }
    if (next < 0) throw new Error('internal: threshold plan reconstruction failed');
    if (stageKind >= 0) {
      ends.push(end);
      kinds.push(stageKind);
      end = reach[next] ?? 0;
    }
    state = next;
  }
  return { ends: ends.reverse(), kinds: kinds.reverse() };
}

function planBottleneck(p: PreparedProblem, ends: number[], kinds: number[]): number {
  let worst = 0;
  let start = 0;
  ends.forEach((end, i) => {
    worst = Math.max(worst, stageTime(p, kinds[i] ?? 0, start, end));
    start = end;
  });
  return worst;
}

/**
 * Positive doubles are ordered like their bit patterns, so bisecting the bits bisects the set of
 * representable values: at most 64 halvings from any interval to one value.
 */
const bits = new BigUint64Array(2);
const floats = new Float64Array(bits.buffer);
function bitMidpoint(lo: number, hi: number): number {
  floats[0] = lo;
  floats[1] = hi;
  const a = bits[0] ?? 0n;
  const b = bits[1] ?? 0n;
  bits[0] = a + (b - a) / 2n;
  return floats[0] ?? lo;
}

/**
 * `'auto'` phase 1. Invariants: every limit below `lo` is infeasible; `hi` is the bottleneck of a
 * real plan. A feasible probe snaps `hi` down to its plan's bottleneck; an infeasible one snaps
 * `lo` up to the next stage time that could change any reach (see `probe`). Both move strictly, and
 * lo ≤ B* ≤ hi throughout, so they meet at B*.
 *
 * The lower bound is usually within a fraction of a percent of B*, far closer than the first
 * plan, so the search first gallops up from `lo` (probing lo·(1 + 2^-10), then doubling the step
 * while infeasible) and bisects only once a probe succeeds. Any probe order keeps the invariants.
 */
export const GALLOP_FIRST_STEP = 1 / 1024;

function thresholdBottleneck(p: PreparedProblem, reach: Int32Array, c: SearchCounters): number {
  const first = probe(p, Infinity, reach, true, c);
  if (!first.feasible) return Infinity;
  const initial = thresholdPlan(p, Infinity, reach, first.state);
  let hi = planBottleneck(p, initial.ends, initial.kinds);
  let lo = p.lowerBound;
  let step = GALLOP_FIRST_STEP;
  while (lo < hi) {
    let limit = bitMidpoint(lo, hi);
    if (step > 0) {
      const gallop = lo * (1 + step);
      if (gallop < limit) limit = gallop;
      step *= 2;
    }
    const result = probe(p, limit, reach, true, c);
    if (result.feasible) {
      const plan = thresholdPlan(p, limit, reach, result.state);
      hi = planBottleneck(p, plan.ends, plan.kinds);
      step = 0;
    } else {
      if (!(result.nextLimit > limit)) throw new Error('internal: threshold search made no progress');
      lo = result.nextLimit;
    }
  }
  return hi;
}

/**
 * `'dnnpipe'` phase 1: the paper's DP. best[state][e] = least bottleneck covering units [0, e)
 * with exactly the state's devices, each on one non-empty stage.
 *
 * Safe pruning 1 (upper bound). The paper stops extending a stage past T_ub = Σtime/Σspeed +
 * max(time)/min(speed). Pruning stages above any U keeps every plan with bottleneck ≤ U, so if the DP
 * still finds a plan, it is optimal; when memory binds, B* can exceed T_ub and the DP finds nothing —
 * then it is rerun without the bound (`boundRetries`). The answer is exact either way.
 *
 * Safe pruning 2 (under-utilized stage). The paper skips a non-final stage [s, e) whose time with
 * the next unit added is still below the ideal Σtime/Σspeed. If that longer stage fits memory, an
 * optimal plan never needs the short one: moving unit e into it keeps it ≤ the lower bound ≤ B*, and
 * the next stage only shrinks (faster, less memory; if it empties, its device is dropped). Repeating
 * left to right gives an optimal plan with no such stage. The paper's rule skips the stage even when
 * the longer one does not fit — then the exchange is impossible and the optimum can be lost. We
 * apply it only when the longer stage fits, and use `lowerBound` (valid in floating point).
 */
function dnnpipeBottleneck(p: PreparedProblem, c: SearchCounters): number {
  const width = p.unitCount + 1;
  const best = new Float64Array(p.stateCount * width);
  let upper = p.paperUpperBound;
  for (;;) {
    best.fill(Infinity);
    best[0] = 0;
    const digits = new Int32Array(p.kindCount);
    for (let state = 1; state < p.stateCount; state++) {
      nextDigits(p, digits);
      for (let end = 1; end <= p.unitCount; end++) {
        c.states++;
        let value = Infinity;
        for (let k = 0; k < p.kindCount; k++) {
          if ((digits[k] ?? 0) === 0) continue;
          const row = (state - (p.stride[k] ?? 0)) * width;
          for (let start = end - 1; start >= 0; start--) {
            const time = stageTime(p, k, start, end);
            if (time > upper) { c.prunedUpperBound++; break; }
            if (!fits(p, k, start, end)) break;
            if (end < p.unitCount && stageTime(p, k, start, end + 1) <= p.lowerBound && fits(p, k, start, end + 1)) {
              c.prunedUnderUtilized++;
              continue;
            }
            const before = best[row + start] ?? Infinity;
            if (before === Infinity) continue;
            c.transitions++;
            const candidate = before > time ? before : time;
            if (candidate < value) value = candidate;
          }
        }
        best[state * width + end] = value;
      }
    }
    let answer = Infinity;
    for (let state = 1; state < p.stateCount; state++) answer = Math.min(answer, best[state * width + p.unitCount] ?? Infinity);
    if (answer < Infinity || upper === Infinity) return answer;
    upper = Infinity;
    c.boundRetries++;
  }
}

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
function latencyPlan(p: PreparedProblem, limit: number, reach: Int32Array, c: SearchCounters): { ends: number[]; kinds: number[] } {
  const width = p.unitCount + 1;
  const { low, high } = latencyWindows(p, limit, reach, c);
  const latency = new Float64Array(p.stateCount * width);
  const at = (state: number, e: number): number =>
    e >= (low[state] ?? 0) && e <= (high[state] ?? -1) ? (latency[state * width + e] ?? Infinity) : Infinity;
  latency[0] = 0;
  const queue = new Int32Array(width);
  const keys = new Float64Array(width);
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
  const top = pickFinalState(p, (state) => at(state, p.unitCount));
  if (top < 0) throw new Error('internal: least-latency phase found no plan at the least bottleneck');
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
      for (let start = 0; start < end; start++) {
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
  return { ends: ends.reverse(), kinds: kinds.reverse() };
}

/** The threshold DP's plan at `limit` with the fewest stages (then the lowest state number). */
function fewestStagesPlan(p: PreparedProblem, limit: number, reach: Int32Array, c: SearchCounters): { ends: number[]; kinds: number[] } {
  probe(p, limit, reach, false, c);
  let top = -1;
  for (let state = 1; state < p.stateCount; state++) {
    if ((reach[state] ?? 0) === p.unitCount && (top < 0 || stageCountOf(p, state) < stageCountOf(p, top))) top = state;
  }
  return thresholdPlan(p, limit, reach, top);
}

/**
 * Runs both phases.
 * @param p - the prepared problem
 * @param request - algorithm and secondary objective
 * @returns stage ends and kinds, or `feasible: false`
 */
export function search(p: PreparedProblem, request: SearchRequest): SearchResult {
  const c = emptyCounters();
  if (p.transfers) {
    // Without activations and links the problem is a relaxation: its least bottleneck, found by
    // the fast threshold search, is a lower bound for the transfer-aware search.
    const none = new Float64Array(p.unitCount + 1);
    const relaxed: PreparedProblem = { ...p, transfers: false, inNeed: none, outNeed: none };
    const relaxedBottleneck = thresholdBottleneck(relaxed, new Int32Array(p.stateCount), c);
    const lower = relaxedBottleneck === Infinity ? Infinity : Math.max(relaxedBottleneck, linkLowerBound(p));
    const found = searchTransfers(p, lower, request.secondary === 'latency', c, (limit) => firstUsefulEnds(relaxed, limit));
    const feasible = found.bottleneck < Infinity;
    return { feasible, bottleneck: found.bottleneck, stageEnds: found.ends, stageKinds: found.kinds, latencyOptimal: feasible && request.secondary === 'latency', counters: c };
  }
  const reach = new Int32Array(p.stateCount);
  const bottleneck = request.algorithm === 'dnnpipe' ? dnnpipeBottleneck(p, c) : thresholdBottleneck(p, reach, c);
  if (bottleneck === Infinity) {
    return { feasible: false, bottleneck, stageEnds: [], stageKinds: [], latencyOptimal: false, counters: c };
  }
  const latencyOptimal = request.secondary === 'latency' && latencyTableFits(p);
  const plan = latencyOptimal ? latencyPlan(p, bottleneck, reach, c) : fewestStagesPlan(p, bottleneck, reach, c);
  return { feasible: true, bottleneck, stageEnds: plan.ends, stageKinds: plan.kinds, latencyOptimal, counters: c };
}
