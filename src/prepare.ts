/**
 * From a validated problem to the flat arrays both engines search over.
 *
 * Devices with equal time profile (speed or per-unit times), memory and bandwidth form one
 * *kind* (SPEC §2.4). The search runs over states = how many devices of each kind are used, a
 * mixed-radix number: state = Σ count[k] · stride[k]. With all devices distinct this is exactly
 * the paper's subset DP; with identical devices it is PipeEdge's device-type multiset.
 *
 * Cost model, shared bit for bit by every engine and by `evaluatePlan`:
 *   stage time  of units [s, e) on kind k = (timePrefix[k][e] − timePrefix[k][s]) / divisor[k]
 *   stage memory = ((memoryPrefix[e] − memoryPrefix[s]) + inNeed[s]) + outNeed[e]
 *   fits         = memory ≤ capacity[k]   (capacity includes the 1e-9 tolerance)
 *   link time of the cut at e from kind a to kind b (SPEC §2.3)
 *                = bandwidth[a] > 0 and bandwidth[b] > 0 ? cutBytes[e] · 8 / (min(bw) · 10^6) · 1000 : 0
 * A prefix difference is monotone in both ends (rounding is monotone), so a longer stage is never
 * cheaper — the property the fast algorithms rely on, and it holds exactly in floating point.
 * Activation memory (inNeed, outNeed) and transfers break it: a stage's memory and its link depend
 * on the activation at each cut, which varies freely. Such problems (`transfers`) go to the
 * transfer-aware DP (src/search-transfers.ts), which assumes nothing about the cuts.
 */
import { ProblemError } from './errors.js';
import type { Device, Problem } from './types.js';

/** Largest number of search states (Π (count[k] + 1)) the solver accepts. */
export const MAX_STATES = 1 << 18;
/** Most kinds a problem can have within MAX_STATES (each kind at least doubles the states). */
export const MAX_KIND_COUNT = 18;
/** Largest DP table (states × (units + 1)) the `'dnnpipe'` algorithm accepts. */
export const MAX_DNNPIPE_CELLS = 1 << 23;
/** Largest worst-case step count of the quadratic DPs (`'dnnpipe'`, and any problem with activations). */
export const MAX_SEARCH_WORK = 2 ** 33;
/** Largest table (states × (units + 1)) for the exact least-latency phase; beyond it `latencyOptimal` is false. */
export const MAX_LATENCY_CELLS = 1 << 22;

/** The flat search input, one entry per kind of device. */
export interface PreparedProblem {
  unitCount: number;
  kindCount: number;
  /** Indices into `problem.devices` of each kind's devices, ascending. Kinds are ordered by their first device. */
  kindDevices: number[][];
  /** kindCount × (unitCount + 1): per-kind prefix sums of unit time (model.time, or device.time). */
  timePrefix: Float64Array;
  /** Per kind: the device speed (1 for a measured per-unit profile). */
  divisor: Float64Array;
  /** unitCount + 1: prefix sums of unit memory (all zeros without `model.memory`). */
  memoryPrefix: Float64Array;
  /** Per kind: memory capacity plus the SPEC §2.2 tolerance; Infinity means no limit. */
  capacity: Float64Array;
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
  /** Whether activations are modelled (`model.outputBytes` given): memory and links depend on cuts. */
  transfers: boolean;
  /** `transfer: 'serial'`: a stage's time includes sending its output. */
  serial: boolean;
  /** unitCount + 1: MB of activations held by a stage that starts at s (input, buffers). */
  inNeed: Float64Array;
  /** unitCount + 1: MB of activations held by a stage that ends at e (output, buffers). */
  outNeed: Float64Array;
  /** unitCount + 1: bytes sent over a cut at e (the output of unit e − 1). */
  cutBytes: Float64Array;
  /** Per kind: link bandwidth in Mbit/s, 0 when the devices have none (no transfer modelled). */
  bandwidth: Float64Array;
}

/** The cost options that change the model (SPEC §2.2–2.3). */
export interface CostOptions {
  transfer: 'overlap' | 'serial';
  slots: { in: number; out: number };
}

const DEFAULT_COST: CostOptions = { transfer: 'overlap', slots: { in: 0, out: 0 } };

/** Bytes as MB (2^20), as SPEC §2.2 counts activation memory. */
const BYTES_PER_MB = 1024 * 1024;

/** Whether the exact least-latency table (states × (units + 1)) is within MAX_LATENCY_CELLS. */
export function latencyTableFits(p: PreparedProblem): boolean {
  return p.stateCount * (p.unitCount + 1) <= MAX_LATENCY_CELLS;
}

/** Capacity with SPEC §2.2's relative tolerance, so a decimal sum equal to it is never rejected. */
export function toleratedCapacity(memory: number | undefined): number {
  return memory === undefined ? Infinity : memory + 1e-9 * Math.max(1, memory);
}

let sharedZeros = new Float64Array(0);

/** A read-only array of `length` zeros, shared between calls. */
function zeros(length: number): Float64Array {
  if (sharedZeros.length !== length) sharedZeros = new Float64Array(length);
  return sharedZeros;
}

function prefixSums(values: readonly number[]): Float64Array {
  const prefix = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++) prefix[i + 1] = (prefix[i] ?? 0) + (values[i] ?? 0);
  return prefix;
}

/** Whether two devices are interchangeable: equal time profile (or speed), memory and bandwidth. */
function sameKind(a: Device, b: Device): boolean {
  if (a.memory !== b.memory || a.bandwidth !== b.bandwidth) return false;
  if (!a.time || !b.time) return !a.time && !b.time && (a.speed ?? 1) === (b.speed ?? 1);
  if (a.time === b.time) return true;
  for (let i = 0; i < a.time.length; i++) if (a.time[i] !== b.time[i]) return false;
  return true;
}

/**
 * Groups devices into kinds and builds the flat arrays.
 * @throws ProblemError when the search space exceeds `MAX_STATES`
 */
export function prepare(problem: Problem, cost: CostOptions = DEFAULT_COST): PreparedProblem {
  const { model, devices } = problem;
  const unitCount = model.time.length;
  const kindDevices: number[][] = [];
  devices.forEach((device, index) => {
    const kind = kindDevices.find((members) => sameKind(devices[members[0] ?? 0] as Device, device));
    if (kind) kind.push(index);
    else kindDevices.push([index]);
  });
  const kindCount = kindDevices.length;
  let stateCount = 1;
  for (const members of kindDevices) stateCount *= members.length + 1;
  if (stateCount > MAX_STATES) {
    throw new ProblemError('devices', `${devices.length} devices in ${kindCount} kinds make ${stateCount.toExponential(2)} search states; the limit is ${MAX_STATES} (about 18 distinct devices). Identical devices cost far less: give devices that really are the same equal speed, memory and bandwidth`);
  }

  const modelPrefix = prefixSums(model.time);
  const timePrefix = new Float64Array(kindCount * (unitCount + 1));
  const divisor = new Float64Array(kindCount);
  const capacity = new Float64Array(kindCount);
  const multiplicity = new Int32Array(kindCount);
  const stride = new Int32Array(kindCount);
  let weight = 1;
  kindDevices.forEach((members, kind) => {
    const device = devices[members[0] ?? 0] as Device;
    timePrefix.set(device.time ? prefixSums(device.time) : modelPrefix, kind * (unitCount + 1));
    divisor[kind] = device.time ? 1 : (device.speed ?? 1);
    capacity[kind] = toleratedCapacity(device.memory);
    multiplicity[kind] = members.length;
    stride[kind] = weight;
    weight *= members.length + 1;
  });
  const memoryPrefix = model.memory ? prefixSums(model.memory) : new Float64Array(unitCount + 1);
  const output = model.outputBytes;
  // Without activations these stay all zeros, and no one writes to a prepared problem, so
  // problems of one size share a single zero array (a solve then allocates three arrays fewer).
  const inNeed = output ? new Float64Array(unitCount + 1) : zeros(unitCount + 1);
  const outNeed = output ? new Float64Array(unitCount + 1) : zeros(unitCount + 1);
  const cutBytes = output ? new Float64Array(unitCount + 1) : zeros(unitCount + 1);
  const bandwidth = new Float64Array(kindCount);
  if (output) {
    // SPEC §2.2: input bytes × (1 + slots.in, or 1 for the first stage) + output bytes × (1 + slots.out).
    inNeed[0] = (model.inputBytes ?? 0) / BYTES_PER_MB;
    for (let s = 1; s < unitCount; s++) inNeed[s] = ((output[s - 1] ?? 0) / BYTES_PER_MB) * (1 + cost.slots.in);
    for (let e = 1; e <= unitCount; e++) {
      outNeed[e] = ((output[e - 1] ?? 0) / BYTES_PER_MB) * (1 + cost.slots.out);
      cutBytes[e] = output[e - 1] ?? 0;
    }
    kindDevices.forEach((members, kind) => { bandwidth[kind] = devices[members[0] ?? 0]?.bandwidth ?? 0; });
  }
  const prepared: PreparedProblem = {
    unitCount, kindCount, kindDevices, timePrefix, divisor, memoryPrefix, capacity, multiplicity, stride, stateCount,
    lowerBound: 0, paperUpperBound: Infinity,
    transfers: output !== undefined, serial: cost.transfer === 'serial', inNeed, outNeed, cutBytes, bandwidth,
  };
  prepared.lowerBound = lowerBound(prepared, devices);
  prepared.paperUpperBound = devices.some((d) => d.time) ? Infinity : paperUpperBound(model.time, devices, modelPrefix);
  return prepared;
}

/** Time of units [start, end) on a kind: the one formula every engine uses. */
export function stageTime(p: PreparedProblem, kind: number, start: number, end: number): number {
  const base = kind * (p.unitCount + 1);
  return ((p.timePrefix[base + end] ?? 0) - (p.timePrefix[base + start] ?? 0)) / (p.divisor[kind] ?? 1);
}

/** Memory of a stage of units [start, end), MB: weights, then activations in and out. */
export function stageMemory(p: PreparedProblem, start: number, end: number): number {
  return (((p.memoryPrefix[end] ?? 0) - (p.memoryPrefix[start] ?? 0)) + (p.inNeed[start] ?? 0)) + (p.outNeed[end] ?? 0);
}

/** Whether units [start, end) fit a device of `kind`. */
export function fits(p: PreparedProblem, kind: number, start: number, end: number): boolean {
  return stageMemory(p, start, end) <= (p.capacity[kind] ?? 0);
}

/** Ms to send the activation at the cut `end` from a device of kind `from` to one of kind `to`. */
export function linkTime(p: PreparedProblem, end: number, from: number, to: number): number {
  const a = p.bandwidth[from] ?? 0;
  const b = p.bandwidth[to] ?? 0;
  if (!(a > 0 && b > 0)) return 0;
  return (((p.cutBytes[end] ?? 0) * 8) / ((a < b ? a : b) * 1e6)) * 1000;
}

/**
 * A lower bound on every plan's bottleneck, valid in floating point:
 * - every unit k runs in some stage, whose time is ≥ unit k's own time on that stage's kind
 *   (prefix differences are monotone), so B* ≥ max_k min_kind time(k) over kinds that can hold k;
 * - with speeds only, Σ stage work = total work, so B* ≥ total / Σ speed; rounding of a stage time
 *   is below 3 ulps, so the bound is shrunk by 1e-12 relative to stay below every float B*;
 * - with per-device profiles, B* ≥ Σ over units of the fastest unit time / number of devices.
 */
function lowerBound(p: PreparedProblem, devices: Device[]): number {
  const U = p.unitCount;
  const W = U + 1;
  // fastest[u]: unit u's least time over the kinds that can hold it (with activations a unit may
  // fit inside a longer stage but not alone, so then over every kind). Kind-major loops over the
  // flat arrays: this runs on every solve.
  const fastest = new Float64Array(U).fill(Infinity);
  const unitMemory = new Float64Array(U);
  if (!p.transfers) for (let unit = 0; unit < U; unit++) unitMemory[unit] = stageMemory(p, unit, unit + 1);
  const prefix = p.timePrefix;
  for (let kind = 0; kind < p.kindCount; kind++) {
    const base = kind * W;
    const divisor = p.divisor[kind] ?? 1;
    const capacity = p.transfers ? Infinity : (p.capacity[kind] ?? 0);
    for (let unit = 0; unit < U; unit++) {
      if ((unitMemory[unit] ?? 0) > capacity) continue;
      const time = ((prefix[base + unit + 1] ?? 0) - (prefix[base + unit] ?? 0)) / divisor;
      if (time < (fastest[unit] ?? Infinity)) fastest[unit] = time;
    }
  }
  let bound = 0;
  let least = 0;
  for (let unit = 0; unit < U; unit++) {
    const time = fastest[unit] ?? Infinity;
    if (time === Infinity) continue; // fits nowhere: the problem is infeasible anyway
    if (time > bound) bound = time;
    least += time;
  }
  if (!devices.some((d) => d.time)) {
    const totalSpeed = devices.reduce((sum, d) => sum + (d.speed ?? 1), 0);
    const total = p.timePrefix[U] ?? 0;
    bound = Math.max(bound, (total / totalSpeed) * (1 - 1e-12));
  } else {
    // With per-device profiles: the stages' times add up to at least Σ over units of the unit's
    // fastest time, and there are at most N stages, so the largest is at least that sum / N.
    // Prefix differences drift from true sums by far less than 1e-9 relative, hence the margin.
    bound = Math.max(bound, (least / devices.length) * (1 - 1e-9));
  }
  return bound;
}

/** DNNPipe's T_ub = Σtime/Σspeed + max(time)/min(speed): an upper bound only when memory never binds. */
function paperUpperBound(time: number[], devices: Device[], modelPrefix: Float64Array): number {
  const speeds = devices.map((d) => d.speed ?? 1);
  const total = modelPrefix[time.length] ?? 0;
  const largest = time.reduce((a, b) => Math.max(a, b), 0);
  return total / speeds.reduce((a, b) => a + b, 0) + largest / speeds.reduce((a, b) => Math.min(a, b), Infinity);
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
