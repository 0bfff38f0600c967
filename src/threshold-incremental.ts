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
 *   (next[k][s] ≤ limit, see `fillExtTable`); those ends move on from the base's.
 * - The probe pushes only grown terms (reach[x] = max(reach[x], term)): first (b), for every
 *   state y and kind k ∉ y whose pair (k, reach[y]) grew, found through lists of the base's
 *   states by reach (only the starts whose ends grew are visited); then the states whose reach grew,
 *   taken in increasing number, push every term to their supersets (a). Every push into a state
 *   comes from a smaller number (a subset) or the scan before, so a state's reach is final when
 *   it is taken. Each pushed value is a stage within the limit from a reachable prefix, so no
 *   reach exceeds the full DP's; every term that grew is pushed, so none falls short of it.
 * - The base is infeasible (no state reaches the end), so every state that reaches the end in
 *   the new table grew, and the first one taken is the first state in number order to reach
 *   it: the same state a full probe with `stopEarly` stops at, with the same reaches below it.
 * - The next limit of an infeasible probe is the least next[k][reach[y]] over every state y and
 *   kind k ∉ y: the same pairs, hence the same minimum, as the full probe's transitions. Which
 *   kinds are missing from some state at each reach (`missing`) is gathered once for the first
 *   base, then kept as a superset (see `nextLimit`) that is made exact only where the least
 *   falls.
 *
 * A feasible probe is undone from logs of the reaches and ends it changed, so the base stays the
 * last infeasible probe. Counters: `states` counts the states taken, `transitions` the pushes.
 */
import type { PreparedProblem } from './prepare.js';
import { fits, stageTime } from './prepare.js';
import type { SearchCounters } from './search.js';

/**
 * Whether incremental probes pay for their per-probe work (the farthest-end table, K × (U + 1)):
 * the states are bit sets and at least twice the units (measured: 12 distinct × 1,000 units,
 * 4,096 states, takes 0.28× the time of full probes, 10 × 1,000 about the same as them, and 4 ×
 * 273 over 2× as long). Integer arithmetic only, so both engines decide alike.
 */
export function incrementalApplies(p: PreparedProblem): boolean {
  if (p.kindCount > 30 || p.stateCount !== 2 ** p.kindCount) return false;
  return p.stateCount >= 2 * (p.unitCount + 1);
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

/**
 * Whether `probe` on a bit-set problem should fill the farthest-end table (kinds × (units + 1)
 * steps) rather than binary-search each of its states × kinds / 2 transitions: when the searches
 * would take over four times the table's steps. Speed only: both give the same ends.
 */
export function bitSetTablePays(p: PreparedProblem): boolean {
  if (p.kindCount > 30 || p.stateCount !== 2 ** p.kindCount) return false;
  const W = p.unitCount + 1;
  return p.stateCount * (32 - Math.clz32(W)) > 8 * W;
}

const tables = new WeakMap<PreparedProblem, { ext: Int32Array; next: Float64Array; missing: Uint32Array }>();

/**
 * `probe` (src/search-threshold.ts) on bit-set states, from the farthest-end table: the same
 * reaches, first state and counters. The next limit of an infeasible probe is the least
 * next[k][reach[y]] over every state y and kind k ∉ y, the same pairs as the transitions.
 * The kernel's twin is `bitSetProbe` in assembly/threshold-incremental.ts.
 */
export function bitSetProbe(p: PreparedProblem, limit: number, reach: Int32Array, stopEarly: boolean, c: SearchCounters): IncrementalResult {
  const W = p.unitCount + 1;
  const S = p.stateCount;
  let table = tables.get(p);
  if (!table) tables.set(p, (table = { ext: new Int32Array(p.kindCount * W), next: new Float64Array(p.kindCount * W), missing: new Uint32Array(W) }));
  const { ext, next, missing } = table;
  fillExtTable(p, limit, ext, next);
  c.probes++;
  let found = -1;
  reach[0] = 0;
  for (let state = 1; state < S; state++) {
    c.states++;
    let best = 0;
    for (let bits = state; bits !== 0; bits &= bits - 1) {
      const bit = bits & -bits;
      const e = ext[(31 - Math.clz32(bit)) * W + (reach[state ^ bit] as number)] as number;
      c.transitions++;
      if (e > best) best = e;
    }
    reach[state] = best;
    if (best === p.unitCount && found < 0) {
      found = state;
      if (stopEarly) break;
    }
  }
  if (found >= 0) return { feasible: true, nextLimit: Infinity, state: found };
  const all = S - 1;
  missing.fill(0);
  for (let y = 0; y < S; y++) missing[reach[y] as number] = (missing[reach[y] as number] as number) | (~y & all);
  let least = Infinity;
  for (let s = 0; s < p.unitCount; s++) {
    for (let m = missing[s] as number; m !== 0; m &= m - 1) {
      const time = next[(31 - Math.clz32(m & -m)) * W + s] as number;
      if (time < least) least = time;
    }
  }
  return { feasible: false, nextLimit: least, state: -1 };
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
  /** Per reach r: the kinds missing from some state whose reach is r (more at a stale r). */
  private readonly missing: Uint32Array;
  /**
   * The base's states by reach: a doubly linked list per reach value (head[r], then after[y];
   * before[y] links back), so seeding visits only the states at starts whose ends grew.
   */
  private readonly head: Int32Array;
  private readonly after: Int32Array;
  private readonly before: Int32Array;
  /** Reach values whose `least` is out of date (each once). */
  private readonly touched: Int32Array;
  private readonly isTouched: Uint8Array;
  /** Per reach r: the least next[k][r] over the kinds k in missing[r]. */
  private readonly least: Float64Array;
  /** Per reach r: states left its list since missing[r] was exact, so it may hold extra kinds. */
  private readonly stale: Uint8Array;
  /** One bit per state: marked for recomputation. */
  private readonly marked: Uint32Array;
  private readonly logStates: Int32Array;
  private readonly logReaches: Int32Array;
  private logLength = 0;
  /** Farthest ends a probe moved on: their index, end and next stage time at the base. */
  private readonly extLogAt: Int32Array;
  private readonly extLogEnd: Int32Array;
  private readonly extLogNext: Float64Array;
  private extLogLength = 0;
  /** The limit the reach table holds the (infeasible) DP of; -1 before the first such probe. */
  private baseLimit = -1;

  constructor(private readonly p: PreparedProblem, private readonly reach: Int32Array) {
    const W = p.unitCount + 1;
    this.ext = new Int32Array(p.kindCount * W);
    this.next = new Float64Array(p.kindCount * W);
    this.grown = new Uint32Array(W);
    this.missing = new Uint32Array(W);
    this.marked = new Uint32Array(Math.ceil(p.stateCount / 32));
    this.head = new Int32Array(W);
    this.after = new Int32Array(p.stateCount);
    this.before = new Int32Array(p.stateCount);
    this.touched = new Int32Array(W);
    this.isTouched = new Uint8Array(W);
    this.least = new Float64Array(W);
    this.stale = new Uint8Array(W);
    this.logStates = new Int32Array(p.stateCount);
    this.logReaches = new Int32Array(p.stateCount);
    this.extLogAt = new Int32Array(p.kindCount * W);
    this.extLogEnd = new Int32Array(p.kindCount * W);
    this.extLogNext = new Float64Array(p.kindCount * W);
  }

  /** States the last probe raised (its log, before an infeasible one is committed). */
  raised = 0;

  /** A full probe rewrote the reach table: it is no base. */
  forgetBase(): void {
    this.baseLimit = -1;
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
    const { reach, head, after, before, missing } = this;
    const all = this.p.stateCount - 1;
    head.fill(-1);
    missing.fill(0);
    // From the last state down, each at the head of its list: every list is in increasing order.
    for (let y = all; y >= 0; y--) {
      const r = reach[y] as number;
      const first = head[r] as number;
      before[y] = -1;
      after[y] = first;
      if (first >= 0) before[first] = y;
      head[r] = y;
      missing[r] = (missing[r] as number) | (~y & all);
    }
    this.stale.fill(0);
    for (let r = 0; r <= this.p.unitCount; r++) this.least[r] = this.leastAt(r);
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
    // (b): the pairs whose farthest end grows, read from the base's next stage times; their ends
    // move on from the base's (the rest stay), and the old values are logged for `restore`.
    grown.fill(0);
    this.extLogLength = 0;
    for (let k = 0; k < K; k++) {
      const row = k * W;
      for (let s = 0; s < U; s++) {
        const at = row + s;
        if ((next[at] as number) > limit) continue;
        grown[s] = (grown[s] as number) | (1 << k);
        this.extLogAt[this.extLogLength] = at;
        this.extLogEnd[this.extLogLength] = ext[at] as number;
        this.extLogNext[this.extLogLength] = next[at] as number;
        this.extLogLength++;
        let e = (ext[at] as number) + 1;
        while (e < U && stageTime(p, k, s, e + 1) <= limit && fits(p, k, s, e + 1)) e++;
        ext[at] = e;
        next[at] = e < U && fits(p, k, s, e + 1) ? stageTime(p, k, s, e + 1) : Infinity;
      }
    }
    // Seeds: every unchanged pair (k, reach[y]) whose end grew pushes it into y + k. A marked y
    // is skipped: it pushes every term once its reach is final.
    let found = -1;
    this.logLength = 0;
    for (let s = 0; s < U; s++) {
      const kinds = grown[s] as number;
      if (kinds === 0) continue;
      for (let y = this.head[s] as number; y >= 0; y = this.after[y] as number) {
        const m = kinds & ~y & all;
        if (m !== 0 && ((marked[y >>> 5] as number) & (1 << (y & 31))) === 0) this.push(y, m, c);
      }
    }
    // States whose reach grew, in increasing number: every push into a state comes from a
    // smaller one, so its reach is final when it is taken, and it pushes to its supersets.
    for (let word = 0; word < marked.length && found < 0; word++) {
      let bits: number;
      while ((bits = marked[word] as number) !== 0) {
        marked[word] = bits & (bits - 1);
        const y = word * 32 + (31 - Math.clz32(bits & -bits));
        c.states++;
        if (reach[y] === U && found < 0) {
          found = y;
          if (stopEarly) break;
        }
        this.push(y, ~y & all, c);
      }
    }
    this.raised = this.logLength;
    if (found >= 0) {
      marked.fill(0);
      return { feasible: true, nextLimit: Infinity, state: found };
    }
    this.baseLimit = limit;
    let touchedCount = 0;
    for (let s = 0; s < U; s++) if ((grown[s] as number) !== 0) touchedCount = this.touch(s, touchedCount);
    touchedCount = this.moveChanged(touchedCount);
    return { feasible: false, nextLimit: this.nextLimit(touchedCount), state: -1 };
  }

  /**
   * Pushes y's terms ext[k][reach[y]] for the kinds in `kinds` into y + k; a state raised for
   * the first time in this probe is logged and marked.
   */
  private push(y: number, kinds: number, c: SearchCounters): void {
    const { reach, ext, marked } = this;
    const W = this.p.unitCount + 1;
    const start = reach[y] as number;
    for (let m = kinds; m !== 0; m &= m - 1) {
      const bit = m & -m;
      const x = y | bit;
      const e = ext[(31 - Math.clz32(bit)) * W + start] as number;
      c.transitions++;
      const old = reach[x] as number;
      if (e <= old) continue;
      const word = x >>> 5;
      const flag = 1 << (x & 31);
      if (((marked[word] as number) & flag) === 0) {
        marked[word] = (marked[word] as number) | flag;
        this.logStates[this.logLength] = x;
        this.logReaches[this.logLength] = old;
        this.logLength++;
      }
      reach[x] = e;
    }
  }

  /** Undoes a feasible probe: the reach table and farthest ends are the base's again. */
  restore(): void {
    for (let i = this.logLength - 1; i >= 0; i--) this.reach[this.logStates[i] as number] = this.logReaches[i] as number;
    this.logLength = 0;
    for (let i = 0; i < this.extLogLength; i++) {
      const at = this.extLogAt[i] as number;
      this.ext[at] = this.extLogEnd[i] as number;
      this.next[at] = this.extLogNext[i] as number;
    }
    this.extLogLength = 0;
  }

  /** The least next[k][reach[y]] over every state y and kind k ∉ y (see the module comment). */
  /** The least next[k][r] over the kinds k in missing[r] (Infinity at the end: nothing follows). */
  private leastAt(r: number): number {
    const W = this.p.unitCount + 1;
    let least = Infinity;
    if (r === this.p.unitCount) return least;
    for (let m = this.missing[r] as number; m !== 0; m &= m - 1) {
      const time = this.next[(31 - Math.clz32(m & -m)) * W + r] as number;
      if (time < least) least = time;
    }
    return least;
  }

  /** Adds reach r to the touched ones (once); returns their count. */
  private touch(r: number, count: number): number {
    if (this.isTouched[r] !== 0) return count;
    this.isTouched[r] = 1;
    this.touched[count] = r;
    return count + 1;
  }

  /**
   * The least next[k][reach[y]] over every state y and kind k ∉ y, after an infeasible probe.
   * `missing` may hold extra kinds at stale reaches, so the least over it is at most the exact
   * one: when it falls on a reach that is not stale, it is exact; otherwise that reach's kinds
   * are recomputed from its list, and the least is taken again.
   */
  private nextLimit(touchedCount: number): number {
    const { least, stale, touched, isTouched } = this;
    const U = this.p.unitCount;
    const all = this.p.stateCount - 1;
    for (let i = 0; i < touchedCount; i++) {
      const r = touched[i] as number;
      isTouched[r] = 0;
      least[r] = this.leastAt(r);
    }
    for (;;) {
      let best = Infinity;
      let at = -1;
      for (let r = 0; r < U; r++) {
        if ((least[r] as number) < best) {
          best = least[r] as number;
          at = r;
        }
      }
      if (at < 0 || stale[at] === 0) return best;
      let kinds = 0;
      for (let y = this.head[at] as number; y >= 0; y = this.after[y] as number) kinds |= ~y & all;
      this.missing[at] = kinds;
      stale[at] = 0;
      least[at] = this.leastAt(at);
    }
  }

  /**
   * After an infeasible probe: moves each state whose reach grew from its old list to the head of
   * its new one. Its kinds join missing[new] at once; missing[old] may now hold kinds no state at
   * old lacks, so old is marked stale (see `nextLimit`). Returns the touched count.
   */
  private moveChanged(touchedCount: number): number {
    const { reach, head, after, before, missing, stale } = this;
    const all = this.p.stateCount - 1;
    let count = touchedCount;
    for (let i = 0; i < this.logLength; i++) {
      const x = this.logStates[i] as number;
      const old = this.logReaches[i] as number;
      const now = reach[x] as number;
      const previous = before[x] as number;
      const following = after[x] as number;
      if (previous >= 0) after[previous] = following;
      else head[old] = following;
      if (following >= 0) before[following] = previous;
      const first = head[now] as number;
      before[x] = -1;
      after[x] = first;
      if (first >= 0) before[first] = x;
      head[now] = x;
      stale[old] = 1;
      missing[now] = (missing[now] as number) | (~x & all);
      count = this.touch(now, count);
    }
    this.logLength = 0;
    return count;
  }
}
