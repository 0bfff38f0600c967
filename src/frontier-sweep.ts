/**
 * The frontier by one sweep of the limit T upward, on monotone problems (docs/model.md,
 * Frontier; README, "How it works", "The frontier sweep"). Kernel twin: assembly/frontier-sweep.ts,
 * operation for operation, so both engines list the same points with the same plans.
 *
 * A latency pass at T (src/search-latency.ts) fills F[state][e], the least latency covering
 * [0, e) with exactly the state's devices and every stage ≤ T, choosing for each cell and kind k
 * the start s of the last stage [s, e) that minimises the key F[prev][s] − P_k[s]/v_k (the largest
 * s among equal keys), then taking the value F[prev][s] + time(s, e), the least over kinds. The
 * frontier's points are the least limits where the least final value drops below the previous
 * point's by more than the 1e-9 latency tie; between two stage times nothing changes.
 *
 * The sweep keeps that table for every T at once: it starts from the table at the least
 * bottleneck B* and admits the stages that fit in order of their time, keeping each (cell, kind)'s
 * chosen start under the pass's rule, and re-deriving only the cells whose chosen start or its
 * value changed. Invariant: after every stage of time ≤ T is admitted, F equals the table of a
 * pass at T on every relevant cell (below) that a pass computes (its windows: a start outside
 * them has no stage within T to a cell inside them), and every other cell holds at least its
 * pass value, so the least final value below the bound, the chosen plan and the walk back are the
 * pass's. A point costs one plan, where the pass-by-pass driver (src/tradeoff.ts) needed two
 * passes and a guess for each.
 *
 * Two things keep it fast. Relevance (`relevantBelow`): a cell that cannot lie on a plan below
 * the last point's latency, by a lower bound on the rest of any plan through it (`rest`), is
 * not spread to the cells after it, which may keep a larger, stale value that no relevant cell
 * reads. And the bound is tight: `rest` is computed at a limit 1/16 above the sweep's and again
 * (with the table refilled) each time the sweep passes it.
 *
 * Memory is `sweepBytes`, a chosen start per cell and kind besides the tables; above
 * MAX_SWEEP_BYTES the pass-by-pass driver does the work.
 */
import type { PreparedProblem } from './prepare.js';
import { countOf, fits, stageTime } from './prepare.js';
import { pickFinalState, stageCountOf, LATENCY_TIE } from './objective.js';
import type { SearchCounters } from './search.js';
import { transferPlanBottleneck, type LatencyPass } from './search-transfers.js';

/** Most memory the sweep's tables may take; larger frontiers are found pass by pass. */
export const MAX_SWEEP_BYTES = 64 * 1024 * 1024;

/**
 * The sweep's tables, in bytes: per cell its latency, rest, dirty link, live entry and two flags
 * (26 bytes), a chosen start per kind (4 each), and the block minima (8 per kind per 8 cells).
 */
export function sweepBytes(p: PreparedProblem): number {
  return p.stateCount * (p.unitCount + 1) * (26 + 5 * p.kindCount);
}

/**
 * Sweep tables larger than this leave the caches (L3 of 16–32 MB per core complex on the machines
 * measured, shared): every step of `addStart`, `settle`, `spread` and `rechoose` then counts
 * twice (`cacheWeight`). Measured in the TypeScript engine (an outside review, s23): such a step
 * took 16–28 ns in the tables of 8 distinct devices × 300 and × 500 units (5 and 8.5 MB), 28–37
 * ns with 6–8 kinds in tables of 64 MB, where the budget let a frontier run 4.5 s (5.1 s in one
 * run) before it was refused; counted twice there, 3 s.
 */
export const CACHED_SWEEP_BYTES = 16 * 1024 * 1024;

/** What a step of the sweep's spreading counts for this problem (see CACHED_SWEEP_BYTES). */
export function cacheWeight(p: PreparedProblem): number {
  return sweepBytes(p) > CACHED_SWEEP_BYTES ? 2 : 1;
}

/** Whether the sweep's tables fit MAX_SWEEP_BYTES. */
export function sweepFits(p: PreparedProblem): boolean {
  return sweepBytes(p) <= MAX_SWEEP_BYTES;
}

/**
 * What a refresh of `rest` counts towards the step budget: 2 × states × (units + 1) × kinds.
 * It makes about four passes of states × (units + 1) × kinds (`rest`, the block minima, the
 * refill, the live lists), but sequential ones, cheaper per element than the rest of the sweep's
 * steps: counted at 4, a refresh step took 5.5–8.8 ns in the TypeScript engine where the sweep's
 * other steps took 16–28 ns (8 distinct devices × 300 and × 500 units, per-point costing
 * included), 12–17 ns against ~23 ns with 2,048 states over 909 units, tables near 64 MB (an
 * outside review); in the kernel refreshes were a third of 8 × 300's time for two thirds of its
 * count (docs/benchmarks.md). Counted at 4 they refused 3 of 30 random 8 × 300 frontiers, each
 * well within the time the budget is there to bound. At 2 a refresh step still costs at most
 * what the sweep's other steps do, so those bound the time of a sweep stopped by the budget.
 */
function refreshWork(p: PreparedProblem): number {
  return 2 * p.stateCount * (p.unitCount + 1) * p.kindCount;
}

/** A sweep in progress, in either engine (the kernel's twin: `Kernel.general`'s `sweep`). */
export interface FrontierSweep {
  /** The plan at the current limit, as a pass there would pick it. */
  point(): LatencyPass;
  /**
   * Admits stages until the least latency is below `bound`.
   * @returns that limit; Infinity when every stage is admitted first; -1 when the counters'
   *   transitions passed `budget` first
   */
  advance(bound: number, budget: number): number;
  /**
   * Admits every stage of time ≤ limit (the tie limit of the point `advance` found).
   * @returns false when the counters' transitions passed `budget` first
   */
  admitThrough(limit: number, budget: number): boolean;
}

/** Starts the TypeScript engine's sweep at B* (`least`); it counts its work in `c`. */
export function startSweep(p: PreparedProblem, least: number, c: SearchCounters): FrontierSweep {
  return new Sweep(p, least, c);
}

/** The sweep's state (see the module comment). Cells are state × width + e. */
class Sweep {
  readonly width: number;
  /** F, the least-latency table at the current limit. */
  readonly latency: Float64Array;
  /** The chosen start per (cell, kind) at [cell × kinds + k]; -1 when the kind has none. */
  readonly chosen: Int32Array;
  /** allowed[k × width + e]: the least start of a stage ending at e on kind k within the limit (e when none). */
  readonly allowed: Int32Array;
  /** farthest[k × width + s]: the last end of a stage starting at s on kind k within the limit (s when none). */
  readonly farthest: Int32Array;
  /** Stages not yet admitted: per (kind, start), the next end's stage, in a binary heap by time. */
  readonly heapTime: Float64Array;
  readonly heapSlot: Int32Array;
  heapSize = 0;
  /**
   * Cells whose value may have changed, by level, the number of devices their state uses: a
   * cell depends only on cells one level down, so levels are re-derived in ascending order and
   * the cells of one level in any order. A list per level, linked through `dirtyNext`.
   */
  readonly dirtyHead: Int32Array;
  readonly dirtyNext: Int32Array;
  readonly dirtyMark: Uint8Array;
  readonly level: Int32Array;
  lowestDirty: number;
  highestDirty = 0;
  /** The least final value F[state][units] over states ≥ 1; `finalsStale` when it must be recomputed. */
  leastFinal = Infinity;
  finalsStale = false;
  /**
   * rest[state × width + e]: a lower bound on the latency of covering [e, units) with the devices
   * not in the state, for plans whose stages are all within `restLimit` (so for the sweep's limit
   * until it passes that).
   */
  rest: Float64Array;
  /** The limit `rest` was computed at: valid while the sweep's limit is at most this. */
  restLimit: number;
  /** Cells whose least latency plus `rest` is at or above this are irrelevant (see `relevantBelow`). */
  relevant = Infinity;
  /** scaled[k × width + i] = P_k[i] / v_k, the term every key subtracts (the same division, once). */
  readonly scaled: Float64Array;
  /**
   * Per kind, a bound on |time(s, e) − (scaled[e] − scaled[s])|: `spread`'s relevance tests use
   * that difference, lowered by this (three roundings of values ≤ scaled[units]; 2^-48 of it is
   * 32 times that). The tests' other roundings, of sums near the bound, are ulps of the bound,
   * far inside the relevance margin.
   */
  readonly slack: Float64Array;
  /**
   * blockMin[(state × kinds + k) × blocks + b]: the least scaled[k][e] + rest[state][e] over the
   * ends e of block b (2^BLOCK_SHIFT of them), the same sums `spread` tests one by one, so a block whose
   * least fails the test holds no end that passes it (rounding is monotone).
   */
  blockMin: Float64Array;
  readonly blocks: number;
  /**
   * Live cells: per column e, the states whose cell (state, e) was relevant when last looked at,
   * at [e × states, e × states + liveCount[e]); `isLive` by cell. A cell becomes relevant only
   * when its value falls (`settle` lists it) or `rest` is recomputed (`relist`): the limit only
   * falls in between. `addStart` drops the cells that stopped being relevant.
   */
  readonly liveStates: Int32Array;
  readonly liveCount: Int32Array;
  readonly isLive: Uint8Array;
  /** `admitSteps` for this problem. */
  readonly admitSteps: number;
  /** `cacheWeight` for this problem: what each step of the spreading counts. */
  readonly stepWeight: number;

  constructor(
    readonly p: PreparedProblem,
    limit: number,
    readonly c: SearchCounters,
  ) {
    const width = p.unitCount + 1;
    const kinds = p.kindCount;
    this.width = width;
    this.latency = new Float64Array(p.stateCount * width).fill(Infinity);
    this.chosen = new Int32Array(p.stateCount * width * kinds).fill(-1);
    this.allowed = new Int32Array(kinds * width);
    this.farthest = new Int32Array(kinds * width);
    this.heapTime = new Float64Array(kinds * width);
    this.heapSlot = new Int32Array(kinds * width);
    this.level = new Int32Array(p.stateCount);
    for (let state = 0; state < p.stateCount; state++) this.level[state] = stageCountOf(p, state);
    this.dirtyHead = new Int32Array((this.level[p.stateCount - 1] ?? 0) + 1).fill(-1);
    this.lowestDirty = this.dirtyHead.length;
    this.dirtyNext = new Int32Array(p.stateCount * width);
    this.dirtyMark = new Uint8Array(p.stateCount * width);
    this.scaled = new Float64Array(kinds * width);
    this.slack = new Float64Array(kinds);
    for (let k = 0; k < kinds; k++) {
      const divisor = p.divisor[k] ?? 1;
      for (let i = 0; i < width; i++) this.scaled[k * width + i] = (p.timePrefix[k * width + i] ?? 0) / divisor;
      this.slack[k] = (this.scaled[k * width + p.unitCount] ?? 0) * 2 ** -48;
    }
    this.blocks = (width + BLOCK_MASK) >> BLOCK_SHIFT;
    this.admitSteps = admitSteps(p);
    this.stepWeight = cacheWeight(p);
    this.liveStates = new Int32Array(p.stateCount * width);
    this.liveCount = new Int32Array(width);
    this.isLive = new Uint8Array(p.stateCount * width);
    this.restLimit = limit + REST_STEP * limit;
    this.rest = restLatencies(p, this.restLimit);
    this.blockMin = this.blockMinima();
    c.transitions += refreshWork(p);
    this.admitted(limit);
    this.fill();
    this.relist();
    for (let k = 0; k < kinds; k++) {
      for (let start = 0; start < p.unitCount; start++) this.queueNext(k, start);
    }
  }

  /** Lists cell (state, e) as live in its column, once. */
  private makeLive(state: number, e: number): void {
    const cell = state * this.width + e;
    if (this.isLive[cell]) return;
    this.isLive[cell] = 1;
    const n = this.liveCount[e] ?? 0;
    this.liveStates[e * this.p.stateCount + n] = state;
    this.liveCount[e] = n + 1;
  }

  /** The live lists from scratch, after `fill`: every relevant cell with a stage left to start. */
  private relist(): void {
    const { p, width } = this;
    this.liveCount.fill(0);
    this.isLive.fill(0);
    for (let state = 0; state < p.stateCount; state++) {
      for (let e = 0; e < p.unitCount; e++) {
        const cell = state * width + e;
        if ((this.latency[cell] ?? Infinity) + (this.rest[cell] ?? 0) < this.relevant) this.makeLive(state, e);
      }
    }
  }

  /** `blockMin` for the current `rest`. */
  private blockMinima(): Float64Array {
    const { p, width, blocks, rest, scaled } = this;
    const kinds = p.kindCount;
    const minima = new Float64Array(p.stateCount * kinds * blocks).fill(Infinity);
    for (let state = 0; state < p.stateCount; state++) {
      for (let k = 0; k < kinds; k++) {
        const at = (state * kinds + k) * blocks;
        for (let e = 0; e < width; e++) {
          const sum = (scaled[k * width + e] ?? 0) + (rest[state * width + e] ?? 0);
          const b = at + (e >> BLOCK_SHIFT);
          if (sum < (minima[b] ?? Infinity)) minima[b] = sum;
        }
      }
    }
    return minima;
  }

  /** `allowed` and `farthest` at `limit`: both sides of each kind's stages within it, by two pointers. */
  private admitted(limit: number): void {
    const { p, width } = this;
    const units = p.unitCount;
    fillFarthest(p, limit, this.farthest);
    for (let k = 0; k < p.kindCount; k++) {
      const base = k * width;
      let start = 0;
      for (let e = 0; e <= units; e++) {
        while (start < e && !(stageTime(p, k, start, e) <= limit && fits(p, k, start, e))) start++;
        this.allowed[base + e] = start;
      }
    }
  }

  /**
   * The table at the current limit: the pass's sliding-window minimum, recording each (cell,
   * kind)'s chosen start. Only cells from which the other devices can finish (finite `rest`,
   * from `finishFrom[state]` on: a shorter rest is never harder) are filled, the pass's own
   * windows widened to `restLimit`: a start of a stage within the limit that ends at such a cell
   * is such a cell too, so they need no other. The rest stay Infinity, never read as relevant.
   */
  private fill(): void {
    const { p, width, latency, chosen, allowed } = this;
    const kinds = p.kindCount;
    const queue = new Int32Array(width);
    const keys = new Float64Array(width);
    const finishFrom = new Int32Array(p.stateCount);
    for (let state = 0; state < p.stateCount; state++) {
      let e = 0;
      while (e < p.unitCount && (this.rest[state * width + e] ?? 0) === Infinity) e++;
      finishFrom[state] = e;
    }
    latency[0] = 0;
    for (let state = 1; state < p.stateCount; state++) {
      const row = state * width;
      for (let k = 0; k < kinds; k++) {
        if (countOf(p, state, k) === 0) continue;
        const previous = (state - (p.stride[k] ?? 0)) * width;
        const base = k * width;
        let head = 0;
        let tail = 0;
        let pushed = finishFrom[state - (p.stride[k] ?? 0)] ?? 0;
        for (let end = Math.max(1, finishFrom[state] ?? 0); end < width; end++) {
          this.c.states++;
          for (; pushed < end; pushed++) {
            const before = latency[previous + pushed] ?? Infinity;
            if (before === Infinity) continue;
            const key = before - (this.scaled[base + pushed] ?? 0);
            while (tail > head && (keys[tail - 1] ?? 0) >= key) tail--;
            queue[tail] = pushed;
            keys[tail] = key;
            tail++;
          }
          const first = allowed[base + end] ?? end;
          while (head < tail && (queue[head] ?? 0) < first) head++;
          if (head < tail) {
            const start = queue[head] ?? 0;
            chosen[(row + end) * kinds + k] = start;
            const value = (latency[previous + start] ?? 0) + stageTime(p, k, start, end);
            if (value < (latency[row + end] ?? Infinity)) latency[row + end] = value;
          }
        }
      }
    }
    this.recountFinals();
  }

  /** The key of start `start` in the row of `previous` (a cell index) for kind k: the pass's. */
  private key(previousRow: number, k: number, start: number): number {
    return (this.latency[previousRow + start] ?? Infinity) - (this.scaled[k * this.width + start] ?? 0);
  }

  /** Queues the stage after the last admitted one from `start` on kind k, when it fits. */
  private queueNext(k: number, start: number): void {
    const time = this.nextTime(k, start);
    if (time < Infinity) this.heapPush(time, k * this.width + start);
  }

  /** The time of the stage after the last admitted one from `start` on kind k; Infinity when it does not fit. */
  private nextTime(k: number, start: number): number {
    const { p, width } = this;
    const end = (this.farthest[k * width + start] ?? start) + 1;
    return end > p.unitCount || !fits(p, k, start, end) ? Infinity : stageTime(p, k, start, end);
  }

  advance(bound: number, budget: number): number {
    this.relevant = relevantBelow(bound);
    while (this.c.transitions <= budget) {
      const limit = this.admitNext();
      if (limit === Infinity || this.leastFinal < bound) return limit;
    }
    return -1;
  }

  admitThrough(limit: number, budget: number): boolean {
    while (this.heapSize > 0 && (this.heapTime[0] ?? Infinity) <= limit) {
      if (this.c.transitions > budget) return false;
      this.admitNext();
    }
    return true;
  }

  /**
   * Admits every stage of the least time not yet admitted, re-derives the cells that changed,
   * and returns that time (the new limit); Infinity when every stage that fits is admitted.
   */
  private admitNext(): number {
    if (this.heapSize === 0) return Infinity;
    const { width } = this;
    const limit = this.heapTime[0] ?? Infinity;
    if (limit > this.restLimit) this.refresh(limit);
    while (this.heapSize > 0 && this.heapTime[0] === limit) {
      this.c.transitions += this.admitSteps;
      // The top stays in the heap until its slot's next stage replaces it: one sift instead of a
      // pop and a push (the same stages in the heap; ties may leave it in another order, which
      // the round admits whole before it settles).
      const slot = this.heapSlot[0] ?? 0;
      const k = (slot / width) | 0;
      const start = slot - k * width;
      const end = (this.farthest[slot] ?? start) + 1;
      this.farthest[slot] = end;
      const was = this.allowed[k * width + end] ?? end;
      // Stages from the starts between are within the limit too (shorter), and admitted in this
      // same round if not before; they enter each cell's choice here, rightmost first, as the
      // pass's deque would see them.
      for (let s = was - 1; s >= start; s--) this.addStart(k, s, end);
      if (start < was) this.allowed[k * width + end] = start;
      const next = this.nextTime(k, start);
      if (next < Infinity) this.heapReplaceTop(next, slot);
      else this.heapPop();
    }
    this.settle();
    return limit;
  }

  /**
   * A tighter `rest` at a larger limit is smaller, so cells left stale may become relevant:
   * the table is filled again from scratch (at the current limit, before `limit`'s stages).
   */
  private refresh(limit: number): void {
    this.restLimit = limit + REST_STEP * limit;
    this.rest = restLatencies(this.p, this.restLimit);
    this.blockMin = this.blockMinima();
    this.c.transitions += refreshWork(this.p);
    this.latency.fill(Infinity);
    this.chosen.fill(-1);
    this.fill();
    this.relist();
  }

  /** Start s enters the choice of every cell (state, end) with kind k, left of every start already there. */
  private addStart(k: number, s: number, end: number): void {
    const { p, width, chosen, relevant, liveStates, liveCount } = this;
    const kinds = p.kindCount;
    const stride = p.stride[k] ?? 0;
    const time = stageTime(p, k, s, end);
    const list = s * p.stateCount;
    // Only relevant cells of column s can start a relevant path (a path through a cell costs at
    // least its latency plus its rest): the live list, pruned of cells that stopped being so.
    let i = 0;
    while (i < (liveCount[s] ?? 0)) {
      const previous = liveStates[list + i] ?? 0;
      const previousRow = previous * width;
      this.c.transitions += this.stepWeight;
      const before = this.latency[previousRow + s] ?? Infinity;
      if (!(before + (this.rest[previousRow + s] ?? 0) < relevant)) {
        const last = (liveCount[s] ?? 1) - 1;
        liveCount[s] = last;
        liveStates[list + i] = liveStates[list + last] ?? 0;
        this.isLive[previousRow + s] = 0;
        continue;
      }
      i++;
      if (countOf(p, previous, k) >= (p.multiplicity[k] ?? 0)) continue;
      const state = previous + stride;
      // An irrelevant path through s is left out (`relevantBelow`); it stays out until s changes.
      if (!(before + time + (this.rest[state * width + end] ?? 0) < relevant)) continue;
      const at = (state * width + end) * kinds + k;
      const current = chosen[at] ?? -1;
      // A start left of every other wins only with a strictly smaller key (ties keep the larger start).
      if (current < 0 || this.key(previousRow, k, s) < this.key(previousRow, k, current)) {
        chosen[at] = s;
        this.markDirty(state, state * width + end);
      }
    }
  }

  /** Re-derives dirty cells level by level, ascending (a cell depends only on the level below). */
  private settle(): void {
    const { p, width, latency } = this;
    const kinds = p.kindCount;
    // A spread marks cells one level up, so the highest level grows while this runs.
    for (let level = this.lowestDirty; level <= this.highestDirty; level++) {
      let cell = this.dirtyHead[level] ?? -1;
      this.dirtyHead[level] = -1;
      while (cell >= 0) {
        const next = this.dirtyNext[cell] ?? -1;
        this.dirtyMark[cell] = 0;
        const state = Math.floor(cell / width);
        const end = cell - state * width;
        this.c.transitions += kinds * this.stepWeight;
        let value = Infinity;
        for (let k = 0; k < kinds; k++) {
          const start = this.chosen[cell * kinds + k] ?? -1;
          if (start < 0) continue;
          const candidate = (latency[(state - (p.stride[k] ?? 0)) * width + start] ?? 0) + stageTime(p, k, start, end);
          if (candidate < value) value = candidate;
        }
        const old = latency[cell] ?? Infinity;
        if (value !== old) {
          latency[cell] = value;
          if (end === p.unitCount) {
            if (value < this.leastFinal) this.leastFinal = value;
            else if (old === this.leastFinal) this.finalsStale = true;
          } else if (value > old || value + (this.rest[cell] ?? 0) < this.relevant) {
            // A rise always spreads (a cell that chose this start may now prefer another).
            this.spread(state, end, value < old);
            if (value + (this.rest[cell] ?? 0) < this.relevant) this.makeLive(state, end);
          }
        }
        cell = next;
      }
    }
    this.lowestDirty = this.dirtyHead.length;
    this.highestDirty = 0;
    if (this.finalsStale) this.recountFinals();
  }

  /**
   * F[state][s] changed: every cell that can choose s as its last stage's start (state + k, e)
   * for e in (s, farthest[k][s]] updates its choice on kind k.
   */
  private spread(state: number, s: number, decreased: boolean): void {
    const { p, width, chosen } = this;
    const kinds = p.kindCount;
    const row = state * width;
    for (let k = 0; k < kinds; k++) {
      if (countOf(p, state, k) >= (p.multiplicity[k] ?? 0)) continue;
      const after = state + (p.stride[k] ?? 0);
      const last = this.farthest[k * width + s] ?? s;
      const key = this.key(row, k, s);
      // The least key right of s so far: once it is ≤ s's, every later cell prefers it (a larger
      // start wins ties), so after a fall s is chosen by none of them, and none chose it before.
      let right = Infinity;
      const base = k * width;
      // `before` plus the stage's time by the keys' terms, less the slack: a lower bound.
      const from = (this.latency[row + s] ?? Infinity) - (this.scaled[base + s] ?? 0) - (this.slack[k] ?? 0);
      const afterRow = after * width;
      const blockRow = (after * kinds + k) * this.blocks;
      for (let e = s + 1; e <= last; e++) {
        if (decreased && ((e & BLOCK_MASK) === 0 || e === s + 1)) {
          this.c.transitions += this.stepWeight;
          // Every end of this block is irrelevant (see `blockMin`): skip the rest of it. Its keys
          // stay out of `right`, which can only delay the break below.
          if (!(from + (this.blockMin[blockRow + (e >> BLOCK_SHIFT)] ?? 0) < this.relevant)) {
            e |= BLOCK_MASK;
            continue;
          }
        }
        if (e > s + 1) {
          const r = this.key(row, k, e - 1);
          if (r < right) right = r;
          if (decreased && right <= key) break;
        }
        this.c.transitions += this.stepWeight;
        if (decreased) {
          // A path through s to e costs at least from + scaled[e] + rest[after][e]: irrelevant
          // when that reaches the limit. A path to a later end e' continues on k over [e, e')
          // and then finishes without k, one way for the devices not in `state` to finish from
          // e: it costs at least from + scaled[e] + rest[state][e], and when that reaches the
          // limit no later end is relevant either.
          const ahead = this.scaled[base + e] ?? 0;
          if (!(from + (ahead + (this.rest[row + e] ?? 0)) < this.relevant)) break;
          if (!(from + (ahead + (this.rest[afterRow + e] ?? 0)) < this.relevant)) continue;
        }
        const at = (after * width + e) * kinds + k;
        const current = chosen[at] ?? -1;
        if (current === s) {
          // Its own value moved: a rise may hand the choice to another start.
          if (!decreased) chosen[at] = this.rechoose(row, k, e);
        } else if (current >= 0) {
          const other = this.key(row, k, current);
          if (!(key < other || (key === other && s > current))) {
            // After a fall s loses here only to a start left of it (one right of it would have
            // ended the loop through `right`), with a strictly smaller key. That start is allowed
            // at every end up to its own farthest (the limit only grows), so no pass picks s for
            // those ends either: skip them. A relevant cell there holds the pass's choice, which
            // beats s; an irrelevant one may keep a worse choice, as any irrelevant cell may.
            if (decreased && current < s) e = Math.max(e, this.farthest[k * width + current] ?? e);
            continue;
          }
          chosen[at] = s;
        } else {
          chosen[at] = s;
        }
        this.markDirty(after, after * width + e);
      }
    }
  }

  /** The pass's choice for (row's state + k, e) from scratch: least key, the largest start among equal keys. */
  private rechoose(previousRow: number, k: number, e: number): number {
    let best = Infinity;
    let found = -1;
    for (let s = this.allowed[k * this.width + e] ?? e; s < e; s++) {
      this.c.transitions += this.stepWeight;
      if ((this.latency[previousRow + s] ?? Infinity) === Infinity) continue;
      const key = this.key(previousRow, k, s);
      if (key <= best) {
        best = key;
        found = s;
      }
    }
    return found;
  }

  private recountFinals(): void {
    const { p, width } = this;
    let least = Infinity;
    for (let state = 1; state < p.stateCount; state++) least = Math.min(least, this.latency[state * width + p.unitCount] ?? Infinity);
    this.leastFinal = least;
    this.finalsStale = false;
  }

  /**
   * The pass's plan at the current limit from the table: `pickFinalState`, then the first
   * matching start in ascending order (the starts from `allowed` on are those within the limit).
   */
  point(): LatencyPass {
    const { p, width, latency } = this;
    const final = (state: number): number => latency[state * width + p.unitCount] ?? Infinity;
    const top = pickFinalState(p, final, false);
    if (top < 0) throw new Error('internal: the frontier sweep found no plan');
    const ends: number[] = [];
    const kinds: number[] = [];
    let state = top;
    let end = p.unitCount;
    while (end > 0) {
      const target = latency[state * width + end] ?? Infinity;
      let found = false;
      for (let k = 0; k < p.kindCount && !found; k++) {
        if (countOf(p, state, k) === 0) continue;
        const previousRow = (state - (p.stride[k] ?? 0)) * width;
        for (let start = this.allowed[k * width + end] ?? end; start < end; start++) {
          const before = latency[previousRow + start] ?? Infinity;
          if (before === Infinity) continue;
          if (before + stageTime(p, k, start, end) === target) {
            ends.push(end);
            kinds.push(k);
            state -= p.stride[k] ?? 0;
            end = start;
            found = true;
            break;
          }
        }
      }
      if (!found) throw new Error('internal: the frontier sweep could not walk its plan back');
    }
    ends.reverse();
    kinds.reverse();
    return { latency: this.leastFinal, bottleneck: transferPlanBottleneck(p, ends, kinds), planLatency: final(top), ends, kinds };
  }

  private markDirty(state: number, cell: number): void {
    if (this.dirtyMark[cell]) return;
    this.dirtyMark[cell] = 1;
    const level = this.level[state] ?? 0;
    if (level < this.lowestDirty) this.lowestDirty = level;
    if (level > this.highestDirty) this.highestDirty = level;
    this.dirtyNext[cell] = this.dirtyHead[level] ?? -1;
    this.dirtyHead[level] = cell;
  }

  // A binary min-heap of stages by time.

  private heapPush(time: number, slot: number): void {
    const { heapTime, heapSlot } = this;
    let i = this.heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const t = heapTime[parent] ?? 0;
      if (!(time < t)) break;
      heapTime[i] = t;
      heapSlot[i] = heapSlot[parent] ?? 0;
      i = parent;
    }
    heapTime[i] = time;
    heapSlot[i] = slot;
  }

  private heapPop(): number {
    const { heapTime, heapSlot } = this;
    const top = heapSlot[0] ?? 0;
    const size = --this.heapSize;
    this.siftDown(heapTime[size] ?? 0, heapSlot[size] ?? 0, size);
    return top;
  }

  /** Puts (time, slot) in the top's place and restores the heap order below it. */
  private heapReplaceTop(time: number, slot: number): void {
    this.siftDown(time, slot, this.heapSize);
  }

  /** Sifts (time, slot) down from the root of a heap of `size` entries. */
  private siftDown(time: number, slot: number, size: number): void {
    const { heapTime, heapSlot } = this;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && (heapTime[child + 1] ?? 0) < (heapTime[child] ?? 0)) child++;
      const t = heapTime[child] ?? 0;
      if (!(t < time)) break;
      heapTime[i] = t;
      heapSlot[i] = heapSlot[child] ?? 0;
      i = child;
    }
    heapTime[i] = time;
    heapSlot[i] = slot;
  }
}

/**
 * far[k × (units + 1) + s]: the last end of a stage from s on kind k within `limit` that fits (s
 * when none); the end only moves right as the start does, so two pointers fill it.
 */
function fillFarthest(p: PreparedProblem, limit: number, far: Int32Array): Int32Array {
  const width = p.unitCount + 1;
  for (let k = 0; k < p.kindCount; k++) {
    let end = 0;
    for (let start = 0; start <= p.unitCount; start++) {
      if (end < start) end = start;
      while (end < p.unitCount && stageTime(p, k, start, end + 1) <= limit && fits(p, k, start, end + 1)) end++;
      far[k * width + start] = end;
    }
  }
  return far;
}

/**
 * Relevance: the sweep only needs exact values for cells on a plan that could be a point, one of
 * latency below `bound`, or within the 1e-9 tie of the least when the objective picks among
 * them. A cell whose least latency plus a lower bound on the rest (`restLatencies`) is at least
 * bound · (1 + 4e-9) lies on no such plan; its changes are not spread, so its dependents may keep
 * a stale (larger) value, never a smaller one. Invariant: every cell below this limit is exact.
 * The margin covers the tie (1e-9) and the rounding along a plan: of its sums (≪ 1e-12 relative)
 * and of the keys behind `rest`, up to an ulp of a kind's whole-model time P/v, which the facade
 * keeps within 2^18 times the least latency (MAX_TIME_SCALE, src/solver.ts): 2^-34 of it.
 */
export function relevantBelow(bound: number): number {
  return bound + RELEVANCE_MARGIN * bound;
}

const RELEVANCE_MARGIN = 4 * LATENCY_TIE;

/**
 * What admitting one stage counts towards the step budget: sifts through ⌈log2(kinds × (units +
 * 1))⌉ levels of a heap that outgrows the caches, and the offer to its column's live cells.
 * Measured per admission when it was a pop and a push (two sifts): 91 ns in the kernel (130 ns in
 * TypeScript) on 2 devices × 5,000 unit-time units, and 390 ns on 2 devices × 100,000 random
 * times, against ~15 ns a counted step: so 2 steps per heap level (26 for the first, 36 for the
 * second). An admission now replaces the heap's top, one sift; the weight is kept, so the budget
 * can only stop a sweep sooner than the time it stands for.
 */
export function admitSteps(p: PreparedProblem): number {
  // ⌈log2⌉ by doubling: integers, so the kernel's twin counts alike.
  let levels = 0;
  while (2 ** levels < p.kindCount * (p.unitCount + 1)) levels++;
  return 2 * levels;
}

/** Ends come in blocks of 2^BLOCK_SHIFT for `blockMin`. */
const BLOCK_SHIFT = 3;
const BLOCK_MASK = (1 << BLOCK_SHIFT) - 1;

/** `rest` is computed at the sweep's limit plus this share, and again when the sweep passes it. */
const REST_STEP = 1 / 16;

/**
 * rest[state × (units + 1) + e]: the least latency covering [e, units) with the devices not in
 * the state and every stage within `limit` (and fitting memory), Infinity when they cannot. A
 * lower bound on the rest of any plan through the cell whose stages are within `limit`, and
 * consistent (rest at a start is at most a stage's time plus rest at its end) up to rounding: an
 * ulp of the key below, bounded through MAX_TIME_SCALE (see `relevantBelow`). The backward DP of
 * the guesses (src/search-breakpoint.ts): the allowed ends from e are those within the limit
 * that fit, a window that only moves left as e does, so a sliding-window minimum.
 */
function restLatencies(p: PreparedProblem, limit: number): Float64Array {
  const width = p.unitCount + 1;
  const units = p.unitCount;
  const rest = new Float64Array(p.stateCount * width).fill(Infinity);
  const queue = new Int32Array(width);
  const keys = new Float64Array(width);
  const far = fillFarthest(p, limit, new Int32Array(p.kindCount * width));
  for (let state = p.stateCount - 1; state >= 0; state--) {
    const row = state * width;
    rest[row + units] = 0;
    for (let k = 0; k < p.kindCount; k++) {
      if (countOf(p, state, k) >= (p.multiplicity[k] ?? 0)) continue;
      const nextRow = (state + (p.stride[k] ?? 0)) * width;
      const base = k * width;
      const divisor = p.divisor[k] ?? 1;
      let head = 0;
      let tail = 0;
      for (let e = units - 1; e >= 0; e--) {
        const after = rest[nextRow + e + 1] ?? Infinity;
        if (after !== Infinity) {
          const key = after + (p.timePrefix[base + e + 1] ?? 0) / divisor;
          // Equal keys keep the nearer end, pushed last.
          while (tail > head && (keys[tail - 1] ?? 0) >= key) tail--;
          queue[tail] = e + 1;
          keys[tail] = key;
          tail++;
        }
        const last = far[base + e] ?? e;
        while (head < tail && (queue[head] ?? 0) > last) head++;
        if (head < tail) {
          const end = queue[head] ?? 0;
          const value = stageTime(p, k, e, end) + (rest[nextRow + end] ?? 0);
          if (value < (rest[row + e] ?? Infinity)) rest[row + e] = value;
        }
      }
    }
  }
  return rest;
}
