/**
 * From a validated problem to the flat arrays both engines search over.
 *
 * Devices with equal time profile (speed or per-unit times), memory and bandwidth, alike as link
 * ends and without a role (source, sink, first, last), form one *kind* (docs/model.md, Identical
 * devices); endpoints (compute: false) belong to none. The search runs over states = how many
 * devices of each kind are used, a mixed-radix number: state = Σ count[k] · stride[k]. With all devices distinct this is exactly
 * the paper's subset DP; with identical devices it is PipeEdge's device-type multiset.
 *
 * Cost model, shared bit for bit by every engine and by `evaluatePlan`:
 *   stage time  of units [s, e) on kind k = (timePrefix[k][e] − timePrefix[k][s]) / divisor[k]
 *   stage memory = ((memoryPrefix[e] − memoryPrefix[s]) + inNeed[s]) + outNeed[e]
 *   fits         = the kind runs every unit (nextBlocked), and memory ≤ capacity[k] (the 1e-9
 *                  tolerance included), or < capacity[k] with memoryTest 'strict'
 *   stage cost ≤ limit, plus links, source and sink: see docs/model.md, Bottleneck and latency
 *   link time of the cut at e from kind a to kind b (docs/model.md, Links and transfers)
 *                = transferTime(linkBandwidth[a·K + b], linkLatency[a·K + b], cutBytes[e])
 *   source / sink = sourceCost[k] / sinkCost[k], precomputed per kind
 * A prefix difference is monotone in both ends (rounding is monotone), so a longer stage is never
 * cheaper — the property the fast algorithms rely on, and it holds exactly in floating point.
 * Activation memory (inNeed, outNeed) and transfers break it: a stage's memory and its link depend
 * on the activation at each cut, which varies freely; a source, sink or requirement constrains the
 * ends or the stage count. Such problems (`transfers`) go to the general DP
 * (src/search-transfers.ts), which assumes nothing about the cuts.
 */
import { ProblemError } from './errors.js';
import type { Device, Problem } from './types.js';
import { FRESH_ARRAYS, type ArrayStore } from './scratch.js';
import { networkModelled, unitCountOf } from './validate.js';

/** Largest number of search states (Π (count[k] + 1)) the solver accepts. */
export const MAX_STATES = 1 << 18;
/** Most kinds a problem can have within MAX_STATES (each kind at least doubles the states). */
export const MAX_KIND_COUNT = 18;
/** Largest DP table (states × (units + 1)) the `'dnnpipe'` algorithm accepts. */
export const MAX_DNNPIPE_CELLS = 1 << 23;
/** Largest worst-case step count of the quadratic DPs (`'dnnpipe'`, and any problem with activations). */
export const MAX_SEARCH_WORK = 2 ** 33;
/**
 * Largest cost of the fast path, states × kinds × ⌈log2(units + 1)⌉²: a probe is states × kinds
 * binary searches of ⌈log2(units + 1)⌉ steps, and a search makes about as many probes as a search
 * over the bits of a double narrowed by the units (measured: the probes grow with the units, and
 * so does each step's cost once the prefix sums leave the cache). It bounds the run time (README,
 * "Limits": every accepted input is planned or refused within 5 s on a 2-core machine, in either
 * engine): 16 distinct devices over 1,000 units, 14 over 100,000.
 */
export const MAX_PROBE_WORK = 1.2e8;
/**
 * Most stage transitions the general DP (activations, links, source, sink, requirements, the
 * frontier) may make in one search. Its worst case (states × units² × kinds²) is far above what
 * pruning usually leaves, so it is bounded by the work actually done: a search that reaches this
 * many transitions stops and the problem is refused as too large, within the 5 s rule.
 */
export const MAX_SEARCH_STEPS = 40_000_000;
/**
 * Steps one frontier sweep may make (src/frontier-sweep.ts; README, "Limits"): its transitions,
 * each much cheaper than a pass's, kinds per re-derived cell, 2 × ⌈log2(kinds × (units + 1))⌉
 * per stage admitted (`admitSteps`), and
 * 2 × states × (units + 1) × kinds per refresh of its bound (`refreshWork`).
 */
export const MAX_SWEEP_STEPS = 150_000_000;
/** Largest table (states × (units + 1)) for the exact least-latency phase; beyond it `latencyOptimal` is false. */
export const MAX_LATENCY_CELLS = 1 << 22;

/** The flat search input, one entry per kind of device. */
export interface PreparedProblem {
  unitCount: number;
  kindCount: number;
  /** Indices into `problem.devices` of each kind's devices, ascending. Kinds are ordered by their first device. Endpoints (compute: false) belong to no kind. */
  kindDevices: number[][];
  /** kindCount × (unitCount + 1): per-kind prefix sums of unit time (model.time, or device.time with null as 0). */
  timePrefix: Float64Array;
  /** Per kind: the device speed (1 for a measured per-unit profile). */
  divisor: Float64Array;
  /** Whether some kind cannot run some unit (a null in a device's `time`). */
  hasBlocked: boolean;
  /** kindCount × (unitCount + 1): the first unit ≥ s the kind cannot run (unitCount if none); a stage [s, e) needs e ≤ it. */
  nextBlocked: Int32Array;
  /** unitCount + 1: prefix sums of unit memory (all zeros without `model.memory`). */
  memoryPrefix: Float64Array;
  /** Per kind: memory capacity, plus the 1e-9 tolerance unless `strictMemory`; Infinity means no limit. */
  capacity: Float64Array;
  /** `memoryTest: 'strict'`: a stage fits only when its need is below the capacity (PipeEdge's test). */
  strictMemory: boolean;
  /** Per kind: how many devices it has. */
  multiplicity: Int32Array;
  /** Per kind: its weight in the mixed-radix state number. */
  stride: Int32Array;
  /** Π (multiplicity + 1). */
  stateCount: number;
  /** A valid lower bound on the optimal bottleneck (see `lowerBound`). */
  lowerBound: number;
  /** The DNNPipe paper's T_ub for speed-only problems; Infinity when it does not apply. */
  paperUpperBound: number;
  /**
   * Whether the general DP (src/search-transfers.ts) must run: activations or transfers are
   * modelled (memory and links depend on the cuts), or a source, sink or requirement constrains
   * the ends or the stage count. Otherwise the monotone fast path applies.
   */
  transfers: boolean;
  /** `transfer: 'serial'`: a stage's time includes sending its output. */
  serial: boolean;
  /**
   * Whether activations are modelled (`model.outputBytes`): otherwise inNeed, outNeed and cutBytes
   * are all zeros (one shared array), and the kernel reads zeros without copying them.
   */
  activations: boolean;
  /** unitCount + 1: MB of activations held by a stage that starts at s (input, buffers). */
  inNeed: Float64Array;
  /** unitCount + 1: MB of activations held by a stage that ends at e (output, buffers). */
  outNeed: Float64Array;
  /** unitCount + 1: bytes sent over a cut at e (the output of unit e − 1). */
  cutBytes: Float64Array;
  /** kindCount²: Mbit/s of the link from kind a to kind b at [a · K + b]; 0 = bytes cost nothing. */
  linkBandwidth: Float64Array;
  /** kindCount²: ms added to every transfer from kind a to kind b. */
  linkLatency: Float64Array;
  /** Per kind: ms to bring a frame from the source to a first stage on that kind (0 without a source). */
  sourceCost: Float64Array;
  /** Per kind: ms to send the result from a last stage on that kind to the sink (0 without a sink). */
  sinkCost: Float64Array;
  /** The kind that must run the first stage (`options.first`), or -1. */
  firstKind: number;
  /** The kind that must run the last stage (`options.last`), or -1. */
  lastKind: number;
  /** Most stages a plan may have (`options.maxStages`), or 0 for no limit. */
  maxStages: number;
}

/** The options that change the model or constrain plans (docs/model.md). */
export interface CostOptions {
  transfer: 'overlap' | 'serial';
  slots: { in: number; out: number };
  memoryTest?: 'tolerant' | 'strict';
  maxStages?: number;
  first?: string;
  last?: string;
}

const DEFAULT_COST: CostOptions = { transfer: 'overlap', slots: { in: 0, out: 0 } };

/** Bytes as MB (2^20), as activation memory is counted. */
const BYTES_PER_MB = 1024 * 1024;

/** Whether the exact least-latency table (states × (units + 1)) is within MAX_LATENCY_CELLS. */
export function latencyTableFits(p: PreparedProblem): boolean {
  return p.stateCount * (p.unitCount + 1) <= MAX_LATENCY_CELLS;
}

/** Capacity with the relative tolerance of docs/model.md, so a decimal sum equal to it is never rejected. */
export function toleratedCapacity(memory: number | undefined): number {
  return memory === undefined ? Infinity : memory + 1e-9 * Math.max(1, memory);
}

/**
 * Ms to send `bytes` over a link of `bandwidth` Mbit/s (0: bytes cost nothing) and `latency` ms:
 * the one transfer formula every engine, `evaluatePlan` and the oracle use.
 */
export function transferTime(bandwidth: number, latency: number, bytes: number): number {
  return bandwidth > 0 ? latency + ((bytes * 8) / (bandwidth * 1e6)) * 1000 : latency;
}

/** Prefix sums of `values` (null counts as 0) into `prefix`, whose length is values.length + 1. */
function prefixSumsInto(values: readonly (number | null)[], prefix: Float64Array): Float64Array {
  // The running sum is prefix[i] itself, so the values are bit for bit those of prefix[i] + v.
  prefix[0] = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i] ?? 0;
    prefix[i + 1] = sum;
  }
  return prefix;
}

/** What the one pass over the units finds besides the prefix sums (see `sumUnits`). */
interface UnitSums {
  /** The largest unit time (for the paper's T_ub); 0 without `model.time`. */
  largestTime: number;
  /** The largest unit work (prefix difference) among units whose memory fits `room`. */
  largestWork: number;
  /** Whether some unit's memory does not fit `room`, or the pass did not look (then redo the bound in full). */
  misfit: boolean;
}

/**
 * The model's prefix sums of unit time and memory (all zeros for an absent array), in one pass
 * over the units since this runs on every solve; each is `prefixSumsInto`'s, bit for bit. With
 * both arrays it also gathers the speed-only lower bound's terms for the fastest kind, whose
 * memory is `room` under the memory test (`strict`): each unit's work and need are the same
 * prefix differences `unitBoundBySpeed` takes.
 */
function sumUnits(model: Problem['model'], timePrefix: Float64Array, memoryPrefix: Float64Array, room: number, strict: boolean): UnitSums {
  const { time, memory } = model;
  if (!time || !memory) {
    if (time) prefixSumsInto(time, timePrefix);
    if (memory) prefixSumsInto(memory, memoryPrefix);
    let largest = 0;
    if (time) for (let i = 0; i < time.length; i++) if ((time[i] as number) > largest) largest = time[i] as number;
    return { largestTime: largest, largestWork: 0, misfit: true };
  }
  let largestTime = 0;
  let largestWork = 0;
  let misfit = false;
  let timeSum = 0;
  let memorySum = 0;
  timePrefix[0] = 0;
  memoryPrefix[0] = 0;
  for (let i = 0; i < time.length; i++) {
    const t = time[i] as number;
    const before = timeSum;
    const memoryBefore = memorySum;
    timeSum += t;
    memorySum += memory[i] as number;
    timePrefix[i + 1] = timeSum;
    memoryPrefix[i + 1] = memorySum;
    if (t > largestTime) largestTime = t;
    const need = memorySum - memoryBefore;
    if (strict ? need < room : need <= room) {
      const work = timeSum - before;
      if (work > largestWork) largestWork = work;
    } else misfit = true;
  }
  return { largestTime, largestWork, misfit };
}

/** A resolved link: bandwidth (0 = bytes cost nothing) and latency. */
interface ResolvedLink {
  bandwidth: number;
  latency: number;
}

/**
 * The network of a validated problem: `link(a, b)` by device index, from the `links` entries or
 * the two devices' bandwidth; `undefined` when unresolved (validation refused such problems when
 * they could matter) or when transfers are not priced at all.
 */
export interface Network {
  modelled: boolean;
  link(a: number, b: number): ResolvedLink | undefined;
  /** Devices named in some `links` entry. */
  mentioned: Set<number>;
  /** Per device: those an entry joins it to (either way) with another link than their bandwidths give. */
  neighbors: readonly (readonly number[] | undefined)[];
}

const UNPRICED: Network = { modelled: false, mentioned: new Set(), link: () => undefined, neighbors: [] };

export function resolveNetwork(problem: Problem): Network {
  const modelled = networkModelled(problem);
  if (!modelled) return UNPRICED;
  const index = new Map(problem.devices.map((d, i) => [d.id, i]));
  const explicit = new Map<number, ResolvedLink>();
  const mentioned = new Set<number>();
  const adjacent: number[][] = [];
  const n = problem.devices.length;
  for (const entry of problem.links ?? []) {
    const a = index.get(entry.from) ?? 0;
    const b = index.get(entry.to) ?? 0;
    const link = { bandwidth: entry.bandwidth ?? 0, latency: entry.latency ?? 0 };
    mentioned.add(a).add(b);
    explicit.set(a * n + b, link);
    if (!entry.oneWay) explicit.set(b * n + a, link);
  }
  const { devices } = problem;
  const byBandwidth = (a: number, b: number): ResolvedLink | undefined => {
    const x = devices[a]?.bandwidth;
    const y = devices[b]?.bandwidth;
    return x !== undefined && y !== undefined ? { bandwidth: x < y ? x : y, latency: 0 } : undefined;
  };
  for (const [pair, link] of explicit) {
    const a = Math.floor(pair / n);
    const b = pair % n;
    if (!sameLink(link, byBandwidth(a, b))) (adjacent[a] ??= []).push(b), (adjacent[b] ??= []).push(a);
  }
  return {
    modelled,
    mentioned,
    neighbors: adjacent,
    link(a, b) {
      if (!modelled) return undefined;
      return explicit.get(a * n + b) ?? byBandwidth(a, b);
    },
  };
}

function sameLink(x: ResolvedLink | undefined, y: ResolvedLink | undefined): boolean {
  return x === y || (x !== undefined && y !== undefined && x.bandwidth === y.bandwidth && x.latency === y.latency);
}

/** A time profile's digest: profiles equal by `!==` have equal digests. */
type Digest = (time: readonly (number | null)[]) => number;

const digestBits = new Float64Array(1);
const digestWords = new Uint32Array(digestBits.buffer);

/**
 * Digests, each computed once, so only equal profiles are compared in full (1,016 alike beside 8
 * that differ in the last of 100,000 units took 2.6 s; s28 hunt). -0 hashes as 0, null as NaN.
 */
function profileDigests(): Digest {
  const known = new Map<readonly (number | null)[], number>();
  return (time) => {
    let digest = known.get(time);
    if (digest === undefined) {
      digest = time.length;
      for (const value of time) {
        digestBits[0] = value === null ? Number.NaN : value + 0;
        digest = Math.imul(digest ^ (digestWords[0] as number), 0x9e3779b1) ^ Math.imul(digestWords[1] as number, 0x85ebca6b);
      }
      known.set(time, digest);
    }
    return digest;
  };
}

/** Whether two computing devices cost the same: equal time profile (or speed), memory and bandwidth. */
function sameProfile(a: Device, b: Device, digest: Digest): boolean {
  if (a.memory !== b.memory || a.bandwidth !== b.bandwidth) return false;
  if (!a.time || !b.time) return !a.time && !b.time && (a.speed ?? 1) === (b.speed ?? 1);
  if (a.time === b.time) return true;
  if (digest(a.time) !== digest(b.time)) return false;
  for (let i = 0; i < a.time.length; i++) if (a.time[i] !== b.time[i]) return false;
  return true;
}

/**
 * Whether devices i and j are interchangeable as link ends: the same link to and from every
 * device named in `links` (every other device reaches both through their equal bandwidth), and
 * the same link each way between them, so either may come first.
 * For devices of equal bandwidth (`sameProfile` is asked first), towards any device off both
 * `neighbors` lists both links are the bandwidths' own: only the lists are compared (a loop over
 * every named device made grouping cubic; s28 hunt), and a device on which both agree is on both.
 */
function sameLinkEnds(net: Network, i: number, j: number): boolean {
  if (!net.modelled) return true;
  const named = net.mentioned.has(i) || net.mentioned.has(j);
  if (!named) return true;
  if (!(net.mentioned.has(i) && net.mentioned.has(j))) return false;
  if (!sameLink(net.link(i, j), net.link(j, i))) return false;
  for (const x of [...(net.neighbors[i] ?? []), ...(net.neighbors[j] ?? [])]) {
    if (x !== i && x !== j && (!sameLink(net.link(i, x), net.link(j, x)) || !sameLink(net.link(x, i), net.link(x, j)))) return false;
  }
  return true;
}

/**
 * Whether the problem needs the general DP for what it models (`PreparedProblem.transfers`):
 * activations, a source or sink, or a requirement on the ends or the stage count.
 */
export function modelsTransfers(problem: Problem, cost: Pick<CostOptions, 'first' | 'last' | 'maxStages'>): boolean {
  return problem.model.outputBytes !== undefined || problem.source !== undefined || problem.sink !== undefined || cost.first !== undefined || cost.last !== undefined || cost.maxStages !== undefined;
}

/**
 * Groups devices into kinds and builds the flat arrays.
 * @param store - where the arrays come from: the facade lends a reusable `Scratch` (see
 *   src/scratch.ts), so the result is valid only until that scratch is reset
 * @throws ProblemError when the search space exceeds `MAX_STATES`
 */
export function prepare(problem: Problem, cost: CostOptions = DEFAULT_COST, store: ArrayStore = FRESH_ARRAYS): PreparedProblem {
  const { model, devices } = problem;
  const unitCount = unitCountOf(problem);
  const net = resolveNetwork(problem);
  // Devices with a role (source, sink, first, last) are kinds of their own: a plan must know
  // which one device runs the end it names.
  const roles = new Set<string>();
  for (const id of [problem.source, problem.sink, cost.first, cost.last]) if (id !== undefined) roles.add(id);
  const kindDevices: number[][] = [];
  // Π (members + 1) so far never decreases as devices join: past MAX_STATES the problem is
  // refused, so stop there (at most 18 kinds to compare each device with; s28 hunt).
  let seen = 0;
  const digest = profileDigests();
  devices.forEach((device, index) => {
    if (device.compute === false || kindDevices.reduce((states, members) => states * (members.length + 1), 1) > MAX_STATES) return;
    seen = index + 1;
    const kind = roles.has(device.id) ? undefined : kindDevices.find((members) => {
      const first = members[0] ?? 0;
      const other = devices[first] as Device;
      return !roles.has(other.id) && sameProfile(other, device, digest) && sameLinkEnds(net, first, index);
    });
    if (kind) kind.push(index);
    else kindDevices.push([index]);
  });
  const kindCount = kindDevices.length;
  let stateCount = 1;
  for (const members of kindDevices) stateCount *= members.length + 1;
  if (stateCount > MAX_STATES) {
    // Past 2^1024 the product is Infinity: then its power of ten, from the sum of the logarithms.
    let digits = 0;
    for (const members of kindDevices) digits += Math.log10(members.length + 1);
    const states = stateCount < Infinity ? stateCount.toExponential(2) : `about 10^${Math.floor(digits)}`;
    throw new ProblemError('devices', `${seen < devices.length ? `the first ${seen} of ` : ''}${devices.length} devices in ${kindCount} kinds make ${states} search states; the limit is ${MAX_STATES} (18 distinct devices; with the search-work limit, 18 over up to 31 units, 17 over 127, 16 over 1,023). Identical devices cost far less: give devices that really are the same equal speed, memory, bandwidth and links`);
  }

  const strictMemory = cost.memoryTest === 'strict';
  const W = unitCount + 1;
  const hasBlocked = devices.some((d) => d.compute !== false && d.time?.includes(null) === true);
  // Every array below, so a reusable store grows at most once per call.
  store.reserve(W * (kindCount + 5) + kindCount * (2 * kindCount + 4), kindCount * (hasBlocked ? W + 2 : 2));
  // sumUnits writes each prefix in full when its array is given; the rest stay zeros.
  const modelPrefix = model.time ? store.float64ToFill(W) : store.float64(W);
  const memoryPrefix = model.memory ? store.float64ToFill(W) : store.float64(W);
  const computing = devices.some((d) => d.compute === false) ? devices.filter((d) => d.compute !== false) : devices;
  // Per-device profiles change both bounds: the paper's T_ub then does not apply.
  const profiled = computing.some((d) => d.time);
  const transfers = modelsTransfers(problem, cost);
  // With speeds only: the kind the lower bound divides by, and its memory for the pass over the units.
  const fastest = fastestKind(devices, kindDevices);
  const fastestMemory = devices[kindDevices[fastest]?.[0] ?? 0]?.memory;
  const units = sumUnits(model, modelPrefix, memoryPrefix, profiled || transfers ? Infinity : strictMemory ? (fastestMemory ?? Infinity) : toleratedCapacity(fastestMemory), strictMemory);
  // Every kind's row is written below: its own prefix sums, or the model's.
  const timePrefix = store.float64ToFill(kindCount * W);
  const divisor = store.float64(kindCount);
  const capacity = store.float64(kindCount);
  const multiplicity = store.int32(kindCount);
  const stride = store.int32(kindCount);
  // Only a problem where some device cannot run some unit needs the table; others never read it.
  const nextBlocked = store.int32(hasBlocked ? kindCount * W : 0);
  let weight = 1;
  kindDevices.forEach((members, kind) => {
    const device = devices[members[0] ?? 0] as Device;
    if (device.time) prefixSumsInto(device.time, timePrefix.subarray(kind * W, (kind + 1) * W));
    else timePrefix.set(modelPrefix, kind * W);
    divisor[kind] = device.time ? 1 : (device.speed ?? 1);
    capacity[kind] = strictMemory ? (device.memory ?? Infinity) : toleratedCapacity(device.memory);
    multiplicity[kind] = members.length;
    stride[kind] = weight;
    weight *= members.length + 1;
    if (hasBlocked) {
      let blocked = unitCount;
      for (let s = unitCount; s >= 0; s--) {
        if (s < unitCount && device.time?.[s] === null) blocked = s;
        nextBlocked[kind * W + s] = blocked;
      }
    }
  });
  const output = model.outputBytes;
  // Without activations these stay all zeros, and nothing writes a prepared problem's arrays,
  // so the three share one zero array.
  const unitZeros = output ? undefined : store.float64(W);
  const inNeed = unitZeros ?? store.float64(W);
  const outNeed = unitZeros ?? store.float64(W);
  const cutBytes = unitZeros ?? store.float64(W);
  if (output) {
    // Activation memory: input bytes × (1 + slots.in, or 1 for the first stage) + output bytes × (1 + slots.out).
    inNeed[0] = (model.inputBytes ?? 0) / BYTES_PER_MB;
    for (let s = 1; s < unitCount; s++) inNeed[s] = ((output[s - 1] ?? 0) / BYTES_PER_MB) * (1 + cost.slots.in);
    for (let e = 1; e <= unitCount; e++) {
      outNeed[e] = ((output[e - 1] ?? 0) / BYTES_PER_MB) * (1 + cost.slots.out);
      cutBytes[e] = output[e - 1] ?? 0;
    }
  }
  // All zeros for unpriced networks (most problems): then they share one zero array.
  const linkZeros = net.modelled ? undefined : store.float64(kindCount * kindCount);
  const linkBandwidth = linkZeros ?? store.float64(kindCount * kindCount);
  const linkLatency = linkZeros ?? store.float64(kindCount * kindCount);
  const sourceCost = linkZeros?.subarray(0, kindCount) ?? store.float64(kindCount);
  const sinkCost = linkZeros?.subarray(0, kindCount) ?? store.float64(kindCount);
  const source = problem.source === undefined ? -1 : devices.findIndex((d) => d.id === problem.source);
  const sink = problem.sink === undefined ? -1 : devices.findIndex((d) => d.id === problem.sink);
  if (net.modelled) {
    for (let a = 0; a < kindCount; a++) {
      const from = kindDevices[a] ?? [];
      for (let b = 0; b < kindCount; b++) {
        const to = kindDevices[b] ?? [];
        // Within a kind every pair has the same link (sameLinkEnds), so its first two stand for all.
        const link = a === b ? (to.length > 1 ? net.link(from[0] ?? 0, to[1] ?? 0) : undefined) : net.link(from[0] ?? 0, to[0] ?? 0);
        linkBandwidth[a * kindCount + b] = link?.bandwidth ?? 0;
        linkLatency[a * kindCount + b] = link?.latency ?? 0;
      }
      const head = from[0] ?? 0;
      if (source >= 0 && head !== source) {
        const link = net.link(source, head);
        sourceCost[a] = link ? transferTime(link.bandwidth, link.latency, model.inputBytes ?? 0) : 0;
      }
      if (sink >= 0 && head !== sink) {
        const link = net.link(head, sink);
        sinkCost[a] = link ? transferTime(link.bandwidth, link.latency, output?.[unitCount - 1] ?? 0) : 0;
      }
    }
  }
  const kindOf = (id: string | undefined): number => (id === undefined ? -1 : kindDevices.findIndex((members) => devices[members[0] ?? 0]?.id === id));
  const prepared: PreparedProblem = {
    unitCount, kindCount, kindDevices, timePrefix, divisor, hasBlocked, nextBlocked, memoryPrefix, capacity, strictMemory, multiplicity, stride, stateCount,
    lowerBound: 0, paperUpperBound: Infinity,
    transfers,
    serial: cost.transfer === 'serial', activations: output !== undefined, inNeed, outNeed, cutBytes, linkBandwidth, linkLatency, sourceCost, sinkCost,
    firstKind: kindOf(cost.first), lastKind: kindOf(cost.last), maxStages: cost.maxStages ?? 0,
  };
  prepared.lowerBound = lowerBound(prepared, computing, profiled, units, fastest);
  prepared.paperUpperBound = profiled || !model.time ? Infinity : paperUpperBound(units.largestTime, computing, modelPrefix[unitCount] as number);
  return prepared;
}

/** Time of units [start, end) on a kind: the one formula every engine uses. */
export function stageTime(p: PreparedProblem, kind: number, start: number, end: number): number {
  const base = kind * (p.unitCount + 1);
  return ((p.timePrefix[base + end] ?? 0) - (p.timePrefix[base + start] ?? 0)) / (p.divisor[kind] ?? 1);
}

/** Memory of a stage of units [start, end), MB: weights, then activations in and out. */
export function stageMemory(p: PreparedProblem, start: number, end: number): number {
  return weightsFrom(p, start, end) + (p.outNeed[end] ?? 0);
}

/**
 * A stage's weights and the input it holds, ((M[end] − M[start]) + inNeed[start]): its memory need
 * less the output it holds, so never more than the need, and not decreasing in `end` (once it
 * misfits, every longer stage from `start` does).
 */
export function weightsFrom(p: PreparedProblem, start: number, end: number): number {
  return ((p.memoryPrefix[end] ?? 0) - (p.memoryPrefix[start] ?? 0)) + (p.inNeed[start] ?? 0);
}

/** Whether units [start, end) fit a device of `kind`: it can run every one of them, and they fit its memory. */
export function fits(p: PreparedProblem, kind: number, start: number, end: number): boolean {
  if (p.hasBlocked && end > (p.nextBlocked[kind * (p.unitCount + 1) + start] ?? 0)) return false;
  return needFits(p, stageMemory(p, start, end), kind);
}

/** Whether a need of `need` MB fits a device of `kind` under the problem's memory test. */
export function needFits(p: PreparedProblem, need: number, kind: number): boolean {
  const capacity = p.capacity[kind] ?? 0;
  return p.strictMemory ? need < capacity : need <= capacity;
}

/** Ms to send the activation at the cut `end` from a device of kind `from` to one of kind `to`. */
export function linkTime(p: PreparedProblem, end: number, from: number, to: number): number {
  const pair = from * p.kindCount + to;
  return transferTime(p.linkBandwidth[pair] ?? 0, p.linkLatency[pair] ?? 0, p.cutBytes[end] ?? 0);
}

/**
 * A lower bound on every plan's bottleneck, valid in floating point:
 * - every unit k runs in some stage, whose time is ≥ unit k's own time on that stage's kind
 *   (prefix differences are monotone), so B* ≥ max_k min_kind time(k) over kinds that can hold k;
 * - with speeds only, Σ stage work = total work, so B* ≥ total / Σ speed; rounding of a stage time
 *   is below 3 ulps, so the bound is shrunk by 1e-12 relative to stay below every float B*;
 * - with per-device profiles, B* ≥ Σ over units of the fastest unit time / number of devices.
 * It runs on every solve, over every unit: plain loops over the flat arrays (with speeds only, the
 * pass over the units in `sumUnits` gathers its terms), no typed arrays allocated.
 */
function lowerBound(p: PreparedProblem, devices: readonly Device[], profiled: boolean, units: UnitSums, fastest: number): number {
  if (!profiled) {
    // Every unit fit the fastest kind in the pass over the units: its largest work over that
    // kind's speed is `unitBoundBySpeed`'s bound, bit for bit (see there); otherwise in full.
    const bound = p.hasBlocked ? unitBoundByKind(p).bound : units.misfit ? unitBoundBySpeed(p, fastest) : units.largestWork / (p.divisor[fastest] as number);
    let totalSpeed = 0;
    for (const device of devices) totalSpeed += device.speed ?? 1;
    const total = p.timePrefix[p.unitCount] ?? 0;
    return Math.max(bound, (total / totalSpeed) * (1 - 1e-12));
  }
  const { bound, least } = unitBoundByKind(p);
  // With per-device profiles: the stages' times add up to at least Σ over units of the unit's
  // fastest time, and there are at most N stages, so the largest is at least that sum / N.
  // Prefix differences drift from true sums by far less than 1e-9 relative, hence the margin.
  return Math.max(bound, (least / devices.length) * (1 - 1e-9));
}

/**
 * A floor under every plan's latency: each unit on the fastest kind that can hold it alone, plus
 * the cheapest source and sink transfers; Infinity when some unit fits no kind. Exact as a bound
 * only when memory is monotone in the stage (no activations: a stage holding a unit needs at
 * least that unit's memory); up to rounding, as the sums of unit times differ from a stage's
 * prefix difference in their last bits. It costs units × kinds.
 */
export function latencyFloor(p: PreparedProblem): number {
  let floor = Math.min(...p.sourceCost) + Math.min(...p.sinkCost);
  for (let u = 0; u < p.unitCount; u++) {
    let fastest = Infinity;
    for (let k = 0; k < p.kindCount; k++) if (fits(p, k, u, u + 1)) fastest = Math.min(fastest, stageTime(p, k, u, u + 1));
    if (fastest === Infinity) return Infinity;
    floor += fastest;
  }
  return floor;
}

/**
 * A unit's least time over the kinds that can hold it alone (with activations a unit may fit
 * inside a longer stage but not alone, so then over every kind); `bound` is the largest such
 * time, `least` their sum. Units that fit nowhere are skipped: the problem is infeasible anyway.
 */
interface UnitBound {
  bound: number;
  least: number;
}

/** The memory a unit needs alone, or 0 with activations (then any kind may hold it). */
function unitMemory(p: PreparedProblem, unit: number): number {
  return p.transfers ? 0 : (p.memoryPrefix[unit + 1] as number) - (p.memoryPrefix[unit] as number);
}

/** Whether a need fits a kind for the bound (every kind, with activations). */
function holds(p: PreparedProblem, need: number, kind: number): boolean {
  return p.transfers || needFits(p, need, kind);
}

/**
 * `UnitBound.bound` with speeds only: every kind has the model's prefix sums, so a unit's time on
 * a kind is d / speed with the same d, and correctly rounded division never increases with the
 * divisor: the fastest kind that holds the unit gives its least time. Division by one speed is
 * monotone too, so the largest of d / speed over the units the fastest kind holds is their
 * largest d / speed, bit for bit: the loop keeps the largest d and divides once. Only a unit the
 * fastest kind cannot hold falls back to the others, in speed order.
 */
function unitBoundBySpeed(p: PreparedProblem, fastest: number): number {
  const K = p.kindCount;
  // The other kinds are sorted only for a unit the fastest cannot hold.
  let bySpeed: number[] | undefined;
  const speed = p.divisor[fastest] as number;
  // Locals, not property loads, in the loop over every unit.
  const prefix = p.timePrefix;
  const memory = p.memoryPrefix;
  const capacity = p.transfers ? Infinity : (p.capacity[fastest] as number);
  const strict = p.strictMemory;
  let largestWork = 0;
  let bound = 0;
  for (let unit = 0; unit < p.unitCount; unit++) {
    const work = (prefix[unit + 1] as number) - (prefix[unit] as number);
    const need = (memory[unit + 1] as number) - (memory[unit] as number);
    if (strict ? need < capacity : need <= capacity) {
      if (work > largestWork) largestWork = work;
      continue;
    }
    // Stable, so kinds of equal speed keep their order, and the fastest comes first.
    bySpeed ??= Array.from({ length: K }, (_, k) => k).sort((a, b) => (p.divisor[b] as number) - (p.divisor[a] as number));
    for (let i = 1; i < K; i++) {
      const kind = bySpeed[i] as number;
      if (holds(p, unitMemory(p, unit), kind)) {
        const time = work / (p.divisor[kind] as number);
        if (time > bound) bound = time;
        break;
      }
    }
  }
  const fastestBound = largestWork / speed;
  return fastestBound > bound ? fastestBound : bound;
}

/**
 * The first kind of the greatest speed, a plain loop (sorting every kind cost more than the loop
 * over the units). With speeds only a kind's divisor is its speed, so this is the kind whose
 * divisor is greatest; found before the kinds' arrays exist.
 */
function fastestKind(devices: readonly Device[], kindDevices: readonly number[][]): number {
  const speedOf = (kind: number): number => devices[kindDevices[kind]?.[0] ?? 0]?.speed ?? 1;
  let fastest = 0;
  for (let kind = 1; kind < kindDevices.length; kind++) if (speedOf(kind) > speedOf(fastest)) fastest = kind;
  return fastest;
}

/** `UnitBound` in general: per-device profiles and units some kinds cannot run. */
function unitBoundByKind(p: PreparedProblem): UnitBound {
  const U = p.unitCount;
  const W = U + 1;
  let bound = 0;
  let least = 0;
  for (let unit = 0; unit < U; unit++) {
    const need = unitMemory(p, unit);
    let fastest = Infinity;
    for (let kind = 0; kind < p.kindCount; kind++) {
      const base = kind * W;
      if (!holds(p, need, kind)) continue;
      if (p.hasBlocked && (p.nextBlocked[base + unit] as number) <= unit) continue;
      const time = ((p.timePrefix[base + unit + 1] as number) - (p.timePrefix[base + unit] as number)) / (p.divisor[kind] as number);
      if (time < fastest) fastest = time;
    }
    if (fastest === Infinity) continue;
    if (fastest > bound) bound = fastest;
    least += fastest;
  }
  return { bound, least };
}

/** DNNPipe's T_ub = Σtime/Σspeed + max(time)/min(speed): an upper bound only when memory never binds. */
function paperUpperBound(largestTime: number, devices: readonly Device[], totalTime: number): number {
  let totalSpeed = 0;
  let slowest = Infinity;
  for (const device of devices) {
    const speed = device.speed ?? 1;
    totalSpeed += speed;
    if (speed < slowest) slowest = speed;
  }
  return totalTime / totalSpeed + largestTime / slowest;
}

/** The count of kind `kind` in a mixed-radix state. */
export function countOf(p: PreparedProblem, state: number, kind: number): number {
  return Math.floor(state / (p.stride[kind] ?? 1)) % ((p.multiplicity[kind] ?? 0) + 1);
}

/** Advances a mixed-radix count vector by one; the state number goes up by one. */
export function nextDigits(p: PreparedProblem, digits: Int32Array): void {
  for (let k = 0; k < p.kindCount; k++) {
    digits[k] = (digits[k] ?? 0) + 1;
    if ((digits[k] ?? 0) <= (p.multiplicity[k] ?? 0)) return;
    digits[k] = 0;
  }
}
