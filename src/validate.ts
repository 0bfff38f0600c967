/**
 * Input validation: turns untrusted input into a checked `Problem` copy, or throws a
 * `ProblemError` naming the field. Nothing is clamped or guessed; unknown keys are errors, so a
 * typo such as `spead` cannot silently fall back to a default.
 */
import { ProblemError } from './errors.js';
import type { Device, Model, Problem } from './types.js';

type Json = Record<string, unknown>;

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `a ${typeof value}`;
}

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

/** The allowed key nearest to a typo, if it is within two edits. */
function closest(key: string, allowed: readonly string[]): string | undefined {
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

/** An array of `length` finite non-negative numbers (any non-zero length when `length` is -1). */
export function expectNumbers(value: unknown, path: string, length: number, what: string): number[] {
  if (!Array.isArray(value)) throw new ProblemError(path, `expected an array of ${what}, got ${describe(value)}`);
  if (length >= 0 && value.length !== length) {
    throw new ProblemError(path, `has ${value.length} entries but the model has ${length} units`);
  }
  // Hot on every solve: check in a plain loop and build the field path only for an error.
  const out = new Array<number>(value.length);
  for (let i = 0; i < value.length; i++) {
    const entry: unknown = value[i];
    if (typeof entry !== 'number' || !(entry >= 0) || entry === Infinity) expectNumber(entry, `${path}[${i}]`, false);
    out[i] = entry as number;
  }
  return out;
}

/** Largest accepted number of units; beyond it the kernel's 32-bit indices and tables would not fit. */
export const MAX_UNITS = 100_000;

function validateModel(input: unknown): Model {
  const raw = expectObject(input, 'model', ['name', 'time', 'memory', 'outputBytes', 'inputBytes']);
  if (raw.time === undefined) throw new ProblemError('model.time', 'is required: milliseconds of each unit on a device of speed 1');
  if (Array.isArray(raw.time) && raw.time.length === 0) throw new ProblemError('model.time', 'is empty: the model needs at least one unit');
  if (Array.isArray(raw.time) && raw.time.length > MAX_UNITS) {
    throw new ProblemError('model.time', `has ${raw.time.length} units; the limit is ${MAX_UNITS} (group layers into blocks)`);
  }
  const time = expectNumbers(raw.time, 'model.time', -1, 'milliseconds');
  const model: Model = { time };
  if (raw.name !== undefined) {
    if (typeof raw.name !== 'string') throw new ProblemError('model.name', `expected a string, got ${describe(raw.name)}`);
    model.name = raw.name;
  }
  if (raw.memory !== undefined) model.memory = expectNumbers(raw.memory, 'model.memory', time.length, 'MB');
  if (raw.outputBytes !== undefined) model.outputBytes = expectNumbers(raw.outputBytes, 'model.outputBytes', time.length, 'bytes');
  if (raw.inputBytes !== undefined) {
    if (model.outputBytes === undefined) throw new ProblemError('model.inputBytes', 'is only used with model.outputBytes (activations); give both or neither');
    model.inputBytes = expectNumber(raw.inputBytes, 'model.inputBytes', false);
  }
  return model;
}

function validateDevice(input: unknown, index: number, unitCount: number): Device {
  const path = `devices[${index}]`;
  const raw = expectObject(input, path, ['id', 'speed', 'time', 'memory', 'bandwidth']);
  if (typeof raw.id !== 'string' || raw.id === '') {
    throw new ProblemError(`${path}.id`, `expected a non-empty string, got ${describe(raw.id)}`);
  }
  const device: Device = { id: raw.id };
  if (raw.speed !== undefined) device.speed = expectNumber(raw.speed, `${path}.speed`, true);
  if (raw.time !== undefined) device.time = expectNumbers(raw.time, `${path}.time`, unitCount, 'milliseconds');
  if (raw.memory !== undefined) device.memory = expectNumber(raw.memory, `${path}.memory`, false);
  if (raw.bandwidth !== undefined) device.bandwidth = expectNumber(raw.bandwidth, `${path}.bandwidth`, true);
  return device;
}

/**
 * Checks a problem and returns a validated deep copy.
 * @param input - untrusted data, e.g. parsed JSON
 * @returns the problem, safe to plan
 * @throws ProblemError naming the first offending field
 */
export function validateProblem(input: unknown): Problem {
  const raw = expectObject(input, '', ['model', 'devices']);
  if (raw.model === undefined) throw new ProblemError('model', 'is required');
  const model = validateModel(raw.model);
  if (!Array.isArray(raw.devices)) throw new ProblemError('devices', `expected an array of devices, got ${describe(raw.devices)}`);
  if (raw.devices.length === 0) throw new ProblemError('devices', 'is empty: the cluster needs at least one device');
  const seen = new Map<string, number>();
  const devices = raw.devices.map((entry, i) => {
    const device = validateDevice(entry, i, model.time.length);
    const first = seen.get(device.id);
    if (first !== undefined) throw new ProblemError(`devices[${i}].id`, `"${device.id}" is already the id of devices[${first}]`);
    seen.set(device.id, i);
    return device;
  });
  checkFiniteTotals(model, devices);
  return { model, devices };
}

/** Sums must stay finite too: a stage's time is a difference of prefix sums. */
function checkFiniteTotals(model: Model, devices: Device[]): void {
  const total = model.time.reduce((a, b) => a + b, 0);
  if (!Number.isFinite(total)) throw new ProblemError('model.time', 'sums to more than the largest finite number');
  if (model.memory && !Number.isFinite(model.memory.reduce((a, b) => a + b, 0))) {
    throw new ProblemError('model.memory', 'sums to more than the largest finite number');
  }
  devices.forEach((device, i) => {
    if (device.time) {
      if (!Number.isFinite(device.time.reduce((a, b) => a + b, 0))) {
        throw new ProblemError(`devices[${i}].time`, 'sums to more than the largest finite number');
      }
    } else if (!Number.isFinite(total / (device.speed ?? 1))) {
      throw new ProblemError(`devices[${i}].speed`, `is so small that the model's time on it overflows`);
    }
  });
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  engine: 'wasm' | 'ts';
  algorithm: 'auto' | 'dnnpipe';
  transfer: 'overlap' | 'serial';
  slots: { in: number; out: number };
  secondary: 'latency' | 'none';
}

function expectChoice<T extends string>(value: unknown, path: string, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new ProblemError(path, `expected one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

/**
 * Checks solve options and fills in defaults.
 * @param input - the caller's options (may be undefined)
 * @param defaultEngine - the engine when none is named
 */
export function resolveOptions(input: unknown, defaultEngine: 'wasm' | 'ts'): ResolvedOptions {
  const raw = input === undefined ? {} : expectObject(input, 'options', ['engine', 'algorithm', 'transfer', 'slots', 'secondary']);
  let slots = { in: 0, out: 0 };
  if (raw.slots !== undefined) {
    const s = expectObject(raw.slots, 'options.slots', ['in', 'out']);
    slots = {
      in: Number.isInteger(s.in) ? expectNumber(s.in, 'options.slots.in', false) : integerError('options.slots.in', s.in),
      out: Number.isInteger(s.out) ? expectNumber(s.out, 'options.slots.out', false) : integerError('options.slots.out', s.out),
    };
  }
  return {
    engine: expectChoice(raw.engine, 'options.engine', ['wasm', 'ts'], defaultEngine),
    algorithm: expectChoice(raw.algorithm, 'options.algorithm', ['auto', 'dnnpipe'], 'auto'),
    transfer: expectChoice(raw.transfer, 'options.transfer', ['overlap', 'serial'], 'overlap'),
    slots,
    secondary: expectChoice(raw.secondary, 'options.secondary', ['latency', 'none'], 'latency'),
  };
}

function integerError(path: string, value: unknown): never {
  throw new ProblemError(path, `expected a whole number of buffers, got ${describe(value)}`);
}
