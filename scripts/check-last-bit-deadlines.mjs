// Deadlines at the last bit of some plan's latency, against an exhaustive oracle (docs/model.md,
// Requirements). Not a test (a minute or so): a check to run after changing the deadline search.
//   npm run build && node scripts/check-last-bit-deadlines.mjs [FROM_SEED TO_SEED] [DIST]
// Small problems (3–8 units of round times, 2–4 devices of round speeds): every plan is evaluated
// with `evaluatePlan`; each plan latency and the doubles either side of it is a deadline. Counts
// plans above the deadline (must be 0), plans with a larger bottleneck than the oracle's least
// under the deadline, refusals where the oracle has a plan, and plans of more stages than the
// objective's pick among those that meet the deadline. The WASM engine; the engines are
// compared elsewhere (test/requirements-last-bit.test.ts).
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [from = 0, to = 300] = process.argv.slice(2, 4).map(Number);
const dist = resolve(process.argv[4] ?? 'dist');
const lib = await import(pathToFileURL(`${dist}/index.js`).href);
const solver = await lib.createSolver();

/** The bench's generator (bench/rng.ts), so seeds mean the same everywhere. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const bits = new BigUint64Array(1);
const float = new Float64Array(bits.buffer);
/** The double `steps` ulps away from a positive x. */
function ulps(x, steps) {
  float[0] = x;
  bits[0] += BigInt(steps);
  return float[0];
}
/** Every plan: ordered distinct devices over consecutive ranges of units. */
function* plans(units, devices, start = 0, used = 0, stages = []) {
  if (start === units) {
    yield stages;
    return;
  }
  for (let end = start + 1; end <= units; end++) {
    for (let d = 0; d < devices.length; d++) {
      if (!(used & (1 << d))) yield* plans(units, devices, end, used | (1 << d), [...stages, { device: devices[d].id, start, end }]);
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
  const time = Array.from({ length: units }, () => (mode < 0.5 ? 1 + Math.floor(r() * 5) : mode < 0.8 ? [0.1, 0.2, 0.3, 0.7][Math.floor(r() * 4)] : Math.round(r() * 100) / 10));
  const devices = Array.from({ length: 2 + Math.floor(r() * 3) }, (_, j) => ({ id: `d${j}`, speed: [3, 3, 0.7, 1.1, 6, 0.3][Math.floor(r() * 6)] }));
  const problem = { model: { time }, devices };
  const all = [...plans(units, devices)].map((stages) => ({ ...lib.evaluatePlan(problem, stages), stageCount: stages.length }));
  const candidates = new Set(all.flatMap(({ latency }) => [latency, ulps(latency, -1), ulps(latency, 1)]));
  for (const maxLatency of candidates) {
    deadlines++;
    let least = Infinity;
    for (const { bottleneck, latency } of all) if (latency <= maxLatency && bottleneck < least) least = bottleneck;
    try {
      const plan = solver.solve(problem, { maxLatency });
      if (lib.evaluatePlan(problem, plan.stages).latency > maxLatency) {
        above++;
        console.log(`seed ${seed}: a plan above the deadline ${maxLatency}`);
      }
      if (plan.bottleneck > least + 1e-9 * least) slower++;
      else {
        // The objective among the plans that meet the deadline: the tie set of the least
        // bottleneck, latencies within 1e-9 of its least, then the fewest stages.
        const tied = all.filter((x) => x.latency <= maxLatency && x.bottleneck <= least + 1e-9 * least);
        const fastest = Math.min(...tied.map((x) => x.latency));
        const fewest = Math.min(...tied.filter((x) => x.latency <= fastest + 1e-9 * fastest).map((x) => x.stageCount));
        if (plan.stages.length > fewest) moreStages++;
      }
    } catch (error) {
      if (error.name !== 'InfeasibleError') throw error;
      if (least < Infinity) refused++;
    }
  }
}
console.log(JSON.stringify({ seeds: `${from}..${to - 1}`, deadlines, above, slower, refused, moreStages }));
