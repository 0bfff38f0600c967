// Interleaved A/B of two builds in one process, for changes too small for separate runs:
//   npx tsc -p tsconfig.bench.json && node bench/ab-builds.mjs DIST_A DIST_B CASE [ROUNDS]
// DIST_A and DIST_B are built `dist/` directories (absolute paths, e.g. a `git worktree` of the
// older commit after `npm run build`). CASE: effnet, deadline (EfficientNetV2-B0 with a deadline
// halfway along its frontier), deadline4x50, deadline8x300, frontier (EfficientNetV2-B0), frontier8x300, 2x1000d
// (2 devices x 1000 units, algorithm 'dnnpipe'), vit10 (PipeEdge ViT-Base, 10 Mbit/s links), frontierLinked (the
// general DP's frontier: 5 linked devices x 100 units, bench/cases.ts linkedCluster seed 5,100,001, 14 points),
// frontierSwitched (the bench's 6 boards on a switch + laptop, 100 units, 14 points). Prints each build's median µs per call and B/A;
// both builds must return the same plans. Run one build against itself, or swap A and B, to see
// the noise.
import { fileURLToPath } from 'node:url';

const [distA, distB, which, roundsArg] = process.argv.slice(2);
if (!distA || !distB || !which) throw new Error('usage: node bench/ab-builds.mjs DIST_A DIST_B CASE [ROUNDS]');
const cases = await import(fileURLToPath(new URL('../dist-bench/bench/cases.js', import.meta.url)));
const A = await (await import(`${distA}/index.js`)).createSolver();
const B = await (await import(`${distB}/index.js`)).createSolver();

/** The problem and options of a case; deadlines sit halfway between the frontier's two ends. */
function pick() {
  const halfway = (problem) => {
    const points = A.frontier(problem);
    return { maxLatency: ((points[0]?.latency ?? 0) + (points[points.length - 1]?.latency ?? 0)) / 2 };
  };
  const effnet = cases.effnetProblem();
  switch (which) {
    case 'effnet': return { problem: effnet, options: {} };
    case 'frontier': return { problem: effnet, options: {}, frontier: true };
    case 'frontier8x300': return { problem: cases.syntheticProblem({ units: 300, kinds: Array(8).fill(1), seed: 80_300 }), options: {}, frontier: true };
    case 'deadline': return { problem: effnet, options: halfway(effnet) };
    case 'deadline4x50': { const problem = cases.syntheticProblem({ units: 50, kinds: Array(4).fill(1), seed: 40_050 }); return { problem, options: halfway(problem) }; }
    case 'deadline8x300': { const problem = cases.syntheticProblem({ units: 300, kinds: Array(8).fill(1), seed: 80_300 }); return { problem, options: halfway(problem) }; }
    case 'vit10': {
      // The bench's "PipeEdge ViT-Base, 4 + 4 hosts, 10 Mbit/s links" as the previous release takes it.
      const { problem: { options: own, ...plain } } = cases.pipeEdgeCase('google/vit-base-patch16-224', 0.01);
      return { problem: plain, options: { slots: own.slots } };
    }
    case 'frontierLinked': return { problem: cases.linkedCluster(5, 100, 5_100_001), options: {}, frontier: true };
    case 'frontierSwitched': return { problem: cases.switchedCluster(100), options: {}, frontier: true };
    case '2x1000d': return { problem: cases.syntheticProblem({ units: 1000, kinds: [1, 1], seed: 21_000 }), options: { algorithm: 'dnnpipe' } };
    default: throw new Error(`unknown case ${which}`);
  }
}

const { problem, options, frontier } = pick();
const run = frontier ? (solver) => solver.frontier(problem, options) : (solver) => solver.solve(problem, options);
const shape = (result) => JSON.stringify(frontier ? result.map((plan) => plan.stages) : result.stages);
if (shape(run(A)) !== shape(run(B))) throw new Error('the two builds return different plans');
const perCall = (solver, ms) => {
  let calls = 0;
  const started = performance.now();
  let now;
  do {
    run(solver);
    calls++;
    now = performance.now();
  } while (now - started < ms);
  return ((now - started) / calls) * 1000;
};
for (let i = 0; i < 3; i++) {
  perCall(A, 100);
  perCall(B, 100);
}
const a = [];
const b = [];
// Each round runs both, in alternating order: whichever runs second in a round measured up to
// ~10 % differently from the first on a busy machine (a position bias, not a build's).
for (let i = 0; i < Number(roundsArg ?? 20); i++) {
  if (i % 2 === 0) {
    a.push(perCall(A, 100));
    b.push(perCall(B, 100));
  } else {
    b.push(perCall(B, 100));
    a.push(perCall(A, 100));
  }
}
const median = (values) => values.sort((x, y) => x - y)[values.length >> 1];
console.log(`${which}: A ${median(a).toFixed(2)} µs, B ${median(b).toFixed(2)} µs, B/A ${(median(b) / median(a)).toFixed(3)}`);
