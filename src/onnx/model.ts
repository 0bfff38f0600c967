/**
 * Reading an ONNX model (a protobuf `ModelProto`) into what cut finding and splitting need: the
 * nodes in order with their inputs and outputs, the weights and their sizes, and the declared
 * types of tensors. Tensor data is never decoded; every node, weight and type keeps its raw bytes
 * so a split part can be written from verbatim copies. Field numbers are those of `onnx.proto`.
 */
import { OnnxError } from './errors.js';
import { readFields, repeatedVarints, text, WireError, WIRE_BYTES, type WireField } from './protobuf.js';

/** Byte size of one element of each ONNX `TensorProto.DataType` (0 = string, sized by content). */
const ELEMENT_BYTES: Readonly<Record<number, number>> = {
  1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 8: 0, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 14: 8, 15: 16, 16: 2,
  17: 1, 18: 1, 19: 1, 20: 1, 21: 0.5, 22: 0.5, 23: 0.5,
};

/** ONNX Runtime's name of each element type, as its tensors report `type`. */
export const ELEMENT_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool',
  10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 16: 'bfloat16',
};

/**
 * Bytes of a tensor of `elemType` with `elementCount` elements.
 * @throws OnnxError for an element type ONNX does not define
 */
export function tensorBytes(elemType: number, elementCount: number): number {
  const size = ELEMENT_BYTES[elemType];
  if (size === undefined) throw new OnnxError('unsupported', `tensor element type ${elemType} is not an ONNX data type`);
  return Math.ceil(size * elementCount);
}

/** A weight: an initializer, or the value of a Constant node. */
export interface OnnxWeight {
  /** Tensor name. */
  name: string;
  /** Bytes of its values (elements × element size; strings by their UTF-8 length). */
  bytes: number;
  /** The initializer's raw `TensorProto` (for initializers only). */
  initializer?: Uint8Array;
  /** Index in `OnnxGraph.constants` of the Constant node producing it (for constants only). */
  constant?: number;
}

/** One graph node. */
export interface OnnxNode {
  /** The node's name, or `"<op_type> #<position>"` when the model leaves it empty. */
  name: string;
  /** Operator name, e.g. `"Conv"`. */
  opType: string;
  /** Operator domain; `""` is the default ONNX domain. */
  domain: string;
  /** Tensor names read, in order (empty names of omitted optional inputs dropped). */
  inputs: string[];
  /** Outer-scope tensor names read by the node's subgraphs (If, Loop, Scan bodies). */
  implicitInputs: string[];
  /** Tensor names written (empty names of omitted optional outputs dropped). */
  outputs: string[];
  /** The raw `NodeProto`. */
  raw: Uint8Array;
}

/** A declared graph input, output or intermediate with its raw `ValueInfoProto`. */
export interface OnnxValueInfo {
  name: string;
  /** Element type (`TensorProto.DataType`), when declared. */
  elemType?: number;
  /** Dimensions: a number when fixed, a string for a named dynamic one, null when unknown; undefined = rank unknown. */
  dims?: (number | string | null)[];
  /** The raw `ValueInfoProto`. */
  raw: Uint8Array;
}

/** The main graph, read. */
export interface OnnxGraph {
  name: string;
  /** Compute nodes in the model's (topological) order; Constant nodes are weights, not listed here. */
  nodes: OnnxNode[];
  /** Constant nodes, in model order. */
  constants: OnnxNode[];
  /** Weights by tensor name. */
  weights: Map<string, OnnxWeight>;
  /** Graph inputs fed at run time (initializer-backed inputs of old models excluded). */
  inputs: OnnxValueInfo[];
  /** Graph inputs that are also initializers (IR < 4 style), kept for writing parts. */
  weightInputs: Map<string, Uint8Array>;
  outputs: OnnxValueInfo[];
  /** Declared types of intermediate tensors, by name. */
  valueInfo: Map<string, OnnxValueInfo>;
}

/** A parsed model. */
export interface OnnxModel {
  /** The `ModelProto` fields other than the graph, raw (IR version, opsets, metadata, functions). */
  modelFields: Uint8Array[];
  /** Operator sets imported, by domain (`""` = default). */
  opsets: Map<string, number>;
  graph: OnnxGraph;
}

function fail(message: string): never {
  throw new OnnxError('format', message);
}

function stringsOf(fields: readonly WireField[], number: number): string[] {
  return fields.filter((f) => f.number === number && f.wireType === WIRE_BYTES).map(text);
}

function firstString(fields: readonly WireField[], number: number): string {
  const field = fields.find((f) => f.number === number && f.wireType === WIRE_BYTES);
  return field ? text(field) : '';
}

/** Bytes of a `TensorProto`'s values, from its dims and type (strings: their total length). */
function tensorProtoBytes(tensor: Uint8Array, what: string): { name: string; bytes: number } {
  const fields = readFields(tensor);
  const name = firstString(fields, 8);
  if (fields.some((f) => f.number === 14 && f.varint === 1)) {
    throw new OnnxError('unsupported', `${what} "${name}" keeps its data in an external file; load the model with its weights embedded`);
  }
  const dims = repeatedVarints(fields, 1);
  const elemType = fields.find((f) => f.number === 2)?.varint ?? 0;
  if (elemType === 8) return { name, bytes: fields.filter((f) => f.number === 6).reduce((sum, f) => sum + f.data.length, 0) };
  return { name, bytes: tensorBytes(elemType, dims.reduce((a, b) => a * b, 1)) };
}

/** Bytes of a Constant node's value, whichever attribute holds it. */
function constantBytes(attributes: readonly WireField[][], node: string): number {
  for (const attr of attributes) {
    const name = firstString(attr, 1);
    switch (name) {
      case 'value': {
        const t = attr.find((f) => f.number === 5);
        if (t) return tensorProtoBytes(t.data, 'constant').bytes;
        break;
      }
      case 'sparse_value': {
        const sparse = attr.find((f) => f.number === 22);
        if (!sparse) break;
        return readFields(sparse.data)
          .filter((f) => f.number === 1 || f.number === 2)
          .reduce((sum, f) => sum + tensorProtoBytes(f.data, 'constant').bytes, 0);
      }
      case 'value_float': return 4;
      case 'value_int': return 8;
      case 'value_floats': return 4 * (attr.filter((f) => f.number === 7).reduce((n, f) => n + (f.wireType === WIRE_BYTES ? f.data.length / 4 : 1), 0));
      case 'value_ints': return 8 * repeatedVarints(attr, 8).length;
      case 'value_string': return attr.find((f) => f.number === 4)?.data.length ?? 0;
      case 'value_strings': return attr.filter((f) => f.number === 9).reduce((n, f) => n + f.data.length, 0);
      default: break;
    }
  }
  fail(`Constant node "${node}" has no value attribute`);
}

/**
 * Subgraphs (If, Loop, Scan bodies) nested deeper than this are refused: each level is a few
 * frames of recursion, and 2,000 levels (a 150 KB file) overflowed the stack into an internal
 * error (s28 hunt). Real models nest a few levels.
 */
const MAX_SUBGRAPH_DEPTH = 100;

/** Names a subgraph reads from its enclosing scopes. */
function outerNames(graph: Uint8Array, depth: number): string[] {
  const fields = readFields(graph);
  const defined = new Set<string>();
  const read: string[] = [];
  for (const field of fields) {
    if (field.number === 5) defined.add(firstString(readFields(field.data), 8));
    if (field.number === 11) defined.add(firstString(readFields(field.data), 1));
  }
  for (const field of fields.filter((f) => f.number === 1)) {
    const node = readNode(field.data, '', depth);
    for (const name of [...node.inputs, ...node.implicitInputs]) if (!defined.has(name)) read.push(name);
    for (const name of node.outputs) defined.add(name);
  }
  for (const field of fields.filter((f) => f.number === 12)) {
    const name = firstString(readFields(field.data), 1);
    if (!defined.has(name)) read.push(name);
  }
  return [...new Set(read)];
}

function readNode(raw: Uint8Array, fallbackName: string, depth = 0): OnnxNode & { attributes: WireField[][] } {
  const fields = readFields(raw);
  const opType = firstString(fields, 4);
  if (opType === '') fail(`node ${fallbackName} has no op_type`);
  const attributes = fields.filter((f) => f.number === 5).map((f) => readFields(f.data));
  const implicit: string[] = [];
  for (const attr of attributes) {
    for (const g of attr.filter((f) => f.number === 6 || f.number === 11)) {
      if (depth >= MAX_SUBGRAPH_DEPTH) throw new OnnxError('unsupported', `node "${firstString(fields, 3) || opType}" holds subgraphs nested more than ${MAX_SUBGRAPH_DEPTH} deep`);
      implicit.push(...outerNames(g.data, depth + 1));
    }
  }
  return {
    name: firstString(fields, 3) || `${opType} #${fallbackName}`,
    opType,
    domain: firstString(fields, 7),
    inputs: stringsOf(fields, 1).filter((n) => n !== ''),
    implicitInputs: [...new Set(implicit)],
    outputs: stringsOf(fields, 2).filter((n) => n !== ''),
    raw,
    attributes,
  };
}

function readValueInfo(raw: Uint8Array): OnnxValueInfo {
  const fields = readFields(raw);
  const info: OnnxValueInfo = { name: firstString(fields, 1), raw };
  const type = fields.find((f) => f.number === 2);
  const tensorType = type && readFields(type.data).find((f) => f.number === 1);
  if (!tensorType) return info;
  const tensor = readFields(tensorType.data);
  const elemType = tensor.find((f) => f.number === 1);
  if (elemType) info.elemType = elemType.varint;
  const shape = tensor.find((f) => f.number === 2);
  if (shape) {
    info.dims = readFields(shape.data).filter((f) => f.number === 1).map((dim) => {
      const parts = readFields(dim.data);
      const value = parts.find((f) => f.number === 1);
      if (value) return value.varint;
      const param = parts.find((f) => f.number === 2);
      return param ? text(param) : null;
    });
  }
  return info;
}

/** The default domain has two spellings. */
function domainKey(domain: string): string {
  return domain === 'ai.onnx' ? '' : domain;
}

/**
 * Parses an ONNX model.
 * @param bytes - the `.onnx` file's contents
 * @returns the model's graph, weights and raw parts
 * @throws OnnxError `format` when the bytes are not an ONNX model, `unsupported` for external data
 *   or an operator whose domain the model does not import
 */
export function parseOnnx(bytes: Uint8Array): OnnxModel {
  let modelFields: WireField[];
  try {
    modelFields = readFields(bytes);
  } catch (error) {
    if (error instanceof WireError) fail(`not an ONNX model (not protobuf: ${error.message})`);
    throw error;
  }
  const graphField = modelFields.find((f) => f.number === 7 && f.wireType === WIRE_BYTES);
  const irVersion = modelFields.find((f) => f.number === 1);
  if (!graphField || !irVersion) fail('not an ONNX model (no ir_version or graph)');
  const opsets = new Map<string, number>();
  for (const field of modelFields.filter((f) => f.number === 8)) {
    const opset = readFields(field.data);
    opsets.set(domainKey(firstString(opset, 1)), opset.find((f) => f.number === 2)?.varint ?? 0);
  }
  if (opsets.size === 0) fail('not an ONNX model (no opset_import)');
  try {
    return { modelFields: modelFields.filter((f) => f.number !== 7).map((f) => f.raw), opsets, graph: readGraph(graphField.data, opsets) };
  } catch (error) {
    if (error instanceof WireError) fail(`not an ONNX model (malformed graph: ${error.message})`);
    throw error;
  }
}

function readGraph(bytes: Uint8Array, opsets: Map<string, number>): OnnxGraph {
  const fields = readFields(bytes);
  const weights = new Map<string, OnnxWeight>();
  for (const field of fields) {
    if (field.number === 5) {
      const { name, bytes: size } = tensorProtoBytes(field.data, 'initializer');
      weights.set(name, { name, bytes: size, initializer: field.data });
    } else if (field.number === 15) {
      throw new OnnxError('unsupported', 'sparse initializers are not supported; convert them to dense initializers');
    }
  }
  const nodes: OnnxNode[] = [];
  const constants: OnnxNode[] = [];
  let position = 0;
  for (const field of fields.filter((f) => f.number === 1)) {
    position++;
    const { attributes, ...node } = readNode(field.data, String(position));
    if (!opsets.has(domainKey(node.domain))) {
      throw new OnnxError('unsupported', `operator ${node.domain}.${node.opType} (node "${node.name}") is from domain "${node.domain}", which the model does not import`);
    }
    if (node.opType === 'Constant' && domainKey(node.domain) === '') {
      const size = constantBytes(attributes, node.name);
      for (const output of node.outputs) weights.set(output, { name: output, bytes: size, constant: constants.length });
      constants.push(node);
    } else {
      nodes.push(node);
    }
  }
  const inputs: OnnxValueInfo[] = [];
  const weightInputs = new Map<string, Uint8Array>();
  for (const field of fields.filter((f) => f.number === 11)) {
    const info = readValueInfo(field.data);
    if (weights.has(info.name)) weightInputs.set(info.name, field.data);
    else inputs.push(info);
  }
  const valueInfo = new Map<string, OnnxValueInfo>();
  for (const field of fields.filter((f) => f.number === 13)) {
    const info = readValueInfo(field.data);
    valueInfo.set(info.name, info);
  }
  return {
    name: firstString(fields, 2),
    nodes,
    constants,
    weights,
    inputs,
    weightInputs,
    outputs: fields.filter((f) => f.number === 12).map((f) => readValueInfo(f.data)),
    valueInfo,
  };
}
