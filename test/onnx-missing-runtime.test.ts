/**
 * onnxruntime-web is an optional peer: without it, whatever needs a run fails with one clear
 * error, and what needs none (a model whose shapes are all declared) still works.
 */
import { describe, expect, it, vi } from 'vitest';
import { buildModel, chain, residual } from './fixtures/onnx/build.js';

vi.mock('onnxruntime-web', () => {
  throw new Error('Cannot find package onnxruntime-web');
});

describe('without onnxruntime-web', () => {
  it('a run says which package to install', async () => {
    const { inspectOnnx, OnnxError } = await import('../src/onnx/index.js');
    const error = await inspectOnnx(buildModel(chain), { inputShapes: { x: [1, 8] } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OnnxError);
    expect((error as InstanceType<typeof OnnxError>).kind).toBe('runtime');
    expect((error as Error).message).toBe('running ONNX models needs the optional peer dependency onnxruntime-web (npm install onnxruntime-web)');
  });

  it('inspect and split of a model with declared shapes need no runtime', async () => {
    const { inspectOnnx, splitOnnx } = await import('../src/onnx/index.js');
    const units = await inspectOnnx(buildModel(residual));
    expect(units.sizesFrom).toBe('model');
    expect(await splitOnnx(buildModel(residual), [{ start: 0, end: 2 }, { start: 2, end: 5 }])).toHaveLength(2);
  });
});
