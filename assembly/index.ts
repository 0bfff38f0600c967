// dnnpipe's search kernel: the WASM twin of src/search*.ts, operation for operation, so both
// engines return the same plan to the last bit. Read src/search-*.ts for the algorithms' proofs;
// comments here say only what differs (memory layout, the farthest-end table). Modules: layout
// (sections, accessors, results), threshold, threshold-incremental, paper-dp, latency,
// breakpoint, frontier-sweep (src/frontier-sweep.ts), objective, transfers.
//
// Memory: the facade calls layout(units, kinds, states, tableCells), which places every section
// after __heap_base and grows memory when needed; a frontier sweep places its own tables after
// those (sweepBegin). Memory only ever grows to the largest problem
// seen, so any number of solves runs in bounded memory. Nothing is allocated while searching.
//
// Short names in loops: U = units, K = kinds, S = states, k = kind, s/e = stage start/end.

import { COUNTER_COUNT, countersPtr, useActivations, setResults, setStageCount } from './layout';
import { thresholdBottleneck, fewestStagesPlan } from './threshold';
import { dnnpipeBottleneck } from './paper-dp';
import { latencyPlan, filledLimit, fillLatencyTable, forgetFilledTable } from './latency';
import { breakpointGuess } from './breakpoint';
export { nextStageTime } from './breakpoint';
export { sweepBegin, sweepAdvance, sweepAdmitThrough, sweepPoint } from './frontier-sweep';
import { setSerialLinks, fillLinkTable, linkLowerBound, searchTransfers, tieLimit, latencyPass, monotonePass, passLatency, passBottleneck, passPlanLatency, stepLimitReached, clearStepLimit } from './transfers';
export {
  SECTION_TIME_PREFIX, SECTION_DIVISOR, SECTION_CAPACITY, SECTION_MEMORY_PREFIX, SECTION_MULTIPLICITY, SECTION_STRIDE,
  SECTION_STAGE_ENDS, SECTION_STAGE_KINDS, SECTION_COUNTERS, SECTION_IN_NEED, SECTION_OUT_NEED, SECTION_CUT_BYTES,
  SECTION_LINK_BANDWIDTH, SECTION_LINK_LATENCY, SECTION_SOURCE_COST, SECTION_SINK_COST, SECTION_NEXT_BLOCKED,
  MAX_KINDS, MAX_UNITS, MAX_STATES, MAX_TABLE_CELLS, COUNTER_COUNT, pointer, result, configure,
} from './layout';
// The sections' layout, plus the incremental threshold probes' scratch.
export { layout } from './threshold-incremental';

/**
 * Solves the problem written into the sections by the facade.
 * @param algorithm - 0 auto (threshold search), 1 dnnpipe (the paper's DP, safe)
 * @param secondary - 0 least latency, 1 none
 * @param latencyAllowed - 1 when the latency table fits its limit
 * @param transfers - 1 when activations are modelled: the transfer-aware DP runs instead
 * @param serial - 1 for `transfer: 'serial'`
 * @param passWork - the worst-case transitions of one transfer-aware pass (src/search.ts `transferPassWork`)
 * @returns 1 with a plan in the output sections, 0 when no plan exists, 2 when the general DP
 *   reached MAX_SEARCH_STEPS
 */
export function solve(algorithm: i32, secondary: i32, latencyAllowed: i32, lowerBound: f64, paperUpperBound: f64, transfers: i32, serial: i32, passWork: f64): i32 {
  for (let c = 0; c < COUNTER_COUNT; c++) store<f64>(countersPtr + (<usize>c << 3), 0);
  setStageCount(0);
  setResults(0, 0);
  clearStepLimit();
  if (transfers == 1) {
    setSerialLinks(serial == 1);
    fillLinkTable();
    // The relaxation without activations (and links, which the threshold search never prices):
    // point the activation sections at zeros for the lower bound, then back.
    useActivations(false);
    const relaxed = thresholdBottleneck(lowerBound);
    useActivations(true);
    const lower = relaxed == Infinity ? Infinity : Math.max(relaxed, linkLowerBound());
    const found = searchTransfers(lower, secondary == 0, passWork);
    if (stepLimitReached) return 2;
    setResults(found, found < Infinity && secondary == 0 ? 1 : 0);
    return found == Infinity ? 0 : 1;
  }
  const bottleneck = algorithm == 1 ? dnnpipeBottleneck(lowerBound, paperUpperBound) : thresholdBottleneck(lowerBound);
  if (bottleneck == Infinity) {
    setResults(bottleneck, 0);
    return 0;
  }
  const latency = secondary == 0 && latencyAllowed == 1;
  setResults(bottleneck, latency ? 1 : 0);
  if (latency) latencyPlan(tieLimit(bottleneck));
  else fewestStagesPlan(bottleneck);
  return 1;
}

/**
 * Starts a general search (requirements, the frontier) on the problem in the sections: links
 * tabulated, counters reset. Returns a lower bound on every plan's bottleneck (the relaxation's
 * least bottleneck and the links' bound, as `solve` uses), or Infinity when even the relaxation
 * has no plan.
 */
export function generalBegin(lowerBound: f64, serial: i32, transfers: i32): f64 {
  generalTransfers = transfers == 1;
  forgetFilledTable();
  for (let c = 0; c < COUNTER_COUNT; c++) store<f64>(countersPtr + (<usize>c << 3), 0);
  setStageCount(0);
  clearStepLimit();
  setSerialLinks(serial == 1);
  if (generalTransfers) fillLinkTable();
  useActivations(false);
  const relaxed = thresholdBottleneck(lowerBound);
  useActivations(true);
  if (relaxed == Infinity) return Infinity;
  return generalTransfers ? Math.max(relaxed, linkLowerBound()) : relaxed;
}

/** Whether the general search runs the general DP (1) or, on monotone problems, the latency DP. */
let generalTransfers = false;

/**
 * One latency pass (src/search-transfers.ts `latencyPass`): 1 with a plan, 0 without;
 * `relevant` as there (the general DP's only).
 */
export function generalPass(limit: f64, exact: i32, within: f64, relevant: f64): i32 {
  return generalTransfers ? latencyPass(limit, exact == 1, within, relevant) : monotonePass(limit, exact == 1, within);
}

/**
 * src/search-breakpoint.ts `breakpointGuess` at `limit`, from the last pass's table when it was
 * filled at that limit (src/search.ts decides alike), on monotone problems; Infinity otherwise.
 */
export function generalGuess(limit: f64, bound: f64, ceiling: f64): f64 {
  if (generalTransfers) return Infinity;
  if (!(filledLimit == limit)) fillLatencyTable(limit);
  return breakpointGuess(limit, bound, ceiling);
}

/** The last pass's figures: 0 its least latency, 1 its plan's bottleneck, 2 its plan's latency. */
export function passResult(which: i32): f64 {
  return which == 0 ? passLatency : which == 1 ? passBottleneck : passPlanLatency;
}

/** Test hook: makes the kernel abort, so tests can check that a failure is typed and recoverable. */
export function failForTest(): void {
  abort('failure requested by a test');
}
