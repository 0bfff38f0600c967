// Kernel memory: the sections layout() places after __heap_base, the accessors every search
// uses (the cost model of src/prepare.ts, bit for bit), counters and results. Memory only grows
// to the largest problem seen; nothing is allocated while searching.

/** Section numbers for pointer(). */
export const SECTION_TIME_PREFIX: i32 = 0; // f64[K × (U+1)]
export const SECTION_DIVISOR: i32 = 1; // f64[K]
export const SECTION_CAPACITY: i32 = 2; // f64[K]
export const SECTION_MEMORY_PREFIX: i32 = 3; // f64[U+1]
export const SECTION_MULTIPLICITY: i32 = 4; // i32[K]
export const SECTION_STRIDE: i32 = 5; // i32[K]
export const SECTION_STAGE_ENDS: i32 = 6; // i32[U] out
export const SECTION_STAGE_KINDS: i32 = 7; // i32[U] out
export const SECTION_COUNTERS: i32 = 8; // f64[COUNTER_COUNT] out
export const SECTION_IN_NEED: i32 = 9; // f64[U+1]: activation MB of a stage starting at s
export const SECTION_OUT_NEED: i32 = 10; // f64[U+1]: activation MB of a stage ending at e
export const SECTION_CUT_BYTES: i32 = 11; // f64[U+1]: bytes sent over the cut at e
export const SECTION_LINK_BANDWIDTH: i32 = 12; // f64[K × K]: Mbit/s from kind a to b, 0 = bytes cost nothing
export const SECTION_LINK_LATENCY: i32 = 13; // f64[K × K]: ms per transfer from kind a to b
export const SECTION_SOURCE_COST: i32 = 14; // f64[K]: ms from the source to a first stage on the kind
export const SECTION_SINK_COST: i32 = 15; // f64[K]: ms from a last stage on the kind to the sink
export const SECTION_NEXT_BLOCKED: i32 = 16; // i32[K × (U+1)]: first unit ≥ s the kind cannot run

/** Kernel capacities, read once by the facade. */
export const MAX_KINDS: i32 = 64;
export const MAX_UNITS: i32 = 100000;
export const MAX_STATES: i32 = 1 << 18;
export const MAX_TABLE_CELLS: i32 = 1 << 23;
export const COUNTER_COUNT: i32 = 7;

export const C_STATES = 0;
export const C_TRANSITIONS = 1;
export const C_PROBES = 2;
export const C_PRUNED_UPPER = 3;
export const C_PRUNED_UNDER = 4;
export const C_BOUND_RETRIES = 5;
export const C_LATENCY_CELLS = 6;

export let U: i32 = 0;
export let K: i32 = 0;
export let S: i32 = 0;
export let W: i32 = 0; // U + 1, a table row
// Section starts live in globals, not in a heap array: layout() owns everything after __heap_base.
export let timePrefixPtr: usize = 0;
export let divisorPtr: usize = 0;
export let capacityPtr: usize = 0;
export let memoryPrefixPtr: usize = 0;
export let multiplicityPtr: usize = 0;
export let stridePtr: usize = 0;
export let stageEndsPtr: usize = 0;
export let stageKindsPtr: usize = 0;
export let countersPtr: usize = 0;
export let inNeedPtr: usize = 0;
export let outNeedPtr: usize = 0;
export let cutBytesPtr: usize = 0;
let cutBytesSection: usize = 0; // where the facade writes cut bytes; cutBytesPtr points here or at zeros
/** Whether the problem models activations; without, the facade copies none and the three read zeros. */
let activations = true;
export let linkBandwidthPtr: usize = 0;
export let linkLatencyPtr: usize = 0;
export let sourceCostPtr: usize = 0;
export let sinkCostPtr: usize = 0;
export let nextBlockedPtr: usize = 0;
// Problem flags set by configure(): units some kind cannot run, requirements.
export let hasBlocked = false;
export let firstKind: i32 = -1;
export let lastKind: i32 = -1;
export let maxStages: i32 = 0;
export let strictMemory = false;
export let finalsPtr: usize = 0; // f64[S]: transfer DP, the best complete plan per final state
export let zerosPtr: usize = 0; // f64[U+1] of zeros: activations switched off for the relaxation
export let inNeedSection: usize = 0; // where the facade wrote inNeed; inNeedPtr points here or at zeros
export let outNeedSection: usize = 0;
export let linkTablePtr: usize = 0; // f64[(U+1) × K × K]
export let reachPtr: usize = 0; // i32[S]
export let lowPtr: usize = 0; // i32[S]: first latency-table column of a state's window
export let digitsPtr: usize = 0; // i32[K]
export let restOrderPtr: usize = 0; // i32[K]: the general DP's relevance, kinds fastest first
export let freePtr: usize = 0; // i32[K]: the general DP's relevance, a state's free devices per kind
export let coverPtr: usize = 0; // f64[9K]: the general DP's relevance, two covers (src/search-transfers.ts `RestCover`) and each kind's memory room
export let writtenPtr: usize = 0; // i32[3S]: the general DP, per state the last fill that wrote its row, then the first and last end written
export let restRowsPtr: usize = 0; // f64[2W] + i32[8]: the general DP's relevance, the bounds before and after a stage, and their walks
export let extPtr: usize = 0; // i32[K × (U+1)]: farthest end per (kind, start) for the current limit
export let nextPtr: usize = 0; // f64[K × (U+1)]: the next stage time that would extend that end
// The farthest-end memo (assembly/threshold.ts `farthestEnd`), when the probes search ends instead
// of filling the table: per (kind, start), the last end found, -1 for none, and the limits it holds for.
export let memoEndPtr: usize = 0; // i32[K × (U+1)]
export let memoLowPtr: usize = 0; // f64[K × (U+1)]: that stage's own time
export let memoHighPtr: usize = 0; // f64[K × (U+1)]: the one-unit-longer stage's time, Infinity when it cannot fit
export let useEndMemo = false;
export let queuePtr: usize = 0; // i32[U+1]
export let keysPtr: usize = 0; // f64[U+1]
export let tablePtr: usize = 0; // f64[tableCells]
/** The end of the sections (the DP table and its scratch included): a frontier sweep places its arrays after it. */
export let layoutEnd: usize = 0;
export let useExtTable = false;
export let subsetStates = false; // every kind has one device: states are bit sets, stride[k] = 1 << k

export let resultBottleneck: f64 = 0;
export let resultStageCount: i32 = 0;
export let resultLatencyOptimal: i32 = 0;

/** Reads a result: 0 bottleneck, 1 stage count, 2 latency-optimal flag. */
export function result(which: i32): f64 {
  if (which == 0) return resultBottleneck;
  if (which == 1) return <f64>resultStageCount;
  return <f64>resultLatencyOptimal;
}

/** Where a section starts; valid until the next layout(). */
export function pointer(section: i32): usize {
  switch (section) {
    case SECTION_TIME_PREFIX: return timePrefixPtr;
    case SECTION_DIVISOR: return divisorPtr;
    case SECTION_CAPACITY: return capacityPtr;
    case SECTION_MEMORY_PREFIX: return memoryPrefixPtr;
    case SECTION_MULTIPLICITY: return multiplicityPtr;
    case SECTION_STRIDE: return stridePtr;
    case SECTION_STAGE_ENDS: return stageEndsPtr;
    case SECTION_STAGE_KINDS: return stageKindsPtr;
    case SECTION_COUNTERS: return countersPtr;
    case SECTION_IN_NEED: return inNeedSection;
    case SECTION_OUT_NEED: return outNeedSection;
    case SECTION_CUT_BYTES: return cutBytesSection;
    case SECTION_LINK_BANDWIDTH: return linkBandwidthPtr;
    case SECTION_LINK_LATENCY: return linkLatencyPtr;
    case SECTION_SOURCE_COST: return sourceCostPtr;
    case SECTION_SINK_COST: return sinkCostPtr;
    case SECTION_NEXT_BLOCKED: return nextBlockedPtr;
    default: return 0;
  }
}

export function align8(x: usize): usize {
  return (x + 7) & ~(<usize>7);
}

/**
 * Sizes every section for a problem and grows memory if needed.
 * @returns 1, or 0 when memory cannot grow that far
 */
export function layout(units: i32, kinds: i32, states: i32, tableCells: i32, transfersLayout: bool): i32 {
  U = units;
  K = kinds;
  S = states;
  W = units + 1;
  let at = align8(__heap_base);
  const place = (bytes: usize, at: usize): usize => align8(at + bytes);
  timePrefixPtr = at; at = place(<usize>K * W * 8, at);
  divisorPtr = at; at = place(<usize>K * 8, at);
  capacityPtr = at; at = place(<usize>K * 8, at);
  memoryPrefixPtr = at; at = place(<usize>W * 8, at);
  multiplicityPtr = at; at = place(<usize>K * 4, at);
  stridePtr = at; at = place(<usize>K * 4, at);
  stageEndsPtr = at; at = place(<usize>W * 4, at);
  stageKindsPtr = at; at = place(<usize>W * 4, at);
  countersPtr = at; at = place(<usize>COUNTER_COUNT * 8, at);
  inNeedSection = inNeedPtr = at; at = place(<usize>W * 8, at);
  outNeedSection = outNeedPtr = at; at = place(<usize>W * 8, at);
  cutBytesSection = cutBytesPtr = at; at = place(<usize>W * 8, at);
  linkBandwidthPtr = at; at = place(<usize>K * K * 8, at);
  linkLatencyPtr = at; at = place(<usize>K * K * 8, at);
  sourceCostPtr = at; at = place(<usize>K * 8, at);
  sinkCostPtr = at; at = place(<usize>K * 8, at);
  nextBlockedPtr = at; at = place(<usize>K * W * 4, at);
  finalsPtr = at; at = place(<usize>S * 8, at);
  zerosPtr = at; at = place(<usize>W * 8, at);
  linkTablePtr = at; at = place(transfersLayout ? <usize>W * K * K * 8 : 0, at);
  reachPtr = at; at = place(<usize>S * 4, at);
  lowPtr = at; at = place(<usize>S * 4, at);
  digitsPtr = at; at = place(<usize>K * 4, at);
  restOrderPtr = at; at = place(<usize>K * 4, at);
  freePtr = at; at = place(<usize>K * 4, at);
  coverPtr = at; at = place(<usize>K * 72, at);
  writtenPtr = at; at = place(transfersLayout ? <usize>S * 12 : 0, at);
  restRowsPtr = at; at = place(<usize>W * 16 + 32, at);
  extPtr = at; at = place(<usize>K * W * 4, at);
  nextPtr = at; at = place(<usize>K * W * 8, at);
  // The farthest-end table costs K × U per limit, binary searches S × K × log U. The table's
  // two-pointer walk is one serial chain of dependent divisions, while the searches of different
  // states overlap in the CPU, so the table pays only when it saves ~8x the work (measured: 8
  // devices × 1000 units, 1.9 ms with the table against 0.56 ms without). Both give the same
  // ends, so the choice changes speed only. Searched ends are memoised (configure() empties the
  // memo, and every layout() is followed by one).
  useExtTable = <f64>S * Math.log2(<f64>W) > <f64>(8 * W);
  useEndMemo = !useExtTable && <usize>K * W <= MAX_MEMO_CELLS;
  const memoCells: usize = useEndMemo ? <usize>K * W : 0;
  memoEndPtr = at; at = place(memoCells * 4, at);
  memoLowPtr = at; at = place(memoCells * 8, at);
  memoHighPtr = at; at = place(memoCells * 8, at);
  queuePtr = at; at = place(<usize>W * 4, at);
  keysPtr = at; at = place(<usize>W * 8, at);
  tablePtr = at; at = place(<usize>tableCells * 8, at);
  layoutEnd = at;
  const needPages = <i32>((at + 0xffff) >> 16);
  const havePages = memory.size();
  if (needPages > havePages && memory.grow(needPages - havePages) < 0) return 0;
  memory.fill(zerosPtr, 0, <usize>W * 8);
  subsetStates = S == 1 << K;
  return 1;
}

// ---- accessors ------------------------------------------------------------------------------

@inline export function timePrefix(k: i32, i: i32): f64 {
  return load<f64>(timePrefixPtr + ((<usize>k * W + i) << 3));
}
@inline export function divisor(k: i32): f64 {
  return load<f64>(divisorPtr + (<usize>k << 3));
}
@inline export function capacity(k: i32): f64 {
  return load<f64>(capacityPtr + (<usize>k << 3));
}
@inline export function memoryPrefix(i: i32): f64 {
  return load<f64>(memoryPrefixPtr + (<usize>i << 3));
}
@inline export function multiplicity(k: i32): i32 {
  return load<i32>(multiplicityPtr + (<usize>k << 2));
}
@inline export function stride(k: i32): i32 {
  return load<i32>(stridePtr + (<usize>k << 2));
}
@inline export function digit(k: i32): i32 {
  return load<i32>(digitsPtr + (<usize>k << 2));
}
@inline export function reach(state: i32): i32 {
  return load<i32>(reachPtr + (<usize>state << 2));
}
@inline export function setReach(state: i32, v: i32): void {
  store<i32>(reachPtr + (<usize>state << 2), v);
}
@inline export function cell(i: i32): f64 {
  return load<f64>(tablePtr + (<usize>i << 3));
}
@inline export function setCell(i: i32, v: f64): void {
  store<f64>(tablePtr + (<usize>i << 3), v);
}
@inline export function count(c: i32, v: f64): void {
  const at = countersPtr + (<usize>c << 3);
  store<f64>(at, load<f64>(at) + v);
}

/** The cost model of src/prepare.ts, bit for bit. */
@inline export function stageTime(k: i32, s: i32, e: i32): f64 {
  return (timePrefix(k, e) - timePrefix(k, s)) / divisor(k);
}
@inline export function fits(k: i32, s: i32, e: i32): bool {
  if (hasBlocked && e > blockedEnd(k, s)) return false;
  return memoryFits(memoryPrefix(s), load<f64>(inNeedPtr + (<usize>s << 3)), capacity(k), strictMemory, e);
}
/** The last end a stage of kind k starting at s may have before a unit the kind cannot run. */
@inline export function blockedEnd(k: i32, s: i32): i32 {
  return load<i32>(nextBlockedPtr + ((<usize>k * W + s) << 2));
}
/**
 * `fits`'s memory test with the terms its kind and start fix passed in: loops over a stage's end
 * load them once (with the flags read inside their loop, V8's WASM compiler kept reloading them,
 * 1.7x slower on one bench case).
 */
@inline export function memoryFits(startMemory: f64, startNeed: f64, room: f64, strict: bool, e: i32): bool {
  const need = ((memoryPrefix(e) - startMemory) + startNeed) + load<f64>(outNeedPtr + (<usize>e << 3));
  return strict ? need < room : need <= room;
}
/** src/prepare.ts `transferTime`. */
@inline export function transferTime(bandwidth: f64, latency: f64, bytes: f64): f64 {
  return bandwidth > 0 ? latency + ((bytes * 8) / (bandwidth * 1e6)) * 1000 : latency;
}
/** src/prepare.ts `linkTime`. */
export function linkTime(e: i32, from: i32, to: i32): f64 {
  const pair = (<usize>from * K + to) << 3;
  return transferTime(load<f64>(linkBandwidthPtr + pair), load<f64>(linkLatencyPtr + pair), load<f64>(cutBytesPtr + (<usize>e << 3)));
}
@inline export function sourceCost(k: i32): f64 {
  return load<f64>(sourceCostPtr + (<usize>k << 3));
}
@inline export function sinkCost(k: i32): f64 {
  return load<f64>(sinkCostPtr + (<usize>k << 3));
}

/** Sets the problem flags (src/prepare.ts `hasBlocked`, `firstKind`, `lastKind`, `maxStages`). */
export function configure(blocked: i32, first: i32, last: i32, stages: i32, strict: i32, active: i32): void {
  // The memory test and the blocked units decide the farthest ends.
  forgetEnds();
  activations = active == 1;
  useActivations(true);
  cutBytesPtr = activations ? cutBytesSection : zerosPtr;
  strictMemory = strict == 1;
  hasBlocked = blocked == 1;
  firstKind = first;
  lastKind = last;
  maxStages = stages;
}

export function resetDigits(): void {
  for (let k = 0; k < K; k++) store<i32>(digitsPtr + (<usize>k << 2), 0);
}
export function nextDigits(): void {
  for (let k = 0; k < K; k++) {
    const at = digitsPtr + (<usize>k << 2);
    const d = load<i32>(at) + 1;
    if (d <= multiplicity(k)) {
      store<i32>(at, d);
      return;
    }
    store<i32>(at, 0);
  }
}
export function countOf(state: i32, k: i32): i32 {
  return (state / stride(k)) % (multiplicity(k) + 1);
}
export function stageCountOf(state: i32): i32 {
  let n = 0;
  for (let k = 0; k < K; k++) n += countOf(state, k);
  return n;
}


/**
 * Switches activation memory off (the relaxation the transfer-aware search takes its lower bound
 * and useful-cell windows from) or back on, by pointing the activation sections at zeros.
 */
export function useActivations(on: bool): void {
  const inNeed = on && activations ? inNeedSection : zerosPtr;
  const outNeed = on && activations ? outNeedSection : zerosPtr;
  // Activation memory decides which stages fit, so the farthest ends change with it.
  if (inNeed != inNeedPtr || outNeed != outNeedPtr) forgetEnds();
  inNeedPtr = inNeed;
  outNeedPtr = outNeed;
}

/** Largest memo (kinds × (units + 1)) of farthest ends kept: 5 MB; larger problems search every end. */
const MAX_MEMO_CELLS: usize = 1 << 18;

/** Empties the farthest-end memo: the problem, its memory test or its activations changed. */
export function forgetEnds(): void {
  if (useEndMemo) memory.fill(memoEndPtr, 0xff, <usize>K * W * 4);
}

/** Sets the result registers read by result(). */
export function setResults(bottleneck: f64, latencyOptimal: i32): void {
  resultBottleneck = bottleneck;
  resultLatencyOptimal = latencyOptimal;
}

export function setStageCount(n: i32): void {
  resultStageCount = n;
}

/** Writes stage n (counted from the last stage backwards) into the output sections. */
@inline export function writeStage(n: i32, end: i32, kind: i32): void {
  store<i32>(stageEndsPtr + (<usize>n << 2), end);
  store<i32>(stageKindsPtr + (<usize>n << 2), kind);
}

/** Reverses the n stages written backwards into the output sections. */
export function reverseOutput(n: i32): void {
  const endsOut = stageEndsPtr;
  const kindsOut = stageKindsPtr;
  for (let i = 0, j = n - 1; i < j; i++, j--) {
    const a = load<i32>(endsOut + (<usize>i << 2));
    store<i32>(endsOut + (<usize>i << 2), load<i32>(endsOut + (<usize>j << 2)));
    store<i32>(endsOut + (<usize>j << 2), a);
    const b = load<i32>(kindsOut + (<usize>i << 2));
    store<i32>(kindsOut + (<usize>i << 2), load<i32>(kindsOut + (<usize>j << 2)));
    store<i32>(kindsOut + (<usize>j << 2), b);
  }
}
