/**
 * The files around a split: a plan read from either format the package writes (native Plan JSON,
 * or DNNPipe's `pipeline_plan.json`), and per-device profiles merged into one Problem.
 */
import { ProblemError } from '../errors.js';
import type { Device, Problem } from '../types.js';
import { validateProblem } from '../validate.js';
import { OnnxError } from './errors.js';
import type { StageRange } from './split.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Stages of a plan: native Plan JSON (`stages: [{ device, start, end }]`, 0-based, end exclusive)
 * or DNNPipe's `{"pipeline_plan": [[first, last, device], ...]}` (1-based, inclusive).
 * @param json - the parsed plan file
 * @throws OnnxError `plan` when it is neither, naming the first bad entry
 */
export function readPlanStages(json: unknown): StageRange[] {
  if (isObject(json) && Array.isArray(json.stages)) {
    return json.stages.map((stage: unknown, i): StageRange => {
      if (!isObject(stage) || typeof stage.start !== 'number' || typeof stage.end !== 'number') {
        throw new OnnxError('plan', `stages[${i}] needs numbers start and end (0-based, end exclusive)`);
      }
      return { start: stage.start, end: stage.end, ...(stage.device === undefined ? {} : { device: String(stage.device) }) };
    });
  }
  if (isObject(json) && Array.isArray(json.pipeline_plan)) {
    return json.pipeline_plan.map((entry: unknown, i): StageRange => {
      if (!Array.isArray(entry) || entry.length !== 3 || typeof entry[0] !== 'number' || typeof entry[1] !== 'number') {
        throw new OnnxError('plan', `pipeline_plan[${i}] must be [first, last, device] with 1-based inclusive unit numbers`);
      }
      return { start: entry[0] - 1, end: entry[1], device: String(entry[2]) };
    });
  }
  throw new OnnxError('plan', 'expected a Plan JSON with "stages" (dnnpipe plan --json) or DNNPipe\'s {"pipeline_plan": [[first, last, device], ...]}');
}

/**
 * One Problem from an inspected model and the device entries profiled on each board. Every
 * device keeps its own measured `time`; `model.time` (required by a Problem, used only by devices
 * without a profile) is the first device's profile, so that a device of speed 1 is "like the first".
 * @param inspected - `inspectOnnx`'s result or its JSON (an object with `model`)
 * @param devices - device entries (`{ id, time, memory?, bandwidth? }`), e.g. from `dnnpipe onnx profile`
 * @returns a validated Problem
 * @throws ProblemError naming the field when the pieces do not fit together (e.g. a profile of another unit count)
 */
export function mergeProfiles(inspected: unknown, devices: readonly unknown[]): Problem {
  if (!isObject(inspected) || !isObject(inspected.model)) throw new OnnxError('plan', 'the inspected model must be an object with "model" (dnnpipe onnx inspect --json)');
  const { name, memory, outputBytes, inputBytes } = inspected.model;
  const first = devices.find((d): d is Device => isObject(d) && Array.isArray(d.time));
  if (!first) throw new OnnxError('plan', 'give at least one device entry with a measured "time" (dnnpipe onnx profile)');
  if (Array.isArray(memory)) {
    devices.forEach((device, i) => {
      if (isObject(device) && Array.isArray(device.time) && device.time.length !== memory.length) {
        throw new ProblemError(`devices[${i}].time`, `has ${device.time.length} entries but the model has ${memory.length} units (profile with the same --max-units and --shape as inspect)`);
      }
    });
  }
  return validateProblem({
    model: { ...(name === undefined ? {} : { name }), time: first.time, memory, outputBytes, inputBytes },
    devices,
  });
}
