/**
 * The latency drivers (src/tradeoff.ts) probe guessed breakpoints (src/search-breakpoint.ts,
 * assembly/breakpoint.ts) and interpolate; none of that may change an answer. Checked three ways,
 * every failure naming its seed:
 * - small problems (memory binding, identical devices, transfers): the frontier and maxLatency
 *   solves equal the exhaustive oracle's, in both engines, with equal counters;
 * - larger monotone problems, where guesses do most of the work: the frontier and maxLatency
 *   answers equal those of the plain galloping/bisecting driver the guesses replaced;
 * - the guess itself: both engines guess the same limit, bit for bit, with the same counters,
 *   and a guess is always a stage time above the limit that a pass there proves or refutes; a
 *   fruitless scan stops at its cap at the same step in both.
 */
import { describe, expect, it } from 'vitest';
import { createSolver, frontierReference, InfeasibleError, solveReference, type Plan, type Problem, type SolveOptions } from '../src/index.js';
import { compileKernel, Kernel } from '../src/kernel.js';
import { latencyTableFits, prepare, stageTime, type PreparedProblem } from '../src/prepare.js';
import { generalSearch, search, type GeneralSearch } from '../src/search.js';
import { bitMidpoint } from '../src/search-threshold.js';
import { nextDown } from '../src/search-breakpoint.js';
import { tieLimit, type LatencyPass } from '../src/search-transfers.js';
import { validateProblem } from '../src/validate.js';
import { oracleFrontier, oracleSolve, type NetworkProblem } from './helpers/network-oracle.js';
import { randomProblem, rng } from './helpers/random.js';

const TIE = 1e-9;

function stagesOf(plan: Plan): { device: string; start: number; end: number }[] {
  return plan.stages.map(({ device, start, end }) => ({ device, start, end }));
}

function countersOf(plan: Plan): Record<string, unknown> {
  const { micros: _micros, engine: _engine, ...counters } = plan.stats;
  return counters;
}

function attempt<T>(run: () => T): { value: T } | { infeasible: true } {
  try {
    return { value: run() };
  } catch (error) {
    if (error instanceof InfeasibleError) return { infeasible: true };
    throw error;
  }
}

/** The driver before guesses (galloping, then bisecting bit patterns): the reference at scale. */
function plainLeastPassingLimit(g: GeneralSearch, lo: number, hi: number, ok: (pass: LatencyPass) => boolean): { limit: number; pass: LatencyPass } {
  let passAtHi: LatencyPass | undefined;
  let step = 0;
  let galloping = true;
  while (lo < hi) {
    let mid = bitMidpoint(lo, hi);
    if (galloping) {
      const gallop = step === 0 ? lo : lo * (1 + step);
      if (gallop < mid) mid = gallop;
      step = step === 0 ? 2 ** -20 : step * 2;
    }
    const pass = g.pass(mid, false);
    if (ok(pass)) {
      // Snap to the plan's bottleneck only when the plan itself passes (the tie rule's may not).
      hi = ok({ ...pass, latency: pass.planLatency }) ? pass.bottleneck : mid;
      passAtHi = hi === mid ? pass : undefined;
      galloping = false;
    } else {
      lo = g.nextLimit(mid);
    }
  }
  return { limit: hi, pass: passAtHi ?? g.pass(hi, false) };
}

function plainFrontier(g: GeneralSearch, least: number): LatencyPass[] {
  const points = [g.pass(least, false)];
  const fastest = g.pass(Infinity, true);
  for (;;) {
    const previous = points[points.length - 1] as LatencyPass;
    const below = (pass: LatencyPass): boolean => pass.latency < previous.latency - TIE * previous.latency;
    if (!below(fastest)) break;
    points.push(plainLeastPassingLimit(g, g.nextLimit(previous.bottleneck), fastest.bottleneck, below).pass);
  }
  return points;
}

function plainWithinLatency(g: GeneralSearch, least: number, maxLatency: number): { least: number; plan: LatencyPass } | null {
  const fastest = g.pass(Infinity, true);
  if (!(fastest.latency <= maxLatency)) return null;
  const found = plainLeastPassingLimit(g, Math.max(least, g.lowerBound), fastest.bottleneck, (pass) => pass.latency <= maxLatency);
  let plan = g.pass(tieLimit(found.limit), false);
  if (!(plan.planLatency <= maxLatency)) plan = g.pass(tieLimit(found.limit), true);
  return { least: found.limit, plan };
}

/** A monotone problem (no activations, links or requirements) large enough for many points. */
function monotoneProblem(seed: number): Problem {
  const r = rng(seed);
  for (;;) {
    const problem = randomProblem(Math.floor(r() * 2 ** 31), { minUnits: 20, maxUnits: 60, maxDevices: 6, memoryBinds: 0.5, identical: 0.3, profiles: 0.3, transfers: 0 });
    if (problem.devices.length >= 2) return problem;
  }
}

function generalPrepared(problem: Problem): PreparedProblem {
  const p = prepare(validateProblem(problem));
  if (!latencyTableFits(p)) p.transfers = true;
  return p;
}

describe('latency drivers with guessed breakpoints stay exact', () => {
  it('1,200 small problems (memory binding, identical devices, transfers): frontier and maxLatency equal the oracle, in both engines', async () => {
    const solver = await createSolver();
    let points = 0;
    let deadlines = 0;
    for (let seed = 130_001; seed <= 131_200; seed++) {
      const problem = randomProblem(seed, { maxUnits: 8, maxDevices: 5, memoryBinds: 0.5, identical: 0.4, profiles: 0.2, transfers: 0.4 });
      const oracleInput = problem as unknown as NetworkProblem;
      const where = `seed ${seed}`;
      const expected = oracleFrontier(oracleInput);
      const ts = attempt(() => frontierReference(problem));
      const wasm = attempt(() => solver.frontier(problem));
      if (expected.length === 0) {
        expect('infeasible' in ts && 'infeasible' in wasm, `${where}: no plan`).toBe(true);
        continue;
      }
      if (!('value' in ts) || !('value' in wasm)) throw new Error(`${where}: expected ${expected.length} points`);
      // The bottleneck is one of the point's finalists (see `FrontierPoint.planBottlenecks`).
      expect(ts.value.map((plan) => plan.stages.length), `${where}: frontier`).toEqual(expected.map((e) => e.stageCount));
      ts.value.forEach((plan, i) => expect(expected[i]?.planBottlenecks, `${where}: point ${i} bottleneck`).toContain(plan.bottleneck));
      ts.value.forEach((plan, i) => expect(Math.abs(plan.latency - (expected[i]?.planLatency ?? NaN)), `${where}: point ${i}`).toBeLessThanOrEqual(TIE * plan.latency));
      expect(wasm.value.map(stagesOf), `${where}: engines agree`).toEqual(ts.value.map(stagesOf));
      expect(wasm.value.map(countersOf), `${where}: engines count alike`).toEqual(ts.value.map(countersOf));
      points += expected.length;
      // A deadline between two points, or just above one (a deadline at a point's own latency can
      // be refused when the windowed DP's least latency is an ulp above the plan's; not this test's
      // concern): the objective's pick among plans within it.
      const r = rng(seed);
      const first = expected[0]?.latency ?? 0;
      const last = expected[expected.length - 1]?.latency ?? 0;
      const maxLatency = (r() < 0.3 ? (expected[Math.floor(r() * expected.length)]?.latency ?? first) : last + r() * (first - last)) * (1 + 1e-12);
      const options: SolveOptions = { maxLatency };
      const best = oracleSolve(oracleInput, { maxLatency });
      const tsPlan = attempt(() => solveReference(problem, options));
      const wasmPlan = attempt(() => solver.solve(problem, options));
      if (best === null) {
        expect('infeasible' in tsPlan && 'infeasible' in wasmPlan, `${where}: nothing meets ${maxLatency}`).toBe(true);
        continue;
      }
      if (!('value' in tsPlan) || !('value' in wasmPlan)) throw new Error(`${where}: the oracle meets maxLatency ${maxLatency}`);
      expect(best.bottlenecks, `${where}: maxLatency ${maxLatency}: bottleneck`).toContain(tsPlan.value.bottleneck);
      expect(tsPlan.value.stages.length, `${where}: fewest stages`).toBe(best.stages);
      expect(tsPlan.value.latency, `${where}: within the deadline`).toBeLessThanOrEqual(maxLatency);
      expect(stagesOf(wasmPlan.value), `${where}: engines agree under maxLatency`).toEqual(stagesOf(tsPlan.value));
      expect(countersOf(wasmPlan.value), `${where}: engines count alike under maxLatency`).toEqual(countersOf(tsPlan.value));
      deadlines++;
    }
    expect(points).toBeGreaterThan(2000);
    expect(deadlines).toBeGreaterThan(800);
  });

  it('100 monotone problems of 20–60 units: the same frontier and maxLatency answers as the plain driver', async () => {
    const solver = await createSolver();
    let points = 0;
    for (let seed = 140_001; seed <= 140_100; seed++) {
      const problem = monotoneProblem(seed);
      const where = `seed ${seed}`;
      const p = generalPrepared(problem);
      const plain = search(p, { algorithm: 'auto', secondary: 'latency' });
      if (!plain.feasible) continue;
      const expected = plainFrontier(generalSearch(p), plain.least);
      const got = frontierReference(problem);
      expect(got.map((plan) => plan.stages.map((s) => s.end)), `${where}: stage ends`).toEqual(expected.map((pass) => pass.ends));
      expect(got.map((plan) => plan.bottleneck), `${where}: bottlenecks`).toEqual(expected.map((pass) => pass.bottleneck));
      const wasm = solver.frontier(problem);
      expect(wasm.map(stagesOf), `${where}: engines agree`).toEqual(got.map(stagesOf));
      expect(wasm.map(countersOf), `${where}: engines count alike`).toEqual(got.map(countersOf));
      points += got.length;
      const r = rng(seed);
      for (let i = 0; i < 3; i++) {
        const first = expected[0]?.latency ?? 0;
        const last = expected[expected.length - 1]?.latency ?? 0;
        const maxLatency = i === 0 ? (expected[Math.floor(r() * expected.length)]?.latency ?? first) : last + r() * (first - last);
        const reference = plainWithinLatency(generalSearch(p), plain.least, maxLatency);
        const tsPlan = solveReference(problem, { maxLatency });
        expect(reference, `${where}: feasible`).not.toBeNull();
        expect(tsPlan.stages.map((s) => s.end), `${where}: maxLatency ${maxLatency}`).toEqual(reference?.plan.ends);
        expect(tsPlan.stats.leastBottleneck, `${where}: maxLatency ${maxLatency}: least`).toBe(reference?.least);
        const wasmPlan = solver.solve(problem, { maxLatency });
        expect(stagesOf(wasmPlan), `${where}: engines agree under maxLatency`).toEqual(stagesOf(tsPlan));
        expect(countersOf(wasmPlan), `${where}: engines count alike under maxLatency`).toEqual(countersOf(tsPlan));
      }
    }
    expect(points).toBeGreaterThan(1500);
  });

  it('300 monotone problems: both engines guess the same stage time above the limit, bit for bit', async () => {
    const kernel = new Kernel(await compileKernel());
    let guesses = 0;
    let capped = 0;
    for (let seed = 150_001; seed <= 150_300; seed++) {
      const problem = monotoneProblem(seed);
      const where = `seed ${seed}`;
      const p = generalPrepared(problem);
      const plain = search(p, { algorithm: 'auto', secondary: 'latency' });
      if (!plain.feasible || p.transfers) continue;
      const ts = generalSearch(p);
      const wasm = kernel.general(p);
      const fastest = ts.pass(Infinity, false);
      wasm.pass(Infinity, false);
      const r = rng(seed);
      for (let i = 0; i < 4; i++) {
        const limit = plain.least + r() * (fastest.bottleneck - plain.least);
        // Passing first or not: a guess at the last pass's limit reuses its table, otherwise fills one.
        if (i % 2 === 0) {
          ts.pass(limit, false);
          wasm.pass(limit, false);
        }
        const at = ts.pass(limit, false);
        wasm.pass(limit, false);
        const bound = at.latency - r() * (at.latency - fastest.latency);
        const ceiling = r() < 0.5 ? Infinity : limit + r() * (fastest.bottleneck - limit);
        const guess = ts.guess(limit, bound, ceiling);
        expect(wasm.guess(limit, bound, ceiling), `${where}: guess ${i}`).toBe(guess);
        expect(wasm.counters, `${where}: counters`).toEqual(ts.counters);
        if (guess === Infinity) continue;
        guesses++;
        expect(guess > limit && guess < ceiling, `${where}: ${guess} within (${limit}, ${ceiling})`).toBe(true);
        // A real stage time: the next one above the double just below it is itself.
        const below = nextDown(guess);
        expect(ts.nextLimit(below), `${where}: ${guess} is a stage time`).toBe(guess);
        expect(wasm.nextLimit(below), `${where}: next limit`).toBe(guess);
        expect(isStageTime(p, guess), `${where}: ${guess} is some stage's time`).toBe(true);
      }
      // A bound no plan meets: the scan runs until its cap (a full pass's work), alike in both.
      const before = ts.counters.transitions;
      expect(ts.guess(plain.least, fastest.latency / 2, Infinity), `${where}: nothing meets half the least latency`).toBe(Infinity);
      expect(wasm.guess(plain.least, fastest.latency / 2, Infinity), `${where}: nothing meets it in the kernel`).toBe(Infinity);
      expect(wasm.counters, `${where}: counters after a fruitless guess`).toEqual(ts.counters);
      if (ts.counters.transitions - before > p.stateCount * (p.unitCount + 1) * p.kindCount) capped++;
    }
    expect(capped, 'some fruitless scans reach their cap').toBeGreaterThan(2);
    expect(guesses).toBeGreaterThan(300);
  });
});

function isStageTime(p: PreparedProblem, time: number): boolean {
  for (let k = 0; k < p.kindCount; k++) {
    for (let s = 0; s < p.unitCount; s++) {
      for (let e = s + 1; e <= p.unitCount; e++) if (stageTime(p, k, s, e) === time) return true;
    }
  }
  return false;
}
