/**
 * Self-tests of the network oracle (test/helpers/network-oracle.ts): hand-computed small cases,
 * each number worked out from the cost model's formulas in the comments, and properties over 700
 * seeded random problems from test/helpers/random-network.ts. The engines are checked against this
 * oracle elsewhere; here the oracle is checked against arithmetic done by hand.
 */
import { describe, expect, it } from 'vitest';
import { exhaustive } from './helpers/exhaustive.js';
import {
  enumeratePlans,
  networkModelled,
  oracleEvaluate,
  oracleFrontier,
  oracleLeastLatency,
  oracleSolve,
  resolveLink,
  resolveOptions,
  transferTime,
  unresolvedPairs,
  type NetworkOptions,
  type NetworkProblem,
} from './helpers/network-oracle.js';
import { randomNetworkProblem, type RandomNetworkShape } from './helpers/random-network.js';
import { randomProblem, rng } from './helpers/random.js';

/** (bottleneck, latency, stages) of a solution, or null, for compact expectations. */
function triple(problem: NetworkProblem, options: NetworkOptions = {}): [number, number, number] | null {
  const s = oracleSolve(problem, options);
  return s && [s.bottleneck, s.latency, s.stages];
}

function points(problem: NetworkProblem, options: NetworkOptions = {}): [number, number, number][] {
  return oracleFrontier(problem, options).map((p) => [p.bottleneck, p.latency, p.stageCount]);
}

describe('hand-computed cases', () => {
  // A camera (an endpoint, compute:false) sends 125,000 B frames. camera–pi: 100 Mbit/s, so
  // src = ((125000 × 8) / (100 × 1e6)) × 1000 = 10 ms; camera → laptop (one way): 10 Mbit/s and
  // 5 ms latency, so src = 5 + 100 = 105 ms. pi–laptop: 100 Mbit/s, a 12,500 B cut costs 1 ms.
  // Units take 4 ms at speed 1; the laptop has speed 4.
  //   pi alone:        max(10, 8) = 10,            latency 10 + 8 = 18
  //   laptop alone:    max(105, 2) = 105,          latency 105 + 2 = 107
  //   pi | laptop:     max(10, 4, 1, 1) = 10,      latency 10 + 4 + 1 + 1 = 16
  //   laptop | pi:     max(105, 1, 1, 4) = 105,    latency 105 + 1 + 1 + 4 = 111
  const camera: NetworkProblem = {
    model: { time: [4, 4], inputBytes: 125_000, outputBytes: [12_500, 1_250] },
    devices: [{ id: 'camera', compute: false }, { id: 'pi', speed: 1 }, { id: 'laptop', speed: 4 }],
    links: [
      { from: 'camera', to: 'pi', bandwidth: 100 },
      { from: 'camera', to: 'laptop', bandwidth: 10, latency: 5, oneWay: true },
      { from: 'laptop', to: 'pi', bandwidth: 100 },
    ],
    source: 'camera',
  };

  it('a source camera on a slow link keeps the fast laptop out of the first stage', () => {
    const plans = enumeratePlans(camera);
    expect(plans.map((p) => [p.stages.map((s) => `${s.device}[${s.start},${s.end})`).join(' '), p.bottleneck, p.latency])).toEqual([
      ['pi[0,1) laptop[1,2)', 10, 16],
      ['pi[0,2)', 10, 18],
      ['laptop[0,1) pi[1,2)', 105, 111],
      ['laptop[0,2)', 105, 107],
    ]);
    // Tie set {pi alone, pi | laptop} at 10: least latency 16 wins over fewer stages.
    expect(triple(camera)).toEqual([10, 16, 2]);
    // secondary 'none': exactly B* = 10, fewest stages.
    expect(oracleSolve(camera, { secondary: 'none' })).toMatchObject({ bottleneck: 10, stages: 1, latencies: [18] });
    expect(points(camera)).toEqual([[10, 16, 2]]);
    expect(triple(camera, { first: 'laptop' })).toEqual([105, 107, 1]);
    // Serial: pi | laptop = max(10, 4 + 1, 1) = 10, the same.
    expect(triple(camera, { transfer: 'serial' })).toEqual([10, 16, 2]);
  });

  it('a source with no bandwidth declared anywhere costs nothing', () => {
    const { links: _links, ...free } = camera;
    expect(networkModelled(free)).toBe(false);
    // pi | laptop = max(4, 0, 1) = 4, latency 4 + 0 + 1 = 5; laptop alone = 8 / 4 = 2.
    expect(triple(free)).toEqual([2, 2, 1]);
  });

  // Both devices 80 Mbit/s. Cuts of 100,000 B: (800000 / 8e7) × 1000 = 10 ms; the last unit's
  // 500,000 B to the sink: 50 ms. Units 3 ms at speed 1; edge has speed 3; the sink is the laptop.
  //   edge alone:           max(3, 50) = 50,         latency 3 + 50 = 53
  //   laptop alone:         9, sink on itself = 0,   latency 9
  //   edge[0,1) | laptop:   max(1, 10, 6) = 10,      latency 1 + 10 + 6 = 17
  //   edge[0,2) | laptop:   max(2, 10, 3) = 10,      latency 2 + 10 + 3 = 15
  //   laptop | edge:        sink 50 in both
  const laptopSink: NetworkProblem = {
    model: { time: [3, 3, 3], outputBytes: [100_000, 100_000, 500_000] },
    devices: [{ id: 'edge', speed: 3, bandwidth: 80 }, { id: 'laptop', speed: 1, bandwidth: 80 }],
    sink: 'laptop',
  };

  it('a sink on a laptop: the sink transfer is a stage of its own, free on the sink itself', () => {
    expect(triple(laptopSink)).toEqual([9, 9, 1]);
    expect(points(laptopSink)).toEqual([[9, 9, 1]]);
    expect(triple(laptopSink, { first: 'edge' })).toEqual([10, 15, 2]);
    // Serial, first edge: edge[0,1) | laptop = max(1 + 10, 6) = 11 (latency 17);
    // edge[0,2) | laptop = max(2 + 10, 3) = 12; edge alone = max(3, 50) = 50.
    expect(triple(laptopSink, { first: 'edge', transfer: 'serial' })).toEqual([11, 17, 2]);
    const { sink: _sink, ...noSink } = laptopSink;
    expect(triple(noSink)).toEqual([3, 3, 1]);
    expect(oracleEvaluate(laptopSink, [{ device: 'edge', start: 0, end: 3 }])).toEqual({ bottleneck: 50, latency: 53 });
    // Serial too: the sink transfer stays a stage of its own, max(3, 50), not 3 + 50.
    expect(oracleEvaluate(laptopSink, [{ device: 'edge', start: 0, end: 3 }], { transfer: 'serial' })).toEqual({ bottleneck: 50, latency: 53 });
  });

  // The npu cannot run unit 1 (null); model.time is omitted since both devices have time.
  // npu prefix sums [0, 1, 1, 2] (null counts 0), cpu [0, 2, 4, 6].
  //   cpu alone 6 (latency 6); npu[0,1) | cpu = max(1, 4) = 4, latency 5; cpu[0,2) | npu = max(4, 1) = 4, latency 5.
  const npu: NetworkProblem = {
    model: {},
    devices: [{ id: 'npu', time: [1, null, 1] }, { id: 'cpu', time: [2, 2, 2] }],
  };

  it('a device that cannot run a unit never gets a stage containing it', () => {
    const plans = enumeratePlans(npu);
    expect(plans.map((p) => [p.stages.map((s) => `${s.device}[${s.start},${s.end})`).join(' '), p.bottleneck, p.latency])).toEqual([
      ['npu[0,1) cpu[1,3)', 4, 5],
      ['cpu[0,2) npu[2,3)', 4, 5],
      ['cpu[0,3)', 6, 6],
    ]);
    expect(oracleSolve(npu)).toEqual({ bottleneck: 4, latency: 5, stages: 2, bottlenecks: [4], latencies: [5] });
    expect(triple(npu, { maxStages: 1 })).toEqual([6, 6, 1]);
    expect(triple(npu, { first: 'npu', last: 'npu' })).toBeNull();
    expect(oracleEvaluate(npu, [{ device: 'npu', start: 0, end: 2 }, { device: 'cpu', start: 2, end: 3 }])).toEqual({ invalid: 'stage 0: a unit the device cannot run' });
  });

  // Three equal devices, 100 Mbit/s each, units of 3 ms, every cut 12,500 B = 1 ms.
  //   one stage (9, 9); two stages [3|6] or [6|3]: (6, 3 + 1 + 6 = 10); three: (3, 3 + 1 + 3 + 1 + 3 = 11).
  const three: NetworkProblem = {
    model: { time: [3, 3, 3], outputBytes: [12_500, 12_500, 12_500] },
    devices: ['a', 'b', 'c'].map((id) => ({ id, speed: 1, bandwidth: 100 })),
  };

  it('a 3-point frontier, and each requirement moving along it', () => {
    expect(points(three)).toEqual([[3, 11, 3], [6, 10, 2], [9, 9, 1]]);
    expect(triple(three)).toEqual([3, 11, 3]);
    expect(triple(three, { maxLatency: 10 })).toEqual([6, 10, 2]);
    expect(triple(three, { maxLatency: 9.5 })).toEqual([9, 9, 1]);
    expect(triple(three, { maxLatency: 8 })).toBeNull();
    expect(oracleLeastLatency(three, { maxLatency: 8 })).toBe(9);
    expect(triple(three, { maxStages: 2 })).toEqual([6, 10, 2]);
    expect(triple(three, { maxStages: 1 })).toEqual([9, 9, 1]);
    expect(triple(three, { first: 'b', last: 'b' })).toEqual([9, 9, 1]);
    expect(triple(three, { first: 'a', last: 'c', maxStages: 2 })).toEqual([6, 10, 2]);
    expect(points(three, { maxLatency: 10 })).toEqual([[6, 10, 2], [9, 9, 1]]);
    expect(points(three, { maxStages: 2 })).toEqual([[6, 10, 2], [9, 9, 1]]);
    // Serial: three stages max(3 + 1, 3 + 1, 3) = 4; [3|6] max(4, 6) = 6; [6|3] max(7, 3) = 7 (dominated).
    expect(points(three, { transfer: 'serial' })).toEqual([[4, 11, 3], [6, 10, 2], [9, 9, 1]]);
    // Every plan: 3 single-stage, 2 × 6 two-stage, 6 three-stage.
    expect(enumeratePlans(three)).toHaveLength(21);
  });

  it('problem.options are defaults that explicit options override field by field', () => {
    const withDefaults: NetworkProblem = { ...three, options: { maxStages: 1, transfer: 'serial' } };
    expect(resolveOptions(withDefaults, { maxStages: 3 })).toEqual({ maxStages: 3, transfer: 'serial' });
    expect(triple(withDefaults)).toEqual([9, 9, 1]);
    expect(triple(withDefaults, { maxStages: 3 })).toEqual([4, 11, 3]);
  });

  // a = time [0.1, 0.264]: alone 0.1 + 0.264 = 0.364 exactly. b = time [1, 0.364]: its unit 1
  // costs (1 + 0.364) - 1 = 0.3639999999999999.
  //   a alone: (0.364, 0.364); a[0,1) | b: max(0.1, 0.3639999999999999) = 0.3639999999999999,
  //   latency 0.1 + 0.3639999999999999 = 0.46399999999999986; b | a: max(1, 0.264); b alone 1.364.
  const rounding: NetworkProblem = {
    model: {},
    devices: [{ id: 'a', time: [0.1, 0.264] }, { id: 'b', time: [1, 0.364] }],
  };

  it('the rounding tie: a last-bit-smaller split does not beat a plan of far lower latency', () => {
    expect((1 + 0.364) - 1).toBe(0.3639999999999999);
    // 0.364 <= B* + 1e-9 × B*, so both are in the tie set; least latency picks a alone.
    expect(oracleSolve(rounding)).toEqual({ bottleneck: 0.364, latency: 0.364, stages: 1, bottlenecks: [0.364], latencies: [0.364] });
    expect(oracleSolve(rounding, { secondary: 'none' })).toMatchObject({ bottleneck: 0.3639999999999999, stages: 2, latencies: [0.46399999999999986] });
    // The frontier has the same ties: one point at B*, whose plan is the objective's (a alone);
    // the split is not listed as a faster-by-an-ulp trade-off.
    expect(points(rounding)).toEqual([[0.3639999999999999, 0.364, 1]]);
  });

  // Latencies within 1e-9 decide by stage count. a = time [0.1, 0.2] alone: 0.1 + 0.2 =
  // 0.30000000000000004. b runs only unit 0 (0.3), c only unit 1 (0); latency-only links (no
  // bandwidth cost) b–c 0 ms, a–b and a–c 100 ms; outputBytes [0, 0] so the network is modelled.
  //   b | c: max(0.3, 0, 0) = 0.3, latency 0.3 + 0 + 0 = 0.3       (B*, L*)
  //   a alone: 0.30000000000000004 in both: within 1e-9 of B* and of L*, and one stage
  //   a | c, b | a: 100 ms links.
  const fewer: NetworkProblem = {
    model: { outputBytes: [0, 0] },
    devices: [{ id: 'a', time: [0.1, 0.2] }, { id: 'b', time: [0.3, null] }, { id: 'c', time: [null, 0] }],
    links: [
      { from: 'b', to: 'c', bandwidth: null },
      { from: 'a', to: 'b', bandwidth: null, latency: 100 },
      { from: 'c', to: 'a', bandwidth: null, latency: 100 },
    ],
  };

  it('fewest stages among latencies within 1e-9, even off the exact frontier', () => {
    expect(triple(fewer)).toEqual([0.30000000000000004, 0.30000000000000004, 1]);
    expect(oracleSolve(fewer, { secondary: 'none' })).toMatchObject({ bottleneck: 0.3, stages: 2, latencies: [0.3] });
    // One point at B* = 0.3 whose plan is the chosen one, a alone (b | c would dominate it in
    // exact comparison, by an ulp).
    expect(points(fewer)).toEqual([[0.3, 0.3, 1]]);
  });

  // Activations with slots {in: 1, out: 1}: 1 MiB in and out, unit memory 1 MB each.
  //   need(0,2) = ((2 - 0) + 1) + 1 × 2 = 5; need(0,1) = ((1 - 0) + 1) + 2 = 4; need(1,2) = ((2 - 1) + 1 × 2) + 2 = 5.
  // x (memory 4, speed 2) fits only [0,1); y's 4.999999999 fits 5 through the tolerance
  // (4.999999999 + 1e-9 × 4.999999999 >= 5), z's 4.99999999 does not.
  const memory = (yMemory: number): NetworkProblem => ({
    model: { time: [1, 1], memory: [1, 1], outputBytes: [2 ** 20, 2 ** 20], inputBytes: 2 ** 20 },
    devices: [{ id: 'x', speed: 2, memory: 4 }, { id: 'y', speed: 1, memory: yMemory }],
  });

  it('memory: activations with slots, and the 1e-9 tolerance at the capacity', () => {
    const slots = { in: 1, out: 1 };
    // x[0,1) | y: max(1 / 2, 1) = 1, latency 0.5 + 0 + 1 = 1.5 (no bandwidth: transfers free); y alone 2.
    expect(enumeratePlans(memory(4.999999999), { slots }).map((p) => [p.bottleneck, p.latency])).toEqual([[1, 1.5], [2, 2]]);
    expect(triple(memory(4.999999999), { slots })).toEqual([1, 1.5, 2]);
    expect(triple(memory(4.99999999), { slots })).toBeNull();
    // Without slots x holds everything: need(0,2) = (2 + 1) + 1 = 4; alone 2 / 2 = 1.
    expect(triple(memory(4.99999999))).toEqual([1, 1, 1]);
  });

  it('links: an entry either way unless oneWay, then both bandwidths; unresolved pairs are listed and refused', () => {
    const problem: NetworkProblem = {
      model: { time: [1, 1], outputBytes: [125_000, 125_000] },
      devices: [{ id: 'x', bandwidth: 100 }, { id: 'y', bandwidth: 50 }, { id: 'z' }],
      links: [
        { from: 'x', to: 'z', bandwidth: 10, oneWay: true },
        { from: 'y', to: 'z', bandwidth: null, latency: 2 },
      ],
    };
    expect(resolveLink(problem, 'x', 'y')).toEqual({ bandwidth: 50, latency: 0 });
    expect(resolveLink(problem, 'x', 'z')).toEqual({ bandwidth: 10, latency: 0 });
    expect(resolveLink(problem, 'z', 'x')).toBeNull();
    expect(resolveLink(problem, 'z', 'y')).toEqual({ bandwidth: null, latency: 2 });
    expect(transferTime(125_000, { bandwidth: 10, latency: 5 })).toBe(105);
    expect(transferTime(125_000, { bandwidth: null, latency: 2 })).toBe(2);
    expect(unresolvedPairs(problem)).toEqual([['z', 'x']]);
    expect(() => enumeratePlans(problem)).toThrow(/no link z -> x/);
    // With x first the unresolved pair is never needed: x alone (2, 2); x | y: the cut at
    // 50 Mbit/s costs (1e6 / 5e7) × 1000 = 20 ms, so (20, 22); x | z: 100 ms.
    expect(triple(problem, { first: 'x' })).toEqual([2, 2, 1]);
    const duplicate: NetworkProblem = { ...problem, links: [...problem.links!, { from: 'z', to: 'y', bandwidth: 1, oneWay: true }] };
    expect(() => resolveLink(duplicate, 'z', 'y')).toThrow(/two links entries/);
  });

  // Latency is accumulated left to right: ((((0 + src) + c0) + t0) + c1) + snk. With latency-only
  // links (bandwidth null) src = 0.1, t0 = 0.3, snk = 0.7 and stages a = 0.2, b = 0:
  // (0.1 + 0.2) + 0.3 = 0.6000000000000001, where 0.1 + (0.2 + 0.3) would give 0.6; + 0 + 0.7 = 1.3.
  // Overlap bottleneck max(0.1, 0.2, 0.3, 0, 0.7) = 0.7; without the sink 0.3; serial without the
  // sink max(0.1, 0.2 + 0.3, 0) = 0.5.
  it('latency adds source, stages, links and sink in order, to the bit', () => {
    const problem: NetworkProblem = {
      model: { outputBytes: [0, 0], inputBytes: 0 },
      devices: [{ id: 'camera', compute: false }, { id: 'a', time: [0.2, null] }, { id: 'b', time: [null, 0] }, { id: 'display', compute: false }],
      links: [
        { from: 'camera', to: 'a', bandwidth: null, latency: 0.1, oneWay: true },
        { from: 'camera', to: 'b', bandwidth: null, latency: 5, oneWay: true },
        { from: 'b', to: 'a', bandwidth: null, latency: 0.3 },
        { from: 'b', to: 'display', bandwidth: null, latency: 0.7 },
        { from: 'a', to: 'display', bandwidth: null, latency: 5 },
      ],
      source: 'camera',
      sink: 'display',
    };
    expect(unresolvedPairs(problem)).toEqual([]);
    expect(points(problem)).toEqual([[0.7, 1.3, 2]]);
    const { sink: _sink, ...noSink } = problem;
    expect(points(noSink)).toEqual([[0.3, 0.6000000000000001, 2]]);
    expect(points(noSink, { transfer: 'serial' })).toEqual([[0.5, 0.6000000000000001, 2]]);
  });

  // A source but no outputBytes (allowed: only a sink needs them): the cuts between stages carry
  // 0 bytes, so they cost the link latency alone. camera → a and camera → b: 1 ms; a–b: 3 ms.
  //   a alone: max(1, 4) = 4, latency 1 + 4 = 5; a | b: max(1, 2, 3, 2) = 3, latency 1 + 2 + 3 + 2 = 8.
  it('a source without outputBytes: cuts cost their link latency (the oracle’s reading)', () => {
    const problem: NetworkProblem = {
      model: { time: [2, 2], inputBytes: 0 },
      devices: [{ id: 'camera', compute: false }, { id: 'a' }, { id: 'b' }],
      links: [
        { from: 'camera', to: 'a', bandwidth: null, latency: 1 },
        { from: 'camera', to: 'b', bandwidth: null, latency: 1 },
        { from: 'a', to: 'b', bandwidth: null, latency: 3 },
      ],
      source: 'camera',
    };
    expect(points(problem)).toEqual([[3, 8, 2], [4, 5, 1]]);
  });
});

/** What the generator produced, counted so a test fails when it stops covering a feature. */
type Coverage = Record<string, number>;

/**
 * Checks every oracle property on one random problem and returns the violations (empty when all
 * hold). Plain comparisons rather than `expect` per plan: there are thousands of plans.
 */
function violations(seed: number, shape: RandomNetworkShape, seen: Coverage): string[] {
  const wrong: string[] = [];
  const check = (ok: boolean, what: string): void => {
    if (!ok) wrong.push(what);
  };
  const count = (feature: string, when: boolean): void => {
    seen[feature] = (seen[feature] ?? 0) + (when ? 1 : 0);
  };
  const { problem, options, boards } = randomNetworkProblem(rng(seed), shape);
  const resolved = resolveOptions(problem, options);
  check(unresolvedPairs(problem).length === 0, 'an unresolved pair');
  const ids = problem.devices.map((d) => d.id);
  for (const a of ids) for (const b of ids) if (a !== b) resolveLink(problem, a, b); // throws on a duplicate entry

  const plans = enumeratePlans(problem, options);
  const frontier = oracleFrontier(problem, options);
  const solution = oracleSolve(problem, options);
  const none = oracleSolve(problem, { ...options, secondary: 'none' });
  const least = oracleLeastLatency(problem, options);
  count('feasible', plans.length > 0);
  count('infeasible', plans.length === 0);
  if (plans.length === 0) {
    check(solution === null && none === null && frontier.length === 0, 'no plan, yet an answer');
    // Only maxLatency can make plans vanish that the least latency still counts.
    check(least === null || (resolved.maxLatency !== undefined && least > resolved.maxLatency), 'least latency without maxLatency binding');
    return wrong;
  }
  count('multiPointFrontier', frontier.length > 1);
  // The first point is the least bottleneck with the least latency of its tie set (the
  // objective's plan); the last the least latency.
  let bStar = Infinity;
  for (const p of plans) bStar = Math.min(bStar, p.bottleneck);
  let latencyAtBStar = Infinity;
  for (const p of plans) if (p.bottleneck <= bStar + 1e-9 * bStar) latencyAtBStar = Math.min(latencyAtBStar, p.latency);
  if (resolved.maxLatency === undefined) {
    check(frontier[0]!.bottleneck === none?.bottleneck && frontier[0]!.bottleneck === bStar, 'frontier starts at B*');
    check(frontier[0]!.latency === latencyAtBStar, "frontier starts with the least latency of B*'s tie set");
    check(frontier[0]!.planBottleneck === solution?.bottleneck && frontier[0]!.planLatency === solution.latency && frontier[0]!.stageCount === solution.stages, "the frontier's first plan is the objective's");
  } else {
    // Under a deadline the points are the frontier's whose L meets it (docs/model.md, Frontier):
    // the first one's tie set holds the least bottleneck of a plan meeting it, and every point's
    // plan meets it.
    const first = frontier[0]!.bottleneck;
    check(first <= bStar && bStar <= first + 1e-9 * first, "the first point's tie set holds B* under the deadline");
    check(frontier.every((f) => f.planLatency <= resolved.maxLatency!), 'a point whose plan misses the deadline');
  }
  // Latencies within the 1e-9 tie are one point (docs/model.md, Frontier).
  check(frontier[frontier.length - 1]!.latency <= least! + 1e-9 * least!, 'frontier ends at the least latency');
  for (let i = 1; i < frontier.length; i++) {
    // Each point lies beyond the previous one's bottleneck tie (docs/model.md, Frontier).
    const before = frontier[i - 1]!.bottleneck;
    check(frontier[i]!.bottleneck > before + 1e-9 * before && frontier[i]!.latency < frontier[i - 1]!.latency, `frontier not strictly monotone at ${i}`);
  }
  for (const plan of plans) {
    check(frontier.some((f) => f.bottleneck <= plan.bottleneck && f.latency <= plan.latency + 2e-9 * plan.latency), `not dominated: ${JSON.stringify(plan)}`);
    if (resolved.maxStages !== undefined) check(plan.stageCount <= resolved.maxStages, 'maxStages');
    if (resolved.first !== undefined) check(plan.stages[0]!.device === resolved.first, 'first');
    if (resolved.last !== undefined) check(plan.stages[plan.stages.length - 1]!.device === resolved.last, 'last');
    if (resolved.maxLatency !== undefined) check(plan.latency <= resolved.maxLatency, 'maxLatency');
  }
  for (const f of frontier) {
    let fewest = Infinity;
    for (const p of plans) if (p.bottleneck <= f.bottleneck + 1e-9 * f.bottleneck && p.latency <= f.latency + 1e-9 * f.latency) fewest = Math.min(fewest, p.stageCount);
    check(fewest === f.stageCount, `frontier point ${JSON.stringify(f)} has fewest stages ${fewest}`);
  }
  for (const plan of plans.slice(0, 5)) {
    const cost = oracleEvaluate(problem, plan.stages, options);
    check('bottleneck' in cost && cost.bottleneck === plan.bottleneck && cost.latency === plan.latency, 'oracleEvaluate disagrees with enumeratePlans');
  }
  // The solution is a plan of the tie set that no plan of the tie set beats by the rules.
  check(plans.some((p) => p.bottleneck === solution?.bottleneck && p.latency === solution.latency && p.stageCount === solution.stages), 'the solution is no plan');
  check(solution!.bottleneck <= bStar + 1e-9 * bStar, 'the solution is outside the tie set');
  const tied = plans.filter((p) => p.bottleneck <= bStar + 1e-9 * bStar);
  let lStar = Infinity;
  for (const p of tied) lStar = Math.min(lStar, p.latency);
  for (const p of tied) {
    if (p.latency > lStar + 1e-9 * lStar) continue;
    check(p.stageCount > solution!.stages || (p.stageCount === solution!.stages && p.latency >= solution!.latency), `a tie-set plan beats the solution: ${JSON.stringify(p)}`);
  }
  let noneStages = Infinity;
  for (const p of plans) if (p.bottleneck === bStar) noneStages = Math.min(noneStages, p.stageCount);
  check(none!.stages === noneStages, "secondary 'none': fewest stages at exactly B*");
  count('roundingTieDecides', solution!.bottleneck !== bStar);
  count('nearBottlenecks', plans.some((p) => p.bottleneck > bStar && p.bottleneck <= bStar + 1e-9 * bStar));

  // Boards of one kind are interchangeable: alike as devices and as link ends, and swapping two
  // of them leaves the frontier unchanged.
  for (const kind of boards) {
    const [x, y] = kind as [string, string];
    const strip = (id: string): string => JSON.stringify({ ...problem.devices.find((d) => d.id === id), id: undefined });
    check(strip(x) === strip(y), `boards ${x} and ${y} differ`);
    check(![problem.source, problem.sink].some((end) => end !== undefined && kind.includes(end)), 'a board is the source or sink');
    const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
    for (const z of ids.filter((id) => id !== x && id !== y)) {
      check(same(resolveLink(problem, x, z), resolveLink(problem, y, z)) && same(resolveLink(problem, z, x), resolveLink(problem, z, y)), `boards ${x}, ${y} differ as link ends to ${z}`);
    }
    check(same(resolveLink(problem, x, y), resolveLink(problem, y, x)), `boards ${x}, ${y}: a one-way link between them`);
    if (![resolved.first, resolved.last].includes(x) && ![resolved.first, resolved.last].includes(y)) {
      const swap = (id: string): string => (id === x ? y : id === y ? x : id);
      const swapped: NetworkProblem = {
        ...problem,
        devices: problem.devices.map((d) => ({ ...d, id: swap(d.id) })),
        ...(problem.links ? { links: problem.links.map((l) => ({ ...l, from: swap(l.from), to: swap(l.to) })) } : {}),
      };
      check(same(oracleFrontier(swapped, options), frontier), `swapping boards ${x}, ${y} changes the frontier`);
    }
  }

  // What the generator covered.
  const endpoint = (id: string | undefined): boolean => problem.devices.some((d) => d.id === id && d.compute === false);
  const links = problem.links ?? [];
  count('boards', boards.length > 0);
  count('endpointSource', problem.source !== undefined && endpoint(problem.source));
  count('computingSource', problem.source !== undefined && !endpoint(problem.source));
  count('endpointSink', problem.sink !== undefined && endpoint(problem.sink));
  count('computingSink', problem.sink !== undefined && !endpoint(problem.sink));
  count('sourceIsSink', problem.source !== undefined && problem.source === problem.sink);
  count('nullBandwidthLink', links.some((l) => l.bandwidth === null));
  count('oneWayLink', links.some((l) => l.oneWay === true));
  count('linkLatency', links.some((l) => (l.latency ?? 0) > 0));
  count('bandwidthFallback', networkModelled(problem) && links.length > 0 && problem.devices.some((d) => d.bandwidth !== undefined));
  count('bandwidthsOnly', networkModelled(problem) && links.length === 0);
  count('unmodelled', !networkModelled(problem));
  count('cannotRun', problem.devices.some((d) => d.time?.includes(null)));
  count('modelTimeOmitted', problem.model.time === undefined);
  const unlimited = { ...problem, devices: problem.devices.map(({ memory: _memory, ...d }) => d) };
  count('memoryBinds', enumeratePlans(unlimited, options).length > plans.length);
  count('serial', resolved.transfer === 'serial');
  count('slots', resolved.slots !== undefined);
  for (const key of ['maxLatency', 'maxStages', 'first', 'last'] as const) count(key, resolved[key] !== undefined);
  if (resolved.maxLatency !== undefined) {
    const relaxed = { ...problem, options: { ...problem.options, maxLatency: undefined } };
    count('maxLatencyBinds', enumeratePlans(relaxed, { ...options, maxLatency: undefined }).length > plans.length);
  }
  count('problemDefaults', problem.options !== undefined);
  return wrong;
}

describe('properties over random network problems', () => {
  it('500 problems: frontier ends match the objective, it is strictly monotone, dominates every plan; boards are interchangeable', () => {
    const seen: Coverage = {};
    for (let seed = 1; seed <= 500; seed++) {
      expect(violations(seed, { maxDevices: 5, maxUnits: 7, requirements: 0.25 }, seen), `seed ${seed}`).toEqual([]);
    }
    const rare = ['roundingTieDecides', 'nearBottlenecks'];
    for (const [feature, times] of Object.entries(seen)) if (!rare.includes(feature)) expect(times, `generator never produced: ${feature}`).toBeGreaterThan(0);
  });

  it('200 problems built for rounding ties: the 1e-9 rule decides some, and every property holds', () => {
    const seen: Coverage = {};
    for (let seed = 1; seed <= 200; seed++) {
      expect(violations(seed, { maxDevices: 5, maxUnits: 7, roundingTies: 1 }, seen), `seed ${seed}`).toEqual([]);
    }
    expect(seen.nearBottlenecks, 'plans within 1e-9 of B* but not equal').toBeGreaterThan(10);
    expect(seen.roundingTieDecides, 'solutions whose bottleneck is not exactly B*').toBeGreaterThan(0);
  });

  it('agrees with the previous oracle on problems of the previous model', () => {
    let compared = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const problem = randomProblem(seed, { maxUnits: 6, maxDevices: 4, memoryBinds: 0.5, identical: 0.3, profiles: 0.3, transfers: 0.6 });
      // The old model silently made a link free when a device had no bandwidth; the new one refuses it.
      if (unresolvedPairs(problem as never).length > 0) continue;
      for (const transfer of ['overlap', 'serial'] as const) {
        const old = exhaustive(problem, { transfer });
        const frontier = oracleFrontier(problem as never, { transfer });
        if (old.plans === 0) {
          expect(frontier, `seed ${seed}`).toEqual([]);
          continue;
        }
        compared++;
        // The old oracle's answer: exact least bottleneck, least latency at exactly it.
        expect([frontier[0]!.bottleneck, frontier[0]!.latency], `seed ${seed} ${transfer}`).toEqual([old.bottleneck, old.latency]);
        expect(enumeratePlans(problem as never, { transfer }).length, `seed ${seed}`).toBe(old.plans);
      }
    }
    expect(compared).toBeGreaterThan(200);
  });
});
