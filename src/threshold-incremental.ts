/**
 * Incremental threshold probes for distinct devices (every kind has one device, so a state is a
 * bit set): the kernel twin is assembly/threshold-incremental.ts, decision for decision.
 *
 * The threshold search probes limits that only rise while they are infeasible, and near B* a
 * probe changes few reaches: raising the limit from 0.999·B* to B* on 16 devices × 1,000 units
 * changes a few hundred of 65,536. So a probe starts from the table of the last infeasible probe
 * (the base) and recomputes only the states whose reach can change:
 *
 * - Reaches and farthest ends only grow with the limit (monotone costs), so the new reach of a
 *   state is the old one unless one of its terms ext[k][reach[x − k]] grew. A term grows only if
 *   (a) the predecessor's reach grew, or (b) ext[k][s] grew at its unchanged start s, which
 *   happens exactly when the base's one-unit-longer stage fits within the new limit
 *   (next[k][s] ≤ limit, see `fillExtTable`).
 * - (b) seeds the work: one scan marks x = y + k for every state y and kind k ∉ y whose pair
 *   (k, reach[y]) grew. (a) propagates it: a state whose reach grew marks its supersets. States
 *   are processed in increasing number, and every subset of x has a smaller number, so each
 *   marked state is recomputed once, after all of its predecessors.
 * - The base is infeasible (no state reaches the end), so every state that reaches the end in
 *   the new table is a recomputed one, and the first recomputed state to reach it is the first
 *   state in number order to: the same state a full probe with `stopEarly` stops at, with the
 *   same reaches below it.
 * - The next limit of an infeasible probe is the least next[k][reach[y]] over every state y and
 *   kind k ∉ y: the same pairs, hence the same minimum, as the full probe's transitions. Which
 *   kinds are missing from some state at each reach is gathered in one scan (`missing`).
 *
 * A feasible probe is undone from a log of the reaches it changed, so the base stays the last
 * infeasible probe. Counters count the states and transitions actually recomputed.
 */
import type { PreparedProblem } from './prepare.js';
import { fits, stageTime } from './prepare.js';
import type { SearchCounters } from './search.js';

/**
 * Whether incremental probes pay for their extra passes: the states are bit sets, and a full probe
 * (states × kinds / 2 transitions) outweighs the per-probe table work (kinds × (units + 1)) by 8×
 * or more. Integer arithmetic only, so both engines decide alike.
 */
export function incrementalApplies(p: PreparedProblem): boolean {
  if (p.kindCount > 30 || p.stateCount !== 2 ** p.kindCount) return false;
  return p.stateCount >= 16 * (p.unitCount + 1);
}

/**
 * ext[k][s] for every start: the farthest end with units [s, e) on k within `limit` and fitting
 * (it only moves right as s does, so two pointers find them all); next[k][s] is the time of the
 * one-unit-longer stage when the limit, not memory or a blocked unit, stopped it, else Infinity.
 */
export function fillExtTable(p: PreparedProblem, limit: number, ext: Int32Array, next: Float64Array): void {
  const U = p.unitCount;
  const W = U + 1;
  for (let k = 0; k < p.kindCount; k++) {
    let e = 0;
    for (let s = 0; s <= U; s++) {
      if (e < s) e = s;
      while (e < U && stageTime(p, k, s, e + 1) <= limit && fits(p, k, s, e + 1)) e++;
      ext[k * W + s] = e;
      next[k * W + s] = e < U && fits(p, k, s, e + 1) ? stageTime(p, k, s, e + 1) : Infinity;
    }
  }
}

/** What an incremental probe found: as `probe` in src/search-threshold.ts. */
export interface IncrementalResult {
  feasible: boolean;
  nextLimit: number;
  state: number;
}

/** The base table and scratch of incremental probes on one problem and one reach array. */
export class IncrementalProbes {
  private readonly ext: Int32Array;
  private readonly next: Float64Array;
  /** Per start s: the kinds k whose ext[k][s] grows from the base limit to the probed one. */
  private readonly grown: Uint32Array;
  /** Per reach r: the kinds missing from some state whose reach is r. */
  private readonly missing: Uint32Array;
  /** One bit per state: marked for recomputation. */
  private readonly marked: Uint32Array;
  private readonly logStates: Int32Array;
  private readonly logReaches: Int32Array;
  private logLength = 0;
  /** The limit the reach table holds the (infeasible) DP of; -1 before the first such probe. */
  private baseLimit = -1;

  constructor(private readonly p: PreparedProblem, private readonly reach: Int32Array) {
    const W = p.unitCount + 1;
    this.ext = new Int32Array(p.kindCount * W);
    this.next = new Float64Array(p.kindCount * W);
    this.grown = new Uint32Array(W);
    this.missing = new Uint32Array(W);
    this.marked = new Uint32Array(Math.ceil(p.stateCount / 32));
    this.logStates = new Int32Array(p.stateCount);
    this.logReaches = new Int32Array(p.stateCount);
  }

  /** Whether the reach table holds an infeasible DP below `limit` to start from. */
  hasBaseBelow(limit: number): boolean {
    return this.baseLimit >= 0 && this.baseLimit < limit;
  }

  /** Whether this is `p`'s base and lies below `limit`. */
  serves(p: PreparedProblem, limit: number): boolean {
    return p === this.p && this.hasBaseBelow(limit);
  }

  /**
   * After a full probe at `limit` left the reach table complete and infeasible: it becomes the base.
   */
  adoptBase(limit: number): void {
    this.baseLimit = limit;
    fillExtTable(this.p, limit, this.ext, this.next);
  }

  /**
   * The threshold DP at `limit` (> the base limit) from the base: the same answer as a full probe.
   * A feasible answer leaves the new reaches in place for the plan; call `restore` afterwards.
   */
  probe(limit: number, stopEarly: boolean, c: SearchCounters): IncrementalResult {
    const { p, reach, ext, next, grown, marked } = this;
    const U = p.unitCount;
    const W = U + 1;
    const K = p.kindCount;
    const S = p.stateCount;
    const all = S - 1;
    c.probes++;
    // (b): the pairs whose farthest end grows, read from the base's next stage times.
    grown.fill(0);
    for (let k = 0; k < K; k++) {
      const row = k * W;
      for (let s = 0; s < U; s++) if ((next[row + s] as number) <= limit) grown[s] = (grown[s] as number) | (1 << k);
    }
    fillExtTable(p, limit, ext, next);
    for (let y = 0; y < S; y++) {
      let m = (grown[reach[y] as number] as number) & ~y & all;
      while (m !== 0) {
        const x = y | (m & -m);
        marked[x >>> 5] = (marked[x >>> 5] as number) | (1 << (x & 31));
        m &= m - 1;
      }
    }
    // (a): recompute marked states in increasing number; a grown reach marks its supersets.
    let found = -1;
    this.logLength = 0;
    for (let word = 0; word < marked.length && found < 0; word++) {
      let bits: number;
      while ((bits = marked[word] as number) !== 0) {
        marked[word] = bits & (bits - 1);
        const x = word * 32 + (31 - Math.clz32(bits & -bits));
        c.states++;
        let best = 0;
        for (let m = x; m !== 0; m &= m - 1) {
          const bit = m & -m;
          const k = 31 - Math.clz32(bit);
          const e = ext[k * W + (reach[x ^ bit] as number)] as number;
          c.transitions++;
          if (e > best) best = e;
        }
        const old = reach[x] as number;
        if (best === old) continue;
        this.logStates[this.logLength] = x;
        this.logReaches[this.logLength] = old;
        this.logLength++;
        reach[x] = best;
        for (let m = ~x & all; m !== 0; m &= m - 1) {
          const y = x | (m & -m);
          marked[y >>> 5] = (marked[y >>> 5] as number) | (1 << (y & 31));
        }
        if (best === U && found < 0) {
          found = x;
          if (stopEarly) break;
        }
      }
    }
    if (found >= 0) {
      marked.fill(0);
      return { feasible: true, nextLimit: Infinity, state: found };
    }
    this.baseLimit = limit;
    return { feasible: false, nextLimit: this.nextLimit(), state: -1 };
  }

  /** Undoes a feasible probe: the reach table and farthest ends are the base's again. */
  restore(): void {
    for (let i = this.logLength - 1; i >= 0; i--) this.reach[this.logStates[i] as number] = this.logReaches[i] as number;
    this.logLength = 0;
    fillExtTable(this.p, this.baseLimit, this.ext, this.next);
  }

  /** The least next[k][reach[y]] over every state y and kind k ∉ y (see the module comment). */
  private nextLimit(): number {
    const { p, reach, next, missing } = this;
    const W = p.unitCount + 1;
    const S = p.stateCount;
    const all = S - 1;
    missing.fill(0);
    for (let y = 0; y < S; y++) missing[reach[y] as number] = (missing[reach[y] as number] as number) | (~y & all);
    let least = Infinity;
    for (let s = 0; s < p.unitCount; s++) {
      for (let m = missing[s] as number; m !== 0; m &= m - 1) {
        const k = 31 - Math.clz32(m & -m);
        const time = next[k * W + s] as number;
        if (time < least) least = time;
      }
    }
    return least;
  }
}
