/**
 * What a user can get wrong, and the one error each gives: a file that is not ONNX, an operator
 * or opset the runtime lacks, a domain the model does not import, a shape nobody fixed, a plan
 * that does not cover the units.
 */
import { describe, expect, it } from 'vitest';
import { inspectOnnx, OnnxError, splitOnnx, type OnnxErrorKind } from '../src/onnx/index.js';
import { buildModel, chain, residual, type ModelSpec } from './fixtures/onnx/build.js';

async function failure(work: Promise<unknown>): Promise<OnnxError> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(OnnxError);
  return error as OnnxError;
}

async function expectKind(work: Promise<unknown>, kind: OnnxErrorKind, message: RegExp): Promise<void> {
  const error = await failure(work);
  expect(error.kind).toBe(kind);
  expect(error.message).toMatch(message);
}

function withOp(spec: ModelSpec, op: string, opset?: number): ModelSpec {
  return { opset: opset ?? spec.opset, graph: { ...spec.graph, nodes: spec.graph.nodes.map((n, i) => (i === 1 ? { ...n, op } : n)) } };
}

describe('not an ONNX model', () => {
  it.each([
    ['text', new TextEncoder().encode('{"model": {"time": [1]}}')],
    ['empty', new Uint8Array(0)],
    ['random bytes', Uint8Array.from({ length: 64 }, (_, i) => (i * 97 + 13) & 255)],
  ])('%s', async (_, bytes) => {
    await expectKind(inspectOnnx(bytes), 'format', /not an ONNX model/);
  });
});

describe('what the runtime cannot run', () => {
  it('an unknown operator', async () => {
    await expectKind(inspectOnnx(buildModel(withOp(chain, 'NoSuchOp')), { inputShapes: { x: [1, 8] } }), 'unsupported', /ONNX Runtime cannot load the model: .*NoSuchOp/);
  });

  it('an opset newer than the runtime knows', async () => {
    await expectKind(inspectOnnx(buildModel({ ...chain, opset: 99 }), { inputShapes: { x: [1, 8] } }), 'unsupported', /ONNX Runtime cannot load the model/);
  });

  it('an operator from a domain the model does not import', async () => {
    const spec: ModelSpec = { graph: { ...chain.graph, nodes: chain.graph.nodes.map((n, i) => (i === 1 ? { ...n, domain: 'com.vendor' } : n)) } };
    await expectKind(inspectOnnx(buildModel(spec), { inputShapes: { x: [1, 8] } }), 'unsupported', /operator com\.vendor\.Relu \(node "Relu_1"\) is from domain "com\.vendor", which the model does not import/);
  });
});

describe('shapes', () => {
  it('a dynamic dimension nobody fixed names the input and the flag that fixes it', async () => {
    await expectKind(inspectOnnx(buildModel(chain)), 'shape', /input "x" has dynamic shape \[N,8\]; give it, e\.g\. --shape x=1x8/);
  });

  it('a shape of the wrong rank or a fixed dimension changed', async () => {
    await expectKind(inspectOnnx(buildModel(chain), { inputShapes: { x: [1, 8, 1] } }), 'shape', /does not match input "x", declared as \[N,8\]/);
    await expectKind(inspectOnnx(buildModel(residual), { inputShapes: { x: [1, 5, 6, 6] } }), 'shape', /does not match/);
  });

  it('a shape for an input the model does not have', async () => {
    await expectKind(inspectOnnx(buildModel(residual), { inputShapes: { image: [1, 4, 6, 6] } }), 'shape', /no input "image"; its inputs are "x"/);
  });
});

describe('plans', () => {
  const bytes = buildModel(residual);
  it.each([
    [[], /no stages/],
    [[{ start: 0, end: 2 }, { start: 3, end: 5 }], /stage 2 starts at unit 4, expected unit 3/],
    [[{ start: 0, end: 2 }, { start: 2, end: 4 }], /covers 4 units but the model has 5/],
    [[{ start: 0, end: 0 }, { start: 0, end: 5 }], /at least one unit/],
  ])('%j is refused', async (stages, message) => {
    await expectKind(splitOnnx(bytes, stages), 'plan', message);
  });

  it('maxUnits must be a whole number ≥ 1', async () => {
    await expectKind(inspectOnnx(bytes, { maxUnits: 0 }), 'plan', /maxUnits/);
  });
});
