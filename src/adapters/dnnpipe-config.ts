/**
 * DNNPipe's `config.json` ↔ a native Problem (README, "The command line"). Device ids are
 * "1".."N", as in its plans, and errors name DNNPipe's own fields.
 *
 * Read once (README, "The API"): the config is copied by `snapshot` before any check, so a
 * getter or a Proxy cannot pass a size check with one length and be copied with another.
 */
import { ProblemError } from '../errors.js';
import type { Problem } from '../types.js';
import { describe, entries, expectNumber, expectNumbers, expectObject, snapshot, validateProblem } from '../validate.js';

/** The fields of DNNPipe's `config.json`. */
const CONFIG_FIELDS = ['device_config', 'model_config'] as const;

/**
 * Converts DNNPipe's configuration.
 * @param json - parsed `config.json`: `{ device_config: { N, C, M }, model_config: { U, E, R } }`
 * @returns the equivalent problem; device `i` (1-based) has speed `C[i-1]` and memory `M[i-1]`
 * @throws ProblemError naming the DNNPipe field, e.g. `device_config.C[2]`
 */
export function fromDnnpipeConfig(json: unknown): Problem {
  // Unknown top-level fields are refused from the keys alone, before their values are copied.
  expectObject(json, '', CONFIG_FIELDS);
  const root = expectObject(snapshot(json), '', CONFIG_FIELDS);
  const devices = expectObject(root.device_config, 'device_config', ['N', 'C', 'M']);
  const model = expectObject(root.model_config, 'model_config', ['U', 'E', 'R']);
  const unitCount = count(model.U, 'model_config.U');
  const deviceCount = count(devices.N, 'device_config.N');
  const time = expectNumbers(model.E, 'model_config.E', -1, 'milliseconds');
  if (time.length !== unitCount) throw new ProblemError('model_config.E', `has ${entries(time.length)} but U is ${unitCount}`);
  const memory = expectNumbers(model.R, 'model_config.R', unitCount, 'MB');
  const speeds = expectNumbers(devices.C, 'device_config.C', -1, 'speed factors');
  if (speeds.length !== deviceCount) throw new ProblemError('device_config.C', `has ${entries(speeds.length)} but N is ${deviceCount}`);
  speeds.forEach((speed, i) => expectNumber(speed, `device_config.C[${i}]`, true));
  const capacities = expectNumbers(devices.M, 'device_config.M', -1, 'MB');
  if (capacities.length !== deviceCount) throw new ProblemError('device_config.M', `has ${entries(capacities.length)} but N is ${deviceCount}`);
  try {
    return validateProblem({
      model: { time, memory },
      devices: speeds.map((speed, i) => ({ id: String(i + 1), speed, memory: capacities[i] })),
    });
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    const detail = error.path === '' ? error.message : error.message.slice(error.path.length + 2);
    throw new ProblemError(toDnnpipeFields(error.path), toDnnpipeFields(detail));
  }
}

/** Native field paths and the DNNPipe `config.json` fields they come from. */
const NATIVE_TO_DNNPIPE: readonly [RegExp, string][] = [
  [/\bmodel\.time\b/g, 'model_config.E'],
  [/\bmodel\.memory\b/g, 'model_config.R'],
  [/\bdevices\[(\d+)\]\.speed\b/g, 'device_config.C[$1]'],
  [/\bdevices\[(\d+)\]\.memory\b/g, 'device_config.M[$1]'],
];

/**
 * Rewrites native field paths in a message about a problem read from DNNPipe's `config.json`
 * into that file's own fields: `model.memory[1]` → `model_config.R[1]`, `devices[0].speed` →
 * `device_config.C[0]`. Other text is left alone.
 * @param message - an error message or reason that names native fields
 */
export function toDnnpipeFields(message: string): string {
  return NATIVE_TO_DNNPIPE.reduce((text, [pattern, field]) => text.replace(pattern, field), message);
}

function count(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ProblemError(path, `expected a whole number of at least 1, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

/** Whether parsed JSON looks like DNNPipe's config rather than a native Problem. */
export function isDnnpipeConfig(json: unknown): boolean {
  return typeof json === 'object' && json !== null && ('device_config' in json || 'model_config' in json);
}

/**
 * A device id as DNNPipe's `pipeline_plan.json` writes it: a number when the id is the canonical
 * spelling of a safe integer (`"7"` → `7`, as DNNPipe's own ids "1".."N" are), otherwise the id
 * as a string (`"007"`, `"-0"`, `"12345678901234567890"`), so every id reads back as itself.
 * @param id - a device id
 */
export function dnnpipeDeviceId(id: string): number | string {
  const number = Number(id);
  return Number.isSafeInteger(number) && number >= 0 && String(number) === id ? number : id;
}

/**
 * DNNPipe's `pipeline_plan.json`: `[first, last, device]` per stage, 1-based and inclusive.
 * Device ids are written as by `dnnpipeDeviceId`, so they round-trip.
 * @param stages - a plan's stages
 */
export function toDnnpipePlan(stages: readonly { device: string; start: number; end: number }[]): { pipeline_plan: [number, number, number | string][] } {
  // Stages in order from unit 0, of whole units: a start of -1 was written as unit 0, 2.5 units as 3.5.
  let next = 0;
  return {
    pipeline_plan: stages.map((s, i) => {
      if (s.start !== next || !Number.isSafeInteger(s.end) || s.end <= next) throw new ProblemError(`stages[${i}]`, `must run units from ${next} to a whole end above it, got ${describe(s.start)} to ${describe(s.end)}`);
      next = s.end;
      return [s.start + 1, s.end, dnnpipeDeviceId(s.device)];
    }),
  };
}
