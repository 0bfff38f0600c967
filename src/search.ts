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
 * Modules: search-threshold (`'auto'` phase 1, `'none'` plans), search-dnnpipe (the paper's DP),
 * search-latency (phase 2), search-transfers, objective (tie rules); this one dispatches.
 *
 * Deterministic tie-break (docs/model.md, Objective, rule 4), after least bottleneck, least latency, fewest stages:
 * the lowest final state number; then, from the last stage backwards, the stage on the
 * lowest-numbered kind, then the earliest start (with `secondary: 'none'`, the threshold DP's
 * stage for the lowest-numbered kind that reaches). Devices of a kind go to stages in order.
 */
import type { PreparedProblem } from './prepare.js';
import { fits, latencyTableFits, stageTime } from './prepare.js';
import { thresholdBottleneck, fewestStagesPlan, nextUp } from './search-threshold.js';
import { dnnpipeBottleneck } from './search-dnnpipe.js';
import { LatencyBuffers, fillLatencyTable, firstUsefulEnds, latencyPlan, latencyPlanFromTable, type LatencyTable } from './search-latency.js';
import { breakpointGuess } from './search-breakpoint.js';
import { startSweep, sweepFits, type FrontierSweep } from './frontier-sweep.js';
import { latencyPass, leastLatencyBound, linkLowerBound, searchTransfers, tieLimit, transferPlanBottleneck, type LatencyPass, type TableStore } from './search-transfers.js';

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

/** The general DP reached `MAX_SEARCH_STEPS`: the facade refuses the problem as too large. */
export class SearchLimitError extends Error {
  constructor() {
    super('search step limit reached');
  }
}

/**
 * The frontier's search reached its step limit after listing `found` points: `MAX_SEARCH_STEPS`
 * stage transitions pass by pass, or `MAX_SWEEP_STEPS` steps for the sweep.
 */
export class FrontierLimitError extends SearchLimitError {
  constructor(
    readonly found: number,
    readonly limit: number,
    readonly unit: string,
  ) {
    super();
  }
}

/** What an engine returns: stage ends and kinds, in pipeline order. */
export interface SearchResult {
  feasible: boolean;
  /** The least bottleneck B*; the chosen plan's bottleneck is at most `tieLimit(least)`. */
  least: number;
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

/**
 * Runs both phases.
 * @param p - the prepared problem
 * @param request - algorithm and secondary objective
 * @returns stage ends and kinds, or `feasible: false`; `least` is the least bottleneck B*; the
 *   chosen plan's own is within `tieLimit(least)` (docs/model.md, Objective)
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
    const found = searchTransfers(p, lower, request.secondary === 'latency', transferPassWork(p), c, (limit) => firstUsefulEnds(relaxed, limit));
    const feasible = found.bottleneck < Infinity;
    return { feasible, least: found.bottleneck, stageEnds: found.ends, stageKinds: found.kinds, latencyOptimal: feasible && request.secondary === 'latency', counters: c };
  }
  const reach = new Int32Array(p.stateCount);
  const least = request.algorithm === 'dnnpipe' ? dnnpipeBottleneck(p, c) : thresholdBottleneck(p, reach, c);
  if (least === Infinity) {
    return { feasible: false, least, stageEnds: [], stageKinds: [], latencyOptimal: false, counters: c };
  }
  const latencyOptimal = request.secondary === 'latency' && latencyTableFits(p);
  const plan = latencyOptimal ? latencyPlan(p, tieLimit(least), reach, c) : fewestStagesPlan(p, least, reach, c);
  return { feasible: true, least, stageEnds: plan.ends, stageKinds: plan.kinds, latencyOptimal, counters: c };
}

/**
 * The worst-case transitions of one pass of the transfer-aware DP: states × (units + 1) × kinds
 * cells, each extending a stage over up to `units` ends and choosing among `kinds` next kinds.
 */
export function transferPassWork(p: PreparedProblem): number {
  return p.stateCount * (p.unitCount + 1) * p.kindCount * p.unitCount * p.kindCount;
}

/**
 * A search over latency passes of the general DP (requirements with `maxLatency`, the frontier):
 * the problem is prepared once, then `pass(limit)` finds the least-latency plan among plans whose
 * every cost is ≤ limit. The drivers in src/tradeoff.ts run the same sequence of passes on either
 * engine; the WASM engine's twin is `Kernel.general`.
 */
export interface GeneralSearch {
  /** A lower bound on every plan's bottleneck (Infinity: no plan even in the relaxation). */
  lowerBound: number;
  /**
   * The least-latency plan among plans whose every cost is ≤ limit (src/search-transfers.ts
   * `latencyPass`).
   * @param exact - a plan of exactly the least latency (fewest stages among those)
   * @param within - a deadline: plans above it are left out of the latency tie (never the least)
   * @param relevant - only plans of latency up to this matter: the general DP then extends no
   *   partial plan that cannot end below it (src/search-transfers.ts `RestBound`), and a pass
   *   whose least latency is above it reports some latency above it, not necessarily the least
   */
  pass(limit: number, exact: boolean, within?: number, relevant?: number): LatencyPass;
  /**
   * The least limit above `limit` at which a pass could differ from one at `limit`: the next
   * stage time on monotone problems (no plan's cost lies in between), else the next double.
   */
  nextLimit(limit: number): number;
  /**
   * A guess at the least limit above `limit` whose pass has latency ≤ bound, below `ceiling`
   * (src/search-breakpoint.ts), or Infinity; never trusted, only probed. Monotone problems only:
   * the general DP guesses nothing.
   */
  guess(limit: number, bound: number, ceiling: number): number;
  /** Whether `guess` can find anything (monotone problems); the general DP's never does. */
  guesses: boolean;
  /**
   * The general DP's floor under every plan's latency (src/search-transfers.ts
   * `leastLatencyBound`), which ends a frontier without a search; absent on monotone problems.
   */
  latencyBound?: number;
  /**
   * Starts the frontier sweep at B* (src/frontier-sweep.ts): monotone problems whose sweep
   * tables fit (`sweepFits`); absent otherwise, and the frontier is found pass by pass.
   */
  sweep?: (least: number) => FrontierSweep;
  /** Counters, summed over the passes so far. */
  counters: SearchCounters;
}

/** The TypeScript engine's general search on a problem prepared with `transfers` set. */
export function generalSearch(p: PreparedProblem): GeneralSearch {
  const c = emptyCounters();
  const none = new Float64Array(p.unitCount + 1);
  const relaxed: PreparedProblem = { ...p, transfers: false, inNeed: none, outNeed: none };
  const reach = new Int32Array(p.stateCount);
  const relaxedBottleneck = thresholdBottleneck(relaxed, reach, c);
  const lowerBound = relaxedBottleneck === Infinity ? Infinity : Math.max(relaxedBottleneck, linkLowerBound(p));
  if (!p.transfers) {
    // Monotone costs (no activations, links, ends or requirements): the windowed least-latency
    // DP of phase 2 is the pass, O(states × units × kinds) instead of the general DP's quadratic one.
    // The last pass's table: a guess at the same limit starts from it (the kernel does the same).
    // Every pass refills the one set of buffers, so `last` is the only table alive.
    let last: LatencyTable | undefined;
    const buffers = new LatencyBuffers();
    return {
      lowerBound,
      counters: c,
      guesses: true,
      nextLimit: (limit) => nextStageTime(p, limit, c),
      guess: (limit, bound, ceiling) => breakpointGuess(p, last?.limit === limit ? last : (last = fillLatencyTable(p, limit, reach, c, buffers)), bound, ceiling, c),
      ...(sweepFits(p) ? { sweep: (least: number) => startSweep(p, least, c) } : {}),
      pass: (limit, exact, within) => {
        last = fillLatencyTable(p, limit, reach, c, buffers);
        const found = latencyPlanFromTable(p, last, exact, within);
        if (!found) return { latency: Infinity, bottleneck: Infinity, planLatency: Infinity, ends: [], kinds: [] };
        return { ...found, bottleneck: transferPlanBottleneck(p, found.ends, found.kinds) };
      },
    };
  }
  // The general DP's table storage, kept across this search's passes.
  const table: TableStore = { values: new Float64Array(0) };
  return {
    lowerBound,
    counters: c,
    guesses: false,
    latencyBound: leastLatencyBound(p),
    nextLimit: nextUp,
    guess: () => Infinity,
    pass: (limit, exact, within = Infinity, relevant = Infinity) => latencyPass(p, passLimit(limit, relevant), exact, c, (l) => firstUsefulEnds(relaxed, l), within, relevant, table),
  };
}

/**
 * The limit a general-DP pass with relevance bound `relevant` runs at: no more than that bound.
 * A plan's every cost (a stage with its link, the source's, the sink's) is part of its latency,
 * sums of non-negative doubles only round up, so a plan of latency ≤ `relevant` has every cost ≤
 * it: the plans that matter, their values and the pick among them are the same at either limit,
 * and at the smaller one `low` and the relevance bound (each device's stage ≤ the limit) cut more.
 * The frontier's last search, whose pass at no limit proves no plan is below the last point's
 * latency, cost 8 linked devices × 300 units more than all 60 points before it.
 */
export function passLimit(limit: number, relevant: number): number {
  return relevant < limit ? relevant : limit;
}

/**
 * The least stage time above `limit` over every stage that fits (on monotone problems every
 * plan's bottleneck is some stage's time, so nothing changes between `limit` and this). For each
 * kind, the first end whose stage exceeds the limit only moves right as the start does (a longer
 * stage is never cheaper), so two pointers find them all in O(kinds × units).
 */
export function nextStageTime(p: PreparedProblem, limit: number, c?: SearchCounters): number {
  // The scan, kinds × units, counts towards the step budget: on long models it outweighs passes
  // (4 distinct devices × 100,000 units: a third of a frontier's time, uncounted until a review).
  if (c) c.transitions += p.kindCount * p.unitCount;
  let next = Infinity;
  for (let k = 0; k < p.kindCount; k++) {
    let e = 1;
    for (let s = 0; s < p.unitCount; s++) {
      if (e <= s) e = s + 1;
      while (e <= p.unitCount && stageTime(p, k, s, e) <= limit) e++;
      if (e > p.unitCount) break;
      if (fits(p, k, s, e)) {
        const time = stageTime(p, k, s, e);
        if (time < next) next = time;
      }
    }
  }
  return next;
}
