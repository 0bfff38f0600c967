/**
 * `node dist-bench/bench/worst-hunt-s28.js [regexp]`: the s28 hostile hunt's findings and near
 * misses against README "Limits" (every accepted input is planned or refused within 5 s on a
 * 2-core machine, in either engine), each rebuilt from its shape or seed and timed once per
 * engine, each run in its own process killed after 60 s (`--child CASE ENGINE` runs one and
 * prints one line). API cases time the call, not the building of their input (the random
 * deadline case times the deadline solve only). CLI cases (`engine: cli`) time a whole `dnnpipe` process on files written to
 * a temporary directory. A benchmark, not a test: the machines are shared and noisy, so no time
 * is asserted. Figures before and after the fixes are in the s28 report; run `npm run build`
 * first (the CLI cases run dist/bin.cjs).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPlanner, createSolver, frontierReference, solveReference, type Device, type Link, type Problem, type SolveOptions } from '../src/index.js';
import { MessageWriter } from '../src/onnx/protobuf.js';
import { linkedByHub } from './cases.js';
import { rng } from './rng.js';

const CLI = fileURLToPath(new URL('../../dist/bin.cjs', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));

// ---- problems -----------------------------------------------------------------------------

/** As `linkedByHub`, but 8 devices told apart and 1,015 alike: 2^8 × 1,016 states, accepted. */
function hubAccepted(): Problem {
  const devices: Device[] = Array.from({ length: 1023 }, (_, i) => ({ id: `d${i}`, bandwidth: 100 }));
  devices.push({ id: 'hub', bandwidth: 100, compute: false });
  const links: Link[] = [];
  for (let i = 0; i + 1 < 1023; i++) links.push({ from: `d${i}`, to: `d${i + 1}`, bandwidth: 100 });
  for (let i = 0; i < 1023; i++) links.push({ from: `d${i}`, to: 'hub', bandwidth: i < 8 ? 1 + i : 50 });
  return { model: { time: [1, 1], outputBytes: [1000, 1000] }, devices, links };
}

/** 8 heads linked to every other device at the bandwidths' rate, told apart by a link to their own endpoint; 1,008 alike. */
function heads(): Problem {
  const devices: Device[] = [];
  for (let k = 0; k < 8; k++) devices.push({ id: `h${k}`, bandwidth: 100 });
  for (let i = 0; i < 1008; i++) devices.push({ id: `o${i}`, bandwidth: 100 });
  for (let k = 0; k < 8; k++) devices.push({ id: `z${k}`, bandwidth: 100, compute: false });
  const links: Link[] = [];
  for (let k = 0; k < 8; k++) {
    for (let j = k + 1; j < 8; j++) links.push({ from: `h${k}`, to: `h${j}`, bandwidth: 100 });
    for (let i = 0; i < 1008; i++) links.push({ from: `h${k}`, to: `o${i}`, bandwidth: 100 });
    links.push({ from: `h${k}`, to: `z${k}`, bandwidth: 1 + k });
  }
  return { model: { time: [1, 2], outputBytes: [1000, 1000] }, devices, links };
}

/** `n` devices with their own profiles, `heads` of them differing from the rest in the last unit only. */
function profiles(n: number, units: number, headCount: number): Problem {
  return {
    model: {},
    devices: Array.from({ length: n }, (_, i) => {
      const time = new Array<number>(units).fill(1);
      time[units - 1] = i < headCount ? 2 + i : 1;
      return { id: `d${i}`, time };
    }),
  };
}

/** The hunt's random shapes (seeded): kinds near the state limit, units near the work limits. */
function randomCase(seed: number): { problem: Problem; op: string; options: SolveOptions; share: number } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const general = r() < 0.6;
  const op = pick(['solve', 'solve', 'frontier', 'frontier', 'deadline', 'maxStages', 'firstlast', 'planner']);
  const target = pick([64, 512, 4096, 32768, 1 << 18]);
  const style = pick(['distinct', 'few-big', 'mixed', 'fast+pool']);
  const sizes: number[] = [];
  let states = 1;
  const push = (m: number): boolean => (states * (m + 1) <= target ? (sizes.push(m), (states *= m + 1), true) : false);
  if (style === 'distinct') while (push(1));
  else if (style === 'few-big') {
    const k = 2 + Math.floor(r() * 3);
    const m = Math.floor(Math.pow(target, 1 / k)) - 1;
    for (let i = 0; i < k; i++) push(Math.max(1, m));
  } else if (style === 'fast+pool') {
    push(1);
    push(Math.min(1022, Math.floor(target / 2) - 1));
  } else for (let guard = 0; guard < 40; guard++) if (!push(pick([1, 1, 2, 3, 7, 15, 31, 63])) && !push(1)) break;
  const K = sizes.length;
  let units = general || op === 'maxStages' || op === 'firstlast' ? Math.max(1, Math.floor((1 << 23) / (states * (K + 1))) - 1) : Math.max(1, Math.floor(1.2e8 / (states * K * 289)));
  units = Math.max(1, Math.floor(Math.min(units, pick([100000, 20000, 3000, 800, 300, 60])) * (0.5 + 0.5 * r())));
  const magnitude: number = pick<number>([1, 1, 1, 1e-300, 1e300 / (units + 1) / 1e3, 1e-6]);
  const zeroShare = pick([0, 0, 0.5, 1]);
  const time: number[] = Array.from({ length: units }, () => (r() < zeroShare ? 0 : magnitude * (0.05 + r())));
  if (!time.some((t) => t !== 0)) time[0] = magnitude;
  const tight = r() < 0.5;
  const memory = tight ? Array.from({ length: units }, () => 1 + r() * 10) : undefined;
  const totalMemory = memory ? memory.reduce((a, b) => a + b, 0) : 0;
  const outputBytes = general ? Array.from({ length: units }, () => Math.floor(1e3 + r() * 1e6)) : undefined;
  const nulls = r() < 0.3;
  const devices: Device[] = [];
  sizes.forEach((m, k) => {
    const speed = pick([1, 1 + k * 0.1, 0.2 + r() * 2, 1 + 1e-12 * k]);
    const mem = tight ? Math.max(11, Math.round((totalMemory / Math.max(1, sizes.reduce((a, b) => a + b, 0))) * (0.8 + r()))) : undefined;
    const bandwidth = general ? Math.round(10 + r() * 1000) : undefined;
    const profile = nulls && r() < 0.5 ? time.map((t, u) => (r() < 0.1 && u % (k + 2) === 0 ? null : t / speed)) : undefined;
    for (let i = 0; i < m; i++) {
      devices.push({ id: `k${k}-${i}`, ...(profile ? { time: profile } : { speed }), ...(mem === undefined ? {} : { memory: mem }), ...(bandwidth === undefined ? {} : { bandwidth }) });
    }
  });
  const problem: Problem = { model: { time, ...(memory ? { memory } : {}), ...(outputBytes ? { outputBytes, inputBytes: 150528 } : {}) }, devices };
  if (general && r() < 0.4) (problem.devices as Device[]).push({ id: 'cam', compute: false, bandwidth: 100 }), (problem.source = 'cam');
  if (general && r() < 0.3) (problem.devices as Device[]).push({ id: 'disp', compute: false, bandwidth: 50 }), (problem.sink = 'disp');
  const options: SolveOptions = {};
  if (op === 'maxStages') options.maxStages = 1 + Math.floor(r() * Math.min(units, problem.devices.length));
  if (op === 'firstlast') {
    options.first = problem.devices[0]?.id as string;
    if (r() < 0.5) options.last = problem.devices[problem.devices.length - 1 - (problem.sink ? 1 : 0) - (problem.source ? 1 : 0)]?.id as string;
  }
  return { problem, op, options, share: pick([0.7, 0.95, 0.999999, 1.0000001, 1.5]) };
}

// ---- ONNX and YAML files ------------------------------------------------------------------

/** A graph of `n` Relu-like nodes with every tensor's shape declared (no run needed). */
function onnxModel(shape: 'chain' | 'chain-distinct' | 'fan-in' | 'reversed' | 'shared-read', n: number): Uint8Array {
  const info = (name: string, dims: number[]): MessageWriter => {
    const dimensions = new MessageWriter();
    for (const d of dims) dimensions.bytes(1, new MessageWriter().int(1, d));
    return new MessageWriter().bytes(1, name).bytes(2, new MessageWriter().bytes(1, new MessageWriter().int(1, 1).bytes(2, dimensions)));
  };
  const node = (op: string, inputs: string[], output: string, name: string): MessageWriter => {
    const m = new MessageWriter();
    for (const i of inputs) m.bytes(1, i);
    return m.bytes(2, output).bytes(3, name).bytes(4, op);
  };
  const nodes: MessageWriter[] = [];
  const declared = new Map<string, number[]>();
  let outputs = ['y'];
  if (shape === 'chain' || shape === 'chain-distinct') {
    for (let i = 0; i < n; i++) {
      const out = i === n - 1 ? 'y' : `t${i}`;
      nodes.push(node('Relu', [i === 0 ? 'x' : `t${i - 1}`], out, `n${i}`));
      if (out !== 'y') declared.set(out, shape === 'chain' ? [1, 1] : [1, 1 + ((i * 7919) % n)]);
    }
  } else if (shape === 'fan-in') {
    for (let i = 0; i < n - 1; i++) (nodes.push(node('Relu', ['x'], `t${i}`, `n${i}`)), declared.set(`t${i}`, [1, 1]));
    nodes.push(node('Sum', Array.from({ length: n - 1 }, (_, i) => `t${i}`), 'y', 'sum'));
  } else if (shape === 'reversed') {
    const half = Math.floor(n / 2);
    for (let i = 0; i < half; i++) (nodes.push(node('Relu', [i === 0 ? 'x' : `t${i - 1}`], `t${i}`, `c${i}`)), declared.set(`t${i}`, [1, 1]));
    for (let i = 0; i < n - half; i++) (nodes.push(node('Relu', ['x'], `s${i}`, `s${i}`)), declared.set(`s${i}`, [1, 1]));
    nodes.reverse();
    outputs = [`t${half - 1}`, ...Array.from({ length: n - half }, (_, i) => `s${i}`)];
  } else {
    for (let i = 0; i < n - 1; i++) (nodes.push(node('Relu', ['h'], `s${i}`, `s${i}`)), declared.set(`s${i}`, [1, 1]));
    nodes.push(node('Relu', ['x'], 'h', 'h'));
    declared.set('h', [1, 1]);
    outputs = Array.from({ length: n - 1 }, (_, i) => `s${i}`);
  }
  const g = new MessageWriter();
  for (const m of nodes) g.bytes(1, m);
  g.bytes(2, shape).bytes(11, info('x', [1, 1]));
  const isOutput = new Set(outputs);
  for (const o of outputs) g.bytes(12, info(o, declared.get(o) ?? [1, 1]));
  for (const [name, dims] of declared) if (!isOutput.has(name)) g.bytes(13, info(name, dims));
  return new MessageWriter().int(1, 8).bytes(2, 'hunt').bytes(7, g).bytes(8, new MessageWriter().bytes(1, '').int(2, 17)).finish();
}

/** `levels` If nodes nested in each other's then_branch, encoded inside out. */
function nestedModel(levels: number): Uint8Array {
  const info = (name: string, type = 1): MessageWriter => new MessageWriter().bytes(1, name).bytes(2, new MessageWriter().bytes(1, new MessageWriter().int(1, type).bytes(2, new MessageWriter())));
  let inner = new MessageWriter().bytes(1, new MessageWriter().bytes(1, 'x').bytes(2, 'o0').bytes(3, 'id').bytes(4, 'Identity')).bytes(2, 'g0').bytes(12, info('o0')).finish();
  for (let d = 1; d <= levels; d++) {
    const node = new MessageWriter().bytes(1, 'c').bytes(2, `o${d}`).bytes(3, `if${d}`).bytes(4, 'If').bytes(5, new MessageWriter().bytes(1, 'then_branch').int(20, 5).bytes(6, inner));
    const graph = new MessageWriter().bytes(1, node).bytes(2, d === levels ? 'nested' : `g${d}`);
    if (d === levels) graph.bytes(11, info('x')).bytes(11, info('c', 9));
    inner = graph.bytes(12, info(`o${d}`)).finish();
  }
  return new MessageWriter().int(1, 8).bytes(2, 'hunt').bytes(7, inner).bytes(8, new MessageWriter().bytes(1, '').int(2, 17)).finish();
}

/** A plan file of `parts` stages over `units` units. */
function planFile(units: number, parts: number): string {
  const per = Math.floor(units / parts);
  return JSON.stringify({ stages: Array.from({ length: parts }, (_, i) => ({ device: `d${i}`, start: i * per, end: i === parts - 1 ? units : (i + 1) * per })) });
}

/** PipeEdge's models.yml with `extra` appended. */
function modelsYaml(extra: string): string {
  return `${readFileSync(join(FIXTURES, 'pipeedge-models.yml'), 'utf8')}${extra}`;
}

/** 1,024 devices, all 523,776 pairs' first 65,536 linked at the bandwidths' rate, units bigger than any memory. */
function withoutFile(): Problem {
  const devices = Array.from({ length: 1024 }, (_, i) => ({ id: `d${i}`, bandwidth: 100, memory: 1 }));
  const links: Link[] = [];
  outer: for (let a = 0; a < 1024; a++) for (let b = a + 1; b < 1024; b++) if (links.push({ from: `d${a}`, to: `d${b}`, bandwidth: 100 }) === 65_536) break outer;
  return { model: { time: new Array<number>(10).fill(1), memory: new Array<number>(10).fill(1e6), outputBytes: new Array<number>(10).fill(1000) }, devices, links };
}

// ---- cases ----------------------------------------------------------------------------------

type ApiRun = (engine: 'wasm' | 'ts') => Promise<string>;
interface Case {
  name: string;
  /** An API call, timed in each engine; or CLI arguments, run in `dir` with `files` written there. */
  api?: ApiRun;
  cli?: { files: () => Record<string, string | Uint8Array>; args: string[] };
}

function outcome(value: unknown): string {
  if (Array.isArray(value)) return `${value.length} plans`;
  const plan = value as { bottleneck?: number; stats?: { method?: string } };
  return `planned, bottleneck ${plan.bottleneck} (${plan.stats?.method})`;
}

/** When the timed part of an API case began: after its input is built, where the case says so. */
let timedFrom: number | undefined;

const solveCase = (problem: () => Problem, options: SolveOptions = {}): ApiRun => async (engine) => {
  const p = problem();
  const solver = await createSolver();
  timedFrom = performance.now();
  if (engine === 'ts') return outcome(solveReference(p, options));
  return outcome(solver.solve(p, options));
};

const randomRun = (seed: number): ApiRun => async (engine) => {
  const c = randomCase(seed);
  const solver = await createSolver();
  timedFrom = performance.now();
  if (c.op === 'frontier') return outcome(engine === 'ts' ? frontierReference(c.problem, c.options) : solver.frontier(c.problem, c.options));
  if (c.op === 'deadline') {
    const options = { ...c.options, maxLatency: solver.solve(c.problem, c.options).latency * c.share };
    timedFrom = performance.now();
    return outcome(engine === 'ts' ? solveReference(c.problem, options) : solver.solve(c.problem, options));
  }
  if (c.op === 'planner') {
    const planner = createPlanner(c.problem, { engine });
    const ids = c.problem.devices.filter((d) => d.compute !== false).map((d) => d.id);
    return `changed ${planner.update({ removeDevices: [ids[ids.length - 1] as string] }).changed}`;
  }
  return outcome(engine === 'ts' ? solveReference(c.problem, c.options) : solver.solve(c.problem, c.options));
};

const CASES: Case[] = [
  // Findings (fixed): the grouping of devices into kinds (src/prepare.ts).
  { name: 'grouping: 1,023 linked devices told apart by the last-named hub (refused; >30 s before)', api: solveCase(() => linkedByHub(1023)) },
  { name: 'grouping: 512 linked devices told apart by the last-named hub (refused; 7.6 s before)', api: solveCase(() => linkedByHub(512)) },
  { name: 'grouping: 1,024 distinct profiles x 3,000 units (refused; 4.5 s before)', api: solveCase(() => profiles(1024, 3000, 1024)) },
  { name: 'grouping: 8 + 1,015 linked devices, 2 units (accepted; 1.3 s before)', api: solveCase(hubAccepted) },
  { name: 'grouping: 8 heads linked to all 1,016 others (accepted; 1.1 s before)', api: solveCase(heads) },
  // Near miss left: each of 1,016 alike profiles compared with the 8 heads over 100,000 units.
  { name: 'grouping: 8 + 1,016 profiles x 100,000 units (refused at MAX_PROBE_WORK; near miss, 3.6 s)', api: solveCase(() => profiles(1024, 100_000, 8)) },
  {
    name: 'planner.update: 660 devices removed beside 65,536 links (1.8 s before)',
    api: async (engine) => {
      const devices = Array.from({ length: 1024 }, (_, i) => ({ id: `d${i}`, bandwidth: 100 }));
      const links: Link[] = [];
      outer: for (let a = 0; a < 364; a++) for (let b = a + 1; b < 364; b++) if (links.push({ from: `d${a}`, to: `d${b}`, bandwidth: 100 }) === 65_536) break outer;
      const planner = createPlanner({ model: { time: new Array<number>(50).fill(1) }, devices, links }, { engine });
      timedFrom = performance.now();
      return `changed ${planner.update({ removeDevices: Array.from({ length: 660 }, (_, i) => `d${364 + i}`) }).changed}`;
    },
  },
  // Near misses of the random search (seed: shape; measured 2.0–4.4 s TS on a loaded machine).
  { name: 'random seed 269: linked pool frontier with source and sink, 577 units', api: randomRun(269) },
  { name: 'random seed 626: first requirement, source, 487 units (refused at the step budget)', api: randomRun(626) },
  { name: 'random seed 291: frontier of 6,366 points, 5 kinds x 124 units, times near 1e294', api: randomRun(291) },
  { name: 'random seed 622: linked frontier, 5 kinds x 249 units, binding memory', api: randomRun(622) },
  // CLI: --without renumbering, ONNX inspect and split, PipeEdge YAML.
  { name: 'CLI plan --without beside 65,536 links (refused: 1.45 s before)', cli: { files: () => ({ 'w.json': JSON.stringify(withoutFile()) }), args: ['plan', 'w.json', '--without', 'd1023'] } },
  { name: 'onnx inspect: 20,000 branches summed by the last node, --max-units 10 (>60 s before)', cli: { files: () => ({ 'm.onnx': onnxModel('fan-in', 20_000) }), args: ['onnx', 'inspect', 'm.onnx', '--max-units', '10', '--json'] } },
  { name: 'onnx inspect: 20,000 nodes stored out of order (43 s, then an internal error before)', cli: { files: () => ({ 'm.onnx': onnxModel('reversed', 20_000) }), args: ['onnx', 'inspect', 'm.onnx', '--max-units', '10', '--json'] } },
  { name: 'onnx inspect: one tensor read by 19,999 nodes, out of order (46 s, internal error before)', cli: { files: () => ({ 'm.onnx': onnxModel('shared-read', 20_000) }), args: ['onnx', 'inspect', 'm.onnx', '--max-units', '10', '--json'] } },
  { name: 'onnx inspect: 20,000 nodes of tied cuts, --max-units 10000 (7 s before)', cli: { files: () => ({ 'm.onnx': onnxModel('chain', 20_000) }), args: ['onnx', 'inspect', 'm.onnx', '--max-units', '10000', '--json'] } },
  { name: 'onnx inspect: 100,000 nodes of tied cuts, --max-units 50000 (hours before)', cli: { files: () => ({ 'm.onnx': onnxModel('chain', 100_000) }), args: ['onnx', 'inspect', 'm.onnx', '--max-units', '50000', '--json'] } },
  { name: 'onnx inspect: 100,000 nodes of distinct cuts, --max-units 99999 (6.2 s before; near miss)', cli: { files: () => ({ 'm.onnx': onnxModel('chain-distinct', 100_000) }), args: ['onnx', 'inspect', 'm.onnx', '--max-units', '99999', '--json'] } },
  { name: 'onnx inspect: 100,000-node chain, one unit a node (near miss)', cli: { files: () => ({ 'm.onnx': onnxModel('chain', 100_000) }), args: ['onnx', 'inspect', 'm.onnx', '--json'] } },
  { name: 'onnx split: 100,000-node chain into 1,024 parts (3.7 s before; near miss)', cli: { files: () => ({ 'm.onnx': onnxModel('chain', 100_000), 'plan.json': planFile(100_000, 1024) }), args: ['onnx', 'split', 'm.onnx', 'plan.json', '--out', 'parts'] } },
  { name: 'onnx inspect: If nodes nested 2,000 deep (internal error before: stack overflow)', cli: { files: () => ({ 'm.onnx': nestedModel(2000) }), args: ['onnx', 'inspect', 'm.onnx'] } },
  { name: 'PipeEdge: a 10 MB models.yml (refused now; 29 s before)', cli: { files: () => pipeEdge(modelsYaml(`pad:\n  layers: 0\n  mem_MB: [${new Array<string>(5_000_000).fill('0').join(',')}]\n`)), args: ['plan', '--pipeedge'] } },
  { name: 'PipeEdge: one mapping of 50,000 keys, 512 KB (refused now; 14 s before)', cli: { files: () => pipeEdge(modelsYaml(`pad: {${Array.from({ length: 50_000 }, (_, i) => `k${i}: 0`).join(', ')}}\n`)), args: ['plan', '--pipeedge'] } },
  { name: 'PipeEdge: one mapping of 22,000 keys, under 256 KiB (refused now)', cli: { files: () => pipeEdge(modelsYaml(`pad: {${Array.from({ length: 22_000 }, (_, i) => `k${i}: 0`).join(', ')}}\n`)), args: ['plan', '--pipeedge'] } },
  { name: "PipeEdge: 256 KiB of the densest YAML (one-character values), at the new limit", cli: { files: () => pipeEdge(modelsYaml(`pad:\n  layers: 0\n  mem_MB: [${new Array<string>(120_000).fill('0').join(',')}]\n`)), args: ['plan', '--pipeedge'] } },
];

/** PipeEdge's three files, with `models` as models.yml. */
function pipeEdge(models: string): Record<string, string> {
  return {
    'models.yml': models,
    'device_types.yml': readFileSync(join(FIXTURES, 'pipeedge-device_types.yml'), 'utf8'),
    'devices.yml': readFileSync(join(FIXTURES, 'pipeedge-devices.yml'), 'utf8'),
  };
}

async function child(name: string, engine: 'wasm' | 'ts'): Promise<void> {
  const c = CASES.find((x) => x.name === name);
  if (!c?.api) throw new Error(`no API case ${name}`);
  const started = performance.now();
  let result: string;
  try {
    result = await c.api(engine);
  } catch (error) {
    result = `${(error as Error).name}: ${(error as Error).message.slice(0, 90)}…`;
  }
  console.log(`${((performance.now() - (timedFrom ?? started)) / 1000).toFixed(2)} s | ${result}`);
}

function main(filter: RegExp): void {
  const self = fileURLToPath(import.meta.url);
  for (const c of CASES.filter((x) => filter.test(x.name))) {
    if (c.api) {
      for (const engine of ['wasm', 'ts'] as const) {
        const run = spawnSync(process.execPath, [self, '--child', c.name, engine], { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 26 });
        const line = run.stdout.trim().split('\n').at(-1) ?? '';
        console.log(`${c.name} | ${engine} | ${run.signal ? `killed at 60 s (${run.signal})` : line || run.stderr.trim().split('\n')[0]}`);
      }
    } else if (c.cli) {
      const dir = mkdtempSync(join(tmpdir(), 'dnnpipe-hunt-s28-'));
      try {
        for (const [file, content] of Object.entries(c.cli.files())) writeFileSync(join(dir, file), content);
        const started = performance.now();
        const run = spawnSync(process.execPath, [CLI, ...c.cli.args], { cwd: dir, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28 });
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        const said = run.status === 0 ? 'done' : (run.stderr.trim().split('\n')[0] ?? '').slice(0, 110);
        console.log(`${c.name} | cli | ${run.signal ? `killed at 60 s (${run.signal})` : `${seconds} s | exit ${run.status}: ${said}`}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') await child(args[1] as string, args[2] as 'wasm' | 'ts');
else main(new RegExp(args[0] ?? '.'));
