/**
 * From a model file to units: cut points, the tensors crossing each, their sizes, and the weights
 * of each unit — everything of a Problem's `model` except time.
 */
import { chooseBoundaries, crossingNames, crossingsAt, cutBytes, cutGraph, type CutGraph } from './cuts.js';
import { OnnxError } from './errors.js';
import { parseOnnx, tensorBytes, type OnnxGraph, type OnnxModel, type OnnxValueInfo } from './model.js';
import type { InputShapes } from './options.js';
import { createSession, elemTypeOf, randomFeeds, resolveInputShapes, runSession, runTensorBytes, type Tensors } from './runtime.js';
import { writeModel } from './writer.js';

/** Options of `inspectOnnx`. */
export interface InspectOptions {
  /** Shapes of inputs with dynamic dimensions, e.g. `{ x: [1, 3, 224, 224] }`. */
  inputShapes?: InputShapes;
  /** The most units wanted; cut points with the least crossing bytes are kept. Default: one unit per node. */
  maxUnits?: number;
  /** Told what long steps begin, e.g. the run that measures tensors (for a progress line). */
  onStep?: (message: string) => void;
  /** Seed of the random inputs of the run that measures tensors when the model's shapes are incomplete. @default 1 */
  seed?: number;
}

/** One unit: a run of consecutive nodes between two chosen cuts. */
export interface OnnxUnit {
  /** The unit's name: its node's name, or `"first … last"` for several nodes. */
  name: string;
  /** First node position (0-based, inclusive) in execution order. */
  start: number;
  /** One past the last node position. */
  end: number;
  /** Names of its nodes. */
  nodes: string[];
  /** Weights its nodes read (initializers and Constant outputs). */
  weights: string[];
  /** MB (2^20 bytes) of those weights; a weight read by two units counts in both. */
  memory: number;
  /** Tensors crossing the cut after the unit (for the last unit: the graph outputs). */
  crossing: string[];
  /** Bytes of those tensors. */
  outputBytes: number;
}

/** What `inspectOnnx` finds. */
export interface OnnxUnits {
  /** The Problem `model` fields this package can know without running on the target (no `time`). */
  model: { name?: string; memory: number[]; outputBytes: number[]; inputBytes: number; names: string[] };
  units: OnnxUnit[];
  /** Graph inputs with the shapes used. */
  inputs: { name: string; shape: number[]; bytes: number }[];
  /** Compute nodes in the graph (Constant nodes are weights, not counted). */
  nodeCount: number;
  /** Where tensor sizes came from: the model's declared shapes, or one run of the model here. */
  sizesFrom: 'model' | 'run';
  /** Bytes of every tensor that crosses some cut, by name. */
  tensorBytes: Record<string, number>;
}

const MB = 1024 * 1024;

/** Checks `maxUnits` before any work. */
function checkMaxUnits(maxUnits: number | undefined): void {
  if (maxUnits !== undefined && !(Number.isInteger(maxUnits) && maxUnits >= 1)) {
    throw new OnnxError('plan', `maxUnits must be a whole number ≥ 1, got ${String(maxUnits)}`);
  }
}

/**
 * A tensor's declaration: the first graph input, else the first graph output, else the value info
 * of that name (a map built once: a search of the inputs and outputs for each tensor was
 * quadratic in models with many outputs).
 */
function declarations(graph: OnnxGraph): (name: string) => OnnxValueInfo | undefined {
  const declared = new Map<string, OnnxValueInfo>();
  for (const info of [...graph.inputs, ...graph.outputs]) if (!declared.has(info.name)) declared.set(info.name, info);
  return (name) => declared.get(name) ?? graph.valueInfo.get(name);
}

/** Declared byte size of a tensor when its type and every dimension are known. */
function declaredBytes(declaration: (name: string) => OnnxValueInfo | undefined, name: string, shapes: Map<string, number[]>): number | undefined {
  const shape = shapes.get(name);
  const info = declaration(name);
  if (!info || info.elemType === undefined || info.elemType === 8) return undefined;
  const dims = shape ?? info.dims;
  if (!dims || !dims.every((d): d is number => typeof d === 'number' && d >= 0)) return undefined;
  return tensorBytes(info.elemType, dims.reduce((a, b) => a * b, 1));
}

/**
 * Runs the model once with `names` exposed as extra outputs.
 * @returns every graph output and exposed tensor, by name
 */
async function runExposing(model: OnnxModel, cut: CutGraph, names: readonly string[], feeds: Tensors): Promise<Tensors> {
  const graph = model.graph;
  const inputs = new Set(graph.inputs.map((i) => i.name));
  const outputs = [...new Set([...graph.outputs.map((o) => o.name), ...names.filter((n) => !inputs.has(n))])];
  const bytes = writeModel(model, { name: graph.name, nodes: cut.nodes, inputs: graph.inputs.map((i) => i.name), outputs });
  // Exposing every crossing tensor defeats fusion anyway; skipping optimization loads faster.
  const session = await createSession(bytes, 'disabled');
  try {
    const results = await runSession(session, feeds);
    return { ...feeds, ...results };
  } finally {
    await session.release();
  }
}

/** Sizes of `names`: declared where every one is complete, else measured in one run. */
async function measureTensors(model: OnnxModel, cut: CutGraph, names: readonly string[], shapes: Map<string, number[]>, seed: number, onStep: InspectOptions['onStep']): Promise<{ bytes: Map<string, number>; from: 'model' | 'run'; elemTypes: Map<string, number> }> {
  const declared = new Map<string, number>();
  const declaration = declarations(model.graph);
  for (const name of names) {
    const size = declaredBytes(declaration, name, shapes);
    if (size !== undefined) declared.set(name, size);
  }
  const elemTypes = new Map<string, number>();
  if (declared.size === names.length) return { bytes: declared, from: 'model', elemTypes };
  onStep?.(`the model does not declare the shapes of ${names.length - declared.size} of ${names.length} tensors crossing cuts; measuring them in one run`);
  const tensors = await runExposing(model, cut, names, await randomFeeds(model.graph, shapes, seed));
  const measured = new Map<string, number>();
  for (const name of names) {
    const tensor = tensors[name];
    if (!tensor) throw new OnnxError('runtime', `the run did not return tensor "${name}"`);
    measured.set(name, runTensorBytes(tensor));
    elemTypes.set(name, elemTypeOf(tensor.type));
  }
  return { bytes: measured, from: 'run', elemTypes };
}

/** Names of a unit: its node's, or the first and last node's. */
function unitName(nodes: readonly string[]): string {
  return nodes.length === 1 ? (nodes[0] as string) : `${nodes[0]} … ${nodes[nodes.length - 1]}`;
}

/** The parsed model, its cut graph and units; shared by inspect, profile and split. */
export interface Analysis {
  model: OnnxModel;
  cut: CutGraph;
  units: OnnxUnits;
  shapes: Map<string, number[]>;
  /** Element types measured in the run, for tensors the model does not declare. */
  elemTypes: Map<string, number>;
}

/** Parses, orders, measures and groups; the work behind `inspectOnnx`. */
export async function analyse(bytes: Uint8Array, options: InspectOptions = {}): Promise<Analysis> {
  checkMaxUnits(options.maxUnits);
  const model = parseOnnx(bytes);
  const graph = model.graph;
  if (graph.nodes.length === 0) throw new OnnxError('format', 'the model has no compute nodes to split');
  const cut = cutGraph(graph);
  const shapes = resolveInputShapes(graph, options.inputShapes);
  const names = crossingNames(cut);
  const { bytes: sizes, from, elemTypes } = await measureTensors(model, cut, names, shapes, options.seed ?? 1, options.onStep);
  const bytesOf = (tensors: readonly string[]): number => tensors.reduce((sum, name) => sum + (sizes.get(name) as number), 0);
  const boundaries = chooseBoundaries(cutBytes(cut, (name) => sizes.get(name) as number), options.maxUnits);
  // The tensors crossing the chosen cuts only (every cut's list is quadratic in long-lived tensors).
  const crossings = crossingsAt(cut, boundaries);
  const units: OnnxUnit[] = [];
  for (let k = 0; k + 1 < boundaries.length; k++) {
    const start = boundaries[k] as number;
    const end = boundaries[k + 1] as number;
    const nodes = cut.nodes.slice(start, end);
    const weights = [...new Set(nodes.flatMap((node) => [...node.inputs, ...node.implicitInputs]).filter((name) => graph.weights.has(name)))];
    const crossing = crossings[k + 1] as string[];
    units.push({
      name: unitName(nodes.map((node) => node.name)),
      start,
      end,
      nodes: nodes.map((node) => node.name),
      weights,
      memory: weights.reduce((sum, name) => sum + (graph.weights.get(name)?.bytes ?? 0), 0) / MB,
      crossing,
      outputBytes: bytesOf(crossing),
    });
  }
  const inputs = graph.inputs.map((input) => ({ name: input.name, shape: shapes.get(input.name) as number[], bytes: sizes.get(input.name) ?? 0 }));
  const result: OnnxUnits = {
    model: {
      ...(graph.name ? { name: graph.name } : {}),
      memory: units.map((u) => u.memory),
      outputBytes: units.map((u) => u.outputBytes),
      inputBytes: bytesOf(crossings[0] as string[]),
      // Shown wherever units are shown: plan tables, pictures, the demo.
      names: units.map((u) => u.name),
    },
    units,
    inputs,
    nodeCount: cut.nodes.length,
    sizesFrom: from,
    tensorBytes: Object.fromEntries(sizes),
  };
  return { model, cut, units: result, shapes, elemTypes };
}

/**
 * Finds the units of an ONNX model: cut points between nodes, the tensors crossing each (weights
 * excluded), each unit's weight MB and output bytes.
 * @param bytes - the `.onnx` file
 * @param options - input shapes for dynamic dimensions, the most units wanted
 * @returns the units and a Problem `model` without `time` (measure it with `profileOnnx`)
 * @throws OnnxError when the file is not ONNX, a shape cannot be resolved, or the run fails
 */
export async function inspectOnnx(bytes: Uint8Array, options: InspectOptions = {}): Promise<OnnxUnits> {
  return (await analyse(bytes, options)).units;
}
