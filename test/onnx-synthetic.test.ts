/**
 * inspect and split on small graphs built here: a chain, a residual block, two branches sharing
 * a weight, a node with two outputs (and a model output produced early). Known answers for weight
 * MB and crossing tensors, real tensor sizes from a run, and split parts chained against the whole.
 */
import { describe, expect, it } from 'vitest';
import { inspectOnnx, splitOnnx, splitOnnxParts } from '../src/onnx/index.js';
import { seededRandom } from '../src/onnx/runtime.js';
import { branches, buildModel, chain, residual, twoOutputs, weightBytes, type ModelSpec } from './fixtures/onnx/build.js';
import { bytesOf, crossingByDefinition, decode, maxRelativeDifference, randomInputs, run, runEverything } from './fixtures/onnx/oracle.js';

const MB = 2 ** 20;

interface Case {
  spec: ModelSpec;
  shapes: Record<string, number[]>;
  /** Whether every crossing tensor's shape is declared in the model. */
  declared: boolean;
}

const cases: Case[] = [
  { spec: chain, shapes: { x: [3, 8] }, declared: false },
  { spec: residual, shapes: { x: [1, 4, 6, 6] }, declared: true },
  { spec: branches, shapes: { x: [2, 6] }, declared: false },
  { spec: twoOutputs, shapes: { x: [3, 10] }, declared: false },
];

/** Runs parts in a chain, each fed the tensors produced so far by name. */
async function runChain(parts: Uint8Array[], inputs: Record<string, import('onnxruntime-web').Tensor>): Promise<Record<string, import('onnxruntime-web').Tensor>> {
  let available = { ...inputs };
  let last = {};
  for (const part of parts) {
    last = await run(part, available);
    available = { ...available, ...last };
  }
  return last;
}

describe.each(cases)('$spec.graph.name', ({ spec, shapes, declared }) => {
  const bytes = buildModel(spec);
  const weights = new Map((spec.graph.weights ?? []).map((w) => [w.name, weightBytes(w)]));

  it('one unit per node; each unit weighs the weights its node reads, a shared weight in every reader', async () => {
    const units = await inspectOnnx(bytes, { inputShapes: shapes });
    expect(units.units.map((u) => u.nodes.length)).toEqual(spec.graph.nodes.map(() => 1));
    spec.graph.nodes.forEach((node, k) => {
      const expected = [...new Set(node.inputs)].reduce((sum, name) => sum + (weights.get(name) ?? 0), 0) / MB;
      expect(units.units[k]?.memory, `unit ${k + 1}`).toBe(expected);
      expect(units.model.memory[k]).toBe(expected);
    });
    expect(units.sizesFrom).toBe(declared ? 'model' : 'run');
  });

  it('crossing tensors follow the definition and their bytes are the real sizes from a run', async () => {
    const units = await inspectOnnx(bytes, { inputShapes: shapes });
    const decoded = decode(bytes);
    const tensors = await runEverything(bytes, randomInputs(shapes, seededRandom(5)));
    units.units.forEach((unit, k) => {
      const expected = crossingByDefinition(decoded, unit.end);
      expect(new Set(unit.crossing), `unit ${k + 1}`).toEqual(expected);
      expect(unit.outputBytes, `unit ${k + 1}`).toBe([...expected].reduce((sum, name) => sum + bytesOf(tensors[name]!), 0));
    });
    expect(units.model.inputBytes).toBe(Object.keys(shapes).reduce((sum, name) => sum + bytesOf(tensors[name]!), 0));
  });

  it('random plans: the parts run in a chain reproduce the whole model', async () => {
    const seed = 20261127;
    const random = seededRandom(seed);
    const count = spec.graph.nodes.length;
    const inputs = randomInputs(shapes, random);
    const whole = await run(bytes, inputs);
    for (let trial = 0; trial < 3; trial++) {
      const cuts = [...new Set(Array.from({ length: 1 + Math.floor(random() * (count - 1)) }, () => 1 + Math.floor(random() * (count - 1))))].sort((a, b) => a - b);
      const bounds = [0, ...cuts, count];
      const stages = bounds.slice(0, -1).map((start, i) => ({ start, end: bounds[i + 1] as number }));
      const parts = await splitOnnx(bytes, stages, { inputShapes: shapes });
      expect(parts).toHaveLength(stages.length);
      expect(maxRelativeDifference(whole, await runChain(parts, inputs)), `seed ${seed}, trial ${trial}, cuts ${cuts.join(',')}`).toBeLessThanOrEqual(1e-5);
    }
  });
});

describe('crossing tensors', () => {
  it('a cut inside the residual block ships the skip tensor too', async () => {
    const units = await inspectOnnx(buildModel(residual));
    expect(units.units.map((u) => u.crossing)).toEqual([['x', 'c1'], ['x', 'r1'], ['x', 'c2'], ['s'], ['y']]);
    expect(units.units[0]?.outputBytes).toBe(2 * 4 * 4 * 6 * 6);
  });

  it('a model output produced early passes through every later part, and parts name their tensors', async () => {
    const { parts } = await splitOnnxParts(buildModel(twoOutputs), [{ start: 0, end: 2 }, { start: 2, end: 4 }, { start: 4, end: 5 }], { inputShapes: { x: [3, 10] } });
    expect(parts.map((p) => [p.inputs, p.outputs])).toEqual([
      [['x'], ['early', 'p', 'q']],
      [['early', 'p', 'q'], ['early', 'p2', 'q2']],
      [['early', 'p2', 'q2'], ['y', 'early']],
    ]);
  });

  it('maxUnits keeps the cut points with the least crossing bytes; ties split the largest unit evenly', async () => {
    const all = await inspectOnnx(buildModel(residual));
    // Cuts after nodes 1..4 cross 1152, 1152, 1152 and 576 bytes (the first three carry the skip tensor).
    expect(all.units.slice(0, -1).map((u) => u.outputBytes)).toEqual([1152, 1152, 1152, 576]);
    const merged = await inspectOnnx(buildModel(residual), { maxUnits: 3 });
    expect(merged.units).toHaveLength(3);
    // The 576-byte cut first; then, among three equal cuts inside [0, 4), the middle one.
    expect(merged.units.map((u) => [u.start, u.end])).toEqual([[0, 2], [2, 4], [4, 5]]);
    // Weights are counted per unit: the merged units' MB are the sums of their nodes' weights.
    expect(merged.units.map((u) => u.memory)).toEqual(merged.units.map((u) => all.units.slice(u.start, u.end).reduce((s, v) => s + v.memory, 0)));
  });
});
