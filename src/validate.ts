/**
 * Input validation: turns untrusted input into a checked `Problem` copy, or throws a
 * `ProblemError` naming the field. Nothing is clamped or guessed; unknown keys are errors, so a
 * typo such as `spead` cannot silently fall back to a default.
 *
 * Read once (README, "The API"): the input is first copied by `snapshot`, which reads every
 * property and element exactly once; everything after works on that copy, so a getter or a Proxy
 * cannot show one value to the checks and another to the solver.
 */
import { ProblemError } from './errors.js';
import type { Device, Link, Model, Problem, SolveOptions } from './types.js';

type Json = Record<string, unknown>;

/** Largest accepted number of units; beyond it the kernel's 32-bit indices and tables would not fit. */
export const MAX_UNITS = 100_000;
/** Largest accepted number of devices (computing devices and endpoints). */
export const MAX_DEVICES = 1024;
/** Largest accepted number of `links` entries. */
export const MAX_LINKS = 65_536;
/** Deepest nesting `snapshot` follows; a problem is at most four levels deep. */
const MAX_DEPTH = 8;
/**
 * Longest array `snapshot` copies: well above every limit above, so a list just over its limit
 * gets the error that names that limit, while a huge or sparse one is refused before any walk.
 */
const MAX_ARRAY = 1 << 20;

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "1 entry", "2 entries": a list's length in an error message. */
export function entries(count: number): string {
  return `${count} entr${count === 1 ? 'y' : 'ies'}`;
}

/** How a value reads in an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * `snapshot` of an array: reads `length` once and each index once, refuses holes (only
 * `undefined` may be one), copies objects in turn. Arrays of numbers (every unit array of every
 * solve) take `copyNumbers`, which only ever sees them, so its element loads stay fast; the first
 * element, read once here, picks the path.
 */
function snapshotArray(value: unknown[], path: string, depth: number, copies: Copies): unknown[] {
  const length: number = value.length;
  if (length > MAX_ARRAY) throw new ProblemError(path, `has ${length} entries; no list in a problem may have more than ${MAX_ARRAY}`);
  const shareable = length >= SHARED_ARRAY;
  if (shareable) {
    const known = copies.get(value);
    if (known !== undefined) return known as unknown[];
  }
  const copy = copyArray(value, length, path, depth, copies);
  if (shareable) copies.set(value, copy);
  return copy;
}

function copyArray(value: unknown[], length: number, path: string, depth: number, copies: Copies): unknown[] {
  const out = new Array<unknown>(length);
  if (length === 0) return out;
  const first: unknown = value[0];
  if (typeof first === 'number') return copyNumbers(value, out, first, path, depth, copies);
  return copyEntries(value, out, 0, first, path, depth, copies);
}

function copyNumbers(value: unknown[], out: unknown[], first: number, path: string, depth: number, copies: Copies): unknown[] {
  out[0] = first;
  // `checkedSum`'s test and sum, in its order, while the entries pass by (see `cleanSums`).
  let clean = first >= 0 && first !== Infinity;
  let sum = 0;
  sum += first;
  for (let i = 1; i < out.length; i++) {
    const entry: unknown = value[i];
    if (typeof entry !== 'number') return copyEntries(value, out, i, entry, path, depth, copies);
    out[i] = entry;
    if (!(entry >= 0) || entry === Infinity) clean = false;
    sum += entry;
  }
  if (clean) cleanSums?.set(out, sum);
  return out;
}

/**
 * The sums of the number arrays `snapshot` copied whose every entry is a finite number ≥ 0, by
 * copy, while `validateProblem` runs (undefined otherwise). Unit arrays are read once to copy them
 * and again to check them: for these the copy loop did the check, so `checkedSum` returns the sum
 * it found (the same additions in the same order) without a second pass over every unit of every
 * solve. Copies are never written before they are checked. A Map that lives for one call, not a
 * WeakMap: adding to a WeakMap cost ~0.5 µs an array (a tenth of a warm solve's validation).
 */
let cleanSums: Map<unknown[], number> | undefined;

/** Copies entries from index `from` on, `entry` being the one already read there. */
function copyEntries(value: unknown[], out: unknown[], from: number, entry: unknown, path: string, depth: number, copies: Copies): unknown[] {
  for (let i = from; i < out.length; i++) {
    if (i > from) entry = value[i];
    if (entry === undefined && !(i in value)) throw new ProblemError(`${path}[${i}]`, 'is missing (a hole in a sparse array); give every entry');
    out[i] = typeof entry === 'object' && entry !== null ? snapshot(entry, `${path}[${i}]`, depth + 1, copies) : entry;
  }
  return out;
}

/**
 * A deep copy of plain data that reads each property and element exactly once. Refuses holes in
 * arrays, arrays longer than the largest limit (before touching their elements), cycles and deep
 * nesting; typed arrays become plain arrays. A key named `__proto__` is copied with
 * defineProperty, so it stays a plain (and, for validation, unknown) key.
 * @param value - untrusted input
 * @param path - its field path, for errors
 */
export function snapshot(value: unknown, path = '', depth = 0, copies: Copies = new Map()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) throw new ProblemError(path, 'is nested too deeply (or refers to itself)');
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return snapshotArray(value, path, depth, copies);
  const out: Json = {};
  for (const key of Object.keys(value)) {
    const field: unknown = (value as Json)[key];
    // Primitives are copied as they are: no call, no field path to build.
    const copy = typeof field === 'object' && field !== null ? snapshot(field, path === '' ? key : `${path}.${key}`, depth + 1, copies) : field;
    // An own key named __proto__ would set the copy's prototype by assignment: define it instead.
    if (key === '__proto__') Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else out[key] = copy;
  }
  return out;
}

/**
 * Copies of long arrays already made in one `snapshot`, by original. An array the input shares
 * (one profile for every host of a type, as `fromPipeEdge` builds) is read once and copied once,
 * and the copy shares it too, so the checks and the grouping of kinds find equal profiles at once.
 * Only finished copies are recorded: a cycle still reaches the depth limit. Short arrays and
 * objects are not worth a lookup.
 */
type Copies = Map<object, unknown>;

/** Shortest array `snapshot` looks up among the copies already made. */
const SHARED_ARRAY = 16;


/** Throws unless `obj` is a plain object whose own keys are all in `allowed`. */
export function expectObject(value: unknown, path: string, allowed: readonly string[]): Json {
  if (!isPlainObject(value)) throw new ProblemError(path, `expected an object, got ${describe(value)}`);
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const hint = closest(key, allowed);
      const field = path === '' ? key : `${path}.${key}`;
      throw new ProblemError(field, `unknown field${hint ? ` (did you mean "${hint}"?)` : ''}; allowed: ${allowed.join(', ')}`);
    }
  }
  return value;
}

/** The allowed key (or flag name) nearest to a typo, if it is within two edits. */
export function closest(key: string, allowed: readonly string[]): string | undefined {
  if (key.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of allowed) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** A finite number, `>= 0` (or `> 0` when `positive`). */
export function expectNumber(value: unknown, path: string, positive: boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ProblemError(path, `expected a finite number, got ${describe(value)}`);
  }
  if (positive ? !(value > 0) : value < 0) {
    throw new ProblemError(path, `must be ${positive ? 'greater than 0' : '0 or more'}, got ${value}`);
  }
  return value;
}

/**
 * An array of `length` finite non-negative numbers (any non-zero length when `length` is -1).
 * With `nulls`, entries may also be `null`. Returns a fresh array.
 */
export function expectNumbers(value: unknown, path: string, length: number, what: string): number[];
export function expectNumbers(value: unknown, path: string, length: number, what: string, nulls: true): (number | null)[];
export function expectNumbers(value: unknown, path: string, length: number, what: string, nulls = false): (number | null)[] {
  if (!Array.isArray(value)) throw new ProblemError(path, `expected an array of ${what}, got ${describe(value)}`);
  // Read once (README, "The API"): `snapshot` reads the length once, refuses it above MAX_ARRAY
  // and each hole, and reads each entry once; `slice` after a size check read the length twice,
  // so a Proxy could pass the check and then be copied at 2^32 - 1 entries (an outside review).
  return checkNumbers(snapshot(value, path), path, length, what, nulls);
}

/**
 * `expectNumbers` on an array the caller owns (a `snapshot` copy): checked in place, not copied
 * again — this runs on every solve.
 */
function checkNumbers(value: unknown, path: string, length: number, what: string, nulls = false): (number | null)[] {
  checkedSum(value, path, length, what, nulls);
  return value as (number | null)[];
}

/**
 * `checkNumbers` for an array that is summed into prefix sums (times, memory): also refuses a
 * sum that overflows, since a stage's time or memory is a difference of prefix sums, each a
 * partial sum of this one in the same order (src/prepare.ts).
 * @returns the sum of the entries (null as 0)
 */
function checkSummable(value: unknown, path: string, length: number, what: string, nulls = false): number {
  const sum = checkedSum(value, path, length, what, nulls);
  if (sum === Infinity) throw new ProblemError(path, 'sums to more than the largest finite number');
  return sum;
}

/** Checks an array of non-negative finite numbers (and nulls, if allowed); returns their sum. */
function checkedSum(value: unknown, path: string, length: number, what: string, nulls: boolean): number {
  if (!Array.isArray(value)) throw new ProblemError(path, `expected an array of ${what}, got ${describe(value)}`);
  if (length >= 0 && value.length !== length) {
    throw new ProblemError(path, `has ${entries(value.length)} but the model has ${length} unit${length === 1 ? '' : 's'}`);
  }
  const known = cleanSums?.get(value);
  if (known !== undefined) return known;
  // Hot on every solve: check and sum in one plain loop; build the field path only for an error.
  let sum = 0;
  for (let i = 0; i < value.length; i++) {
    const entry: unknown = value[i];
    if (entry === null && nulls) continue;
    if (typeof entry !== 'number' || !(entry >= 0) || entry === Infinity) {
      if (!(i in value)) throw new ProblemError(`${path}[${i}]`, 'is missing (a hole in a sparse array); give every entry');
      expectNumber(entry, `${path}[${i}]`, false);
    }
    sum += entry as number;
  }
  return sum;
}

function expectString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') throw new ProblemError(path, `expected a non-empty string, got ${describe(value)}`);
  return value;
}

function expectBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new ProblemError(path, `expected true or false, got ${describe(value)}`);
  return value;
}

/** The number of units: `model.time`'s length, or the devices' `time` length without it. */
export function unitCountOf(problem: Problem): number {
  if (problem.model.time) return problem.model.time.length;
  for (const device of problem.devices) if (device.time) return device.time.length;
  return 0;
}

function checkUnitCount(value: unknown, path: string): void {
  if (Array.isArray(value) && value.length === 0) throw new ProblemError(path, 'is empty: the model needs at least one unit');
  if (Array.isArray(value) && value.length > MAX_UNITS) {
    throw new ProblemError(path, `has ${value.length} units; the limit is ${MAX_UNITS} (group layers into blocks)`);
  }
}

function validateModel(raw: Json, devices: unknown, source: unknown): { model: Model; unitCount: number; total: number } {
  checkUnitCount(raw.time, 'model.time');
  let unitCount: number;
  let total = 0;
  const model: Model = {};
  if (raw.time !== undefined) {
    total = checkSummable(raw.time, 'model.time', -1, 'milliseconds');
    model.time = raw.time as number[];
    unitCount = model.time.length;
  } else {
    // Without model.time every computing device brings its own profile; the first one sets U.
    const profiled = Array.isArray(devices) ? devices.findIndex((d) => isPlainObject(d) && d.time !== undefined) : -1;
    const profile = profiled >= 0 ? (devices as Json[])[profiled]?.time : undefined;
    if (!Array.isArray(profile)) throw new ProblemError('model.time', 'is required unless every computing device has its own `time` profile: milliseconds of each unit on a device of speed 1');
    checkUnitCount(profile, `devices[${profiled}].time`);
    unitCount = profile.length;
  }
  if (raw.name !== undefined) {
    if (typeof raw.name !== 'string') throw new ProblemError('model.name', `expected a string, got ${describe(raw.name)}`);
    model.name = raw.name;
  }
  if (raw.memory !== undefined) {
    checkSummable(raw.memory, 'model.memory', unitCount, 'MB');
    model.memory = raw.memory as number[];
  }
  if (raw.outputBytes !== undefined) model.outputBytes = checkNumbers(raw.outputBytes, 'model.outputBytes', unitCount, 'bytes') as number[];
  if (raw.inputBytes !== undefined) {
    // The input's bytes cost memory with activations, and a transfer from a source.
    if (model.outputBytes === undefined && source === undefined) throw new ProblemError('model.inputBytes', 'is only used with model.outputBytes (activations) or a source; give outputBytes too, or a source');
    model.inputBytes = expectNumber(raw.inputBytes, 'model.inputBytes', false);
  }
  if (raw.names !== undefined) {
    if (!Array.isArray(raw.names)) throw new ProblemError('model.names', `expected an array of unit names, got ${describe(raw.names)}`);
    if (raw.names.length !== unitCount) throw new ProblemError('model.names', `has ${entries(raw.names.length)} but the model has ${unitCount} unit${unitCount === 1 ? '' : 's'}`);
    model.names = raw.names.map((name, i) => {
      if (typeof name !== 'string') throw new ProblemError(`model.names[${i}]`, `expected a string, got ${describe(name)}`);
      return name;
    });
  }
  return { model, unitCount, total };
}

function validateDevice(input: unknown, index: number, unitCount: number, modelTime: boolean, checked: Set<unknown>): Device {
  const path = `devices[${index}]`;
  const raw = expectObject(input, path, ['id', 'speed', 'time', 'memory', 'bandwidth', 'compute']);
  const device: Device = { id: expectString(raw.id, `${path}.id`) };
  if (raw.compute !== undefined) device.compute = expectBoolean(raw.compute, `${path}.compute`);
  const computes = device.compute !== false;
  if (!computes) {
    for (const field of ['speed', 'time', 'memory'] as const) {
      if (raw[field] !== undefined) throw new ProblemError(`${path}.${field}`, 'is for computing devices; this one has compute: false (an endpoint runs no stage)');
    }
  }
  if (raw.speed !== undefined && raw.time !== undefined) {
    throw new ProblemError(`${path}.speed`, 'cannot be given together with time: a measured profile already says how fast this device is');
  }
  if (raw.speed !== undefined) device.speed = expectNumber(raw.speed, `${path}.speed`, true);
  if (raw.time !== undefined) {
    // A profile several devices share (snapshot keeps the sharing) is checked once.
    if (!checked.has(raw.time)) checkSummable(raw.time, `${path}.time`, unitCount, 'milliseconds (or null: cannot run)', true);
    checked.add(raw.time);
    device.time = raw.time as (number | null)[];
  }
  else if (computes && !modelTime) throw new ProblemError(`${path}.time`, 'is required: the model has no `time`, so every computing device needs its own profile');
  if (raw.memory !== undefined) device.memory = expectNumber(raw.memory, `${path}.memory`, false);
  if (raw.bandwidth !== undefined) device.bandwidth = expectNumber(raw.bandwidth, `${path}.bandwidth`, true);
  return device;
}

function validateLinks(input: unknown, ids: Map<string, number>): Link[] {
  if (!Array.isArray(input)) throw new ProblemError('links', `expected an array of links, got ${describe(input)}`);
  if (input.length > MAX_LINKS) throw new ProblemError('links', `has ${input.length} entries; the limit is ${MAX_LINKS}`);
  const defined = new Map<string, number>();
  return input.map((entry, i) => {
    const path = `links[${i}]`;
    const raw = expectObject(entry, path, ['from', 'to', 'bandwidth', 'latency', 'oneWay']);
    const from = expectString(raw.from, `${path}.from`);
    const to = expectString(raw.to, `${path}.to`);
    for (const [end, id] of [['from', from], ['to', to]] as const) {
      if (!ids.has(id)) throw new ProblemError(`${path}.${end}`, `"${id}" is not a device id`);
    }
    if (from === to) throw new ProblemError(`${path}.to`, 'a link joins two different devices');
    if (raw.bandwidth === undefined) throw new ProblemError(`${path}.bandwidth`, 'is required: Mbit/s, or null for a link whose bytes cost nothing');
    const link: Link = { from, to, bandwidth: raw.bandwidth === null ? null : expectNumber(raw.bandwidth, `${path}.bandwidth`, true) };
    if (raw.latency !== undefined) link.latency = expectNumber(raw.latency, `${path}.latency`, false);
    if (raw.oneWay !== undefined) link.oneWay = expectBoolean(raw.oneWay, `${path}.oneWay`);
    for (const [a, b] of link.oneWay ? [[from, to]] : [[from, to], [to, from]]) {
      const key = `${ids.get(a as string)}>${ids.get(b as string)}`;
      const other = defined.get(key);
      if (other !== undefined) throw new ProblemError(path, `the link from "${a}" to "${b}" is already given by links[${other}]`);
      defined.set(key, i);
    }
    return link;
  });
}

/**
 * Checks a problem and returns a validated deep copy.
 * @param input - untrusted data, e.g. parsed JSON
 * @returns the problem, safe to plan
 * @throws ProblemError naming the first offending field
 */
export function validateProblem(input: unknown): Problem {
  // An unknown top-level field is refused from the keys alone, before its value is copied (a
  // 60 MB unknown field took 0.4 s to copy first). Only the keys are read here: the copy's own
  // keys are checked again below, so an object that shows other keys the second time is caught.
  if (isPlainObject(input)) expectObject(input, '', PROBLEM_FIELDS);
  const outer = cleanSums;
  cleanSums = new Map();
  try {
    return checkProblem(snapshot(input));
  } finally {
    cleanSums = outer;
  }
}

/** The fields of a problem. */
const PROBLEM_FIELDS = ['model', 'devices', 'links', 'source', 'sink', 'options'] as const;

/** `validateProblem` of a value `snapshot` already copied. */
function checkProblem(copy: unknown): Problem {
  const raw = expectObject(copy, '', PROBLEM_FIELDS);
  if (raw.model === undefined) throw new ProblemError('model', 'is required');
  const rawModel = expectObject(raw.model, 'model', ['name', 'time', 'memory', 'outputBytes', 'inputBytes', 'names']);
  if (!Array.isArray(raw.devices)) throw new ProblemError('devices', `expected an array of devices, got ${describe(raw.devices)}`);
  if (raw.devices.length === 0) throw new ProblemError('devices', 'is empty: the cluster needs at least one device');
  if (raw.devices.length > MAX_DEVICES) throw new ProblemError('devices', `has ${raw.devices.length} devices; the limit is ${MAX_DEVICES}`);
  const { model, unitCount, total } = validateModel(rawModel, raw.devices, raw.source);
  const ids = new Map<string, number>();
  const checked = new Set<unknown>();
  const devices = raw.devices.map((entry, i) => {
    const device = validateDevice(entry, i, unitCount, model.time !== undefined, checked);
    const first = ids.get(device.id);
    if (first !== undefined) throw new ProblemError(`devices[${i}].id`, `"${device.id}" is already the id of devices[${first}]`);
    ids.set(device.id, i);
    return device;
  });
  if (!devices.some((d) => d.compute !== false)) throw new ProblemError('devices', 'has no computing device (every one has compute: false)');
  const problem: Problem = { model, devices };
  if (raw.links !== undefined) {
    // Links describe the cluster; they cost something only once bytes cross them (activations,
    // a source or a sink), as documented in docs/model.md.
    problem.links = validateLinks(raw.links, ids);
  }
  for (const end of ['source', 'sink'] as const) {
    if (raw[end] === undefined) continue;
    const id = expectString(raw[end], end);
    if (!ids.has(id)) throw new ProblemError(end, `"${id}" is not a device id`);
    problem[end] = id;
  }
  if (problem.source !== undefined && model.inputBytes === undefined) {
    throw new ProblemError('model.inputBytes', 'is required with a source: the bytes of one input frame sent from it');
  }
  if (problem.sink !== undefined && model.outputBytes === undefined) {
    throw new ProblemError('model.outputBytes', 'is required with a sink: the last unit\'s output is what is sent to it');
  }
  if (raw.options !== undefined) problem.options = checkOptions(raw.options, 'options');
  checkSpeeds(total, devices);
  checkLinksResolve(problem, ids);
  return problem;
}

/** The model's time on each device of a speed must stay finite too (its sum was checked). */
function checkSpeeds(total: number, devices: Device[]): void {
  for (let i = 0; i < devices.length; i++) {
    const device = devices[i] as Device;
    if (device.compute === false || device.time) continue;
    if (!Number.isFinite(total / (device.speed ?? 1))) {
      throw new ProblemError(`devices[${i}].speed`, `is so small that the model's time on it overflows`);
    }
  }
}

/**
 * Whether transfers are priced (docs/model.md, "Links"): bytes cross the network (activations
 * given, or a source or sink named) and some device or link declares a bandwidth.
 */
export function networkModelled(problem: Problem): boolean {
  const bytes = problem.model.outputBytes !== undefined || problem.source !== undefined || problem.sink !== undefined;
  return bytes && ((problem.links?.length ?? 0) > 0 || problem.devices.some((d) => d.bandwidth !== undefined));
}

/**
 * No silent free links: when transfers are priced, every pair of devices that could be adjacent
 * in a plan (two computing devices; the source and a computing device; a computing device and the
 * sink) must resolve to a link. A pair resolves through a `links` entry or both devices' bandwidth,
 * so only pairs with a device that has no bandwidth need a look at the entries.
 */
function checkLinksResolve(problem: Problem, ids: Map<string, number>): void {
  if (!networkModelled(problem)) return;
  const explicit = new Set<string>();
  for (const link of problem.links ?? []) {
    const a = ids.get(link.from) ?? -1;
    const b = ids.get(link.to) ?? -1;
    explicit.add(`${a}>${b}`);
    if (!link.oneWay) explicit.add(`${b}>${a}`);
  }
  const { devices } = problem;
  const source = problem.source === undefined ? -1 : (ids.get(problem.source) ?? -1);
  const sink = problem.sink === undefined ? -1 : (ids.get(problem.sink) ?? -1);
  const resolves = (a: number, b: number): boolean =>
    explicit.has(`${a}>${b}`) || (devices[a]?.bandwidth !== undefined && devices[b]?.bandwidth !== undefined);
  const fail = (a: number, b: number, why: string): never => {
    const from = devices[a]?.id ?? '';
    const to = devices[b]?.id ?? '';
    const missing = devices[a]?.bandwidth === undefined ? a : b;
    throw new ProblemError(`devices[${missing}].bandwidth`, `no link from "${from}" to "${to}" (${why}): add a links entry for the pair or give both devices a bandwidth; links are never silently free`);
  };
  const computing = devices.map((d, i) => (d.compute === false ? -1 : i)).filter((i) => i >= 0);
  for (const a of computing) {
    // Pairs of two devices with bandwidth always resolve: look only at the bare ones.
    if (devices[a]?.bandwidth === undefined) {
      for (const b of computing) {
        if (b === a) continue;
        if (!resolves(a, b)) fail(a, b, 'both compute, so one may feed the other');
        if (!resolves(b, a)) fail(b, a, 'both compute, so one may feed the other');
      }
    }
    if (source >= 0 && a !== source && !resolves(source, a)) fail(source, a, 'frames come from the source');
    if (sink >= 0 && a !== sink && !resolves(a, sink)) fail(a, sink, 'results go to the sink');
  }
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  engine: 'wasm' | 'ts';
  algorithm: 'auto' | 'dnnpipe';
  transfer: 'overlap' | 'serial';
  slots: { in: number; out: number };
  secondary: 'latency' | 'none';
  memoryTest: 'tolerant' | 'strict';
  maxLatency?: number;
  maxStages?: number;
  first?: string;
  last?: string;
}

/** The fields of `SolveOptions`; `simulate` adds `frames` to them. */
export const OPTION_KEYS = ['engine', 'algorithm', 'transfer', 'slots', 'secondary', 'maxLatency', 'maxStages', 'first', 'last', 'memoryTest'] as const;

function expectChoice<T extends string>(value: unknown, path: string, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new ProblemError(path, `expected one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

function expectWhole(value: unknown, path: string, least: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < least) {
    throw new ProblemError(path, `expected a whole number of ${what} (at least ${least}), got ${describe(value)}`);
  }
  return value;
}

/** Checks the fields of an options object (no defaults). */
function checkOptions(input: unknown, path: string): SolveOptions {
  const raw = expectObject(input, path, OPTION_KEYS);
  const out: SolveOptions = {};
  if (raw.engine !== undefined) out.engine = expectChoice(raw.engine, `${path}.engine`, ['wasm', 'ts'] as const);
  if (raw.algorithm !== undefined) out.algorithm = expectChoice(raw.algorithm, `${path}.algorithm`, ['auto', 'dnnpipe'] as const);
  if (raw.transfer !== undefined) out.transfer = expectChoice(raw.transfer, `${path}.transfer`, ['overlap', 'serial'] as const);
  if (raw.secondary !== undefined) out.secondary = expectChoice(raw.secondary, `${path}.secondary`, ['latency', 'none'] as const);
  if (raw.memoryTest !== undefined) out.memoryTest = expectChoice(raw.memoryTest, `${path}.memoryTest`, ['tolerant', 'strict'] as const);
  if (raw.slots !== undefined) {
    const s = expectObject(raw.slots, `${path}.slots`, ['in', 'out']);
    out.slots = { in: expectWhole(s.in, `${path}.slots.in`, 0, 'buffers'), out: expectWhole(s.out, `${path}.slots.out`, 0, 'buffers') };
  }
  if (raw.maxLatency !== undefined) out.maxLatency = expectNumber(raw.maxLatency, `${path}.maxLatency`, false);
  if (raw.maxStages !== undefined) out.maxStages = expectWhole(raw.maxStages, `${path}.maxStages`, 1, 'stages');
  if (raw.first !== undefined) out.first = expectString(raw.first, `${path}.first`);
  if (raw.last !== undefined) out.last = expectString(raw.last, `${path}.last`);
  return out;
}

/**
 * Checks solve options and fills in defaults: the call's options override the problem's own
 * `options` field by field.
 * @param input - the caller's options (may be undefined)
 * @param defaultEngine - the engine when none is named
 * @param problemOptions - the validated problem's `options`, if any
 */
export function resolveOptions(input: unknown, defaultEngine: 'wasm' | 'ts', problemOptions?: SolveOptions): ResolvedOptions {
  const given = input === undefined ? {} : checkOptions(snapshot(input, 'options'), 'options');
  const merged: SolveOptions = { ...problemOptions, ...given };
  const resolved: ResolvedOptions = {
    engine: merged.engine ?? defaultEngine,
    algorithm: merged.algorithm ?? 'auto',
    transfer: merged.transfer ?? 'overlap',
    slots: merged.slots ?? { in: 0, out: 0 },
    secondary: merged.secondary ?? 'latency',
    memoryTest: merged.memoryTest ?? 'tolerant',
  };
  if (merged.maxLatency !== undefined) resolved.maxLatency = merged.maxLatency;
  if (merged.maxStages !== undefined) resolved.maxStages = merged.maxStages;
  if (merged.first !== undefined) resolved.first = merged.first;
  if (merged.last !== undefined) resolved.last = merged.last;
  return resolved;
}

/**
 * Checks that requirement options name computing devices of the problem.
 * @throws ProblemError naming `options.first` / `options.last`
 */
export function checkRequirements(problem: Problem, options: ResolvedOptions): void {
  for (const end of ['first', 'last'] as const) {
    const id = options[end];
    if (id === undefined) continue;
    const device = problem.devices.find((d) => d.id === id);
    if (!device) throw new ProblemError(`options.${end}`, `"${id}" is not a device id`);
    if (device.compute === false) throw new ProblemError(`options.${end}`, `"${id}" has compute: false and runs no stage`);
  }
}
