/**
 * The files around a split: a plan read from either format the package writes (native Plan JSON,
 * or DNNPipe's `pipeline_plan.json`), and per-device profiles and the rest of the cluster merged
 * into one Problem.
 */
import { ProblemError } from '../errors.js';
import type { Problem } from '../types.js';
import { closest, entries, snapshot, validateProblem } from '../validate.js';
import { OnnxError } from './errors.js';
import type { StageRange } from './split.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A device id as a plan file gives it: a string, or a number as DNNPipe writes its ids. */
function deviceId(value: unknown, path: string): string {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return String(value);
  throw new OnnxError('plan', `${path} must be a device id (a string or a number), got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
}

/**
 * Stages of a plan: native Plan JSON (`stages: [{ device, start, end }]`, 0-based, end exclusive)
 * or DNNPipe's `{"pipeline_plan": [[first, last, device], ...]}` (1-based, inclusive).
 * @param json - the parsed plan file
 * @throws OnnxError `plan` when it is neither, naming the first bad entry
 */
export function readPlanStages(json: unknown): StageRange[] {
  return eachDeviceOnce(planStages(json), isObject(json) && Array.isArray(json.stages));
}

/**
 * A plan runs each stage on its own device (docs/model.md); a plan file that names one device for
 * two stages is refused, naming both, instead of split into parts for a pipeline no device can run.
 */
function eachDeviceOnce(stages: StageRange[], native: boolean): StageRange[] {
  const seen = new Map<string, number>();
  stages.forEach((stage, i) => {
    if (stage.device === undefined) return;
    const first = seen.get(stage.device);
    const at = (n: number): string => (native ? `stages[${n}]` : `pipeline_plan[${n}]`);
    if (first !== undefined) throw new OnnxError('plan', `${at(i)} runs on device ${JSON.stringify(stage.device)}, which already runs ${at(first)}: a plan runs each stage on its own device`);
    seen.set(stage.device, i);
  });
  return stages;
}

function planStages(json: unknown): StageRange[] {
  if (isObject(json) && Array.isArray(json.stages)) {
    return json.stages.map((stage: unknown, i): StageRange => {
      if (!isObject(stage) || typeof stage.start !== 'number' || typeof stage.end !== 'number') {
        throw new OnnxError('plan', `stages[${i}] needs numbers start and end (0-based, end exclusive)`);
      }
      return { start: stage.start, end: stage.end, ...(stage.device === undefined ? {} : { device: deviceId(stage.device, `stages[${i}].device`) }) };
    });
  }
  if (isObject(json) && Array.isArray(json.pipeline_plan)) {
    return json.pipeline_plan.map((entry: unknown, i): StageRange => {
      if (!Array.isArray(entry) || entry.length !== 3 || typeof entry[0] !== 'number' || typeof entry[1] !== 'number') {
        throw new OnnxError('plan', `pipeline_plan[${i}] must be [first, last, device] with 1-based inclusive unit numbers`);
      }
      return { start: entry[0] - 1, end: entry[1], device: deviceId(entry[2], `pipeline_plan[${i}][2]`) };
    });
  }
  throw new OnnxError('plan', 'expected a Plan JSON with "stages" (dnnpipe plan --json) or DNNPipe\'s {"pipeline_plan": [[first, last, device], ...]}');
}

/** The fields a cluster file may hold: every field of a Problem but the model, which comes from inspect. */
const CLUSTER_FIELDS = ['devices', 'links', 'source', 'sink', 'options'] as const;

/**
 * A field of a merged Problem that is wrong, with the piece it came from: `piece` is an index into
 * the pieces given to `mergeProfiles`, `'inspected'` for the inspected model, or undefined when the
 * Problem as a whole is at fault. Its `path` is the field in the merged Problem, where devices and
 * links are counted from 0 across the pieces in the order given.
 */
export class MergeError extends ProblemError {
  override readonly name = 'ProblemError';
  /** Where the field came from. */
  readonly piece: number | 'inspected' | undefined;
  /** The message without the path, to be worded again with the piece's name. */
  readonly detail: string;
  /** For a field only one piece may give: the earlier piece that gave it too. */
  readonly also: number | undefined;

  constructor(path: string, detail: string, piece: number | 'inspected' | undefined, also?: number) {
    super(path, detail);
    this.piece = piece;
    this.detail = detail;
    this.also = also;
  }
}

/** A plain copy of a piece; a piece that cannot be copied (a cycle, a hole in an array) is named. */
function pieceCopy(piece: unknown, from: number | 'inspected', path = ''): unknown {
  try {
    return snapshot(piece, path);
  } catch (error) {
    if (error instanceof ProblemError) throw new MergeError(error.path, error.path === '' ? error.message : error.message.slice(error.path.length + 2), from);
    throw error;
  }
}

/** Whether a piece is a cluster file (`{ devices?, links?, source?, sink?, options? }`) rather than one device entry. */
function isClusterPiece(piece: Record<string, unknown>): boolean {
  return !('id' in piece) && Object.keys(piece).some((key) => (CLUSTER_FIELDS as readonly string[]).includes(key) || key === 'model');
}

/**
 * One Problem from an inspected model and the rest of the cluster. Each piece is either one device
 * entry (`{ id, time, memory?, bandwidth? }`, as `dnnpipe onnx profile` prints it) or a cluster
 * piece holding any of a Problem's other fields (`{ devices, links, source, sink, options }`).
 * Devices and links are kept in the order given; `source`, `sink` and `options` may come from one
 * piece each. Every device keeps its own `time`; `model.time` (required by a Problem, used only by
 * devices without a profile) is the first profiled device's, so that a device of speed 1 is "like
 * the first".
 * @param inspected - `inspectOnnx`'s result or its JSON (an object with `model`)
 * @param pieces - device entries and cluster pieces, e.g. from `dnnpipe onnx profile`
 * @returns a validated Problem
 * @throws ProblemError naming the field of the merged Problem when the pieces do not fit together
 *   (e.g. a profile of another unit count, a link to a device no piece has)
 */
export function mergeProfiles(inspected: unknown, pieces: readonly unknown[]): Problem {
  // Copies read every field once, so a getter cannot answer one way here and another in validation.
  // Only the inspected `model` is read: the units' details stay where they are.
  const model = isObject(inspected) ? pieceCopy(inspected.model, 'inspected', 'model') : undefined;
  if (!isObject(model)) throw new MergeError('', 'expected the output of dnnpipe onnx inspect --json, an object with "model"', 'inspected');
  const { name, memory, outputBytes, inputBytes } = model;
  const devices: unknown[] = [];
  const deviceFrom: number[] = [];
  const links: unknown[] = [];
  const linkFrom: number[] = [];
  const single: Partial<Record<'source' | 'sink' | 'options', { value: unknown; piece: number }>> = {};
  Array.from(pieces, (piece, p) => pieceCopy(piece, p)).forEach((piece, p) => {
    if (!isObject(piece) || !isClusterPiece(piece)) {
      devices.push(piece);
      deviceFrom.push(p);
      return;
    }
    for (const key of Object.keys(piece)) {
      if (key === 'model') throw new MergeError('model', 'comes from the inspected model; leave it out of the cluster file', p);
      if (!(CLUSTER_FIELDS as readonly string[]).includes(key)) {
        const hint = closest(key, CLUSTER_FIELDS);
        throw new MergeError(key, `unknown field${hint ? ` (did you mean "${hint}"?)` : ''}; a cluster file holds ${CLUSTER_FIELDS.join(', ')}`, p);
      }
    }
    for (const [key, list, from] of [['devices', devices, deviceFrom], ['links', links, linkFrom]] as const) {
      const value = piece[key];
      if (value === undefined) continue;
      if (!Array.isArray(value)) throw new MergeError(key, `expected an array of ${key}`, p);
      for (const entry of value) {
        list.push(entry);
        from.push(p);
      }
    }
    for (const key of ['source', 'sink', 'options'] as const) {
      if (piece[key] === undefined) continue;
      const earlier = single[key];
      if (earlier !== undefined) throw new MergeError(key, `is given by pieces ${earlier.piece + 1} and ${p + 1} (counted from 1); give it once`, p, earlier.piece);
      single[key] = { value: piece[key], piece: p };
    }
  });
  const firstTimed = devices.findIndex((d) => isObject(d) && Array.isArray(d.time));
  if (firstTimed < 0) throw new MergeError('', 'no device has a measured "time"; give at least one device entry from dnnpipe onnx profile', undefined);
  const first = devices[firstTimed] as { time: unknown[] };
  if (Array.isArray(memory)) {
    devices.forEach((device, i) => {
      if (isObject(device) && Array.isArray(device.time) && device.time.length !== memory.length) {
        throw new MergeError(`devices[${i}].time`, `has ${entries(device.time.length)} but the model has ${memory.length} units (profile with the same --max-units and --shape as inspect)`, deviceFrom[i]);
      }
    });
  }
  const problem: Record<string, unknown> = {
    model: { ...(name === undefined ? {} : { name }), time: first.time, memory, outputBytes, inputBytes },
    devices,
    ...(links.length === 0 ? {} : { links }),
  };
  for (const key of ['source', 'sink', 'options'] as const) if (single[key] !== undefined) problem[key] = single[key].value;
  try {
    return validateProblem(problem);
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    // Which piece the field came from, so that a person knows which file to open.
    const path = error.path;
    const at = /^(devices|links)\[(\d+)\]/.exec(path);
    let piece: number | 'inspected' | undefined;
    if (at) piece = (at[1] === 'devices' ? deviceFrom : linkFrom)[Number(at[2])];
    else if (/^model\.time\b/.test(path)) piece = deviceFrom[firstTimed];
    else if (/^model\b/.test(path)) piece = 'inspected';
    else if (path === 'source' || path === 'sink' || path === 'options' || path.startsWith('options.')) piece = single[path.split('.')[0] as 'source' | 'sink' | 'options']?.piece;
    const detail = path === '' ? error.message : error.message.slice(path.length + 2);
    throw new MergeError(path, detail, piece);
  }
}
