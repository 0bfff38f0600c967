/**
 * Issue 11, the input half: input is read once (items 10 and 11), planner updates get the same
 * validation as problems (item 12). Each numbered case is a regression test for an input that
 * once crashed, hung or was silently misread.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPlanner, evaluatePlan, ProblemError, simulate, solveReference, type Problem } from '../src/index.js';

const small: Problem = {
  model: { time: [1, 2, 3, 4], memory: [10, 10, 10, 10] },
  devices: [{ id: 'a', speed: 1, memory: 25 }, { id: 'b', speed: 2, memory: 25 }],
};

/** A deep proxy that counts reads of every own property, by path. */
function counted<T extends object>(value: T, reads: Map<string, number>, path = ''): T {
  return new Proxy(value, {
    get(target, key, receiver) {
      const result = Reflect.get(target, key, receiver);
      if (typeof key === 'string' && Object.prototype.hasOwnProperty.call(target, key)) {
        const field = `${path}.${key}`;
        reads.set(field, (reads.get(field) ?? 0) + 1);
        if (typeof result === 'object' && result !== null) return counted(result as object, reads, field);
      }
      return result;
    },
  });
}

describe('issue 11 item 10: input is read once', () => {
  it('a getter that changes model.time cannot pass the checks with one value and reach the solver with another', () => {
    let reads = 0;
    const problem = {
      model: {
        get time() {
          reads++;
          return reads === 1 ? [1, 2, 3] : new Array(5_000_000).fill(1);
        },
      },
      devices: [{ id: 'a' }],
    };
    const plan = solveReference(problem as unknown as Problem);
    expect(reads).toBe(1);
    expect(plan.stages).toEqual([expect.objectContaining({ device: 'a', start: 0, end: 3 })]);
  });

  it('property: every field of a valid problem is read at most once, and the plan is the plain one\'s', () => {
    const problem = fc.record({
      time: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 8 }),
      speeds: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(fc.property(problem, ({ time, speeds }) => {
      const plain: Problem = { model: { time }, devices: speeds.map((speed, i) => ({ id: `d${i}`, speed })) };
      const reads = new Map<string, number>();
      const plan = solveReference(counted(JSON.parse(JSON.stringify(plain)), reads));
      for (const [field, count] of reads) expect(count, field).toBe(1);
      expect(plan.stages).toEqual(solveReference(plain).stages);
    }), { seed: 11_10, numRuns: 300 });
  });
});

describe('issue 11 item 11: sparse arrays are refused', () => {
  it('a hole in devices names its index', () => {
    // eslint-disable-next-line no-sparse-arrays
    const devices = [{ id: 'a' }, , { id: 'b' }];
    expect(() => solveReference({ model: { time: [1] }, devices } as unknown as Problem)).toThrow(ProblemError);
    try {
      solveReference({ model: { time: [1] }, devices } as unknown as Problem);
    } catch (error) {
      expect((error as ProblemError).path).toBe('devices[1]');
    }
  });

  it('a sparse array of length 2^32 − 1 is refused at once, not walked', () => {
    const time: number[] = [];
    time.length = 2 ** 32 - 1;
    const started = Date.now();
    expect(() => solveReference({ model: { time }, devices: [{ id: 'a' }] })).toThrow(/model\.time: has 4294967295 entries/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('simulate and evaluatePlan refuse holes with a ProblemError, not a TypeError', () => {
    // eslint-disable-next-line no-sparse-arrays
    const holey = { ...small, devices: [small.devices[0], , small.devices[1]] } as unknown as Problem;
    expect(() => evaluatePlan(holey, [{ device: 'a', start: 0, end: 4 }])).toThrow(ProblemError);
    expect(() => simulate(holey, [{ device: 'a', start: 0, end: 4 }])).toThrow(ProblemError);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => evaluatePlan(small, [{ device: 'a', start: 0, end: 2 }, , { device: 'b', start: 2, end: 4 }] as never)).toThrow(ProblemError);
  });
});

describe('issue 11 item 12: planner updates are validated like problems', () => {
  it('memory: undefined cannot delete a memory limit', () => {
    const planner = createPlanner(small, { engine: 'ts' });
    expect(() => planner.update({ updateDevices: [{ id: 'a', memory: undefined }] })).toThrow(/change\.updateDevices\[0\]\.memory: expected a value, got undefined/);
    expect(planner.problem().devices[0]?.memory).toBe(25);
  });

  it('removeDevices must be a list of ids, not a string', () => {
    const planner = createPlanner(small, { engine: 'ts' });
    expect(() => planner.update({ removeDevices: 'ab' as unknown as string[] })).toThrow(/change\.removeDevices: expected an array of device ids/);
    expect(planner.problem().devices).toHaveLength(2);
  });

  it('__proto__, typos and unknown keys are refused; null is a ProblemError', () => {
    const planner = createPlanner(small, { engine: 'ts' });
    expect(() => planner.update(JSON.parse('{"updateDevices":[{"id":"a","__proto__":{"memory":1}}]}'))).toThrow(/change\.updateDevices\[0\]\.__proto__: unknown field/);
    expect(() => planner.update({ updateDevices: [{ id: 'a', spead: 3 } as never] })).toThrow(/did you mean "speed"/);
    expect(() => planner.update({ removeDevice: ['a'] } as never)).toThrow(/change\.removeDevice: unknown field \(did you mean "removeDevices"\?\)/);
    expect(() => planner.update({ updateDevices: [{ id: 'a', memory: null } as never] })).toThrow(ProblemError);
    expect(() => planner.update({ updateDevices: [null] } as never)).toThrow(ProblemError);
    expect(() => planner.update({ addDevices: [{ id: 'c', speed: -1 }] })).toThrow(/change\.addDevices\[0\]\.speed: must be greater than 0/);
    expect(planner.problem().devices).toHaveLength(2);
  });

  it('a valid update still applies: a measured profile replaces the speed', () => {
    const planner = createPlanner(small, { engine: 'ts' });
    const { plan } = planner.update({ updateDevices: [{ id: 'b', time: [0.5, 1, 1.5, 2] }] });
    expect(planner.problem().devices[1]).toEqual({ id: 'b', time: [0.5, 1, 1.5, 2], memory: 25 });
    expect(plan.bottleneck).toBeGreaterThan(0);
  });
});
