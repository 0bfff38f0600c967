/**
 * Measured time per unit on the machine this runs on: each unit becomes a model of its own, is
 * fed its real inputs (the tensors the units before it produce from one seeded input), warmed up,
 * and timed; the median of the timed runs is its time.
 */
import { OnnxError } from './errors.js';
import { analyse, type InspectOptions } from './inspect.js';
import type { GraphOptimization } from './options.js';
import { createSession, randomFeeds, runSession, type Tensors } from './runtime.js';
import { splitAnalysed } from './split.js';

/** Options of `profileOnnx`. */
export interface ProfileOptions extends InspectOptions {
  /** Timed runs per unit; the median is reported. @default 10 */
  runs?: number;
  /** Untimed runs per unit first (caches, lazy allocation). @default 2 */
  warmup?: number;
  /** ONNX Runtime's graph optimization level for each unit. @default 'all' */
  optimization?: GraphOptimization;
  /** Called after each unit is timed (unit number from 1, unit count, its median ms). */
  onProgress?: (unit: number, units: number, ms: number) => void;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function checkCount(value: number, name: string, least: number): void {
  if (!(Number.isInteger(value) && value >= least)) throw new OnnxError('plan', `${name} must be a whole number ≥ ${least}, got ${String(value)}`);
}

/**
 * Measures each unit's milliseconds here, as a device entry's `time` profile.
 * @param bytes - the `.onnx` file
 * @param options - runs, warm-up, and the input shapes and `maxUnits` the units are found with
 * @returns milliseconds per unit, in unit order (the units `inspectOnnx` finds with the same options)
 * @throws OnnxError when the model cannot be parsed, shaped or run
 */
export async function profileOnnx(bytes: Uint8Array, options: ProfileOptions = {}): Promise<number[]> {
  const runs = options.runs ?? 10;
  const warmup = options.warmup ?? 2;
  checkCount(runs, 'runs', 1);
  checkCount(warmup, 'warmup', 0);
  const analysis = await analyse(bytes, options);
  const parts = splitAnalysed(analysis, analysis.units.units.map((_, k) => ({ start: k, end: k + 1 })));
  let available: Tensors = await randomFeeds(analysis.model.graph, analysis.shapes, options.seed ?? 1);
  const times: number[] = [];
  for (const [index, part] of parts.entries()) {
    const session = await createSession(part.model, options.optimization ?? 'all');
    try {
      const feeds = Object.fromEntries(part.inputs.map((name) => [name, available[name] as Tensors[string]]));
      let outputs: Tensors = {};
      for (let i = 0; i < warmup; i++) outputs = await runSession(session, feeds);
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        outputs = await runSession(session, feeds);
        samples.push(performance.now() - started);
      }
      available = { ...available, ...outputs };
      const ms = median(samples);
      times.push(ms);
      options.onProgress?.(index + 1, parts.length, ms);
    } finally {
      await session.release();
    }
  }
  return times;
}
