/**
 * Outside review (session 27): the built package's public API against an exhaustive oracle
 * written from README.md and docs/model.md alone (test/helpers/review-s27-oracle.ts). Random
 * problems of at most 5 devices (endpoints included) and 7 units, weighted toward the hard cases:
 * binding memory, activations with slots, per-pair and one-way links, endpoints, identical
 * devices, serial transfers, the strict memory test, per-device profiles with null, deadlines at
 * a plan's latency and an ulp either side, maxStages 1..3, first/last.
 *
 * Deadlines within the key's rounding of some plan's latency get the page's own allowances
 * (docs/model.md, Requirements: such a deadline "can still be met by a plan of a larger
 * bottleneck ..., or refused", and can return more stages); those are counted and printed, and
 * only what the page promises there is asserted: never a plan above the deadline, and a deadline
 * copied from a frontier point's latency plans that point's bottleneck.
 */
import { describe, expect, it } from 'vitest';
import * as api from '../dist/index.js';
import type { Plan, Problem, SolveOptions } from '../dist/index.js';
import {
  costPlan,
  enumeratePlans,
  kindOrderViolation,
  meetsRequirements,
  oracleFrontier,
  oracleSolve,
  resolveLink,
  transfersPriced,
  unitCount,
  type CostedPlan,
  type FrontierPoint,
  type OracleOptions,
  type OracleProblem,
} from './helpers/review-s27-oracle.js';

/** mulberry32: small, seeded, reproducible. */
function makeRng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number): boolean => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}
type Rng = ReturnType<typeof makeRng>;

function nextUp(x: number): number {
  const b = new Float64Array([x]);
  const u = new BigInt64Array(b.buffer);
  if (x === 0) return Number.MIN_VALUE;
  u[0] = x > 0 ? u[0]! + 1n : u[0]! - 1n;
  return b[0]!;
}
function nextDown(x: number): number {
  return -nextUp(-x);
}

interface Instance {
  problem: Problem & OracleProblem;
  /** Cost options given on each call (the rest are in problem.options). */
  callOptions: SolveOptions;
  /** Every cost option in force. */
  costOptions: OracleOptions;
  /** Devices generated as clones of one another, in index order. */
  groups: string[][];
}

function roundTime(r: Rng, style: 'round' | 'float'): number {
  if (style === 'float') return r.chance(0.08) ? 0 : Math.round(r.next() * 10 * 1e6) / 1e6 + 0.001;
  return r.chance(0.1) ? 0 : r.pick([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1, 2, 3, 4, 5]);
}

/** A random problem weighted toward the cases the brief names. */
function randomInstance(seed: number): Instance {
  const r = makeRng(seed);
  const units = r.chance(0.15) ? r.int(1, 3) : r.int(4, 7);
  const sourceRole = r.pick(['none', 'none', 'endpoint', 'endpoint', 'device'] as const);
  const sinkRole = r.pick(['none', 'none', 'endpoint', 'endpoint', 'device'] as const);
  const endpoints = (sourceRole === 'endpoint' ? 1 : 0) + (sinkRole === 'endpoint' ? 1 : 0);
  const computeCount = r.chance(0.7) ? 5 - endpoints : r.int(1, 5 - endpoints);
  const style = r.chance(0.6) ? 'round' : 'float';
  const timeMode = r.pick(['speed', 'speed', 'profile', 'mixed'] as const);
  const activations = r.chance(0.55);
  const network = r.chance(0.65);

  const model: Problem['model'] & OracleProblem['model'] = {};
  const modelTime = Array.from({ length: units }, () => roundTime(r, style));
  if (timeMode !== 'profile' || r.chance(0.4)) model.time = modelTime;
  if (r.chance(0.85)) {
    model.memory = Array.from({ length: units }, () => (r.chance(0.5) ? r.int(1, 20) : r.int(1, 200) / 10));
  }
  const slots = activations && r.chance(0.5) ? { in: r.int(0, 2), out: r.int(0, 2) } : undefined;
  if (activations) {
    model.outputBytes = Array.from({ length: units }, () =>
      r.chance(0.3) ? r.pick([1 << 20, 1 << 19, 3 << 18, 100000]) : r.int(10000, 4_000_000),
    );
    if (r.chance(0.9) || sourceRole !== 'none') model.inputBytes = r.int(10000, 3_000_000);
  }
  if (sourceRole !== 'none' && model.inputBytes === undefined) model.inputBytes = r.int(10000, 3_000_000);
  if (sinkRole !== 'none' && model.outputBytes === undefined) {
    // A sink needs outputBytes; without `activations` keep them small so memory is mostly weights.
    model.outputBytes = Array.from({ length: units }, () => r.int(1000, 500_000));
  }

  // Computing devices, some cloned into groups of identical devices.
  type Dev = Problem['devices'][number] & OracleProblem['devices'][number];
  const devices: Dev[] = [];
  const groups: string[][] = [];
  const groupOf = new Map<string, number>();
  const bandwidths = [10, 40, 100, 1000, 250];
  const makeBase = (id: string): Dev => {
    const d: Dev = { id };
    const profile = timeMode === 'profile' || (timeMode === 'mixed' && r.chance(0.5));
    if (profile) {
      d.time = Array.from({ length: units }, () => (r.chance(0.13) ? null : roundTime(r, style)));
    } else if (r.chance(0.85)) d.speed = r.pick([0.25, 0.5, 1, 1.5, 2, 3, 0.4]);
    if (network && r.chance(0.65)) d.bandwidth = r.pick(bandwidths);
    return d;
  };
  let index = 0;
  while (devices.length < computeCount) {
    const room = computeCount - devices.length;
    const size = room >= 2 && r.chance(0.35) ? r.int(2, Math.min(3, room)) : 1;
    const base = makeBase(`d${index}`);
    const members: string[] = [];
    for (let k = 0; k < size; k++) {
      const id = `d${index++}`;
      devices.push({ ...base, id, ...(base.time ? { time: [...base.time] } : {}) });
      members.push(id);
      groupOf.set(id, groups.length);
    }
    if (size > 1) groups.push(members);
    else groupOf.delete(members[0]!);
  }
  if (model.time === undefined && devices.some((d) => d.time === undefined)) model.time = modelTime;
  // Keep the least latency of any plan above 0 (README, Limits: the span of times).
  const unitMin = (k: number): number =>
    Math.min(...devices.map((d) => (d.time ? (d.time[k] ?? Infinity) : model.time![k]! / (d.speed ?? 1))));
  let floor = 0;
  for (let k = 0; k < units; k++) floor += Number.isFinite(unitMin(k)) ? unitMin(k) : 0;
  if (floor === 0) {
    if (model.time) model.time[0] = 1;
    for (const d of devices) if (d.time && d.time[0] !== null) d.time[0] = 1;
  }

  // Memory near stage needs: a capacity equal to some stage's need, an ulp either side, or a bit above.
  const M = [0];
  for (let k = 0; k < units; k++) M.push(M[k]! + (model.memory?.[k] ?? 0));
  const need = (s: number, e: number): number => {
    const MBs = 2 ** 20;
    let input = 0;
    let output = 0;
    if (model.outputBytes) {
      input = s === 0 ? (model.inputBytes ?? 0) / MBs : (model.outputBytes[s - 1]! / MBs) * (1 + (slots?.in ?? 0));
      output = (model.outputBytes[e - 1]! / MBs) * (1 + (slots?.out ?? 0));
    }
    return M[e]! - M[s]! + input + output;
  };
  const capacities = new Map<number | string, number | undefined>();
  for (const d of devices) {
    const key = groupOf.get(d.id) ?? d.id;
    if (!capacities.has(key)) {
      let cap: number | undefined;
      if (r.chance(0.75)) {
        const even = Math.round(units / Math.max(1, computeCount)) + r.int(-1, 1);
        const span = Math.max(1, r.chance(0.6) ? even : r.int(even, units));
        const s = r.int(0, Math.max(0, units - span));
        const e = Math.min(units, s + span);
        const n = need(s, Math.max(e, s + 1));
        cap = r.pick([n, n, nextUp(n), nextDown(n), n * 1.3, n + 1e-9 * n, Math.round(n)]);
        if (!(cap > 0)) cap = 1;
      }
      capacities.set(key, cap);
    }
    const cap = capacities.get(key);
    if (cap !== undefined) d.memory = cap;
  }

  // Endpoints and roles.
  let source: string | undefined;
  let sink: string | undefined;
  if (sourceRole === 'endpoint') {
    source = 'cam';
    devices.push({ id: 'cam', compute: false, ...(network && r.chance(0.6) ? { bandwidth: r.pick(bandwidths) } : {}) });
  }
  if (sinkRole === 'endpoint') {
    sink = 'screen';
    devices.push({ id: 'screen', compute: false, ...(network && r.chance(0.6) ? { bandwidth: r.pick(bandwidths) } : {}) });
  }
  const computing = devices.filter((d) => d.compute !== false).map((d) => d.id);
  if (sourceRole === 'device') source = r.pick(computing);
  if (sinkRole === 'device') sink = r.pick(computing.filter((id) => id !== source).length ? computing.filter((id) => id !== source) : computing);
  if (sink !== undefined && sink === source) sink = undefined;

  // Links: decided per pair of groups so clones stay equally linked; one-way entries only where
  // an explicit entry already covers a direction, so no direction gets two entries.
  const links: { from: string; to: string; bandwidth: number | null; latency?: number; oneWay?: boolean }[] = [];
  const param = new Map<string, { bandwidth: number | null; latency?: number }>();
  const linkParams = (a: string, b: string) => {
    const key = `${groupOf.has(a) ? `g${groupOf.get(a)}` : a}>${groupOf.has(b) ? `g${groupOf.get(b)}` : b}`;
    let p = param.get(key);
    if (!p) {
      p = { bandwidth: r.chance(0.12) ? null : r.pick([5, 20, 40, 100, 300, 1000]) };
      if (r.chance(0.5)) p.latency = r.pick([0, 0.5, 1, 2, 0.3]);
      param.set(key, p);
    }
    return p;
  };
  const ids = devices.map((d) => d.id);
  const decided = new Map<string, string>();
  if (network) {
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const a = ids[i]!;
        const b = ids[j]!;
        const ga = groupOf.get(a);
        const gb = groupOf.get(b);
        if (ga !== undefined && ga === gb) continue; // between clones: bandwidth defaults, or fixed below
        const key = `${ga ?? a}|${gb ?? b}`;
        let how = decided.get(key);
        if (how === undefined) {
          how = r.pick(['none', 'none', 'none', 'both', 'ab', 'ba', 'two']);
          decided.set(key, how);
        }
        if (how === 'both') links.push({ from: a, to: b, ...linkParams(a, b) });
        if (how === 'ab' || how === 'two') links.push({ from: a, to: b, ...linkParams(a, b), oneWay: true });
        if (how === 'ba' || how === 'two') links.push({ from: b, to: a, ...linkParams(b, a), oneWay: true });
      }
    }
  }
  const problem: Instance['problem'] = { model, devices };
  if (links.length) problem.links = links;
  if (source !== undefined) problem.source = source;
  if (sink !== undefined) problem.sink = sink;
  if (transfersPriced(problem)) {
    // No silent free links: every pair that could be adjacent must resolve; fill the gaps.
    const needed: [string, string][] = [];
    for (const a of computing) for (const b of computing) if (a !== b) needed.push([a, b]);
    if (source !== undefined) for (const b of computing) if (b !== source) needed.push([source, b]);
    if (sink !== undefined) for (const a of computing) if (a !== sink) needed.push([a, sink]);
    for (const [a, b] of needed) {
      if (resolveLink(problem, a, b)) continue;
      const same = groupOf.get(a) !== undefined && groupOf.get(a) === groupOf.get(b);
      const p = same ? linkParams(`g${groupOf.get(a)}`, `g${groupOf.get(a)}`) : linkParams(a, b);
      links.push({ from: a, to: b, ...p, oneWay: true });
      problem.links = links;
    }
  }

  const transfer = r.chance(0.35) ? 'serial' : 'overlap';
  const memoryTest = r.chance(0.25) ? 'strict' : 'tolerant';
  const costOptions: OracleOptions = { transfer, memoryTest, ...(slots ? { slots } : {}) };
  const callOptions: SolveOptions = {};
  const problemOptions: SolveOptions = {};
  for (const [k, v] of Object.entries(costOptions)) {
    const target = r.chance(0.5) ? callOptions : problemOptions;
    (target as Record<string, unknown>)[k] = v;
  }
  if (Object.keys(problemOptions).length) problem.options = problemOptions;
  return { problem, callOptions, costOptions, groups };
}

// ---------------------------------------------------------------------------------------------
// Checking one returned plan against the oracle's costing.

function roleSet(problem: OracleProblem, options: OracleOptions): Set<string> {
  const roles = new Set<string>();
  for (const id of [problem.source, problem.sink, options.first, options.last]) if (id !== undefined) roles.add(id);
  return roles;
}

/** The plan is valid, its numbers are its own (recosted here), and it meets the requirements. */
function recost(inst: Instance, options: OracleOptions, plan: Plan): { costed?: CostedPlan; problems: string[] } {
  const problems: string[] = [];
  const stages = plan.stages.map((s) => ({ device: s.device, start: s.start, end: s.end }));
  const costing = costPlan(inst.problem, options, stages);
  if (!costing.ok) return { problems: [`invalid plan (${costing.reason}): ${describe_(plan)}`] };
  const c = costing.plan;
  if (plan.bottleneck !== c.bottleneck) problems.push(`bottleneck ${plan.bottleneck} but its stages cost ${c.bottleneck}`);
  if (plan.latency !== c.latency) problems.push(`latency ${plan.latency} but its stages cost ${c.latency}`);
  plan.stages.forEach((s, i) => {
    if (s.time !== c.compute[i]) problems.push(`stage ${i} time ${s.time} vs ${c.compute[i]}`);
    if (s.memory !== c.need[i]) problems.push(`stage ${i} memory ${s.memory} vs ${c.need[i]}`);
    if (s.transfer !== c.transfer[i]) problems.push(`stage ${i} transfer ${s.transfer} vs ${c.transfer[i]}`);
  });
  if ((plan.source?.transfer ?? undefined) !== c.source) problems.push(`source transfer ${plan.source?.transfer} vs ${c.source}`);
  if ((plan.sink?.transfer ?? undefined) !== c.sink) problems.push(`sink transfer ${plan.sink?.transfer} vs ${c.sink}`);
  if (JSON.stringify(plan.bottleneckAt) !== JSON.stringify(c.bottleneckAt)) {
    problems.push(`bottleneckAt ${JSON.stringify(plan.bottleneckAt)} vs ${JSON.stringify(c.bottleneckAt)}`);
  }
  if (!meetsRequirements(c, options)) problems.push(`plan breaks a requirement: ${describe_(plan)}`);
  const kind = kindOrderViolation(plan, inst.groups, roleSet(inst.problem, options));
  if (kind) problems.push(kind);
  return { costed: c, problems };
}

function describe_(plan: { stages: readonly { device: string; start: number; end: number }[]; bottleneck: number; latency: number }): string {
  return `${plan.stages.map((s) => `${s.device}[${s.start},${s.end})`).join(' ')} B=${plan.bottleneck} L=${plan.latency}`;
}

// ---------------------------------------------------------------------------------------------
// The API surface: every entry point, both engines.

interface Surface {
  solvers: { name: string; run: (p: Problem, o: SolveOptions) => Promise<Plan> | Plan }[];
  frontiers: { name: string; run: (p: Problem, o: SolveOptions) => Promise<Plan[]> | Plan[] }[];
}

async function surface(): Promise<Surface> {
  const solver = await api.createSolver();
  return {
    solvers: [
      { name: 'solve wasm', run: (p, o) => api.solve(p, { ...o, engine: 'wasm' }) },
      { name: 'solve ts', run: (p, o) => api.solve(p, { ...o, engine: 'ts' }) },
      { name: 'createSolver().solve wasm', run: (p, o) => solver.solve(p, { ...o, engine: 'wasm' }) },
      { name: 'createSolver().solve ts', run: (p, o) => solver.solve(p, { ...o, engine: 'ts' }) },
      { name: 'solveReference', run: (p, o) => api.solveReference(p, o) },
      { name: "solve wasm 'dnnpipe'", run: (p, o) => api.solve(p, { ...o, engine: 'wasm', algorithm: 'dnnpipe' }) },
      { name: "solveReference 'dnnpipe'", run: (p, o) => api.solveReference(p, { ...o, algorithm: 'dnnpipe' }) },
    ],
    frontiers: [
      { name: 'frontier wasm', run: (p, o) => api.frontier(p, { ...o, engine: 'wasm' }) },
      { name: 'frontier ts', run: (p, o) => api.frontier(p, { ...o, engine: 'ts' }) },
      { name: 'createSolver().frontier wasm', run: (p, o) => solver.frontier(p, { ...o, engine: 'wasm' }) },
      { name: 'createSolver().frontier ts', run: (p, o) => solver.frontier(p, { ...o, engine: 'ts' }) },
      { name: 'frontierReference', run: (p, o) => api.frontierReference(p, o) },
    ],
  };
}

type Outcome<T> = { value: T } | { error: unknown };
async function attempt<T>(f: () => Promise<T> | T): Promise<Outcome<T>> {
  try {
    return { value: await f() };
  } catch (error) {
    return { error };
  }
}

/** Counts of what docs/model.md allows for deadlines within the key's rounding of a plan's latency. */
interface Allowances {
  /** Picks (or frontier points) an ulp or so slower than the least latency of their stage count. */
  pickLatencyLastBits: number;
  nearDeadlineSolves: number;
  largerBottleneck: number;
  refused: number;
  moreStagesOrOtherLatency: number;
  nearDeadlineFrontiers: number;
  frontierDiffers: number;
  /** The farthest (in ulps of the deadline) any counted deviation's deadline was from a plan's latency. */
  deviationUlps: number;
}

interface Requirements {
  maxLatency?: number;
  maxStages?: number;
  first?: string;
  last?: string;
  /** The frontier point whose latency the deadline copies, when it does. */
  copiedFrom?: FrontierPoint;
}

function randomRequirements(r: Rng, inst: Instance, all: readonly CostedPlan[], base: FrontierPoint[]): Requirements {
  const computing = inst.problem.devices.filter((d) => d.compute !== false).map((d) => d.id);
  const req: Requirements = {};
  if (r.chance(0.35)) req.maxStages = r.int(1, 3);
  if (r.chance(0.25)) req.first = r.pick(computing);
  if (r.chance(0.25)) req.last = r.pick(computing);
  if (r.chance(0.7) && all.length) {
    const others = all.filter((p) => meetsRequirements(p, { ...req }, false));
    const pool = others.length ? others : all;
    const how = r.int(0, 5);
    if (how <= 1 && base.length && !req.maxStages && !req.first && !req.last) {
      const point = r.pick(base);
      req.maxLatency = point.latency;
      req.copiedFrom = point;
    } else if (how <= 3) {
      req.maxLatency = r.pick(pool).latency;
    } else if (how === 4) {
      let lo = Infinity;
      let hi = 0;
      for (const p of pool) {
        lo = Math.min(lo, p.latency);
        hi = Math.max(hi, p.latency);
      }
      req.maxLatency = lo + r.next() * (hi - lo);
    } else {
      req.maxLatency = r.pick(pool).latency * r.pick([0.5, 0.99, 1.01]);
    }
    if (!req.copiedFrom || r.chance(0.5)) {
      const shift = r.int(-1, 1);
      if (shift < 0) req.maxLatency = nextDown(req.maxLatency);
      if (shift > 0) req.maxLatency = nextUp(req.maxLatency);
      // An ulp off is no longer the point's latency copied to the last digit.
      if (shift !== 0) delete req.copiedFrom;
    }
  }
  return req;
}

/** The slowest computing device's time for the whole model (null counts 0): the scale of P/v. */
function slowestWholeModel(inst: Instance): number {
  let slowest = 0;
  const units = unitCount(inst.problem);
  for (const d of inst.problem.devices) {
    if (d.compute === false) continue;
    let sum = 0;
    for (let k = 0; k < units; k++) sum += d.time ? (d.time[k] ?? 0) : inst.problem.model.time![k]!;
    slowest = Math.max(slowest, d.time ? sum : sum / (d.speed ?? 1));
  }
  return slowest;
}

/** Within the windowed DP key's rounding of some plan's latency (docs/model.md, Requirements). */
function nearSomeLatency(inst: Instance, all: readonly CostedPlan[], deadline: number, options: OracleOptions): boolean {
  // Generous: 2^-40 where the page says 2^-44, so the strict checks only see clear cases.
  const slack = 2 ** -40 * (slowestWholeModel(inst) + Math.abs(deadline));
  return all.some((p) => meetsRequirements(p, options, false) && Math.abs(p.latency - deadline) <= slack);
}

/** How many ulps of the deadline separate it from the nearest plan latency (for the allowance counts). */
function ulpsToNearestLatency(all: readonly CostedPlan[], deadline: number, options: OracleOptions): number {
  let nearest = Infinity;
  for (const p of all) if (meetsRequirements(p, options, false)) nearest = Math.min(nearest, Math.abs(p.latency - deadline));
  return nearest / (nextUp(deadline) - deadline);
}

/**
 * A latency a few ulps of P/v off the oracle's: the rounding of the DP's key F − P/v (docs/model.md,
 * Frontier). The page's objective says "then the least latency" without it; see the separate
 * cases at the end of this file, which hold the engines to the letter.
 */
function lastBitsApart(got: number, want: number, inst: Instance): boolean {
  return Math.abs(got - want) <= 2 ** -50 * (slowestWholeModel(inst) + Math.abs(want));
}

function isInfeasible(error: unknown): boolean {
  return error instanceof api.InfeasibleError;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
}

/** Checks every solve entry point on one problem and requirement set; returns what disagrees. */
async function checkSolves(
  inst: Instance,
  all: readonly CostedPlan[],
  req: Requirements,
  allowances: Allowances,
  which: Surface['solvers'],
): Promise<string[]> {
  const options: OracleOptions = { ...inst.costOptions, ...stripCopied(req) };
  const callOptions: SolveOptions = { ...inst.callOptions, ...stripCopied(req) };
  const expected = oracleSolve(all, options);
  const near = req.maxLatency !== undefined && nearSomeLatency(inst, all, req.maxLatency, options);
  const failures: string[] = [];
  for (const entry of which) {
    const got = await attempt(() => entry.run(inst.problem, callOptions));
    const tag = `${entry.name} ${JSON.stringify(stripCopied(req))}`;
    if ('error' in got) {
      if (!isInfeasible(got.error)) failures.push(`${tag}: threw ${errorText(got.error)}`);
      else if (expected) {
        if (near && !req.copiedFrom) {
          allowances.refused++;
          allowances.deviationUlps = Math.max(allowances.deviationUlps, ulpsToNearestLatency(all, req.maxLatency!, options));
        }
        else failures.push(`${tag}: refused (${errorText(got.error)}) but the oracle finds ${describe_(expected.examples[0]!)}`);
      }
      if (near) allowances.nearDeadlineSolves++;
      continue;
    }
    const plan = got.value;
    const { problems } = recost(inst, options, plan);
    failures.push(...problems.map((p) => `${tag}: ${p}`));
    if (!expected) {
      failures.push(`${tag}: returned ${describe_(plan)} but the oracle finds no plan`);
      continue;
    }
    if (near) allowances.nearDeadlineSolves++;
    if (req.copiedFrom) {
      // "a deadline copied from a plan frontier lists, to the last digit, plans that point: its
      // bottleneck (or one tied with it within 1e-9) and a latency within the deadline"
      const point = req.copiedFrom;
      if (!(plan.bottleneck <= point.tieLimit && plan.bottleneck >= point.leastBottleneck - 1e-9 * point.leastBottleneck)) {
        failures.push(`${tag}: deadline copied from the point at B=${point.leastBottleneck} but got ${describe_(plan)}`);
      }
    }
    const exactButLatency =
      plan.stats.leastBottleneck === expected.leastBottleneck &&
      plan.bottleneck <= expected.tieLimit &&
      plan.stages.length === expected.stages;
    if (exactButLatency && plan.latency === expected.latency) continue;
    if (exactButLatency && lastBitsApart(plan.latency, expected.latency, inst)) {
      allowances.pickLatencyLastBits++;
      continue;
    }
    if (near) {
      if (plan.bottleneck > expected.tieLimit) allowances.largerBottleneck++;
      else allowances.moreStagesOrOtherLatency++;
      allowances.deviationUlps = Math.max(allowances.deviationUlps, ulpsToNearestLatency(all, req.maxLatency!, options));
      continue;
    }
    failures.push(
      `${tag}: got ${describe_(plan)} (${plan.stages.length} stages, stats.leastBottleneck ${plan.stats.leastBottleneck}); ` +
        `oracle B*=${expected.leastBottleneck} stages=${expected.stages} latency=${expected.latency}, e.g. ${describe_(expected.examples[0]!)}`,
    );
  }
  return failures;
}

function stripCopied(req: Requirements): Omit<Requirements, 'copiedFrom'> {
  const { copiedFrom: _ignored, ...rest } = req;
  return rest;
}

async function checkFrontiers(
  inst: Instance,
  all: readonly CostedPlan[],
  req: Requirements,
  allowances: Allowances,
  which: Surface['frontiers'],
): Promise<string[]> {
  const options: OracleOptions = { ...inst.costOptions, ...stripCopied(req) };
  const callOptions: SolveOptions = { ...inst.callOptions, ...stripCopied(req) };
  const expected = oracleFrontier(all, options);
  const near = req.maxLatency !== undefined && nearSomeLatency(inst, all, req.maxLatency, options);
  const failures: string[] = [];
  for (const entry of which) {
    const got = await attempt(() => entry.run(inst.problem, callOptions));
    const tag = `${entry.name} ${JSON.stringify(stripCopied(req))}`;
    if (near) allowances.nearDeadlineFrontiers++;
    if ('error' in got) {
      if (!isInfeasible(got.error)) failures.push(`${tag}: threw ${errorText(got.error)}`);
      else if (expected.length) {
        if (near) {
          allowances.frontierDiffers++;
          allowances.deviationUlps = Math.max(allowances.deviationUlps, ulpsToNearestLatency(all, req.maxLatency!, options));
        } else failures.push(`${tag}: refused (${errorText(got.error)}) but the oracle lists ${expected.length} points`);
      }
      continue;
    }
    const plans = got.value;
    let shapeOk = true;
    for (let i = 0; i < plans.length; i++) {
      const plan = plans[i]!;
      const { problems } = recost(inst, options, plan);
      failures.push(...problems.map((p) => `${tag} point ${i}: ${p}`));
      if (i > 0 && !(plan.bottleneck > plans[i - 1]!.bottleneck && plan.latency < plans[i - 1]!.latency)) {
        failures.push(`${tag}: point ${i} does not step (${describe_(plans[i - 1]!)} then ${describe_(plan)})`);
        shapeOk = false;
      }
    }
    if (plans.length === 0 && expected.length) failures.push(`${tag}: empty frontier, oracle lists ${expected.length}`);
    if (plans.length && !expected.length) failures.push(`${tag}: ${plans.length} points but the oracle finds no plan`);
    const sameButLatency =
      shapeOk &&
      plans.length === expected.length &&
      plans.every((plan, i) => {
        const point = expected[i]!;
        return (
          plan.stats.leastBottleneck === point.leastBottleneck &&
          plan.bottleneck <= point.tieLimit &&
          plan.stages.length === point.stages &&
          lastBitsApart(plan.latency, point.latency, inst)
        );
      });
    if (sameButLatency && plans.every((plan, i) => plan.latency === expected[i]!.latency)) continue;
    if (sameButLatency) {
      allowances.pickLatencyLastBits++;
      continue;
    }
    if (near) {
      allowances.frontierDiffers++;
      allowances.deviationUlps = Math.max(allowances.deviationUlps, ulpsToNearestLatency(all, req.maxLatency!, options));
      continue;
    }
    const show = (ps: { b: number; s: number; l: number }[]) => ps.map((p) => `(${p.b}, ${p.s} st, ${p.l})`).join(' ');
    failures.push(
      `${tag}: frontier ${show(plans.map((p) => ({ b: p.stats.leastBottleneck ?? NaN, s: p.stages.length, l: p.latency })))} ` +
        `vs oracle ${show(expected.map((p) => ({ b: p.leastBottleneck, s: p.stages, l: p.latency })))}`,
    );
  }
  return failures;
}

/** "With `secondary: 'none'`: the plans of bottleneck exactly `B*`, fewest stages." */
async function checkSecondaryNone(inst: Instance, all: readonly CostedPlan[], entry: Surface['solvers'][number]): Promise<string[]> {
  const got = await attempt(() => entry.run(inst.problem, { ...inst.callOptions, secondary: 'none' }));
  const tag = `${entry.name} {"secondary":"none"}`;
  let least = Infinity;
  for (const p of all) least = Math.min(least, p.bottleneck);
  if ('error' in got) {
    if (isInfeasible(got.error) && all.length === 0) return [];
    return [`${tag}: threw ${errorText(got.error)}${all.length ? `, oracle B*=${least}` : ''}`];
  }
  const plan = got.value;
  const failures = recost(inst, inst.costOptions, plan).problems.map((p) => `${tag}: ${p}`);
  if (all.length === 0) return [...failures, `${tag}: returned ${describe_(plan)} but the oracle finds no plan`];
  let fewest = Infinity;
  for (const p of all) if (p.bottleneck === least) fewest = Math.min(fewest, p.stages.length);
  if (plan.bottleneck !== least || plan.stages.length !== fewest) {
    failures.push(`${tag}: got ${describe_(plan)} (${plan.stages.length} stages); oracle B*=${least} with ${fewest} stages`);
  }
  return failures;
}

/** One seed: the plain objective and frontier on every entry point, then random requirements. */
async function checkSeed(seed: number, inst: Instance, all: readonly CostedPlan[], surf: Surface, allowances: Allowances): Promise<string[]> {
  const r = makeRng(seed ^ 0x5bd1e995);
  const failures: string[] = [];
  failures.push(...(await checkSolves(inst, all, {}, allowances, surf.solvers)));
  failures.push(...(await checkFrontiers(inst, all, {}, allowances, surf.frontiers)));
  failures.push(...(await checkSecondaryNone(inst, all, r.pick(surf.solvers))));
  const base = oracleFrontier(all, inst.costOptions);
  for (let round = 0; round < 3; round++) {
    const req = randomRequirements(r, inst, all, base);
    failures.push(...(await checkSolves(inst, all, req, allowances, [r.pick(surf.solvers), r.pick(surf.solvers)])));
    if (round === 0 || req.maxLatency !== undefined) {
      failures.push(...(await checkFrontiers(inst, all, req, allowances, [r.pick(surf.frontiers)])));
    }
  }
  return failures.map((f) => `seed ${seed}: ${f}`);
}

const SEEDS = Number(process.env.REVIEW_S27_SEEDS ?? 4000);
const FIRST_SEED = Number(process.env.REVIEW_S27_FIRST_SEED ?? 1);

describe('the public API against an oracle written from the docs alone (review s27)', () => {
  it(`agrees on ${SEEDS} random small problems, every entry point and both engines`, async () => {
    const surf = await surface();
    const allowances: Allowances = {
      pickLatencyLastBits: 0,
      nearDeadlineSolves: 0,
      largerBottleneck: 0,
      refused: 0,
      moreStagesOrOtherLatency: 0,
      nearDeadlineFrontiers: 0,
      frontierDiffers: 0,
      deviationUlps: 0,
    };
    const failures: string[] = [];
    let plansSeen = 0;
    let infeasible = 0;
    for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
      const inst = randomInstance(seed);
      const all = enumeratePlans(inst.problem, inst.costOptions);
      plansSeen += all.length;
      if (all.length === 0) infeasible++;
      failures.push(...(await checkSeed(seed, inst, all, surf, allowances)));
      if (failures.length > 30) break;
    }
    console.log(
      `review-s27 oracle: seeds ${FIRST_SEED}..${FIRST_SEED + SEEDS - 1}, ${plansSeen} valid plans enumerated, ` +
        `${infeasible} problems with no plan; last-bit allowances (docs/model.md): ${JSON.stringify(allowances)}`,
    );
    expect(failures.slice(0, 30)).toEqual([]);
  });
});

/*
 * The last-bit pick, minimised. Three identical devices of speed 3 and four units: cutting after
 * units 1 and 2 or after units 1 and 3 gives the same bottleneck (unit 1 alone, 1/3 ms) and three
 * stages each, but latencies 0.7 and 0.7000000000000001 (the left-to-right sums of the page). Both
 * engines return the plan an ulp slower: the windowed DP ranks starts by its key F − P/v, whose
 * rounding differs from the left-to-right sum. Found by the random comparison above (first at
 * seeds 104866 and 100979; 22 entry-point calls over seeds 100000..119999 and 50 over
 * 200000..239999, none in the default 1..4000), which tolerates it by `lastBitsApart` and counts
 * it. docs/model.md, Objective, step 3, now says so ("the one returned may be the ulp slower",
 * with this problem); these hold the engines to that and to nothing looser: the same bottleneck
 * and stage count, the latency at most an ulp above the least.
 */
describe('the last-bit pick of docs/model.md, Objective, step 3 (review s27)', () => {
  const problem: Problem = {
    model: { time: [1, 0.4, 0.3, 0.4] },
    devices: [
      { id: 'a', speed: 3 },
      { id: 'b', speed: 3 },
      { id: 'c', speed: 3 },
    ],
  };

  it('the oracle: two three-stage plans tie at B* = 1/3, at latencies 0.7 and 0.7000000000000001', () => {
    const all = enumeratePlans(problem as OracleProblem, {});
    const pick = oracleSolve(all, {})!;
    expect(pick.leastBottleneck).toBe(1 / 3);
    expect(pick.stages).toBe(3);
    expect(pick.latency).toBe(0.7);
    const slower = costPlan(problem as OracleProblem, {}, [
      { device: 'a', start: 0, end: 1 },
      { device: 'b', start: 1, end: 3 },
      { device: 'c', start: 3, end: 4 },
    ]);
    expect(slower.ok && [slower.plan.bottleneck, slower.plan.latency]).toEqual([1 / 3, 0.7000000000000001]);
  });

  it('solve returns a fewest-stage plan of the tie set at most an ulp above the least latency, in both engines', async () => {
    for (const engine of ['wasm', 'ts'] as const) {
      const plan = await api.solve(problem, { engine });
      expect([engine, plan.bottleneck, plan.stages.length]).toEqual([engine, 1 / 3, 3]);
      expect([0.7, 0.7000000000000001], engine).toContain(plan.latency);
    }
  });

  it("frontier's point plan is a fewest-stage plan of its tie set at most an ulp above the least latency, in both engines", async () => {
    for (const engine of ['wasm', 'ts'] as const) {
      const points = await api.frontier(problem, { engine });
      expect([engine, points.map((p) => [p.stats.leastBottleneck, p.stages.length])]).toEqual([engine, [[1 / 3, 3]]]);
      expect([0.7, 0.7000000000000001], engine).toContain(points[0]!.latency);
    }
  });
});
