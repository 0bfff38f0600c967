/**
 * The transfer-aware search, for problems with activations (`model.outputBytes`): stage memory
 * then depends on the activation at each cut, and each cut between two devices with bandwidth is
 * a transfer (docs/model.md, Memory; Links and transfers). Neither is monotone in the cut, so this DP assumes nothing about
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
import { countOf, fits, linkTime, needFits, stageTime, weightsFrom } from './prepare.js';
import { pickFinalState, stageCountOf } from './objective.js';
import { GALLOP_FIRST_STEP } from './search-threshold.js';
import { SearchLimitError, type SearchCounters } from './search.js';
import { MAX_SEARCH_STEPS } from './prepare.js';

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

/**
 * The value of a complete plan whose last stage computes for `compute` ms and whose result takes
 * `leave` ms to the sink (0 without one): phase 1 the bottleneck, phase 2 the latency (compute,
 * then the sink, in the order `costPlan` adds).
 */
function finalValue(phase: 1 | 2, before: number, compute: number, leave: number): number {
  if (phase === 2) return before + compute + leave;
  const last = compute > leave ? compute : leave;
  return before > last ? before : last;
}

/**
 * Relevance (phase 2 with a bound: the frontier's and a deadline's passes): a lower bound on the
 * latency of covering [e, units) with the devices a state leaves free, each running at most one
 * stage of at most the pass's limit T. When every kind has the model's unit times (no
 * `device.time` profiles), the work left is W = P[units] − P[e] (ms at speed 1) and a free
 * device of speed v covers at most T·v of it in at most T; otherwise W = R[units] − R[e], R the
 * prefix sums of each unit's least time on any kind, and every free device covers at most T of
 * it at speed 1. A device also covers at most the most work any stage its memory holds has
 * (`memoryRoom`). The least time to cover W so (a fractional relaxation: the fastest free devices
 * first, each used up to its room) is the bound; Infinity when even all of them cannot cover it.
 * With no limit and no memory limit that is W at the fastest free speed. Links and the sink only
 * add, so a cell whose latency plus this exceeds the bound lies on no plan below it. The bound is
 * consistent: a stage [e, end) on a free kind within T that fits, followed by the relaxation's
 * cover of the rest with the devices still free, is a cover of [e, units) with the devices free
 * before it (the stage is within that device's room), so the bound there is at most that
 * stage's time plus the bound after it. So every cell on a path to a relevant cell is relevant
 * too: the cells a pass keeps have the values an unpruned pass gives them, and the plans below
 * the bound are the same.
 */
interface RestBound {
  /** P (any kind's prefix: they are equal) or R (see above). */
  prefix: Float64Array;
  /** Per kind, the speed the rest is covered at: its own (P) or 1 (R). */
  speed: Float64Array;
  /** The kinds by that speed, fastest first (by index among equals). */
  order: Int32Array;
  /** Per kind, the most work (in `prefix`'s terms) one of its devices can hold (`memoryRoom`). */
  most: Float64Array;
}

/**
 * The most work one device of kind k can take in any stage: the largest `prefix` difference over
 * the windows [s, t) whose weights (M[t] − M[s]) fit its capacity, by two pointers (weights only:
 * activations only add to a stage's need, so every stage that fits is such a window, and its
 * work is that same difference). Infinity without a limit. So a device's room in the cover is
 * min(T · speed, this): with memory binding, a fast device with little memory no longer takes
 * the whole rest, and the bound (and the floor under every plan's latency) rises. Consistent
 * still: a stage that fits is within both.
 */
function memoryRoom(p: PreparedProblem, prefix: Float64Array, k: number): number {
  const capacity = p.capacity[k] ?? Infinity;
  if (!(capacity < Infinity)) return Infinity;
  const U = p.unitCount;
  let most = 0;
  let t = 0;
  for (let s = 0; s < U; s++) {
    if (t < s) t = s;
    while (t < U && (p.memoryPrefix[t + 1] ?? 0) - (p.memoryPrefix[s] ?? 0) <= capacity) t++;
    const work = (prefix[t] ?? 0) - (prefix[s] ?? 0);
    if (work > most) most = work;
  }
  return most;
}

function restBound(p: PreparedProblem): RestBound {
  const W = p.unitCount + 1;
  let proportional = true;
  for (let k = 1; k < p.kindCount && proportional; k++) {
    for (let i = 0; i < W; i++) {
      if (p.timePrefix[k * W + i] !== p.timePrefix[i]) {
        proportional = false;
        break;
      }
    }
  }
  let prefix = p.timePrefix.subarray(0, W);
  if (!proportional) {
    prefix = new Float64Array(W);
    let sum = 0;
    for (let i = 0; i < p.unitCount; i++) {
      let least = Infinity;
      for (let k = 0; k < p.kindCount; k++) {
        const time = ((p.timePrefix[k * W + i + 1] ?? 0) - (p.timePrefix[k * W + i] ?? 0)) / (p.divisor[k] ?? 1);
        if (time < least) least = time;
      }
      sum += least;
      prefix[i + 1] = sum;
    }
  }
  const speed = new Float64Array(p.kindCount);
  for (let k = 0; k < p.kindCount; k++) speed[k] = proportional ? (p.divisor[k] ?? 1) : 1;
  const order = Int32Array.from({ length: p.kindCount }, (_, k) => k).sort((a, b) => (speed[b] ?? 0) - (speed[a] ?? 0) || a - b);
  const most = new Float64Array(p.kindCount);
  for (let k = 0; k < p.kindCount; k++) most[k] = memoryRoom(p, prefix, k);
  return { prefix, speed, order, most };
}

/** The free devices of each kind a state leaves, into `free`. */
function freeCounts(p: PreparedProblem, state: number, free: Int32Array): void {
  for (let k = 0; k < p.kindCount; k++) free[k] = (p.multiplicity[k] ?? 0) - countOf(p, state, k);
}

/**
 * How much more than T·v a device may cover: a stage passes when its rounded time is ≤ T, so its
 * work can exceed T·v by an ulp or two, and T·v·count rounds too. Larger capacities only lower the
 * bound.
 */
const ROOM_SLACK = 1 + 2 ** -48;

/**
 * `RestBound`'s cover for one state's free devices at limit T, as segments, fastest kind first:
 * segment j covers work from `cap[j]` up to `reach[j]` at speed `speed[j]`, after `time[j]` spent
 * on the kinds before it, each used up (T per device, or less when its memory holds less).
 */
interface RestCover {
  count: number;
  cap: Float64Array;
  reach: Float64Array;
  time: Float64Array;
  speed: Float64Array;
}

function restCover(K: number): RestCover {
  return { count: 0, cap: new Float64Array(K), reach: new Float64Array(K), time: new Float64Array(K), speed: new Float64Array(K) };
}

/**
 * The cover of a state's free devices (`freeCounts`) at limit T, into `cover`. The work left and
 * the segments' ends carry rounding in absolute terms, which no share of T covers: past the first
 * segment cap and reach carry the sums before them, at most (kinds + 2) · 2^-53 of the model's
 * whole work, and with profiles R is summed unit by unit, each addition rounding by up to 2^-53 of
 * R (an outside review: a large R where the rest starts, a few ms of work after it, and a pass at
 * the last stage's own time found no plan). So every reach is taken `margin` further and the work
 * left on a segment, work − cap, that much smaller (`coverTime`): a slow kind divides it, and an
 * error there could otherwise grow past the bound's 2^-40.
 */
function coverOf(rest: RestBound, free: Int32Array, limit: number, cover: RestCover, margin: number): void {
  let n = 0;
  let cap = 0;
  let time = 0;
  for (let i = 0; i < free.length; i++) {
    const k = rest.order[i] ?? 0;
    const count = free[k] ?? 0;
    if (count === 0) continue;
    const speed = rest.speed[k] ?? 1;
    // One device's room: T · speed, or less when its memory holds less (`memoryRoom`).
    const fast = limit * speed;
    const most = rest.most[k] ?? Infinity;
    const one = most < fast ? most : fast;
    cover.cap[n] = cap;
    cover.time[n] = time;
    cover.speed[n] = speed;
    cap += one * count * ROOM_SLACK;
    cover.reach[n] = cap + margin;
    n++;
    time += (most < fast ? most / speed : limit) * count;
  }
  cover.count = n;
}

/** Whether segment j of a cover reaches `work` (monotone in `work`). */
function reaches(cover: RestCover, j: number, work: number): boolean {
  return work <= (cover.reach[j] ?? 0);
}

/**
 * The cover's time for `work` on segment j (which reaches it, while j − 1 does not), lowered by
 * 2^-40 of itself so that rounding never lifts it above a plan's own sum. With no limit, or
 * within the fastest kind's room, that is the work (less the margin) at the fastest free speed.
 */
function coverTime(cover: RestCover, j: number, work: number, margin: number): number {
  const least = work - (cover.cap[j] ?? 0) - margin;
  return ((cover.time[j] ?? 0) + (least > 0 ? least : 0) / (cover.speed[j] ?? 1)) * (1 - 2 ** -40);
}

/** The work left after unit e: `RestBound`'s prefix from e to the end. */
function workAfter(p: PreparedProblem, rest: RestBound, e: number): number {
  return (rest.prefix[p.unitCount] ?? 0) - (rest.prefix[e] ?? 0);
}

/**
 * `RestBound`'s lower bound for a state's cells (state, e), `cover` the state's, filled into
 * `row` as far as a pass needs them, in order of e: the first segment that reaches the work left,
 * or Infinity when none does (the free devices cannot cover the rest). The work only shrinks as
 * e grows and `reach` never decreases along the segments, so that segment only moves down: one
 * walk per row, O(units + kinds), where each cell used to compute its bound, and each end the
 * bound after it.
 */
class RestRow {
  readonly values: Float64Array;
  /** The last e filled; the row holds (from, filled]. */
  filled = 0;
  private segment = 0;
  /** Once a segment reaches some work it reaches all less work. */
  private reached = false;
  private readonly cover: RestCover;

  constructor(private readonly p: PreparedProblem, private readonly rest: RestBound, private readonly margin: number) {
    this.values = new Float64Array(p.unitCount + 1);
    this.cover = restCover(p.kindCount);
  }

  /** Covers with the free devices `free` (`freeCounts`) at `limit`: the rows to come use it. */
  coverWith(free: Int32Array, limit: number): void {
    coverOf(this.rest, free, limit, this.cover, this.margin);
  }

  /** Starts the row after `from` (its first cell is from + 1). */
  start(from: number): void {
    this.filled = from;
    this.segment = this.cover.count - 1;
    this.reached = false;
  }

  /** Fills the row through `to` (< units). */
  fillTo(to: number): void {
    const cover = this.cover;
    while (this.filled < to) {
      const e = ++this.filled;
      const work = workAfter(this.p, this.rest, e);
      while (this.segment > 0 && reaches(cover, this.segment - 1, work)) {
        this.segment--;
        this.reached = true;
      }
      if (!this.reached) this.reached = this.segment >= 0 && reaches(cover, this.segment, work);
      this.values[e] = this.reached ? coverTime(cover, this.segment, work, this.margin) : Infinity;
    }
  }
}

/** The margin of `coverOf`: (units + kinds + 4) · 2^-52 of the whole model's work. */
function coverMargin(p: PreparedProblem, rest: RestBound): number {
  return (p.unitCount + p.kindCount + 4) * 2 ** -52 * (rest.prefix[p.unitCount] ?? 0);
}

/**
 * A floor under every plan's latency: `RestBound`'s bound for the empty state (every unit at the
 * fastest speed, or at its least time on any kind) plus the cheapest source and sink transfers.
 * A frontier whose last point is within its latency tie of this has no point after it.
 */
export function leastLatencyBound(p: PreparedProblem): number {
  let arrive = Infinity;
  let leave = Infinity;
  for (let k = 0; k < p.kindCount; k++) {
    arrive = Math.min(arrive, p.sourceCost[k] ?? 0);
    leave = Math.min(leave, p.sinkCost[k] ?? 0);
  }
  const free = new Int32Array(p.kindCount);
  freeCounts(p, 0, free);
  const row = new RestRow(p, restBound(p), 0);
  row.coverWith(free, Infinity);
  row.start(-1);
  row.fillTo(0);
  return (row.values[0] ?? 0) + arrive + leave;
}

/**
 * A table's storage kept across the passes of one general search: a table of up to 8,388,608
 * cells allocated per pass cost V8 more than the pass's own work once relevance made passes
 * cheap (13 distinct devices × 77 units: 81 ms a pass, 49 ms with the storage kept).
 */
export interface TableStore {
  values: Float64Array;
  /** The problem's `RestBound`, the same for every pass, made by the first pruned one. */
  rest?: RestBound;
  /** What the last fill wrote (`RowMarks`): the next one resets just that. */
  rows?: RowMarks;
  /** Fills of this table so far. */
  fills?: number;
}

/**
 * Which cells of each state's row a fill wrote: `fill[state]` the number of the last fill that
 * wrote any, and the ends e of the first and last cells it wrote, `from` and `to` (any kind). Only
 * those hold anything but Infinity.
 */
interface RowMarks {
  fill: Int32Array;
  from: Int32Array;
  to: Int32Array;
}

/** Marks the cell of `state` at `end` as written by fill `fill` (`RowMarks`). */
function markWritten(rows: RowMarks, fill: number, state: number, end: number): void {
  if (rows.fill[state] !== fill) {
    rows.fill[state] = fill;
    rows.from[state] = end;
    rows.to[state] = end;
  } else if (end < (rows.from[state] ?? 0)) rows.from[state] = end;
  else if (end > (rows.to[state] ?? 0)) rows.to[state] = end;
}

/**
 * What a fill of the general DP (a latency pass, or a plain solve's) costs besides its
 * transitions, counted towards the step budget: resetting the columns (ends) of the rows it reset, a thirty-second of a transition a
 * cell, and scanning those of the rows it scanned, an eighth a cell (measured in the TypeScript
 * engine: 0.55 and 4.3–4.8 ns a cell against 24–27 ns a transition; before rows were reset and
 * scanned only where written, reset and scan of every cell together measured 2.8–3.4 ns); finding
 * the kinds still free after each (state, kind) of a scanned row, kinds `countOf` divisions each, a
 * quarter of a transition apiece; and per state, scanned or not, the relaxation's first useful
 * ends (`firstUsefulEnds`: kinds binary searches of ⌈log2(units + 1)⌉ steps, an eighth of a
 * transition a step) and two transitions for the walks over all states (finding the rows to reset
 * and to scan, the final states). Without counting the cells, passes that relevance keeps cheap
 * ran 5.4 s under the budget (13 distinct devices × 77 units); without the free kinds, 10 s in
 * either engine (an outside review: 17 distinct devices × 2 units, 131,072 states, 38 million
 * divisions a pass). The per-state part, measured on that problem once passes scanned only the
 * rows written: 20 ms a pass in the TypeScript engine, 56 % of it the first useful ends, counted
 * as 24 ms.
 */
export function passOverhead(p: PreparedProblem, table: Pick<Table, 'resetColumns' | 'scannedColumns' | 'live'>): number {
  const K = p.kindCount;
  const W = p.unitCount + 1;
  let steps = 0;
  while (2 ** steps < W) steps++;
  return Math.ceil((table.resetColumns * K) / 32 + (table.scannedColumns * K) / 8 + (table.live * K * K) / 4 + p.stateCount * ((K * steps) / 8 + 2));
}

interface Table {
  values: Float64Array;
  /** Per final state (all devices of the plan): the best complete plan's value. */
  finals: Float64Array;
  /** Columns (ends) of rows this fill reset to Infinity: every one on a table's first fill. */
  resetColumns: number;
  /** Columns of rows it scanned: where some transition wrote (state 0's first), the only cells that can hold a value. */
  scannedColumns: number;
  /** Rows it scanned. */
  live: number;
}

/**
 * The table for a fill, every cell Infinity, with the number of this fill (`RowMarks`). A
 * frontier's pruned passes write few cells of a large table (12 distinct devices × 60 units: 3
 * million cells, a few hundred of 4,096 rows written a pass, each over a stretch of its ends), so
 * resetting and scanning every row cost most of their time, and most of the step budget their
 * count took.
 */
function freshTable(p: PreparedProblem, store: TableStore): { values: Float64Array; rows: RowMarks; fill: number; resetColumns: number } {
  const W = p.unitCount + 1;
  const K = p.kindCount;
  const cells = p.stateCount * W * K;
  if (store.rows && store.fills !== undefined) {
    const { rows } = store;
    const values = store.values.subarray(0, cells);
    const last = store.fills;
    let resetColumns = 0;
    for (let state = 0; state < p.stateCount; state++) {
      if (rows.fill[state] !== last) continue;
      const from = rows.from[state] ?? 0;
      const to = rows.to[state] ?? 0;
      values.fill(Infinity, (state * W + from) * K, (state * W + to + 1) * K);
      resetColumns += to - from + 1;
    }
    store.fills = last + 1;
    return { values, rows, fill: last + 1, resetColumns };
  }
  const rows: RowMarks = { fill: new Int32Array(p.stateCount), from: new Int32Array(p.stateCount), to: new Int32Array(p.stateCount) };
  const resetColumns = p.stateCount * W;
  if (store.values.length < cells) store.values = new Float64Array(cells);
  store.rows = rows;
  store.fills = 1;
  return { values: store.values.subarray(0, cells).fill(Infinity), rows, fill: 1, resetColumns };
}

/**
 * Fills a DP table. `phase` 1: values are bottlenecks, a transition keeps max(before, cost);
 * `phase` 2: values are latencies, transitions allowed only with cost ≤ limit.
 */
/**
 * @param low - per state, the least e from which the other devices can still finish within the
 *   limit in the relaxation (weights only, no links); cells before it lie on no plan within the
 *   limit (the relaxation only allows more), so they are skipped
 * @param relevant - phase 2: cells whose latency plus their `RestRow` bound is above this (by more
 *   than 2^-44 of it) are not extended
 *   (`RestBound`); Infinity keeps every cell
 */
function fill(p: PreparedProblem, phase: 1 | 2, limit: number, low: Int32Array, c: SearchCounters, relevant: number, store: TableStore): Table {
  const K = p.kindCount;
  const { values, rows, fill: number, resetColumns } = freshTable(p, store);
  // A state's row is scanned only where some transition wrote it (state 0 holds the first stage).
  markWritten(rows, number, 0, 0);
  let live = 0;
  let scannedColumns = 0;
  const finals = new Float64Array(p.stateCount).fill(Infinity);
  // Free devices per kind after the stage (`after`) and before it (`state`, for relevance).
  const free = new Int32Array(K);
  // A plan starts with the source's transfer to the first stage's kind (0 without a source): the
  // bottleneck so far in phase 1, the latency so far in phase 2. `first` allows one kind only.
  for (let k = 0; k < K; k++) {
    const arrive = p.sourceCost[k] ?? 0;
    if ((p.firstKind < 0 || k === p.firstKind) && arrive <= limit) values[k] = arrive;
  }
  // Phase 1 keeps only plans ≤ the best complete plan so far (≤ limit): a partial plan above it
  // cannot end below it. Phase 2 keeps stages and links ≤ limit.
  let best = limit;
  const rest = phase === 2 && relevant < Infinity ? (store.rest ??= restBound(p)) : undefined;
  const margin = rest ? coverMargin(p, rest) : 0;
  // A plan's latency is summed stage by stage, each addition rounding: its partial sum plus the
  // bound can end a few ulps above its own total (an outside review: bounds equal to the least
  // latency lost it by an ulp when the rest was tiny against the latency so far). Cells are cut
  // above the bound by 2^-44 of it, more than the roundings of any plan's sums.
  const cutoff = relevant + relevant * 2 ** -44;
  // The relevance bounds of the state's cells, and of the cells after a stage on kind k, from
  // the row's first live cell on.
  const restBefore = rest ? new RestRow(p, rest, margin) : undefined;
  const restAfter = rest ? new RestRow(p, rest, margin) : undefined;
  const freeBefore = rest ? new Int32Array(K) : free;
  for (let state = 0; state < p.stateCount; state++) {
    // Bounded by work done, checked per state: both engines stop at the same point.
    if (c.transitions > MAX_SEARCH_STEPS) throw new SearchLimitError();
    if (rows.fill[state] !== number) continue;
    live++;
    // The row's cells from the relaxation's first useful end, and only where some were written.
    const first = Math.max(low[state] ?? 0, rows.from[state] ?? 0);
    const last = Math.min(rows.to[state] ?? 0, p.unitCount - 1);
    if (last >= first) scannedColumns += last - first + 1;
    // `maxStages`: a state's stage count is its device count; states past it lie on no plan.
    if (p.maxStages > 0 && stageCountOf(p, state) >= p.maxStages) continue;
    if (restBefore) {
      freeCounts(p, state, freeBefore);
      restBefore.coverWith(freeBefore, limit);
      restBefore.start(first - 1);
    }
    for (let k = 0; k < K; k++) {
      if (countOf(p, state, k) >= (p.multiplicity[k] ?? 0)) continue;
      const after = state + (p.stride[k] ?? 0);
      // The free devices of each kind after this stage, counted once per (state, kind).
      freeCounts(p, after, free);
      const lastStage = !free.some((count) => count > 0);
      restAfter?.coverWith(free, limit);
      let restAfterStarted = false;
      // The row's cells are K apart: stepping an index, not recomputing it, keeps the scan of
      // the cells a pruned pass never reached cheap (`passOverhead`).
      for (let e = first, at = cell(p, state, first, k); e <= last; e++, at += K) {
        const before = values[at] ?? Infinity;
        if (before === Infinity) continue;
        if (restBefore && restAfter) {
          restBefore.fillTo(e);
          if (before + (restBefore.values[e] ?? 0) > cutoff) continue;
          if (!restAfterStarted) {
            restAfter.start(e);
            restAfterStarted = true;
          }
        }
        // Bounded by work done, checked per cell too: with few states one row can make tens of
        // millions of transitions (an outside review: 3 devices × 10,000 units, a pass 38.5
        // million past the budget before the next state's check).
        if (c.transitions > MAX_SEARCH_STEPS) throw new SearchLimitError();
        c.states++;
        const lastEnd = p.hasBlocked ? (p.nextBlocked[k * (p.unitCount + 1) + e] ?? 0) : p.unitCount;
        // A stage after which no device is free is the plan's last: only the last end can close
        // it (an outside review: its other ends, walked and counted nowhere, took 11 s in one
        // pass over 2 devices × 23,000 units).
        for (let end = lastStage ? p.unitCount : e + 1; end <= p.unitCount; end++) {
          const compute = stageTime(p, k, e, end);
          if (compute > best) break;
          if (end > lastEnd) break;
          if (!fits(p, k, e, end)) {
            // Activations only add to a stage's need: once its weights and input alone do not
            // fit, no longer stage does. Before that a misfit end counts one step, so that the
            // budget bounds this loop's time.
            if (!needFits(p, weightsFrom(p, e, end), k)) break;
            c.transitions++;
            continue;
          }
          // A pruned end still counts one step: the budget bounds this loop's time too.
          if (restAfter && end < p.unitCount) {
            if (restAfter.filled < end) restAfter.fillTo(end);
            if (before + compute + (restAfter.values[end] ?? 0) > cutoff) {
              c.transitions++;
              continue;
            }
          }
          if (end === p.unitCount) {
            // The last stage: only on `last`'s kind when it is set, then the sink's transfer.
            if (p.lastKind >= 0 && k !== p.lastKind) continue;
            const leave = p.sinkCost[k] ?? 0;
            if (leave > best) continue;
            c.transitions++;
            const value = finalValue(phase, before, compute, leave);
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
            if (value < (values[at] ?? Infinity)) {
              values[at] = value;
              markWritten(rows, number, after, end);
            }
          }
        }
      }
    }
  }
  return { values, finals, resetColumns, scannedColumns, live };
}

/**
 * Walks back from the best final state (`pickFinalState`); at each step the first predecessor, by kind then start, whose transition reproduces the
 * stored value exactly.
 */
function reconstruct(p: PreparedProblem, phase: 1 | 2, limit: number, table: Table, chosen = -1): { ends: number[]; kinds: number[] } {
  // Phase 1 values are bottlenecks: only states at exactly B* qualify, then the fewest stages.
  const top = chosen >= 0 ? chosen : pickFinalState(p, (state) => {
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
        let value: number;
        if (next < 0) {
          const leave = p.sinkCost[k] ?? 0;
          if ((p.lastKind >= 0 && k !== p.lastKind) || compute > limit || leave > limit) continue;
          value = finalValue(phase, before, compute, leave);
        } else {
          const cost = stageCost(p, k, end, next, compute);
          if (cost > limit) continue;
          value = phase === 1 ? (before > cost ? before : cost) : stageLatency(before, p, k, end, next, compute);
        }
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
 * A lower bound from the links and ends alone: a plan of one stage costs at least the fastest
 * single kind that holds the model (with its source and sink transfers); a plan of several stages
 * cuts somewhere, and every cost (overlap: the link; serial: compute + link) is at least the
 * cheapest link any two devices could have over that cut. Every plan also pays some source and
 * some sink transfer. When slow links set the bottleneck, this is usually B* itself.
 */
export function linkLowerBound(p: PreparedProblem): number {
  let single = Infinity;
  let arrive = Infinity;
  let leave = Infinity;
  for (let k = 0; k < p.kindCount; k++) {
    const source = p.sourceCost[k] ?? 0;
    const sink = p.sinkCost[k] ?? 0;
    if (source < arrive) arrive = source;
    if (sink < leave) leave = sink;
    if (!fits(p, k, 0, p.unitCount)) continue;
    const compute = stageTime(p, k, 0, p.unitCount);
    const alone = Math.max(source, compute, sink);
    if (alone < single) single = alone;
  }
  let cheapestCut = Infinity;
  for (let e = 1; e < p.unitCount; e++) {
    for (let a = 0; a < p.kindCount; a++) {
      for (let b = 0; b < p.kindCount; b++) {
        if (a === b && (p.multiplicity[a] ?? 0) < 2) continue;
        const link = linkTime(p, e, a, b);
        if (link < cheapestCut) cheapestCut = link;
      }
    }
  }
  return Math.max(Math.min(single, cheapestCut), arrive, leave);
}

/**
 * Whether any plan could exist, ignoring time and how many devices of each kind there are
 * beyond the total: the fewest stages that cover the units, each fitting some kind (weights,
 * activations, units it can run, `first` and `last`), must not exceed the devices (or
 * `maxStages`). Memory that no split can satisfy, such as a last output that fits no device, is
 * found here in O(U² · K) at most, before any search pass (README, "Limits": infeasibility
 * that can be seen directly is reported without a search).
 */
export function coverable(p: PreparedProblem): boolean {
  const U = p.unitCount;
  // A kind allowed at both ends that holds the whole model covers it in one stage, within any
  // stage limit (at least 1): the common case, decided without the quadratic walk below.
  for (let k = 0; k < p.kindCount; k++) {
    if ((p.firstKind >= 0 && k !== p.firstKind) || (p.lastKind >= 0 && k !== p.lastKind)) continue;
    if (fits(p, k, 0, U)) return true;
  }
  const fewest = new Int32Array(U + 1).fill(0x7fffffff);
  fewest[0] = 0;
  let largest = 0;
  for (let k = 0; k < p.kindCount; k++) largest = Math.max(largest, p.capacity[k] ?? 0);
  let devices = 0;
  for (let k = 0; k < p.kindCount; k++) devices += p.multiplicity[k] ?? 0;
  const most = p.maxStages > 0 ? Math.min(p.maxStages, devices) : devices;
  for (let e = 1; e <= U; e++) {
    let best = 0x7fffffff;
    for (let s = e - 1; s >= 0; s--) {
      // Weights only grow as the stage starts earlier: past the largest device nothing fits.
      if ((p.memoryPrefix[e] ?? 0) - (p.memoryPrefix[s] ?? 0) > largest) break;
      const before = fewest[s] ?? 0x7fffffff;
      if (before + 1 >= best) continue;
      for (let k = 0; k < p.kindCount; k++) {
        if (s === 0 && p.firstKind >= 0 && k !== p.firstKind) continue;
        if (e === U && p.lastKind >= 0 && k !== p.lastKind) continue;
        if (fits(p, k, s, e)) {
          best = before + 1;
          break;
        }
      }
    }
    fewest[e] = best;
  }
  return (fewest[U] ?? 0x7fffffff) <= most;
}

/** Bottlenecks within this relative distance of the least are equal but for rounding (docs/model.md, Objective). */
export const BOTTLENECK_TIE = 1e-9;

/** The largest bottleneck that ties with `bottleneck`: the phase-2 limit. */
export function tieLimit(bottleneck: number): number {
  return bottleneck + BOTTLENECK_TIE * bottleneck;
}

/** The bottleneck of a plan given by ends and kinds, as `costPlan` computes it. */
export function transferPlanBottleneck(p: PreparedProblem, ends: readonly number[], kinds: readonly number[]): number {
  let worst = p.sourceCost[kinds[0] ?? 0] ?? 0;
  let start = 0;
  ends.forEach((end, i) => {
    const k = kinds[i] ?? 0;
    const compute = stageTime(p, k, start, end);
    const next = kinds[i + 1];
    const cost = next === undefined ? Math.max(compute, p.sinkCost[k] ?? 0) : stageCost(p, k, end, next, compute);
    if (cost > worst) worst = cost;
    start = end;
  });
  return worst;
}

/**
 * Both phases of the transfer-aware search.
 *
 * Phase 1 runs with a limit: only stages, links and partial plans ≤ limit are kept, so a pass
 * that finds a plan has found the least bottleneck exactly, and one that finds none proves
 * B* > limit. Tight limits keep passes cheap (a stage's compute passes the limit after a few
 * units), so the limit starts at `lower` — a lower bound on B* — and gallops up: lower ·
 * (1 + 2^-10), (1 + 2^-9), … Galloping stops, and the limit goes to Infinity, once the failed
 * passes have done as many transitions as `passWork` (the worst case of one pass): the whole
 * search is then at most about three worst-case passes, whatever the input (README, "Limits").
 * Phase 2 then finds the least latency among plans within `tieLimit(B*)`.
 * @param lower - a lower bound on B* (Infinity: no plan even without activations)
 * @param passWork - the worst-case transitions of one pass
 * @param usefulEnds - the relaxation's `firstUsefulEnds` at a limit (see `fill`)
 * @returns the least bottleneck and a plan (least latency when `latency`), or Infinity
 */
export function searchTransfers(p: PreparedProblem, lower: number, latency: boolean, passWork: number, c: SearchCounters, usefulEnds: (limit: number) => Int32Array): { bottleneck: number; ends: number[]; kinds: number[] } {
  if (lower === Infinity || !coverable(p)) return { bottleneck: Infinity, ends: [], kinds: [] };
  // One table for the search's fills, each counted as a latency pass's is (`passOverhead`): an
  // outside review's 17 distinct devices × 2 units counted 1,245 transitions for 0.87 s of
  // fills of 6.7 million cells each.
  const store: TableStore = { values: new Float64Array(0) };
  // The gallop below weighs the fills' transitions alone, as before their overhead was counted:
  // counting it changes no gallop (its `passWork` is a pass's transitions).
  let overhead = 0;
  const counted = (table: Table): Table => {
    const cost = passOverhead(p, table);
    c.transitions += cost;
    overhead += cost;
    return table;
  };
  if (latency) {
    // Usually links and activations do not raise the bottleneck: B* = lower. A latency pass within
    // tieLimit(lower) whose plan has bottleneck exactly `lower` proves it (B* ≥ lower), and the
    // pass is then phase 2 itself: its plans are exactly those within tieLimit(B*).
    const limit = tieLimit(lower);
    const direct = counted(fill(p, 2, limit, usefulEnds(limit), c, Infinity, store));
    if (pickFinalState(p, (state) => direct.finals[state] ?? Infinity) >= 0) {
      const plan = reconstruct(p, 2, limit, direct);
      if (transferPlanBottleneck(p, plan.ends, plan.kinds) === lower) {
        c.latencyCells = p.stateCount * (p.unitCount + 1) * p.kindCount;
        return { bottleneck: lower, ...plan };
      }
    }
    c.boundRetries++;
  }
  let limit = lower;
  let step = GALLOP_FIRST_STEP;
  let first: Table;
  let bottleneck: number;
  const startWork = c.transitions;
  overhead = 0;
  for (;;) {
    first = counted(fill(p, 1, limit, limit === Infinity ? new Int32Array(p.stateCount) : usefulEnds(limit), c, Infinity, store));
    bottleneck = Infinity;
    for (let state = 1; state < p.stateCount; state++) bottleneck = Math.min(bottleneck, first.finals[state] ?? Infinity);
    if (bottleneck <= limit || limit === Infinity) break;
    c.boundRetries++;
    const gallop = lower * (1 + step);
    limit = c.transitions - startWork - overhead > passWork || !(gallop > limit) || step > 1 << 20 ? Infinity : gallop;
    step *= 2;
  }
  if (bottleneck === Infinity) return { bottleneck, ends: [], kinds: [] };
  if (!latency) return { bottleneck, ...reconstruct(p, 1, bottleneck, first) };
  const limit2 = tieLimit(bottleneck);
  const second = counted(fill(p, 2, limit2, usefulEnds(limit2), c, Infinity, store));
  c.latencyCells = p.stateCount * (p.unitCount + 1) * p.kindCount;
  return { bottleneck, ...reconstruct(p, 2, limit2, second) };
}

/** One latency pass of the general DP: the least latency among plans whose every cost is ≤ a limit. */
export interface LatencyPass {
  /** The least latency (exact), or Infinity when no plan is within the limit. */
  latency: number;
  /** The chosen plan's bottleneck. */
  bottleneck: number;
  /** The chosen plan's latency (within 1e-9 of `latency`; equal with `exact`). */
  planLatency: number;
  ends: number[];
  kinds: number[];
}

/**
 * The least-latency plan among plans whose every stage, link, source and sink cost is ≤ `limit`
 * (phase 2 on its own), for requirement searches and the frontier.
 * @param exact - pick a plan of exactly the least latency (fewest stages among those); otherwise
 *   the objective's rule (latencies within 1e-9 tie, then fewest stages)
 * @param within - a deadline: latencies above it are left out of that tie (never the least)
 * @param relevant - only plans of latency up to this matter (`fill`): the least latency and plan
 *   are exact when the least is at most it; otherwise the pass reports some latency above it
 * @param store - the table's storage, reused by the passes of one search
 */
export function latencyPass(p: PreparedProblem, limit: number, exact: boolean, c: SearchCounters, usefulEnds: (limit: number) => Int32Array, within: number, relevant: number, store: TableStore): LatencyPass {
  const table = fill(p, 2, limit, limit === Infinity ? new Int32Array(p.stateCount) : usefulEnds(limit), c, relevant, store);
  c.transitions += passOverhead(p, table);
  const value = (state: number): number => table.finals[state] ?? Infinity;
  const top = pickFinalState(p, value, exact, within);
  if (top < 0) return { latency: Infinity, bottleneck: Infinity, planLatency: Infinity, ends: [], kinds: [] };
  let latency = Infinity;
  for (let state = 1; state < p.stateCount; state++) latency = Math.min(latency, value(state));
  const plan = reconstruct(p, 2, limit, table, top);
  return { latency, bottleneck: transferPlanBottleneck(p, plan.ends, plan.kinds), planLatency: value(top), ...plan };
}
