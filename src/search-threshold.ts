/**
 * The threshold search (`'auto'` phase 1, and the fewest-stages plan for `secondary: 'none'`):
 * for a limit T, a DP over device states finds the farthest prefix each state covers with every
 * stage ≤ T; T moves over real stage times only. The kernel twin is assembly/threshold.ts.
 */
import type { PreparedProblem } from './prepare.js';
import { countOf, fits, stageTime, nextDigits } from './prepare.js';
import { stageCountOf } from './objective.js';
import type { SearchCounters } from './search.js';
import { IncrementalProbes, bitSetProbe, bitSetTablePays, incrementalApplies } from './threshold-incremental.js';

/**
 * The incremental probes whose base a reach array holds, left by `thresholdBottleneck` for
 * `fewestStagesPlan`. A full `probe` on the array rewrites it, so it forgets the base.
 */
const bases = new WeakMap<Int32Array, IncrementalProbes>();

/**
 * The farthest end e in [lo, hi] of a stage of `kind` from `start` with time ≤ limit and fitting
 * memory, given that `lo` qualifies. Both conditions are monotone in e, so a binary search finds it.
 */
function searchEnd(p: PreparedProblem, kind: number, start: number, limit: number, lo: number, hi: number): number {
  const W = p.unitCount + 1;
  // `stageTime` and `fits` with the terms this kind and start fix loaded once, as the kernel's
  // farthestEndSearch does: the same arithmetic in the same order, so the same end (this loop is
  // most of a warm solve with the TypeScript engine).
  const prefix = p.timePrefix;
  const base = kind * W;
  const startTime = prefix[base + start] as number;
  const speed = p.divisor[kind] as number;
  const memory = p.memoryPrefix;
  const outNeed = p.outNeed;
  const startMemory = memory[start] as number;
  const startNeed = p.inNeed[start] as number;
  const room = p.capacity[kind] as number;
  const strict = p.strictMemory;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    const need = ((memory[mid] as number) - startMemory + startNeed) + (outNeed[mid] as number);
    if (((prefix[base + mid] as number) - startTime) / speed <= limit && (strict ? need < room : need <= room)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Largest farthest-end memo (kinds × (units + 1)) kept, as the kernel's (assembly/layout.ts). */
const MAX_MEMO_CELLS = 1 << 18;

/**
 * The farthest-end memo of the problem probed last: per (kind, start) the last end found (-1 for
 * none), its stage's time and the one-unit-longer stage's time (Infinity when that cannot fit).
 * One set of buffers serves every solve; a probe of another problem empties it first. Prepared
 * problems are never changed in a way that moves an end once built (the relaxation is a new
 * object), so the owner's identity is enough. Like the facade's reused storage (src/scratch.ts),
 * the buffers (at most 5 MB) and the last problem probed stay until the next probe.
 */
const memo = { owner: undefined as PreparedProblem | undefined, end: new Int32Array(0), low: new Float64Array(0), high: new Float64Array(0) };

function memoFor(p: PreparedProblem): typeof memo | undefined {
  const cells = p.kindCount * (p.unitCount + 1);
  if (cells > MAX_MEMO_CELLS) return undefined;
  if (memo.owner !== p) {
    if (memo.end.length < cells) {
      const size = Math.min(MAX_MEMO_CELLS, Math.max(cells, 2 * memo.end.length, 1024));
      memo.end = new Int32Array(size);
      memo.low = new Float64Array(size);
      memo.high = new Float64Array(size);
    }
    memo.end.fill(-1, 0, cells);
    memo.owner = p;
  }
  return memo;
}

/**
 * The farthest end e ≥ start with units [start, e) on `kind` in time ≤ limit and fitting memory,
 * and the time of the stage one unit longer when it fits (else Infinity), in `found`.
 * Memoised (assembly/threshold.ts `farthestEnd` has the invariant): the end found at one limit
 * is the end at every limit from its stage's own time up to, not including, the one-unit-longer
 * stage's time; outside that interval it bounds the search from the side the limit moved to.
 */
function farthestEnd(p: PreparedProblem, ends: typeof memo | undefined, kind: number, start: number, limit: number, found: { longer: number }): number {
  const W = p.unitCount + 1;
  let lo = start;
  let hi = p.hasBlocked ? Math.min(p.unitCount, p.nextBlocked[kind * W + start] as number) : p.unitCount;
  const at = kind * W + start;
  if (ends) {
    const known = ends.end[at] as number;
    if (known >= 0) {
      const high = ends.high[at] as number;
      if (limit < (ends.low[at] as number)) hi = known - 1;
      else if (limit < high || high === Infinity) {
        found.longer = high;
        return known;
      } else lo = known + 1;
    }
  }
  const end = searchEnd(p, kind, start, limit, lo, hi);
  const longer = end < p.unitCount && fits(p, kind, start, end + 1) ? stageTime(p, kind, start, end + 1) : Infinity;
  found.longer = longer;
  if (ends) {
    ends.end[at] = end;
    ends.low[at] = stageTime(p, kind, start, end);
    ends.high[at] = longer;
  }
  return end;
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
export function probe(p: PreparedProblem, limit: number, reach: Int32Array, stopEarly: boolean, c: SearchCounters): Probe {
  bases.delete(reach);
  if (bitSetTablePays(p)) return bitSetProbe(p, limit, reach, stopEarly, c);
  const digits = new Int32Array(p.kindCount);
  const ends = memoFor(p);
  const farthest = { longer: Infinity };
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
      const end = farthestEnd(p, ends, k, start, limit, farthest);
      c.transitions++;
      if (end > best) best = end;
      // The limit stopped this stage (memory did not): this reach grows once the limit reaches
      // the one-unit-longer stage's time. No reach changes below the least such time.
      if (farthest.longer < nextLimit) nextLimit = farthest.longer;
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
export function bitMidpoint(lo: number, hi: number): number {
  floats[0] = lo;
  floats[1] = hi;
  const a = bits[0] ?? 0n;
  const b = bits[1] ?? 0n;
  bits[0] = a + (b - a) / 2n;
  return floats[0] ?? lo;
}

/** The next double above a non-negative `value` (its bit pattern plus one). */
export function nextUp(value: number): number {
  if (value === Infinity) return Infinity;
  floats[0] = value;
  bits[0] = (bits[0] ?? 0n) + 1n;
  return floats[0] ?? value;
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
/**
 * With incremental probes (src/threshold-incremental.ts) the first infeasible probe is the only
 * full one; each later probe costs what changes between the base and its limit, which grows
 * quickly above B* (a feasible probe at B*·(1 + 2e-3) recomputes two thirds of 16 devices'
 * states, one at B*·(1 − 1e-4) a few thousand). So the gallop restarts from this smaller step
 * after the first infeasible probe (once), approaching B* from below where probes are cheap.
 */
export const INCREMENTAL_GALLOP_STEP = 1 / 4096;

export function thresholdBottleneck(p: PreparedProblem, reach: Int32Array, c: SearchCounters): number {
  const first = probe(p, Infinity, reach, true, c);
  if (!first.feasible) return Infinity;
  const initial = thresholdPlan(p, Infinity, reach, first.state);
  let hi = planBottleneck(p, initial.ends, initial.kinds);
  let lo = p.lowerBound;
  let step = GALLOP_FIRST_STEP;
  // Infeasible probes rise, so each starts from the last one's table (src/threshold-incremental.ts).
  const incremental = incrementalApplies(p) ? new IncrementalProbes(p, reach) : undefined;
  let restarted = false;
  // States the last incremental probe raised. Past half of them, a probe costs more than a full
  // one (each raised state is pushed, logged and moved between lists), and the next probe likely
  // changes as much: it runs in full instead, and its table becomes the base if infeasible.
  let raised = 0;
  while (lo < hi) {
    let limit = bitMidpoint(lo, hi);
    if (step > 0) {
      const gallop = lo * (1 + step);
      if (gallop < limit) limit = gallop;
      step *= 2;
    }
    const fromBase = incremental !== undefined && incremental.hasBaseBelow(limit) && 2 * raised <= p.stateCount;
    const result = fromBase ? (incremental as IncrementalProbes).probe(limit, true, c) : probe(p, limit, reach, true, c);
    raised = fromBase ? (incremental as IncrementalProbes).raised : 0;
    if (result.feasible) {
      const plan = thresholdPlan(p, limit, reach, result.state);
      hi = planBottleneck(p, plan.ends, plan.kinds);
      step = 0;
      // A full probe rewrote the table: there is no base until the next infeasible one.
      if (fromBase) (incremental as IncrementalProbes).restore();
      else incremental?.forgetBase();
    } else {
      if (!(result.nextLimit > limit)) throw new Error('internal: threshold search made no progress');
      lo = result.nextLimit;
      if (incremental && !fromBase) {
        incremental.adoptBase(limit);
        if (!restarted && step > 0) step = INCREMENTAL_GALLOP_STEP;
        restarted = true;
      }
    }
  }
  if (incremental?.hasBaseBelow(Infinity)) bases.set(reach, incremental);
  return hi;
}

/** The threshold DP's plan at `limit` with the fewest stages (then the lowest state number). */
export function fewestStagesPlan(p: PreparedProblem, limit: number, reach: Int32Array, c: SearchCounters): { ends: number[]; kinds: number[] } {
  // Right after `thresholdBottleneck` on the same arrays, the table of its last infeasible probe
  // (below B*) is the base: the full table at `limit` is an incremental probe away.
  const base = bases.get(reach);
  if (base?.serves(p, limit)) base.probe(limit, false, c);
  else probe(p, limit, reach, false, c);
  bases.delete(reach);
  let top = -1;
  for (let state = 1; state < p.stateCount; state++) {
    if ((reach[state] ?? 0) === p.unitCount && (top < 0 || stageCountOf(p, state) < stageCountOf(p, top))) top = state;
  }
  return thresholdPlan(p, limit, reach, top);
}
