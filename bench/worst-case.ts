/**
 * `node dist-bench/bench/worst-case.js`: the worst accepted inputs of each kind, planned or
 * refused once in each engine, with the wall time of each (README, "Limits": every accepted
 * input is planned or refused within 5 s on a 2-core machine). A benchmark, not a test: the
 * machines are shared and noisy, so no time is asserted anywhere.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSolver, frontierReference, solveReference, type Device, type Link, type Problem, type SolveOptions } from '../src/index.js';
import { effnetProblem, linkedCluster, syntheticProblem } from './cases.js';
import { rng } from './rng.js';

/** Distinct devices with binding memory over many units: the fast path's largest searches. */
function distinct(devices: number, units: number): Problem {
  const r = rng(devices * 7 + units);
  const time = Array.from({ length: units }, () => 0.05 + r());
  const memory = Array.from({ length: units }, () => 1 + r() * 10);
  const total = memory.reduce((a, b) => a + b, 0);
  return {
    model: { time, memory },
    devices: Array.from({ length: devices }, (_, i) => ({ id: `d${i}`, speed: 0.2 + r() * 2, memory: Math.round((total / devices) * (0.9 + r() * 0.6)) })),
  };
}

/** Every unit takes 0 ms and activations cross the cuts: nothing prunes the general DP. */
function zeroTime(kinds: number, perKind: number, units: number, lastFitsNowhere: boolean): Problem {
  const devices = [];
  for (let k = 0; k < kinds; k++) for (let i = 0; i < perKind; i++) devices.push({ id: `k${k}-${i}`, speed: 1 + k, memory: 100 });
  const outputBytes = Array.from({ length: units }, (_, i) => (lastFitsNowhere && i === units - 1 ? 2 ** 40 : 1024));
  return { model: { time: new Array<number>(units).fill(0), memory: new Array<number>(units).fill(0.1), outputBytes, inputBytes: 1024 }, devices };
}

/**
 * One fast device and 1,023 identical slow ones over 909 units of 1 % jitter (an outside review,
 * s23): 2 kinds but 2,048 states, sweep tables just under 64 MB, and nearly all the sweep's work
 * in spreading (2 refreshes), where each step misses the caches.
 */
function fastAndSlow(): Problem {
  const r = rng(11);
  return { model: { time: Array.from({ length: 909 }, () => 1 + 0.01 * r()) }, devices: [{ id: 'fast', speed: 1.5 }, ...Array.from({ length: 1023 }, (_, i) => ({ id: `s${i}`, speed: 1 }))] };
}

/** 2 devices (speeds 1.1 and 1) over 100,000 units of 0.05–1.05 ms, seeded: the outside review's case. */
function twoRandom(): Problem {
  const r = rng(7);
  return { model: { time: Array.from({ length: 100_000 }, () => 0.05 + r()) }, devices: [{ id: 'a', speed: 1.1 }, { id: 'b', speed: 1 }] };
}

interface WorstCase {
  name: string;
  problem: Problem;
  options: SolveOptions;
  frontier?: boolean;
  /** A deadline (`maxLatency`) at this share of the plain plan's latency, found first, untimed. */
  deadlineShare?: number;
}

const CASES: WorstCase[] = [
  { name: '14 distinct devices x 100,000 units, binding memory (near the largest search accepted)', problem: distinct(14, 100_000), options: {} },
  { name: '15 distinct devices x 100,000 units (refused: beyond MAX_PROBE_WORK)', problem: distinct(15, 100_000), options: {} },
  { name: '16 distinct devices x 1,000 units, binding memory', problem: distinct(16, 1000), options: {} },
  { name: "'dnnpipe', 1,024 identical devices x 1,023 units", problem: { model: { time: new Array<number>(1023).fill(1) }, devices: Array.from({ length: 1024 }, (_, i) => ({ id: `n${i}` })) }, options: { algorithm: 'dnnpipe' } },
  { name: 'activations: 2 kinds x 64 devices, 712 zero-time units, last output fits nowhere', problem: zeroTime(2, 64, 712, true), options: {} },
  { name: 'activations: 2 kinds x 64 devices, 712 zero-time units (feasible)', problem: zeroTime(2, 64, 712, false), options: {} },
  { name: 'activations: 8 distinct x 300 zero-time units (reaches the step budget)', problem: zeroTime(8, 1, 300, false), options: {} },
  { name: 'deadline at 70 % of the plain latency, 10 distinct x 800 units', problem: syntheticProblem({ units: 800, kinds: Array(10).fill(1), seed: 7 }), options: {}, deadlineShare: 0.7 },
  { name: 'deadline at 70 % of the plain latency, 12 distinct x 1,000 units, binding memory (reaches the step budget)', problem: syntheticProblem({ units: 1000, kinds: Array(12).fill(1), seed: 7, memoryShare: 0.3 }), options: {}, deadlineShare: 0.7 },
  { name: 'frontier of EfficientNetV2-B0', problem: effnetProblem(), options: {}, frontier: true },
  { name: 'frontier, 8 distinct x 500 units (3,064 points)', problem: syntheticProblem({ units: 500, kinds: Array(8).fill(1), seed: 80_300 }), options: {}, frontier: true },
  { name: 'frontier, 8 distinct x 700 units (reaches the sweep step budget)', problem: syntheticProblem({ units: 700, kinds: Array(8).fill(1), seed: 80_300 }), options: {}, frontier: true },
  { name: 'frontier, 4 kinds of 4 devices x 1,000 units (reaches the sweep step budget)', problem: syntheticProblem({ units: 1000, kinds: [4, 4, 4, 4], seed: 5 }), options: {}, frontier: true },
  { name: 'frontier, 2 devices x 100,000 unit-time units (stage admissions reach the sweep step budget)', problem: { model: { time: new Array<number>(100_000).fill(1) }, devices: [{ id: 'fast', speed: 2 }, { id: 'slow', speed: 1 }] }, options: {}, frontier: true },
  { name: 'frontier, 2 devices x 100,000 random unit times (the stage heap outgrows the caches)', problem: twoRandom(), options: {}, frontier: true },
  { name: 'frontier, 4 distinct x 100,000 units (tables over 64 MB: pass by pass)', problem: { model: { time: new Array<number>(100_000).fill(1) }, devices: [1, 2, 3, 4].map((speed) => ({ id: `d${speed}`, speed })) }, options: {}, frontier: true },
  { name: 'frontier, 10 distinct x 800 units (sweep tables near 64 MB)', problem: syntheticProblem({ units: 800, kinds: Array(10).fill(1), seed: 10_800 }), options: {}, frontier: true },
  { name: 'frontier, 1 fast + 1,023 identical devices x 909 units (sweep tables near 64 MB, spreading misses the caches)', problem: fastAndSlow(), options: {}, frontier: true },
  // The general DP's passes, cheap under relevance, each reset and scanned 8.3 million cells:
  // counted (passOverhead), so the budget bounds them (uncounted, 5.4 s TS before it was). They
  // now reset and scan only the rows they write (freshTable), and count those, and a walk over
  // all 8,192 states a pass.
  { name: 'frontier, 13 linked distinct devices x 77 units (general DP: 8.3 million cells, reaches the step budget)', problem: linkedCluster(13, 77, 1), options: {}, frontier: true },
  { name: 'frontier, 12 linked distinct devices x 60 units (general DP: 4,096 states, 23 points)', problem: linkedCluster(12, 60, 1), options: {}, frontier: true },
  { name: 'frontier, 8 linked distinct devices x 300 units (general DP: 60 points, past the step budget before the memory room)', problem: linkedCluster(8, 300, 1), options: {}, frontier: true },
  { name: 'deadline at 70 % of the plain latency, 13 linked distinct devices x 77 units (general DP)', problem: linkedCluster(13, 77, 1), options: {}, deadlineShare: 0.7 },
  // An outside review's ladder (s24): pairs of devices for unit 1 and unit 2 joined by the only
  // cheap link; 131,072 states, whose free kinds each pass found anew (38 million divisions a
  // pass, uncounted until passOverhead counted them: 10 s in either engine). Refused at the step
  // budget while every pass scanned every row; now its 2–9 rows a pass, and the walks over all
  // states and the relaxation's first useful ends for each, counted per state.
  { name: 'frontier, a ladder of 8 linked pairs + 1 device x 2 units (general DP: 131,072 states)', problem: ladder(), options: {}, frontier: true },
  // An outside review's (s26): a stage on the last free device walked every end up to the last
  // unit, uncounted (13.8 s TS); a pass with few states checked the budget only per state (6.0 s
  // TS, ending 38.5 million transitions past it).
  { name: 'deadline just below the least latency, 2 distinct x 23,000 units with activations (general DP)', problem: chain(23_000, [{ speed: 100 }, { speed: 1 }]), options: { maxLatency: 236 } },
  { name: 'deadline at 70 % of the plain latency, 3 distinct x 10,000 units with activations, the fast one holding 1,000 (reaches the step budget)', problem: chain(10_000, [{ speed: 100, memory: 1000 }, { speed: 1, memory: 1e9 }, { speed: 1.1, memory: 1e9 }]), options: {}, deadlineShare: 0.7 },
];

/** Units of 1–1.06 ms and 1 MB, small activations: the general DP with nothing else binding. */
function chain(units: number, devices: { speed: number; memory?: number }[]): Problem {
  return {
    model: { time: Array.from({ length: units }, (_, i) => 1 + (i % 7) * 0.01), memory: new Array<number>(units).fill(1), outputBytes: new Array<number>(units).fill(1000) },
    devices: devices.map((d, i) => ({ id: `d${i}`, speed: d.speed, ...(d.memory === undefined ? {} : { memory: d.memory }), bandwidth: 1000 })),
  };
}

function outcome(run: () => unknown): string {
  try {
    const value = run() as { bottleneck?: number; length?: number };
    return Array.isArray(value) ? `${value.length} plans` : `planned, bottleneck ${value.bottleneck}`;
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message.slice(0, 90)}…`;
  }
}

/**
 * CLI input files just under the 64 MiB limit, built to make JSON.parse and the read-once copy
 * slow (README, "Limits": an object's keys and the objects and arrays of a file are bounded and
 * checked by a scan before parsing): each is one `dnnpipe plan FILE` process, timed whole.
 */
/** The ladder above: device a_j runs unit 1, b_j unit 2, a_j → b_j the only link without a cost. */
function ladder(): Problem {
  const devices: Device[] = [];
  const links: Link[] = [];
  for (let j = 0; j < 8; j++) {
    devices.push({ id: `a${j}`, time: [1 + 0.1 * j, null], bandwidth: 1 });
    devices.push({ id: `b${j}`, time: [null, 1 - 0.11 * j], bandwidth: 1 });
    links.push({ from: `a${j}`, to: `b${j}`, bandwidth: null, latency: 0 });
  }
  devices.push({ id: 'e16', time: [3.16, 3], bandwidth: 1 });
  return { model: { outputBytes: [1e6, 1e6] }, devices, links };
}

const HUGE_FILES: { name: string; text: () => string }[] = [
  { name: '3,000,000 keys in one object (38 MB)', text: () => `{"x":{${Array.from({ length: 3_000_000 }, (_, i) => `"k${i}":0`).join(',')}}}` },
  { name: '8,000,000 one-number arrays (32 MB)', text: () => `{"x":[${new Array<string>(8_000_000).fill('[1]').join(',')}]}` },
  { name: '200,000 arrays of 150 numbers, under the container limit (60 MB)', text: () => `{"x":[${new Array<string>(200_000).fill(`[${new Array<string>(150).fill('0').join(',')}]`).join(',')}]}` },
  { name: '33 arrays of 1,000,000 numbers (66 MB)', text: () => `{"x":[${new Array<string>(33).fill(`[${new Array<string>(1_000_000).fill('0').join(',')}]`).join(',')}]}` },
  { name: '16,000,000 one-letter strings in 16 arrays (64 MB)', text: () => `{"x":[${new Array<string>(16).fill(`[${new Array<string>(1_000_000).fill('"a"').join(',')}]`).join(',')}]}` },
];

function timeHugeFiles(): void {
  const dir = mkdtempSync(join(tmpdir(), 'dnnpipe-worst-'));
  const cli = fileURLToPath(new URL('../../dist/bin.cjs', import.meta.url));
  try {
    for (const file of HUGE_FILES) {
      const path = join(dir, 'input.json');
      writeFileSync(path, file.text());
      const started = performance.now();
      const run = spawnSync(process.execPath, [cli, 'plan', path], { encoding: 'utf8' });
      const seconds = (performance.now() - started) / 1000;
      console.log(`CLI input: ${file.name} | process | ${seconds.toFixed(2)} s | exit ${run.status}: ${run.stderr.trim().slice(0, 90)}…`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  timeHugeFiles();
  const solver = await createSolver();
  for (const c of CASES) {
    if (c.deadlineShare !== undefined) c.options = { ...c.options, maxLatency: c.deadlineShare * solver.solve(c.problem, c.options).latency };
    for (const engine of ['wasm', 'ts'] as const) {
      const started = performance.now();
      const result = outcome(() => {
        if (c.frontier) return engine === 'wasm' ? solver.frontier(c.problem, c.options) : frontierReference(c.problem, c.options);
        return engine === 'wasm' ? solver.solve(c.problem, c.options) : solveReference(c.problem, c.options);
      });
      const seconds = (performance.now() - started) / 1000;
      console.log(`${c.name} | ${engine} | ${seconds.toFixed(2)} s | ${result}`);
    }
  }
}

await main();
