/**
 * Grouping devices into kinds (src/prepare.ts) within the time bound (README, "Limits": every
 * accepted input is planned or refused within 5 s). Found by the s28 hunt
 * (bench/worst-hunt-s28.ts):
 * - 1,023 devices of equal speed, each named in `links`, differing only in their link to the
 *   device named last: each device was compared with every kind before it over every named
 *   device, cubic in the devices (512 devices took 7.6 s to be refused, 1,023 over 30 s);
 * - 1,024 devices with their own `time` profiles differing only in the last unit: each compared
 *   with every kind before it over every unit (1,024 × 3,000 units took 4.5 s to be refused).
 * Now the grouping stops at the first device that takes the states past MAX_STATES, and compares
 * link ends only towards the devices an entry joins to either of the pair. The second change must
 * group exactly as before: checked here against the old comparison on random linked clusters
 * with many alike devices. No time is asserted (the machines are noisy).
 */
import { describe, expect, it } from 'vitest';
import { prepare, resolveNetwork, type Network } from '../src/prepare.js';
import { validateProblem } from '../src/validate.js';
import { ProblemError, solveReference, createSolver, type Device, type Link, type Problem } from '../src/index.js';
import { linkedByHub } from '../bench/cases.js';
import { rng } from './helpers/random.js';

function problemError(run: () => unknown): ProblemError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemError);
    return error as ProblemError;
  }
  throw new Error('expected a ProblemError');
}


/** 1,024 devices with their own profiles, equal but for the last unit. */
function profiledApart(n: number, units: number): Problem {
  return {
    model: {},
    devices: Array.from({ length: n }, (_, i) => {
      const time = new Array<number>(units).fill(1);
      time[units - 1] = 1 + i * 1e-6;
      return { id: `d${i}`, time };
    }),
  };
}

describe('the grouping into kinds refuses too many states as soon as it sees them', () => {
  it('1,023 devices told apart by their link to the last-named device: refused at devices, both engines', async () => {
    const problem = linkedByHub(1023);
    const error = problemError(() => solveReference(problem));
    expect(error.path).toBe('devices');
    expect(error.message).toMatch(/search states; the limit is 262144/);
    const solver = await createSolver();
    expect(problemError(() => solver.solve(problem)).message).toBe(error.message);
    expect(problemError(() => solver.frontier(problem)).path).toBe('devices');
  });

  it('1,024 devices of distinct profiles over 3,000 units: refused at devices', () => {
    const error = problemError(() => solveReference(profiledApart(1024, 3000)));
    expect(error.path).toBe('devices');
    expect(error.message).toMatch(/search states; the limit is 262144/);
    expect(error.message).not.toContain('Infinity');
  });

  it('a problem whose last device takes the states past the limit keeps the full count', () => {
    // 17 distinct devices (131,072 states), then an 18th that doubles them and a 19th: refused
    // at the 19th, naming the first 19 devices.
    const devices = Array.from({ length: 20 }, (_, i) => ({ id: `d${i}`, speed: 1 + i }));
    expect(problemError(() => solveReference({ model: { time: [1, 2, 3] }, devices: devices.slice(0, 19) })).message).toMatch(/^devices: 19 devices in 19 kinds make 5\.24e\+5 search states/);
    expect(problemError(() => solveReference({ model: { time: [1, 2, 3] }, devices })).message).toMatch(/^devices: the first 19 of 20 devices in 19 kinds make 5\.24e\+5 search states/);
  });
});

/** The comparison of link ends before the s28 fix: over every device named in `links`. */
function oldSameLinkEnds(net: Network, i: number, j: number): boolean {
  if (!net.modelled) return true;
  if (!(net.mentioned.has(i) || net.mentioned.has(j))) return true;
  if (!(net.mentioned.has(i) && net.mentioned.has(j))) return false;
  const same = (x: { bandwidth: number; latency: number } | undefined, y: { bandwidth: number; latency: number } | undefined): boolean =>
    x === y || (x !== undefined && y !== undefined && x.bandwidth === y.bandwidth && x.latency === y.latency);
  if (!same(net.link(i, j), net.link(j, i))) return false;
  for (const x of net.mentioned) {
    if (x === i || x === j) continue;
    if (!same(net.link(i, x), net.link(j, x)) || !same(net.link(x, i), net.link(x, j))) return false;
  }
  return true;
}

/** The grouping before the s28 fix (no roles in these problems), as lists of device indices. */
function oldKinds(problem: Problem): number[][] {
  const net = resolveNetwork(problem);
  const kinds: number[][] = [];
  problem.devices.forEach((device, index) => {
    if (device.compute === false) return;
    const kind = kinds.find((members) => {
      const other = problem.devices[members[0] ?? 0] as Device;
      const profile = other.memory === device.memory && other.bandwidth === device.bandwidth && (other.speed ?? 1) === (device.speed ?? 1);
      return profile && oldSameLinkEnds(net, members[0] ?? 0, index);
    });
    if (kind) kind.push(index);
    else kinds.push([index]);
  });
  return kinds;
}

describe('comparing link ends only towards linked devices groups exactly as before', () => {
  it('600 seeded random clusters of few profiles and sparse links, some equal to the bandwidths', () => {
    const r = rng(2028);
    let split = 0;
    for (let t = 0; t < 600; t++) {
      const n = 3 + Math.floor(r() * 14);
      const bandwidths = [100, 200];
      const devices: Device[] = Array.from({ length: n }, (_, i) => {
        const bandwidth = bandwidths[Math.floor(r() * 2)] as number;
        if (i > 0 && r() < 0.15) return { id: `d${i}`, bandwidth, compute: false };
        return { id: `d${i}`, bandwidth, ...(r() < 0.3 ? { speed: 2 } : {}) };
      });
      const links: Link[] = [];
      const given = new Set<string>();
      const count = Math.floor(r() * n * 1.5);
      for (let l = 0; l < count; l++) {
        const a = Math.floor(r() * n);
        const b = Math.floor(r() * n);
        if (a === b || given.has(`${a}>${b}`) || given.has(`${b}>${a}`)) continue;
        const oneWay = r() < 0.3;
        given.add(`${a}>${b}`);
        if (!oneWay) given.add(`${b}>${a}`);
        // Often the link the bandwidths would give anyway: equal to no entry at all.
        const plain = r() < 0.5;
        links.push({ from: `d${a}`, to: `d${b}`, bandwidth: plain ? Math.min(devices[a]?.bandwidth ?? 0, devices[b]?.bandwidth ?? 0) : [50, null][Math.floor(r() * 2)] ?? null, ...(plain ? {} : { latency: Math.floor(r() * 2) }), ...(oneWay ? { oneWay } : {}) });
      }
      const problem = validateProblem({ model: { time: [1, 2, 3], outputBytes: [10, 20, 30] }, devices, links });
      const expected = oldKinds(problem);
      expect(prepare(problem).kindDevices).toEqual(expected);
      if (expected.length < problem.devices.filter((d) => d.compute !== false).length) split++;
    }
    // Many draws group devices together: the comparison is exercised both ways.
    expect(split).toBeGreaterThan(100);
  });
});

describe('time profiles are compared by digest first, grouping exactly as a full comparison', () => {
  /** Kinds by a plain element-by-element comparison of profiles (no links, no roles here). */
  function plainKinds(problem: Problem): number[][] {
    const kinds: number[][] = [];
    problem.devices.forEach((device, index) => {
      const kind = kinds.find((members) => {
        const other = problem.devices[members[0] ?? 0] as Device;
        const a = other.time ?? [];
        const b = device.time ?? [];
        return other.memory === device.memory && a.length === b.length && a.every((v, i) => v === b[i]);
      });
      if (kind) kind.push(index);
      else kinds.push([index]);
    });
    return kinds;
  }

  it('400 seeded clusters of profiles drawn from few values, with 0 and -0, nulls, shared and copied arrays', () => {
    const r = rng(2029);
    const values = [0, -0, 1, 2.5, null];
    let grouped = 0;
    for (let t = 0; t < 400; t++) {
      const units = 1 + Math.floor(r() * 4);
      const pool = Array.from({ length: 1 + Math.floor(r() * 3) }, () => Array.from({ length: units }, (_, u) => (u === 0 ? 1 : values[Math.floor(r() * values.length)] ?? 1)));
      const devices: Device[] = Array.from({ length: 2 + Math.floor(r() * 8) }, (_, i) => {
        const profile = pool[Math.floor(r() * pool.length)] as (number | null)[];
        // Shared, copied, or copied with every 0 written as -0 (=== calls them equal).
        const mode = Math.floor(r() * 3);
        const time = mode === 0 ? profile : mode === 1 ? [...profile] : profile.map((v) => (v === 0 ? -0 : v));
        return { id: `d${i}`, time, ...(r() < 0.2 ? { memory: 10 } : {}) };
      });
      const problem = validateProblem({ model: { time: Array.from({ length: units }, () => 1) }, devices });
      const expected = plainKinds(problem);
      expect(prepare(problem).kindDevices, `seed 2029, draw ${t}`).toEqual(expected);
      if (expected.length < devices.length) grouped++;
    }
    expect(grouped).toBeGreaterThan(200);
  });
});
