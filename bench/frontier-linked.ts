/**
 * Frontiers of linked clusters (`linkedCluster`: links between pairs, activations, a camera on
 * d0), the general DP's kind of problem, over a range of seeds: which are listed within the step
 * budget (README, "Limits") and how many stage transitions each took. Not a test (timings):
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/frontier-linked.js [DEVICES UNITS FROM TO] [DIST]
 * Defaults: 8 devices × 300 units, seeds 1–20. The WASM engine of the shipped `dist/`, or of
 * another build given as DIST; both engines count the same transitions.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as api from '../src/index.js';
import { linkedCluster } from './cases.js';

const [devices = 8, units = 300, from = 1, to = 21] = process.argv.slice(2, 6).map(Number);
const dist = resolve(process.argv[6] ?? 'dist');
const lib = (await import(pathToFileURL(resolve(dist, 'index.js')).href)) as typeof api;
const solver = await lib.createSolver();

let listed = 0;
for (let seed = from; seed < to; seed++) {
  const started = performance.now();
  try {
    const points = solver.frontier(linkedCluster(devices, units, seed));
    listed++;
    // Every plan of a frontier carries the whole search's counters.
    console.log(`seed ${seed}: ${points.length} points, ${(points[0]?.stats.transitions ?? 0).toLocaleString('en-US')} transitions, ${(performance.now() - started).toFixed(0)} ms`);
  } catch (error) {
    if (!(error instanceof lib.ProblemError)) throw error;
    console.log(`seed ${seed}: refused after ${(performance.now() - started).toFixed(0)} ms: ${error.message.slice(0, 90)}…`);
  }
}
console.log(`${devices} linked devices × ${units} units, seeds ${from}–${to - 1}, ${dist}: listed ${listed} of ${to - from}`);
