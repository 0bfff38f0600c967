/**
 * An outside review (s26) of the memory room in the general DP's relevance bound
 * (src/search-transfers.ts `memoryRoom`, assembly/transfers.ts `fillMemoryRooms`): each device
 * covers at most min(T · speed, the most work of a window whose weights fit its memory). The claim:
 * the bound stays a consistent lower bound, so pruned passes keep exactly the unpruned values on
 * relevant cells, and `leastLatencyBound` stays at most the least latency.
 *
 * Problems are drawn to make the room bind and to sit on its edges: capacities exactly equal to
 * a window's weights (fitting under 'tolerant', not under 'strict'), units of zero memory, a fast
 * device that holds a unit or two, a device that holds nothing, huge capacities, per-device time
 * profiles with null entries (the rest measured in each unit's least time), activations with
 * slots, links, a source and a sink, and `maxStages`/`first`/`last`. Checked against the
 * exhaustive network oracle (test/helpers/network-oracle.ts), against passes that keep every cell,
 * and engine against engine.
 */
import { describe, expect, it } from 'vitest';
import { createSolver, frontierReference, type Plan, type Problem } from '../src/index.js';
import { prepareFor } from '../src/solver.js';
import { resolveOptions, validateProblem } from '../src/validate.js';
import { search, generalSearch } from '../src/search.js';
import { leastLatencyBound } from '../src/search-transfers.js';
import { frontierPasses } from '../src/tradeoff.js';
import { nextDown } from '../src/search-breakpoint.js';
import { compileKernel, Kernel } from '../src/kernel.js';
import { oracleFrontier, oracleLeastLatency, type NetworkDevice, type NetworkProblem } from './helpers/network-oracle.js';
import { rng } from './helpers/random.js';

/** A small problem where memory binds, built to sit on the memory room's edges. */
function memoryBound(seed: number, maxUnits: number, maxDevices: number): NetworkProblem {
  const r = rng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)]!;
  const units = int(2, maxUnits);
  const coarse = r() < 0.5;
  const time = Array.from({ length: units }, () => (coarse ? int(1, 4) : Math.round(r() * 1e4) / 1e3 + 0.01));
  // Zero-memory units let a window run on past any capacity.
  const memory = Array.from({ length: units }, () => (r() < 0.25 ? 0 : coarse ? int(1, 4) : Math.round(r() * 1e3) / 10 + 0.1));
  const prefix = [0];
  for (const m of memory) prefix.push(prefix.at(-1)! + m);
  const windowSum = (): number => {
    const s = int(0, units - 1);
    const e = int(s + 1, Math.min(units, s + int(1, 3)));
    return prefix[e]! - prefix[s]!;
  };
  const profiled = r() < 0.3;
  const count = int(2, maxDevices);
  const devices: NetworkDevice[] = [];
  for (let i = 0; i < count; i++) {
    const device: NetworkDevice = { id: `d${i}` };
    const kind = r();
    // Capacities: a window's exact weights, just a unit, nothing, huge, or none.
    if (kind < 0.45) device.memory = windowSum();
    else if (kind < 0.6) device.memory = pick(memory);
    else if (kind < 0.7) device.memory = 0;
    else if (kind < 0.85) device.memory = 1e12;
    if (profiled) {
      device.time = time.map((t) => (r() < 0.15 ? null : Math.round(t * (0.3 + r() * 2) * 1e3) / 1e3));
    } else {
      // A fast device with little memory is what the room is for.
      device.speed = i === 0 ? pick([4, 8, 16]) : pick([0.5, 1, 1.5, 2]);
      if (i === 0 && device.memory === undefined) device.memory = windowSum();
    }
    if (r() < 0.5) device.bandwidth = pick([10, 100, 1000]);
    devices.push(device);
  }
  // Profiles: every unit must run somewhere; the last device runs them all.
  if (profiled) devices[count - 1]!.time = time.map((t) => Math.round(t * (0.5 + r()) * 1e3) / 1e3);
  const problem: NetworkProblem = { model: { time: profiled ? undefined : time, memory }, devices };
  if (profiled) delete problem.model.time;
  if (r() < 0.7) {
    problem.model.outputBytes = Array.from({ length: units }, () => pick([0, 1 << 16, 1 << 18, 1 << 20]));
    problem.model.inputBytes = pick([0, 1 << 18]);
  }
  // Every pair linked (no silent free links): some explicit, the rest by bandwidth.
  for (const d of devices) d.bandwidth ??= 100;
  if (r() < 0.5) {
    problem.links = [];
    for (let a = 0; a < count; a++) for (let b = a + 1; b < count; b++) if (r() < 0.4) problem.links.push({ from: `d${a}`, to: `d${b}`, bandwidth: pick([null, 50, 500]), latency: pick([0, 0.5, 2]) });
  }
  if (r() < 0.3) problem.source = 'd0';
  if (r() < 0.3) problem.sink = `d${count - 1}`;
  const options: NetworkProblem['options'] = {};
  if (r() < 0.3) options.slots = { in: int(0, 2), out: int(0, 2) };
  if (r() < 0.25) options.maxStages = int(1, count);
  if (r() < 0.2) options.first = pick(devices).id;
  if (r() < 0.2) options.last = pick(devices).id;
  if (r() < 0.3) options.transfer = 'serial';
  problem.options = options;
  return problem;
}

/**
 * The prepared general problem and its least bottleneck; 'monotone' when it is not a general
 * problem, 'refused' when the validator refuses it (e.g. no device can run a unit: not this
 * test's), undefined when no plan exists.
 */
function general(problem: Problem, strict: boolean) {
  try {
    const checked = validateProblem(problem);
    const options = resolveOptions(strict ? { memoryTest: 'strict' } : {}, 'ts', checked.options);
    const p = prepareFor(checked, options, true);
    if (!p.transfers) return 'monotone' as const;
    const result = search(p, { ...options, secondary: 'latency' });
    return result.feasible ? { p, least: result.least } : undefined;
  } catch (error) {
    if ((error as Error).name === 'ProblemError') return 'refused' as const;
    throw error;
  }
}

const shape = (plan: Plan) => [plan.bottleneck, plan.latency, plan.stats.transitions, plan.stages.map((s) => `${s.device}:${s.start}-${s.end}`).join(' ')];

describe('the memory room on binding memory', () => {
  it('frontiers equal the exhaustive oracle, and the floor stays under its least latency: 1,500 small problems, seeds 26001–27500', { timeout: 120_000 }, async () => {
    const solver = await createSolver();
    let compared = 0;
    let multi = 0;
    let raised = 0;
    for (let seed = 26_001; seed <= 27_500; seed++) {
      const problem = memoryBound(seed, 8, 5);
      const strict = seed % 3 === 0;
      const at = `seed ${seed}${strict ? ' (strict)' : ''}`;
      const found = general(problem as Problem, strict);
      if (found === 'monotone' || found === 'refused') continue;
      // The oracle models the tolerant test only.
      if (strict) {
        if (found) {
          const opts = { memoryTest: 'strict' as const };
          expect(solver.frontier(problem as Problem, opts).map(shape), at).toEqual(frontierReference(problem as Problem, opts).map(shape));
          compared++;
        }
        continue;
      }
      const expected = oracleFrontier(problem);
      if (!found) {
        expect(expected, at).toEqual([]);
        continue;
      }
      const { p } = found;
      const least = oracleLeastLatency(problem)!;
      const floor = leastLatencyBound(p);
      expect(floor, at).toBeLessThanOrEqual(least);
      const unlimited = leastLatencyBound({ ...p, capacity: new Float64Array(p.kindCount).fill(Infinity) });
      if (floor > unlimited * (1 + 1e-9)) raised++;
      const ts = frontierReference(problem as Problem);
      const wasm = solver.frontier(problem as Problem);
      expect(wasm.map(shape), at).toEqual(ts.map(shape));
      expect(ts.map((plan) => plan.stages.length), at).toEqual(expected.map((point) => point.stageCount));
      ts.forEach((plan, i) => {
        const point = expected[i]!;
        expect(point.planBottlenecks, `${at}: point ${i}`).toContain(plan.bottleneck);
        expect(Math.abs(plan.latency - point.planLatency), `${at}: point ${i}`).toBeLessThanOrEqual(1e-9 * point.planLatency);
      });
      compared++;
      if (expected.length > 1) multi++;
    }
    if (process.env.S26_LOG) console.log(`oracle: ${compared} compared, ${multi} with several points, ${raised} floors raised`);
    expect(compared).toBeGreaterThan(500);
    expect(multi).toBeGreaterThan(60);
    expect(raised).toBeGreaterThan(50);
  });

  it('pruned passes give what passes keeping every cell give, in both engines: 600 problems × 24 passes, seeds 27501–28100', { timeout: 120_000 }, async () => {
    const kernel = new Kernel(await compileKernel());
    let compared = 0;
    let pruned = 0;
    for (let seed = 27_501; seed <= 28_100; seed++) {
      const problem = memoryBound(seed, 14, 5);
      const strict = seed % 4 === 0;
      const found = general(problem as Problem, strict);
      if (!found || found === 'monotone' || found === 'refused') continue;
      const { p, least } = found;
      const points = frontierPasses(generalSearch(p), least);
      const r = rng(seed);
      const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)]!;
      const limits = [Infinity, ...points.flatMap((point) => [point.limit, point.bottleneck, nextDown(point.bottleneck), point.limit * 1.7])];
      const reused = generalSearch(p);
      const wasm = kernel.general(p);
      for (let i = 0; i < 24; i++) {
        const limit = pick(limits);
        const fresh = generalSearch(p);
        const freshBefore = fresh.counters.transitions;
        const full = fresh.pass(limit, true);
        if (full.latency === Infinity) continue;
        // Bounds at the least latency itself, a hair above, and well above.
        const relevant = pick([full.latency, full.latency * (1 + 1e-15), full.latency * 1.2, full.planLatency]);
        const at = `seed ${seed}${strict ? ' (strict)' : ''}, pass ${i} at ${limit}, bound ${relevant}`;
        const before = reused.counters.transitions;
        const got = reused.pass(limit, true, Infinity, relevant);
        const kernelPass = wasm.pass(limit, true, Infinity, relevant);
        const row = (pass: typeof got) => [pass.latency, pass.planLatency, pass.bottleneck, pass.ends, pass.kinds];
        expect(row(got), at).toEqual(row(full));
        expect(row(kernelPass), at).toEqual(row(got));
        if (reused.counters.transitions - before < fresh.counters.transitions - freshBefore) pruned++;
        compared++;
      }
    }
    if (process.env.S26_LOG) console.log(`passes: ${compared} compared, ${pruned} cheaper than the unpruned pass`);
    expect(compared).toBeGreaterThan(4_000);
    expect(pruned).toBeGreaterThan(1_000);
  });
});
