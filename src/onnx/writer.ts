/**
 * Writing ONNX models from parts of a parsed one: chosen nodes, the weights they use, and inputs
 * and outputs named by tensor. Nodes, weights, declared types and every model-level field (IR
 * version, opsets, metadata, local functions) are copied byte for byte.
 */
import type { OnnxModel, OnnxNode } from './model.js';
import { MessageWriter } from './protobuf.js';

/** What goes into a written model's graph. */
export interface GraphContent {
  name: string;
  nodes: readonly OnnxNode[];
  /** Names of the tensors fed as inputs, in order. */
  inputs: readonly string[];
  /** Names of the tensors returned as outputs, in order. */
  outputs: readonly string[];
  /** Element types of tensors whose type the model does not declare, by name. */
  elemTypes?: ReadonlyMap<string, number>;
}

/** A `ValueInfoProto` for `name`: the model's own declaration when it has one, else name and element type. */
function valueInfo(model: OnnxModel, name: string, elemTypes: ReadonlyMap<string, number> | undefined): Uint8Array {
  const graph = model.graph;
  const declared = graph.inputs.find((v) => v.name === name) ?? graph.outputs.find((v) => v.name === name) ?? graph.valueInfo.get(name);
  if (declared && declared.elemType !== undefined) return declared.raw;
  const info = new MessageWriter().bytes(1, name);
  const elemType = elemTypes?.get(name);
  if (elemType !== undefined) info.bytes(2, new MessageWriter().bytes(1, new MessageWriter().int(1, elemType)));
  return info.finish();
}

/**
 * Encodes a model holding `content` plus every weight its nodes read (initializers and the
 * Constant nodes that produce them).
 * @param model - the parsed source model
 * @param content - the nodes and the named inputs and outputs
 * @returns the `.onnx` bytes
 */
export function writeModel(model: OnnxModel, content: GraphContent): Uint8Array {
  const graph = model.graph;
  const read = new Set<string>();
  for (const node of content.nodes) for (const name of [...node.inputs, ...node.implicitInputs]) read.add(name);
  for (const name of content.outputs) read.add(name);
  const graphWriter = new MessageWriter();
  const constantsUsed = new Set<number>();
  for (const name of read) {
    const constant = graph.weights.get(name)?.constant;
    if (constant !== undefined) constantsUsed.add(constant);
  }
  // Constants first, in model order, so the part stays topologically sorted.
  for (const index of [...constantsUsed].sort((a, b) => a - b)) graphWriter.bytes(1, (graph.constants[index] as OnnxNode).raw);
  for (const node of content.nodes) graphWriter.bytes(1, node.raw);
  graphWriter.bytes(2, content.name);
  for (const name of read) {
    const initializer = graph.weights.get(name)?.initializer;
    if (initializer) graphWriter.bytes(5, initializer);
  }
  for (const name of content.inputs) graphWriter.bytes(11, valueInfo(model, name, content.elemTypes));
  for (const name of read) {
    const weightInput = graph.weightInputs.get(name);
    if (weightInput) graphWriter.bytes(11, weightInput);
  }
  for (const name of content.outputs) graphWriter.bytes(12, valueInfo(model, name, content.elemTypes));
  const writer = new MessageWriter();
  for (const field of model.modelFields) writer.raw(field);
  writer.bytes(7, graphWriter);
  return writer.finish();
}
