/**
 * Deadlines at the last bit of some plan's latency, against an exhaustive oracle (docs/model.md,
 * Requirements). Not a test (a minute or so): a check to run after changing the deadline search.
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/last-bit-deadlines.js [FROM TO] [DIST]
 * Small problems (3–8 units of round times, 2–4 devices of round speeds), seeded with the bench's
 * generator: every plan is evaluated with `evaluatePlan`; each plan latency and the doubles either
 * side of it is a deadline. Counts plans above the deadline (must be 0), plans with a larger
 * bottleneck than the oracle's least under the deadline, refusals where the oracle has a plan, and
 * plans of more stages than the objective's pick among those that meet the deadline. The WASM
 * engine of this checkout's sources, or of a built `dist/` given as DIST (to compare builds); the
 * engines are compared elsewhere (test/requirements-last-bit.test.ts).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as here from '../src/index.js';
import type { Plan, Problem } from '../src/index.js';
import { rng } from './rng.js';

const [from = 0, to = 300] = process.argv.slice(2, 4).map(Number);
const lib = (process.argv[4] ? await import(pathToFileURL(resolve(process.argv[4], 'index.js')).href) : here) as typeof here;
const solver = await lib.createSolver();

const bits = new BigUint64Array(1);
const float = new Float64Array(bits.buffer);
/** The double `steps` ulps away from a positive x. */
function ulps(x: number, steps: number): number {
  float[0] = x;
  bits[0] = (bits[0] ?? 0n) + BigInt(steps);
  return float[0] ?? NaN;
}

type Stage = { device: string; start: number; end: number };
/** Every plan: ordered distinct devices over consecutive ranges of units. */
function* plans(units: number, devices: { id: string }[], start = 0, used = 0, stages: Stage[] = []): Generator<Stage[]> {
  if (start === units) {
    yield stages;
    return;
  }
  for (let end = start + 1; end <= units; end++) {
    for (let d = 0; d < devices.length; d++) {
      if (!(used & (1 << d))) yield* plans(units, devices, end, used | (1 << d), [...stages, { device: devices[d]?.id ?? '', start, end }]);
    }
  }
}

let deadlines = 0;
let above = 0;
let slower = 0;
let refused = 0;
let moreStages = 0;
for (let seed = from; seed < to; seed++) {
  const r = rng(seed);
  const units = 3 + Math.floor(r() * 6);
  const mode = r();
  const time = Array.from({ length: units }, () => (mode < 0.5 ? 1 + Math.floor(r() * 5) : mode < 0.8 ? ([0.1, 0.2, 0.3, 0.7][Math.floor(r() * 4)] ?? 0) : Math.round(r() * 100) / 10));
  const devices = Array.from({ length: 2 + Math.floor(r() * 3) }, (_, j) => ({ id: `d${j}`, speed: [3, 3, 0.7, 1.1, 6, 0.3][Math.floor(r() * 6)] ?? 1 }));
  const problem: Problem = { model: { time }, devices };
  const all = [...plans(units, devices)].map((stages) => ({ ...lib.evaluatePlan(problem, stages), stageCount: stages.length }));
  const candidates = new Set(all.flatMap(({ latency }) => [latency, ulps(latency, -1), ulps(latency, 1)]));
  for (const maxLatency of candidates) {
    deadlines++;
    let least = Infinity;
    for (const { bottleneck, latency } of all) if (latency <= maxLatency && bottleneck < least) least = bottleneck;
    let plan: Plan;
    try {
      plan = solver.solve(problem, { maxLatency });
    } catch (error) {
      if ((error as Error).name !== 'InfeasibleError') throw error;
      if (least < Infinity) refused++;
      continue;
    }
    if (lib.evaluatePlan(problem, plan.stages).latency > maxLatency) {
      above++;
      console.log(`seed ${seed}: a plan above the deadline ${maxLatency}`);
    }
    if (plan.bottleneck > least + 1e-9 * least) {
      slower++;
      continue;
    }
    // The objective among the plans that meet the deadline: the tie set of the least bottleneck,
    // latencies within 1e-9 of its least, then the fewest stages.
    const tied = all.filter((x) => x.latency <= maxLatency && x.bottleneck <= least + 1e-9 * least);
    const fastest = Math.min(...tied.map((x) => x.latency));
    const fewest = Math.min(...tied.filter((x) => x.latency <= fastest + 1e-9 * fastest).map((x) => x.stageCount));
    if (plan.stages.length > fewest) moreStages++;
  }
}
console.log(JSON.stringify({ seeds: `${from}..${to - 1}`, deadlines, above, slower, refused, moreStages }));
