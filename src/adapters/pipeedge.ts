/**
 * PipeEdge's scheduler inputs (README, "PipeEdge") → a native Problem, with its `sched-pipeline` cost model:
 * per-type `time_s` profiles, `mem_MB` with activation buffers, `bw_Mbps` with Mbit = 2^20 bit,
 * and a stage's memory strictly below capacity. Takes already-parsed YAML (any YAML or JSON
 * parser), so this module needs no parser; the CLI parses with `yaml`.
 *
 * Read once (README, "The API"): each option and each file is read once, and every map entry the
 * conversion uses (the model, each device type, each host list) is copied by `snapshot` before it
 * is checked, so a getter or a Proxy cannot show the checks one value and the problem another.
 */
import { ProblemError } from '../errors.js';
import type { Device, Problem } from '../types.js';
import { entries, expectNumber, expectNumbers, snapshot, validateProblem } from '../validate.js';

/** Bytes per element of the dtypes PipeEdge profiles use. */
export const DTYPE_BYTES: Readonly<Record<string, number>> = {
  'torch.float32': 4, 'torch.float': 4, 'torch.float16': 2, 'torch.half': 2, 'torch.bfloat16': 2,
  'torch.float64': 8, 'torch.double': 8, 'torch.int8': 1, 'torch.uint8': 1, 'torch.int16': 2,
  'torch.int32': 4, 'torch.int64': 8,
};

/** The parsed contents of `models.yml`, `device_types.yml` and `devices.yml`. */
export interface PipeEdgeFiles {
  models: unknown;
  deviceTypes: unknown;
  devices: unknown;
}

/** `sched-pipeline`'s flags, with its defaults. */
export interface PipeEdgeOptions {
  /** @default 'google/vit-base-patch16-224' */
  modelName?: string;
  /** @default 8 */
  batchSize?: number;
  /** @default 'torch.float32' */
  dtype?: string;
  /** Inbound data buffers per stage (the problem's `options.slots.in`). @default 2 */
  buffersIn?: number;
  /** Outbound data buffers per stage (the problem's `options.slots.out`). @default 2 */
  buffersOut?: number;
  /** Receives a line for each device type skipped for lack of a matching profile, as PipeEdge warns. */
  onWarning?: (message: string) => void;
}

/** PipeEdge's Mbit is 2^20 bit; ours is 10^6 bit (README, "The model"). */
const PIPEEDGE_MBIT = 1024 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wholeNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ProblemError(path, `expected a whole number, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

/**
 * Converts PipeEdge's files for one model, batch size and dtype.
 * @param files - parsed `models.yml`, `device_types.yml`, `devices.yml`
 * @param options - PipeEdge's flags (model name, batch size, dtype, buffers)
 * @returns a Problem whose device ids are the host names and whose `options` carry PipeEdge's
 *   buffers (`slots`) and strict memory test, so solving it with no options applies
 *   `sched-pipeline`'s model
 * @throws ProblemError naming the file and field, e.g. `models.yml: google/vit-base-patch16-224.mem_MB`
 */
export function fromPipeEdge(files: PipeEdgeFiles, options: PipeEdgeOptions = {}): Problem {
  // Each option read once (a destructuring reads each name once, inherited ones too).
  const { modelName: modelOption, batchSize: batchOption, dtype: dtypeOption, buffersIn, buffersOut, onWarning } = options;
  const modelName = modelOption ?? 'google/vit-base-patch16-224';
  const batchSize = wholeNumber(batchOption ?? 8, 'batchSize');
  // Frames per batch: 0 matched no profile and skipped every device type before saying so (s28 review).
  if (batchSize < 1) throw new ProblemError('batchSize', 'must be at least 1 (frames per batch, as in the profiles\' batch_size)');
  const dtype = dtypeOption ?? 'torch.float32';
  const dtypeBytes = DTYPE_BYTES[dtype];
  if (dtypeBytes === undefined) throw new ProblemError('dtype', `"${dtype}" is not supported; supported: ${Object.keys(DTYPE_BYTES).join(', ')}`);
  const buffers = { in: wholeNumber(buffersIn ?? 2, 'buffersIn'), out: wholeNumber(buffersOut ?? 2, 'buffersOut') };
  const { models, deviceTypes, devices: hostLists } = files;

  if (!isRecord(models)) throw new ProblemError('models.yml', 'expected a map of model names');
  const modelPath = `models.yml: ${modelName}`;
  const model = snapshot(models[modelName], modelPath);
  if (!isRecord(model)) {
    throw new ProblemError('models.yml', `model "${modelName}" not found; available: ${Object.keys(models).join(', ')}`);
  }
  const layers = wholeNumber(model.layers, `${modelPath}.layers`);
  if (layers === 0) throw new ProblemError(`${modelPath}.layers`, 'is 0: the model has no layers to schedule');
  const memory = expectNumbers(model.mem_MB, `${modelPath}.mem_MB`, -1, 'MB');
  if (memory.length !== layers) throw new ProblemError(`${modelPath}.mem_MB`, `has ${entries(memory.length)} but layers is ${layers}`);
  const parametersOut = expectNumbers(model.parameters_out, `${modelPath}.parameters_out`, -1, 'element counts');
  if (parametersOut.length === 0 || parametersOut.length > layers) {
    throw new ProblemError(`${modelPath}.parameters_out`, `has ${parametersOut.length} entries; expected 1 to ${layers} (a shorter list repeats, as in PipeEdge)`);
  }
  const parametersIn = expectNumber(model.parameters_in, `${modelPath}.parameters_in`, false);
  // PipeEdge repeats a short parameters_out list block by block.
  const outputBytes = Array.from({ length: layers }, (_, i) => dtypeBytes * (parametersOut[i % parametersOut.length] ?? 0) * batchSize);

  if (!isRecord(deviceTypes)) throw new ProblemError('device_types.yml', 'expected a map of device type names');
  if (!isRecord(hostLists)) throw new ProblemError('devices.yml', 'expected a map of device type names to host lists');
  // Each map's names listed once, so the check below and the loop after see the same ones.
  const typeNames = Object.keys(deviceTypes);
  const known = new Set(typeNames);
  // A host listed under a type device_types.yml does not define (a typo, say) would otherwise
  // vanish from the plan without a word.
  for (const typeName of Object.keys(hostLists)) {
    if (!known.has(typeName)) {
      const names = typeNames.slice().sort().map((name) => JSON.stringify(name)).join(', ');
      throw new ProblemError(`devices.yml: ${typeName}`, `is not a device type of device_types.yml (it defines ${names || 'none'}); its hosts would not be planned`);
    }
  }
  const devices: Device[] = [];
  const profiles: number[][] = [];
  /** The device type each host was listed under, to name both when a host appears twice. */
  const hostTypes = new Map<string, string>();
  // Device types in name order, as PipeEdge's std::map iterates them.
  for (const typeName of typeNames.sort()) {
    const typePath = `device_types.yml: ${typeName}`;
    const type = deviceTypes[typeName];
    if (!isRecord(type)) throw new ProblemError(typePath, 'expected a map with bw_Mbps, mem_MB and model_profiles');
    // Only the fields used, each read once; other models' profiles are neither read nor copied.
    const { bw_Mbps: bandwidthField, mem_MB: capacityField, model_profiles: profilesByModel } = type;
    const modelProfiles = isRecord(profilesByModel) ? snapshot(profilesByModel[modelName], `${typePath}.model_profiles.${modelName}`) : undefined;
    if (!Array.isArray(modelProfiles)) {
      onWarning?.(`device type ${typeName} doesn't support model ${modelName}: type will be skipped`);
      continue;
    }
    const profile = modelProfiles.find((p) => isRecord(p) && p.batch_size === batchSize && p.dtype === dtype) as Record<string, unknown> | undefined;
    if (!profile) {
      onWarning?.(`device type ${typeName} has no profile for batch size ${batchSize} and ${dtype}: type will be skipped`);
      continue;
    }
    const hosts = snapshot(hostLists[typeName], `devices.yml: ${typeName}`);
    if (hosts === undefined) continue;
    if (!Array.isArray(hosts) || hosts.some((h) => typeof h !== 'string' || h === '')) {
      throw new ProblemError(`devices.yml: ${typeName}`, 'expected a list of host names');
    }
    const time = expectNumbers(profile.time_s, `${typePath}.model_profiles.${modelName}.time_s`, -1, 'seconds');
    if (time.length !== layers) {
      throw new ProblemError(`${typePath}.model_profiles.${modelName}.time_s`, `has ${entries(time.length)} but the model has ${layers} layers`);
    }
    const bandwidth = expectNumber(bandwidthField, `${typePath}.bw_Mbps`, true);
    const capacity = expectNumber(capacityField, `${typePath}.mem_MB`, false);
    const ms = time.map((seconds) => seconds * 1000);
    profiles.push(ms);
    for (const host of hosts as string[]) {
      const earlier = hostTypes.get(host);
      if (earlier !== undefined) {
        throw new ProblemError(`devices.yml: ${typeName}`, earlier === typeName
          ? `lists host ${JSON.stringify(host)} twice; each host is one device`
          : `host ${JSON.stringify(host)} is also listed under ${earlier}; each host has one device type`);
      }
      hostTypes.set(host, typeName);
      devices.push({ id: host, time: ms, memory: capacity, bandwidth: (bandwidth * PIPEEDGE_MBIT) / 1e6 });
    }
  }
  if (devices.length === 0) throw new ProblemError('devices.yml', `no host has a device type with a profile for ${modelName}, batch size ${batchSize}, ${dtype}`);
  // model.time is the reference device's time; every device here has its own profile, so it only
  // names the fastest time per layer (used in reports, never in costs).
  const time = Array.from({ length: layers }, (_, i) => profiles.reduce((least, p) => Math.min(least, p[i] ?? Infinity), Infinity));
  // sched-pipeline's model travels with the problem: its buffers, and its strict memory test
  // (a stage fits only below the device's memory, compared in bytes: MB here are 2^20 bytes on
  // both sides, so scaling changes no decision).
  return validateProblem({
    model: { name: modelName, time, memory, outputBytes, inputBytes: dtypeBytes * parametersIn * batchSize },
    devices,
    options: { slots: buffers, memoryTest: 'strict' },
  });
}

/** `sched-pipeline`'s schedule: one `{ host: [first, last] }` per stage, 1-based inclusive. */
export function toPipeEdgeSchedule(stages: readonly { device: string; start: number; end: number }[]): Record<string, [number, number]>[] {
  return stages.map((s) => ({ [s.device]: [s.start + 1, s.end] }));
}
