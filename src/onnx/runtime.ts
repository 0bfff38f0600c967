/**
 * Running models with ONNX Runtime (the `onnxruntime-web` package, WebAssembly, in Node and
 * browsers). It is an optional peer dependency, loaded on first use, so that parsing, inspecting
 * models with complete shape information and splitting work without it.
 */
import { OnnxError } from './errors.js';
import { ELEMENT_TYPE_NAMES, tensorBytes, type OnnxGraph } from './model.js';
import type { GraphOptimization, InputShapes } from './options.js';

type Ort = typeof import('onnxruntime-web');
/** An ONNX Runtime session. */
export type Session = Awaited<ReturnType<Ort['InferenceSession']['create']>>;
/** An ONNX Runtime tensor. */
export type Tensor = InstanceType<Ort['Tensor']>;
/** Named tensors, as fed to and returned by a run. */
export type Tensors = Record<string, Tensor>;

let runtime: Promise<Ort> | undefined;


/** Loads ONNX Runtime once; runs single-threaded unless the caller set `env.wasm.numThreads`. */
export function loadRuntime(): Promise<Ort> {
  runtime ??= import('onnxruntime-web').then(
    (ort) => {
      // One thread: profiles are comparable between runs and boards, and Node needs no worker setup.
      if (!ort.env.wasm.numThreads) ort.env.wasm.numThreads = 1;
      return ort;
    },
    () => {
      runtime = undefined;
      throw new OnnxError('runtime', 'running ONNX models needs the optional peer dependency onnxruntime-web (npm install onnxruntime-web)');
    },
  );
  return runtime;
}

/** The runtime's complaint without its wrapper and C++ source location, on one line. */
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = (message.split('\n').find((l) => l.trim() !== '') ?? message).trim();
  return line
    .replace(/^.*?ERROR_MESSAGE: /, '')
    .replace(/^\S+:\d+ [^(]*\([^)]*\)\s*/, '')
    .replace(/^\S+:\d+ /, '');
}

/**
 * Creates a session, turning the runtime's failures into `OnnxError`s.
 * @throws OnnxError `unsupported` when ONNX Runtime cannot load the model (an opset or operator it lacks)
 */
export async function createSession(bytes: Uint8Array, optimization: GraphOptimization = 'all'): Promise<Session> {
  const ort = await loadRuntime();
  try {
    return await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: optimization, logSeverityLevel: 4 });
  } catch (error) {
    throw new OnnxError('unsupported', `ONNX Runtime cannot load the model: ${firstLine(error)}`);
  }
}

/**
 * Runs a session, turning the runtime's failures into `OnnxError`s.
 * @throws OnnxError `runtime` when the run fails (e.g. an input shape the model rejects)
 */
export async function runSession(session: Session, feeds: Tensors): Promise<Tensors> {
  try {
    return (await session.run(feeds, { logSeverityLevel: 4 })) as Tensors;
  } catch (error) {
    throw new OnnxError('runtime', `ONNX Runtime could not run the model: ${firstLine(error)}`);
  }
}

/** Element type number of an ONNX Runtime type name. */
export function elemTypeOf(typeName: string): number {
  for (const [code, name] of Object.entries(ELEMENT_TYPE_NAMES)) if (name === typeName) return Number(code);
  throw new OnnxError('unsupported', `tensor type ${typeName} is not supported`);
}

/** Bytes a tensor from a run occupies: elements × element size, strings by their UTF-8 length. */
export function runTensorBytes(tensor: Tensor): number {
  if (tensor.type === 'string') return (tensor.data as string[]).reduce((sum, s) => sum + new TextEncoder().encode(s).length, 0);
  return tensorBytes(elemTypeOf(tensor.type), tensor.dims.reduce((a, b) => a * b, 1));
}


/**
 * The concrete shape of every graph input: the user's where given, else the model's fixed dims.
 * @throws OnnxError `shape` for an unknown name, a shape contradicting the model, or a dynamic
 *   dimension nobody fixed
 */
export function resolveInputShapes(graph: OnnxGraph, given: InputShapes = {}): Map<string, number[]> {
  for (const name of Object.keys(given)) {
    if (!graph.inputs.some((input) => input.name === name)) {
      throw new OnnxError('shape', `the model has no input "${name}"; its inputs are ${graph.inputs.map((i) => `"${i.name}"`).join(', ')}`);
    }
  }
  const shapes = new Map<string, number[]>();
  for (const input of graph.inputs) {
    const shape = given[input.name];
    const declared = input.dims;
    if (shape) {
      if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new OnnxError('shape', `shape of input "${input.name}" must be whole numbers ≥ 0, got ${shape.join('x')}`);
      if (declared && (declared.length !== shape.length || declared.some((d, i) => typeof d === 'number' && d !== shape[i]))) {
        throw new OnnxError('shape', `shape ${shape.join('x')} does not match input "${input.name}", declared as ${describeDims(declared)}`);
      }
      if (!Number.isSafeInteger(shape.reduce((a, b) => a * b, 1))) {
        throw new OnnxError('shape', `shape ${shape.join('x')} of input "${input.name}" has more elements than can be counted exactly (2^53); give a smaller shape (--shape, inputShapes)`);
      }
      shapes.set(input.name, [...shape]);
    } else if (declared && declared.every((d): d is number => typeof d === 'number')) {
      shapes.set(input.name, declared);
    } else {
      throw new OnnxError('shape', `input "${input.name}" has dynamic shape ${declared ? describeDims(declared) : '(unknown rank)'}; give it, e.g. --shape ${input.name}=${(declared ?? [1]).map((d) => (typeof d === 'number' ? d : 1)).join('x')}`);
    }
  }
  return shapes;
}

/** Dims as people write them: `[N,3,H,W]`. */
export function describeDims(dims: readonly (number | string | null)[]): string {
  return `[${dims.map((d) => (d === null ? '?' : String(d))).join(',')}]`;
}

/** A small seeded generator (mulberry32), so profiles and checks are repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Inputs for a run: floats uniform in [0, 1), integers and booleans zero (an index or a flag
 * that is always valid), from a seed.
 * @throws OnnxError `unsupported` for an input type that cannot be fed (strings, undeclared types)
 */
export async function randomFeeds(graph: OnnxGraph, shapes: Map<string, number[]>, seed: number): Promise<Tensors> {
  const ort = await loadRuntime();
  const random = seededRandom(seed);
  const feeds: Tensors = {};
  for (const input of graph.inputs) {
    const shape = shapes.get(input.name) as number[];
    const count = shape.reduce((a, b) => a * b, 1);
    const type = input.elemType === undefined ? undefined : ELEMENT_TYPE_NAMES[input.elemType];
    const bytes = input.elemType === undefined || type === 'string' ? 0 : tensorBytes(input.elemType, count);
    if (bytes > MAX_RUN_INPUT_BYTES) throw tooLarge(input.name, shape, bytes, 'ONNX Runtime Web (WebAssembly, 32-bit memory) holds at most 4 GiB');
    try {
      feeds[input.name] = randomTensor(ort, input.name, type, count, shape, random);
    } catch (error) {
      // The allocation itself can fail below the bound, on a machine with less memory.
      if (error instanceof RangeError) throw tooLarge(input.name, shape, bytes, error.message);
      throw error;
    }
  }
  return feeds;
}

/** Largest input a run here can be fed: ONNX Runtime Web's WebAssembly memory is 32-bit, 4 GiB in all. */
const MAX_RUN_INPUT_BYTES = 2 ** 32;

function tooLarge(name: string, shape: readonly number[], bytes: number, why: string): OnnxError {
  return new OnnxError('shape', `input "${name}" of shape ${shape.join('x')} is ${bytes.toLocaleString('en-US')} bytes, too large to run here (${why}); give a smaller shape (--shape, inputShapes)`);
}

/** One input filled as `randomFeeds` says. */
function randomTensor(ort: Ort, name: string, type: string | undefined, count: number, shape: number[], random: () => number): Tensor {
  switch (type) {
    case 'float32': return new ort.Tensor('float32', Float32Array.from({ length: count }, random), shape);
    case 'float64': return new ort.Tensor('float64', Float64Array.from({ length: count }, random), shape);
    case 'int64': return new ort.Tensor('int64', new BigInt64Array(count), shape);
    case 'int32': return new ort.Tensor('int32', new Int32Array(count), shape);
    case 'uint8': return new ort.Tensor('uint8', new Uint8Array(count), shape);
    case 'int8': return new ort.Tensor('int8', new Int8Array(count), shape);
    case 'bool': return new ort.Tensor('bool', new Uint8Array(count), shape);
    default: throw new OnnxError('unsupported', `input "${name}" has type ${type ?? 'undeclared'}; only numeric and boolean inputs can be generated`);
  }
}
