/**
 * Requirements that exclude every plan (issue 13 item 1): the InfeasibleError names the
 * requirement and the closest achievable value, in both engines.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSolver, frontierReference, InfeasibleError, solveReference, type Problem, type SolveOptions } from '../src/index.js';
import { oracleLeastLatency, type NetworkProblem } from './helpers/network-oracle.js';
import { randomNetworkProblem } from './helpers/random-network.js';
import { rng } from './helpers/random.js';

const edge = JSON.parse(readFileSync(new URL('../examples/edge-cluster.json', import.meta.url), 'utf8')) as Problem;

function reason(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof InfeasibleError) return error.reason;
    throw error;
  }
  throw new Error('expected an InfeasibleError');
}

describe('requirements that cannot be met', () => {
  it('a deadline below every plan on a monotone problem (the search skips its guess) names the least latency, as the frontier ends, in both engines', async () => {
    const solver = await createSolver();
    const monotone: Problem = { model: { time: [4, 1, 3, 5, 2, 2, 6, 1, 3, 2], memory: [3, 1, 2, 4, 1, 1, 5, 1, 2, 1] }, devices: [{ id: 'a', speed: 2, memory: 12 }, { id: 'b', speed: 1, memory: 9 }, { id: 'c', speed: 1.5, memory: 8 }] };
    const fastest = frontierReference(monotone).at(-1)?.latency ?? NaN;
    // Below the floor (every unit on its fastest device) and just below the least latency itself.
    for (const maxLatency of [fastest / 3, fastest * (1 - 1e-6)]) {
      const expected = `none meets options.maxLatency = ${maxLatency} ms: the least latency of any valid plan is ${Number(fastest.toPrecision(6))} ms`;
      expect(reason(() => solveReference(monotone, { maxLatency })), `maxLatency ${maxLatency}`).toBe(expected);
      expect(reason(() => solver.solve(monotone, { maxLatency })), `maxLatency ${maxLatency}`).toBe(expected);
    }
  });

  it('maxLatency names the least latency of any valid plan, in both engines and for the frontier', async () => {
    const solver = await createSolver();
    const expected = 'none meets options.maxLatency = 40 ms: the least latency of any valid plan is 46.858 ms';
    expect(reason(() => solveReference(edge, { maxLatency: 40 }))).toBe(expected);
    expect(reason(() => solver.solve(edge, { maxLatency: 40 }))).toBe(expected);
    expect(reason(() => frontierReference(edge, { maxLatency: 40 }))).toBe(expected);
    // At the least latency itself the deadline is met.
    const fastest = frontierReference(edge).at(-1)!;
    expect(solveReference(edge, { maxLatency: fastest.latency }).latency).toBeLessThanOrEqual(fastest.latency);
  });

  it('maxStages names the fewest stages of any valid plan; first and last name the best plan\'s ends', () => {
    const pair: Problem = { model: { time: [1, 1], memory: [5, 5] }, devices: [{ id: 'a', memory: 5 }, { id: 'b', memory: 5 }] };
    expect(reason(() => solveReference(pair, { maxStages: 1 }))).toBe('none has at most 1 stage (options.maxStages); the fewest stages of any valid plan is 2');
    const one: Problem = { model: { time: [1, 1], memory: [5, 5] }, devices: [{ id: 'a', memory: 5 }, { id: 'b', memory: 5 }, { id: 'c', memory: 100 }] };
    expect(reason(() => solveReference(one, { maxStages: 1, first: 'a' }))).toBe('none has at most 1 stage (options.maxStages); the fewest stages of any valid plan with these ends is 2');
    const small: Problem = { model: { time: [1, 1], memory: [5, 5] }, devices: [{ id: 'big', memory: 100 }, { id: 'tiny', memory: 1 }] };
    expect(reason(() => solveReference(small, { first: 'tiny' }))).toBe('none runs its first stage on "tiny" (options.first); the best plan starts on "big"');
    expect(reason(() => solveReference(small, { last: 'tiny' }))).toBe('none runs its last stage on "tiny" (options.last); the best plan ends on "big"');
  });

  it('on random instances the reported least latency is the oracle\'s, to 6 significant digits', () => {
    let checked = 0;
    for (let seed = 50_001; seed <= 51_500 && checked < 60; seed++) {
      const { problem, options } = randomNetworkProblem(rng(seed), { maxDevices: 4, maxUnits: 6 });
      const least = oracleLeastLatency(problem, options);
      if (least === null || least === 0) continue;
      const deadline = least * 0.9;
      const opts: SolveOptions = { ...(options as SolveOptions), maxLatency: deadline };
      const text = reason(() => solveReference(problem as unknown as Problem, opts));
      const quoted = Number(/least latency of any valid plan[^0-9]*([0-9.e+-]+) ms/.exec(text)?.[1]);
      expect(quoted, `seed ${seed}: ${text}`).toBe(Number(least.toPrecision(6)));
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });
});

void ({} as NetworkProblem);
