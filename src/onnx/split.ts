/**
 * From a plan to deployable parts: one ONNX model per stage, whose inputs are the tensors crossing
 * the cut before it and whose outputs are the tensors crossing the cut after it. A tensor that
 * skips a stage (a residual's skip tensor, a model output produced early) passes through that
 * stage, exactly as the planner's cost model ships it across every cut it crosses.
 */
import { crossingsAt } from './cuts.js';
import { OnnxError } from './errors.js';
import { analyse, type Analysis, type InspectOptions, type OnnxUnits } from './inspect.js';
import { writeModel } from './writer.js';

/** A stage of a plan over units: [start, end), 0-based; `device` is only carried into the result. */
export interface StageRange {
  start: number;
  end: number;
  device?: string;
}

/** One part of a split model. */
export interface OnnxPart {
  /** The part's `.onnx` bytes. */
  model: Uint8Array;
  /** Device from the plan, when it named one. */
  device?: string;
  /** Units [start, end), 0-based. */
  start: number;
  end: number;
  /** Node positions [nodeStart, nodeEnd) in execution order. */
  nodeStart: number;
  nodeEnd: number;
  /** Tensors it reads: the model's inputs (first part) or what the previous part sends. */
  inputs: string[];
  /** Tensors it returns: what it sends to the next part (last part: the model's outputs). */
  outputs: string[];
  /** Bytes of its outputs. */
  outputBytes: number;
}

/**
 * Checks that the stages cover units 0..count exactly once, in order.
 * @throws OnnxError `plan` naming the first stage that does not
 */
export function checkStages(stages: readonly StageRange[], count: number): void {
  if (stages.length === 0) throw new OnnxError('plan', 'the plan has no stages');
  let expected = 0;
  stages.forEach((stage, i) => {
    // Said in unit numbers counted from 1, first and last, as people and DNNPipe's files count them.
    if (!Number.isInteger(stage.start) || !Number.isInteger(stage.end)) {
      throw new OnnxError('plan', `stage ${i + 1} runs from unit ${stage.start + 1} to unit ${stage.end}; unit numbers must be whole`);
    }
    if (stage.end <= stage.start) {
      throw new OnnxError('plan', `stage ${i + 1} runs from unit ${stage.start + 1} to unit ${stage.end}; a stage needs at least one unit (its first unit at most its last)`);
    }
    if (stage.start !== expected) throw new OnnxError('plan', `stage ${i + 1} starts at unit ${stage.start + 1}, expected unit ${expected + 1} (stages must cover the units in order)`);
    expected = stage.end;
  });
  if (expected !== count) throw new OnnxError('plan', `the plan covers ${expected} units but the model has ${count} (inspect it with the same --max-units and --shape)`);
}

/**
 * Splits a model into one part per stage, with what each part reads and sends.
 * @param bytes - the `.onnx` file
 * @param stages - stages over the units `inspectOnnx` finds with the same options
 * @param options - the input shapes and `maxUnits` the units were found with
 * @returns the parts, in stage order, and the units they were cut from
 * @throws OnnxError `plan` when the stages do not cover the units in order
 */
export async function splitOnnxParts(bytes: Uint8Array, stages: readonly StageRange[], options: InspectOptions = {}): Promise<{ parts: OnnxPart[]; units: OnnxUnits }> {
  const analysis = await analyse(bytes, options);
  return { parts: splitAnalysed(analysis, stages), units: analysis.units };
}

/** Splits an analysed model; shared with profiling, which splits into one part per unit. */
export function splitAnalysed(analysis: Analysis, stages: readonly StageRange[]): OnnxPart[] {
  const { model, cut, units, elemTypes } = analysis;
  checkStages(stages, units.units.length);
  // The stages run in order over every unit (checked above), so their node boundaries ascend: the
  // tensors at all of them in one sweep (a crossingAt per boundary walked every tensor each time:
  // 1.3 s for 1,024 parts of 100,000 nodes; s28 hunt).
  const boundaries = [...stages.map((stage) => (units.units[stage.start] as { start: number }).start), (units.units[units.units.length - 1] as { end: number }).end];
  const crossings = crossingsAt(cut, boundaries);
  return stages.map((stage, i): OnnxPart => {
    const nodeStart = boundaries[i] as number;
    const nodeEnd = boundaries[i + 1] as number;
    const inputs = [...(crossings[i] as string[])];
    const outputs = [...(crossings[i + 1] as string[])];
    const partModel = writeModel(model, {
      name: `${model.graph.name || 'model'} part ${i + 1} of ${stages.length}`,
      nodes: cut.nodes.slice(nodeStart, nodeEnd),
      inputs,
      outputs,
      elemTypes,
    });
    return {
      model: partModel,
      ...(stage.device !== undefined ? { device: stage.device } : {}),
      start: stage.start,
      end: stage.end,
      nodeStart,
      nodeEnd,
      inputs,
      outputs,
      outputBytes: outputs.reduce((sum, name) => sum + (units.tensorBytes[name] ?? 0), 0),
    };
  });
}

/**
 * Splits a model into one ONNX model per stage; running them in a chain, each fed the previous
 * one's outputs by name, gives the whole model's outputs.
 * @param bytes - the `.onnx` file
 * @param stages - stages over the units `inspectOnnx` finds with the same options
 * @param options - the input shapes and `maxUnits` the units were found with
 * @returns the parts' `.onnx` bytes, in stage order
 */
export async function splitOnnx(bytes: Uint8Array, stages: readonly StageRange[], options: InspectOptions = {}): Promise<Uint8Array[]> {
  return (await splitOnnxParts(bytes, stages, options)).parts.map((part) => part.model);
}
