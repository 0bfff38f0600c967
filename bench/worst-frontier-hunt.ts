/**
 * `node dist-bench/bench/worst-frontier-hunt.js [regexp] [--reps N] [--engine wasm|ts]`: a
 * hostile search for frontiers that break README "Limits"' promise (every accepted input is
 * planned or refused within 5 s on a 2-core machine), aimed first at the frontier sweep's
 * refreshes of its bound (src/frontier-sweep.ts, `refreshWork`): large sweep tables (near
 * MAX_SWEEP_BYTES) and a wide span between the least bottleneck and the least-latency plan's
 * bottleneck, so the bound is refreshed many times. Each (case, engine) runs `--reps` times
 * (default 3), each in its own process, and the median wall time and CPU time are printed with
 * how it ended. A benchmark, not a test: the machines are shared and noisy, so no time is
 * asserted. `--child CASE ENGINE` runs one case once and prints one JSON line (the parent's).
 * For exploring, `HUNT_CUSTOM='{"counts":[1,4,4],"speeds":[1,0.9,0.8],"units":100,"seed":1}'`
 * (pools; units omitted: as many as 64 MB of sweep tables allow; seed 0: equal unit times) or
 * `HUNT_PROFILES='{"devices":10,"units":3000,"zeroShare":0.3}'` adds a case named "custom".
 *
 * Measured 2026-11-27 on the shared 2-core machine, Node 20, on main at 7cd2787 (after the
 * spread skip of 447c7d0), 3 runs each, new and old weight interleaved (new: a refresh counts
 * 2 × states × (units + 1) × kinds; old: 4 ×, built in a scratch copy). Median wall seconds (CPU
 * medians within 0.25 s of them); "refused N" = refused at the budget after N points. Load
 * average 1.8–2.6 during these runs. The passes rows run no sweep (same code at either weight;
 * measured at b80adc7, load 1.2–1.7).
 *
 * | case                                               | WASM new | WASM old | TS new | TS old | ends (new / old)    |
 * | -------------------------------------------------- | -------- | -------- | ------ | ------ | ------------------- |
 * | sweep: bench 8 distinct x 700                      | 1.27     | 1.13     | 1.90   | 1.76   | refused 1659 / 1424 |
 * | sweep: bench 10 distinct x 800 (59 MB)             | 2.04     | 1.76     | 2.92   | 2.73   | refused 258 / 228   |
 * | sweep: 1 fast + 1,000 slow (0.99) x 930, 64 MB     | 1.61     | 1.42     | 3.28   | 2.79   | refused 239 / 203   |
 * | sweep: 1 fast + 1,000 slow (0.5) x 930, 64 MB      | 1.55     | 1.40     | 3.00   | 2.80   | refused 312 / 278   |
 * | sweep: 1 fast + 1,022 slow (0.6) x 200             | 1.36     | 1.03     | 2.87   | 2.22   | refused 2171 / 1677 |
 * | sweep: 1 fast + 1,022 slow (0.1) x 400             | 1.51     | 1.38     | 3.31   | 3.07   | refused 1635 / 1501 |
 * | sweep: 2 pools of 63 x 454, 64 MB                  | 2.10     | 1.83     | 3.38   | 2.91   | refused 280 / 246   |
 * | sweep: 1 + 3 pools of 12 x 331, 64 MB              | 2.36     | 2.05     | 3.41   | 2.71   | refused 210 / 180   |
 * | sweep: 1 + 5 pools of 4 x 190, 64 MB               | 2.47     | 2.13     | 3.88   | 3.56   | refused 252 / 189   |
 * | sweep: 1 + 6 pools of 3 x 133, 64 MB               | 2.88     | 1.97     | 4.26   | 2.98   | refused 245 / 172   |
 * | sweep: 1 + 6 pools of 3 x 133, LCG times           | 2.81     | 2.00     | 4.16   | 2.94   | refused 234 / 157   |
 * | sweep: 1 + 6 pools of 3 (0.97 … 0.82) x 133, 64 MB | 2.41     | 1.70     | 4.01   | 2.85   | refused 234 / 164   |
 * | sweep: 1 + 7 pools of 2 x 231, 64 MB               | 3.18     | 2.37     | 4.48   | 3.58   | refused 317 / 215   |
 * | sweep: 1 + 7 pools of 2 x 231, LCG (reproducer)    | 2.84     | 2.09     | 3.84   | 3.39   | refused 273 / 188   |
 * | refresh: 1 + 2 pools of 200 x 17 (80,802 states)   | 1.27     | 0.82     | 2.59   | 1.58   | refused 55 / 22     |
 * | refresh: 1 + 2 pools of 100 x 75 equal units       | 1.18     | 0.71     | 2.41   | 1.48   | refused 8 / 4       |
 * | refresh: 1 + 2 pools of 361 x 5 (262,088 states)   | 0.85     | 0.73     | 1.79   | 1.51   | all 9 / refused 6   |
 * | refresh: 1 fast + 1,022 slow (0.95) x 300 equal    | 1.16     | 0.70     | 2.46   | 1.60   | refused 108 / 40    |
 * | refresh: 1 fast + 1,022 slow (0.6) x 910 equal     | 1.46     | 0.84     | 2.82   | 1.72   | refused 13 / 8      |
 * | passes: 10 profiles x 3,000 (no sweep)             | 1.92     | same     | 3.65   | same   | refused 70          |
 * | passes: 10 profiles x 3,000, 30 % zero-time        | 2.04     | same     | 3.50   | same   | refused 60          |
 * | passes: 11 profiles x 2,000                        | 1.98     | same     | 3.54   | same   | refused 58          |
 * | passes: 12 profiles x 600                          | 2.13     | same     | 3.46   | same   | refused 39          |
 * | passes: 12 profiles x 600, 30 % zero-time          | 1.95     | same     | 3.22   | same   | refused 33          |
 *
 * Single TS runs at the new weight went to 4.62 s (the reproducer), 4.82 s (1 + 6 pools of 3)
 * and 5.02 and 5.14 s (1 + 7 pools of 2, load 2.4). In a first full run at b80adc7 (before the
 * spread skip; load average 2.0–5.6 from other engineers' jobs) TS medians passed 5 s: 2 pools
 * of 63 5.10 s, 1 + 3 pools of 12 5.66 s, passes 10 x 3,000 zero-time 5.44 s, 11 x 2,000 5.11 s.
 *
 * Per counted step (TS, `node --cpu-prof` self time over the steps tallied in an instrumented
 * scratch copy, new weight): a refresh step 10.7–14 ns (17 ns with 2 kinds and 1,022 identical
 * devices); a spread or settle step 20–22 ns on 2 kinds, 28–37 ns on 6–8 kinds of small pools
 * (short rows; `chosen` interleaves kinds, so a spread's scan of one kind reads 4 bytes of every
 * 4 × kinds, 1/8 of each cache line at 8 kinds; a settled cell reads K predecessor rows far apart
 * in 64 MB of tables); the sweep's addStart 42–213 ns but under 6 % of any count seen. So
 * refreshes at 2 are the cheapest counted step, not an under-weighted one; halving their weight
 * hands their share of the budget to the costlier spread/settle steps (1 + 6 pools of 3:
 * refreshes 41 % of the count, 17 % of the time). 1 + 7 pools of 2 at 7cd2787: spread 73.8 M
 * steps at 36.8 ns, settle 37.4 M at 29.2 ns, 3 refreshes 48.7 M at 11.2 ns, about 0.5 s of setup
 * (least bottleneck, least-latency pass): 5.0 s.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { createSolver, frontierReference, type Device, type Problem } from '../src/index.js';
import { prepare } from '../src/prepare.js';
import { sweepBytes } from '../src/frontier-sweep.js';
import { syntheticProblem } from './cases.js';
import { rng } from './rng.js';

/** Random unit times, 0.05–1.05 ms, seeded; seed 0: every unit 1 ms (ties everywhere). */
function randomTimes(units: number, seed: number): number[] {
  if (seed === 0) return new Array<number>(units).fill(1);
  const r = rng(seed);
  return Array.from({ length: units }, () => 0.05 + r());
}

/**
 * One fast device and `slow` identical slower ones (two kinds, states 2 × (slow + 1)): the least
 * bottleneck spreads the model over every device, the least latency puts it all on the fast one,
 * so the sweep's limit climbs by about the number of devices and refreshes its bound some
 * 16 × ln(slow) times. Units as many as the sweep's tables allow.
 */
function fastAndSlowPool(slow: number, units: number, slowSpeed: number, seed: number): Problem {
  const devices: Device[] = [{ id: 'fast', speed: 1 }];
  for (let i = 0; i < slow; i++) devices.push({ id: `slow-${i}`, speed: slowSpeed });
  return { model: { time: randomTimes(units, seed) }, devices };
}

/**
 * The reproducers (the report's): 1 fast device and `kinds` kinds of `perKind` identical slower
 * ones (speeds 0.9, 0.8, …) over `units` units whose times come from a plain LCG, so the same
 * input can be rebuilt without this package's bench/rng.ts.
 */
function reproducer(kinds: number, perKind: number, units: number): Problem {
  let x = 1;
  const r = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const time = Array.from({ length: units }, () => 0.05 + r());
  const devices: Device[] = [{ id: 'fast', speed: 1 }];
  for (let k = 1; k <= kinds; k++) for (let i = 0; i < perKind; i++) devices.push({ id: `k${k}-${i}`, speed: 1 - k / 10 });
  return { model: { time }, devices };
}

/** Kinds of identical devices, speeds given per kind (states Π(count + 1)). */
function pools(counts: number[], speeds: number[], units: number, seed: number): Problem {
  const devices: Device[] = [];
  counts.forEach((count, k) => {
    for (let i = 0; i < count; i++) devices.push({ id: `k${k}-${i}`, speed: speeds[k] ?? 1 });
  });
  return { model: { time: randomTimes(units, seed) }, devices };
}

/**
 * Distinct devices, each with its own `time` array (so each is its own kind): random per-device
 * profiles, the fastest device for each unit varying, so the least latency mixes devices.
 */
function distinctProfiles(devices: number, units: number, seed: number, zeroShare = 0): Problem {
  const r = rng(seed);
  const zero = Array.from({ length: units }, () => r() < zeroShare);
  return {
    model: { time: new Array<number>(units).fill(1) },
    devices: Array.from({ length: devices }, (_, d) => ({ id: `p${d}`, time: Array.from({ length: units }, (_, u) => (zero[u] ? 0 : (0.05 + r()) * (1 + d / 4))) })),
  };
}

/** The largest unit count whose sweep tables fit 64 MB for this device set. */
function unitsFitting(devices: readonly Device[], model: (units: number) => Problem['model']): number {
  let lo = 1;
  let hi = 100_000;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const p = prepare({ model: model(mid), devices });
    if (sweepBytes(p) <= 64 * 1024 * 1024) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** fastAndSlowPool at the largest unit count its tables allow. */
function poolAtLimit(slow: number, slowSpeed: number, seed: number): Problem {
  const base = fastAndSlowPool(slow, 1, slowSpeed, seed);
  const units = unitsFitting(base.devices, (n) => ({ time: randomTimes(n, seed) }));
  return fastAndSlowPool(slow, units, slowSpeed, seed);
}

/** pools() at the largest unit count its tables allow. */
function poolsAtLimit(counts: number[], speeds: number[], seed: number): Problem {
  const base = pools(counts, speeds, 1, seed);
  const units = unitsFitting(base.devices, (n) => ({ time: randomTimes(n, seed) }));
  return pools(counts, speeds, units, seed);
}

interface HuntCase {
  name: string;
  problem: () => Problem;
}

const CASES: HuntCase[] = [
  // The sweep (tables within MAX_SWEEP_BYTES), its step budget mostly spent spreading and settling.
  { name: 'sweep: bench 8 distinct x 700', problem: () => syntheticProblem({ units: 700, kinds: Array(8).fill(1), seed: 80_300 }) },
  { name: 'sweep: bench 10 distinct x 800 (59 MB)', problem: () => syntheticProblem({ units: 800, kinds: Array(10).fill(1), seed: 10_800 }) },
  { name: 'sweep: 1 fast + 1,000 slow (0.99) x 930, 64 MB', problem: () => poolAtLimit(1000, 1 / 1.01, 1) },
  { name: 'sweep: 1 fast + 1,000 slow (0.5) x 930, 64 MB', problem: () => poolAtLimit(1000, 0.5, 1) },
  { name: 'sweep: 1 fast + 1,022 slow (0.6) x 200', problem: () => pools([1, 1022], [1, 0.6], 200, 1) },
  { name: 'sweep: 1 fast + 1,022 slow (0.1) x 400', problem: () => pools([1, 1022], [1, 0.1], 400, 1) },
  { name: 'sweep: 2 pools of 63 x 454, 64 MB', problem: () => poolsAtLimit([63, 63], [1, 0.9], 5) },
  { name: 'sweep: 1 + 3 pools of 12 x 331, 64 MB', problem: () => poolsAtLimit([1, 12, 12, 12], [1, 0.9, 0.8, 0.7], 7) },
  { name: 'sweep: 1 + 5 pools of 4 x 190, 64 MB', problem: () => poolsAtLimit([1, 4, 4, 4, 4, 4], [1, 0.95, 0.9, 0.85, 0.8, 0.75], 1) },
  { name: 'sweep: 1 + 6 pools of 3 x 133, 64 MB', problem: () => poolsAtLimit([1, 3, 3, 3, 3, 3, 3], [1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4], 1) },
  { name: 'sweep: 1 + 6 pools of 3 x 133, 64 MB, LCG times', problem: () => reproducer(6, 3, 133) },
  { name: 'sweep: 1 + 6 pools of 3 (0.97 … 0.82) x 133, 64 MB', problem: () => poolsAtLimit([1, 3, 3, 3, 3, 3, 3], [1, 0.97, 0.94, 0.91, 0.88, 0.85, 0.82], 3) },
  { name: 'sweep: 1 + 7 pools of 2 x 231, 64 MB', problem: () => poolsAtLimit([1, 2, 2, 2, 2, 2, 2, 2], [1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3], 1) },
  { name: 'sweep: 1 + 7 pools of 2 x 231, 64 MB, LCG times (the reproducer)', problem: () => reproducer(7, 2, 231) },
  // The sweep with its budget mostly spent refreshing its bound (refreshWork).
  { name: 'refresh: 1 + 2 pools of 200 x 17 (80,802 states)', problem: () => pools([1, 200, 200], [1, 0.9, 0.8], 17, 1) },
  { name: 'refresh: 1 + 2 pools of 100 x 75 equal units', problem: () => pools([1, 100, 100], [1, 0.9, 0.8], 75, 0) },
  { name: 'refresh: 1 + 2 pools of 361 x 5 (262,088 states)', problem: () => pools([1, 361, 361], [1, 0.9, 0.8], 5, 1) },
  { name: 'refresh: 1 fast + 1,022 slow (0.95) x 300 equal units', problem: () => pools([1, 1022], [1, 0.95], 300, 0) },
  { name: 'refresh: 1 fast + 1,022 slow (0.6) x 910 equal units, 64 MB', problem: () => poolsAtLimit([1, 1022], [1, 0.6], 0) },
  // Tables over MAX_SWEEP_BYTES: pass by pass, under MAX_SEARCH_STEPS (no sweep, no refreshes).
  { name: 'passes: 10 profiles x 3,000', problem: () => distinctProfiles(10, 3000, 1) },
  { name: 'passes: 10 profiles x 3,000, 30 % zero-time', problem: () => distinctProfiles(10, 3000, 1, 0.3) },
  { name: 'passes: 11 profiles x 2,000', problem: () => distinctProfiles(11, 2000, 1) },
  { name: 'passes: 12 profiles x 600', problem: () => distinctProfiles(12, 600, 8) },
  { name: 'passes: 12 profiles x 600, 30 % zero-time', problem: () => distinctProfiles(12, 600, 1, 0.3) },
];

/**
 * Exploration: `HUNT_CUSTOM='{"counts":[1,400],"speeds":[1,0.95],"units":12,"seed":1}'` adds a
 * case "custom" of pools() (units omitted: as many as the sweep tables allow).
 */
const customProfiles = process.env['HUNT_PROFILES'];
if (customProfiles !== undefined) {
  const spec = JSON.parse(customProfiles) as { devices: number; units: number; seed?: number; zeroShare?: number };
  CASES.push({ name: 'custom', problem: () => distinctProfiles(spec.devices, spec.units, spec.seed ?? 1, spec.zeroShare ?? 0) });
}
const custom = process.env['HUNT_CUSTOM'];
if (custom !== undefined) {
  const spec = JSON.parse(custom) as { counts: number[]; speeds: number[]; units?: number; seed?: number };
  CASES.push({ name: 'custom', problem: () => (spec.units === undefined ? poolsAtLimit(spec.counts, spec.speeds, spec.seed ?? 1) : pools(spec.counts, spec.speeds, spec.units, spec.seed ?? 1)) });
}

interface ChildResult {
  seconds: number;
  /** CPU seconds (user + system) of the call: less swayed than wall time by the machine's other load. */
  cpu: number;
  outcome: string;
  units: number;
  states: number;
  kinds: number;
  sweepMB: number;
}

async function child(name: string, engine: string): Promise<void> {
  const c = CASES.find((x) => x.name === name);
  if (!c) throw new Error(`no case ${name}`);
  const problem = c.problem();
  const p = prepare(problem);
  const solver = engine === 'wasm' ? await createSolver() : undefined;
  let outcome: string;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  try {
    const points = solver ? solver.frontier(problem) : frontierReference(problem);
    outcome = `${points.length} points`;
  } catch (error) {
    outcome = `${(error as Error).name}: ${(error as Error).message.slice(0, 100)}`;
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpuBefore);
  const result: ChildResult = { seconds, cpu: (used.user + used.system) / 1e6, outcome, units: p.unitCount, states: p.stateCount, kinds: p.kindCount, sweepMB: sweepBytes(p) / 2 ** 20 };
  console.log(JSON.stringify(result));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function parent(args: string[]): void {
  const repsAt = args.indexOf('--reps');
  const reps = repsAt >= 0 ? Number(args[repsAt + 1]) : 3;
  const engineAt = args.indexOf('--engine');
  const engines = engineAt >= 0 ? [args[engineAt + 1] ?? 'wasm'] : ['wasm', 'ts'];
  const pattern = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--reps' && args[i - 1] !== '--engine');
  const filter = pattern === undefined ? undefined : new RegExp(pattern);
  const self = fileURLToPath(import.meta.url);
  console.log(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log('case | engine | units | states | kinds | sweep MB | median wall s (runs) | median CPU s | outcome');
  for (const c of CASES) {
    if (filter !== undefined && !filter.test(c.name)) continue;
    for (const engine of engines) {
      const runs: ChildResult[] = [];
      for (let i = 0; i < reps; i++) {
        const run = spawnSync(process.execPath, [self, '--child', c.name, engine], { encoding: 'utf8', maxBuffer: 1 << 24 });
        const line = run.stdout.trim().split('\n').pop() ?? '';
        if (run.status !== 0 || !line.startsWith('{')) {
          console.log(`${c.name} | ${engine} | child failed: ${run.stderr.trim().slice(0, 200)}`);
          break;
        }
        runs.push(JSON.parse(line) as ChildResult);
      }
      const first = runs[0];
      if (!first) continue;
      const times = runs.map((r) => r.seconds);
      const cpu = median(runs.map((r) => r.cpu));
      console.log(`${c.name} | ${engine} | ${first.units} | ${first.states} | ${first.kinds} | ${first.sweepMB.toFixed(1)} | ${median(times).toFixed(2)} (${times.map((t) => t.toFixed(2)).join(', ')}) | ${cpu.toFixed(2)} | ${first.outcome}`);
    }
  }
  console.log(`load average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') await child(argv[1] ?? '', argv[2] ?? 'wasm');
else parent(argv);
