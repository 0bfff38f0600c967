/**
 * `npm run bench [-- --quick] [-- --json FILE] [-- --filter TEXT]`
 *
 * One tinybench `Bench` per case, engines and baselines side by side in the same run, inputs
 * built outside the measured functions. Prints a table per case (median, p99, ops/s, ratio to
 * the WASM engine, WASM memory) and optionally writes JSON with machine, Node version and date.
 * `--quick` runs every task once: a smoke check for CI, not a measurement.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { Bench } from 'tinybench';
import { createPlanner, createSolver, solveReference, type Problem, type SolveOptions, type Solver } from '../src/index.js';
import { paperDp } from './baselines/paper-dp.js';
import { effnetProblem, paperInput, pipeEdgeCase, syntheticProblem } from './cases.js';
import { pipeEdgeDp, type PipeEdgeBaselineInput } from './baselines/pipeedge-dp.js';

interface Task {
  name: string;
  run: () => unknown;
}

interface Case {
  name: string;
  problem: Problem;
  options: SolveOptions;
  /** Extra tasks beside the WASM engine. */
  baselines: ('ts' | 'wasm-dnnpipe' | 'ts-dnnpipe' | 'paper-dp' | 'pipeedge-dp' | 'replan')[];
  /** Input of the PipeEdge baseline, for PipeEdge cases. */
  pipeEdge?: PipeEdgeBaselineInput;
  /** The issue's target for the WASM median, µs (reported, never asserted). */
  targetMicros?: number;
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const jsonIndex = args.indexOf('--json');
const jsonFile = jsonIndex >= 0 ? args[jsonIndex + 1] : undefined;
const filterIndex = args.indexOf('--filter');
const filter = filterIndex >= 0 ? args[filterIndex + 1] : undefined;

function cases(): Case[] {
  const list: Case[] = [];
  list.push({ name: 'effnetv2b0 (273 units, 4 devices)', problem: effnetProblem(), options: {}, baselines: ['ts', 'wasm-dnnpipe', 'ts-dnnpipe', 'paper-dp'], targetMicros: 50 });
  list.push({ name: 're-planning effnetv2b0: device 4 drops out and comes back', problem: effnetProblem(), options: {}, baselines: ['replan'] });
  for (const devices of [2, 4, 6, 8, 10]) {
    for (const units of [50, 200, 1000]) {
      const problem = syntheticProblem({ units, kinds: Array(devices).fill(1), seed: devices * 10_000 + units });
      list.push({ name: `sweep ${devices} devices x ${units} units`, problem, options: {}, baselines: ['ts'] });
    }
  }
  for (const memoryShare of [undefined, 0.12]) {
    const tag = memoryShare === undefined ? '' : ', binding memory';
    list.push({ name: `12 distinct x 1000, secondary none${tag}`, problem: syntheticProblem({ units: 1000, kinds: Array(12).fill(1), seed: 12, memoryShare }), options: { secondary: 'none' }, baselines: ['ts'], targetMicros: 25_000 });
    list.push({ name: `16 distinct x 1000, secondary none${tag}`, problem: syntheticProblem({ units: 1000, kinds: Array(16).fill(1), seed: 16, memoryShare }), options: { secondary: 'none' }, baselines: [], targetMicros: 250_000 });
    list.push({ name: `16 in 4 kinds of 4 x 1000${tag}`, problem: syntheticProblem({ units: 1000, kinds: [4, 4, 4, 4], seed: 44, memoryShare }), options: {}, baselines: ['ts'], targetMicros: 2_000 });
  }
  for (const [model, label] of [['google/vit-base-patch16-224', 'ViT-Base'], ['google/vit-large-patch16-224', 'ViT-Large']] as const) {
    for (const [scale, tag] of [[1, ''], [0.1, ', 100 Mbit/s links'], [0.01, ', 10 Mbit/s links']] as const) {
      const { problem, baseline } = pipeEdgeCase(model, scale);
      list.push({ name: `PipeEdge ${label}, 4 + 4 hosts${tag}`, problem, options: { slots: { in: 2, out: 2 } }, baselines: ['ts', 'pipeedge-dp'], pipeEdge: baseline });
    }
  }
  return list.filter((c) => filter === undefined || c.name.includes(filter));
}

function tasksFor(c: Case, solver: Solver): Task[] {
  const tasks: Task[] = [{ name: 'wasm (auto)', run: () => solver.solve(c.problem, c.options) }];
  for (const baseline of c.baselines) {
    if (baseline === 'ts') tasks.push({ name: 'ts reference (auto)', run: () => solveReference(c.problem, c.options) });
    if (baseline === 'wasm-dnnpipe') tasks.push({ name: "wasm ('dnnpipe', safe)", run: () => solver.solve(c.problem, { ...c.options, algorithm: 'dnnpipe' }) });
    if (baseline === 'ts-dnnpipe') tasks.push({ name: "ts reference ('dnnpipe', safe)", run: () => solveReference(c.problem, { ...c.options, algorithm: 'dnnpipe' }) });
    if (baseline === 'pipeedge-dp' && c.pipeEdge) {
      const input = c.pipeEdge;
      tasks.push({ name: 'baseline: PipeEdge DP (published)', run: () => pipeEdgeDp(input) });
    }
    if (baseline === 'replan') {
      // Each call is one re-plan: device "4" leaves, then joins again. The fresh solves plan the
      // same two problems from scratch, alternating the same way.
      const planner = createPlanner(c.problem, c.options);
      const device = c.problem.devices.find((d) => d.id === '4');
      const without = { ...c.problem, devices: c.problem.devices.filter((d) => d.id !== '4') };
      let gone = false;
      tasks.push({ name: 'planner.update (drop / re-add device 4)', run: () => { planner.update(gone ? { addDevices: [device!] } : { removeDevices: ['4'] }); gone = !gone; } });
      let flip = false;
      tasks.push({ name: 'fresh solve of the changed cluster', run: () => { solver.solve(flip ? c.problem : without, c.options); flip = !flip; } });
    }
    if (baseline === 'paper-dp') {
      const input = paperInput(c.problem);
      tasks.push({ name: 'baseline: paper DP (published)', run: () => paperDp(input) });
    }
  }
  return tasks;
}

function micros(ms: number): string {
  return ms * 1000 >= 100 ? (ms * 1000).toFixed(0) : (ms * 1000).toFixed(1);
}

async function main(): Promise<void> {
  const solver = await createSolver();
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.arch()}` },
    quick,
    cases: [] as unknown[],
  };
  console.log(`dnnpipe bench — ${report.date}, Node ${report.node}, ${report.machine.cpus} x ${report.machine.cpu}${quick ? ' (quick: one run per task, not a measurement)' : ''}\n`);
  for (const c of cases()) {
    const plan = solver.solve(c.problem, c.options);
    const bench = new Bench({ name: c.name, time: quick ? 0 : 400, iterations: quick ? 1 : 8, warmupTime: quick ? 0 : 100, warmupIterations: quick ? 0 : 2 });
    const tasks = tasksFor(c, solver);
    for (const task of tasks) bench.add(task.name, task.run);
    await bench.run();
    // WASM memory this case needs: a fresh instance grows to exactly its layout.
    const fresh = await createSolver();
    fresh.solve(c.problem, c.options);
    const wasmMemory = fresh.memoryBytes();
    const rows = bench.tasks.map((task) => {
      const result = task.result;
      if (result.state !== 'completed') throw new Error(`${c.name} / ${task.name}: ${result.state === 'errored' ? result.error.message : result.state}`);
      return { task: task.name, medianMs: result.latency.p50, p99Ms: result.latency.p99, opsPerSecond: result.throughput.mean, samples: result.latency.samplesCount };
    });
    const wasmMedian = rows[0]?.medianMs ?? NaN;
    const baselineBottleneck = c.pipeEdge ? (pipeEdgeDp(c.pipeEdge)?.bottleneck ?? Infinity) * 1000 : c.baselines.includes('paper-dp') ? (paperDp(paperInput(c.problem))?.bottleneck ?? Infinity) : undefined;
    const agreement = baselineBottleneck === undefined ? '' : `, baseline's bottleneck ${baselineBottleneck.toPrecision(12)} ms (${Math.abs(baselineBottleneck - plan.bottleneck) <= 1e-9 * plan.bottleneck ? 'same' : 'DIFFERENT'})`;
    console.log(`## ${c.name}: bottleneck ${plan.bottleneck.toPrecision(12)} ms${agreement}, ${plan.stages.length} stages, latencyOptimal ${plan.stats.latencyOptimal}, WASM memory ${(wasmMemory / 2 ** 20).toFixed(1)} MB${c.targetMicros ? `, target ≤ ${c.targetMicros} µs` : ''}`);
    console.table(rows.map((r) => ({
      task: r.task,
      'median µs': micros(r.medianMs),
      'p99 µs': micros(r.p99Ms),
      'ops/s': Math.round(r.opsPerSecond),
      'x wasm': (r.medianMs / wasmMedian).toFixed(1),
      samples: r.samples,
    })));
    report.cases.push({ name: c.name, options: c.options, bottleneck: plan.bottleneck, baselineBottleneck: baselineBottleneck ?? null, latencyOptimal: plan.stats.latencyOptimal, wasmMemoryBytes: wasmMemory, targetMicros: c.targetMicros ?? null, tasks: rows });
  }
  if (jsonFile) {
    writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${jsonFile}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
