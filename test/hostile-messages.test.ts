/**
 * Hostile pass on error messages that read wrong: createPlanner's unknown device, and a state
 * count printed as Infinity.
 */
import { describe, expect, it } from 'vitest';
import { createPlanner, ProblemError, solveReference } from '../src/index.js';

const problem = () => ({
  model: { time: [4, 2, 3, 3, 1], memory: [100, 50, 80, 80, 20] },
  devices: [{ id: 'jetson', speed: 1, memory: 200 }, { id: 'pi-a', speed: 0.4, memory: 150 }, { id: 'pi-b', speed: 0.4, memory: 150 }],
});

describe('planner.update names an unknown device plainly', () => {
  // README: errors are typed and name the field in the input's terms. Updating a device that does
  // not exist reads `change.updateDevices[0].id: no device the string "zzz" to update` (a
  // describe-the-value helper spliced into the sentence); removing one reads
  // `no device "zzz" to remove`. Expected: `no device "zzz" to update`.
  it('updateDevices with an unknown id says: no device "zzz" to update', () => {
    const planner = createPlanner(problem());
    let error: unknown;
    try {
      planner.update({ updateDevices: [{ id: 'zzz', speed: 3 }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).path).toBe('change.updateDevices[0].id');
    expect((error as Error).message).toContain('no device "zzz" to update');
    expect((error as Error).message).not.toContain('the string');
  });
});

describe('the search-state limit message prints a number', () => {
  // README, Limits: search states Π(devices of a kind + 1) ≤ 262,144, refused "with a
  // ProblemError naming it". With 1,024 distinct devices (the documented device limit) the message
  // reads "1024 devices in 1024 kinds make Infinity search states" (2^1024 overflows a double;
  // 64 distinct devices print 1.84e+19). Expected: a finite figure or words ("more than 1e308",
  // "2^1024"), never "Infinity".
  it('1,024 distinct devices: refused at devices, without "Infinity"', () => {
    const problem = { model: { time: [1, 2, 3] }, devices: Array.from({ length: 1024 }, (_, i) => ({ id: `d${i}`, speed: 1 + i })) };
    let error: unknown;
    try {
      solveReference(problem);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).path).toBe('devices');
    expect((error as Error).message).not.toContain('Infinity');
  });
});

describe('planner.update names its own entry when the updated device is invalid', () => {
  // Found by the hostile pass: `compute: false` on a device that keeps its speed was refused at
  // `devices[0].speed`, a field of the original problem the caller never wrote in this change.
  it('a clash with a kept field names change.updateDevices[i] and the kept field', () => {
    const planner = createPlanner(problem());
    let error: unknown;
    try {
      planner.update({ updateDevices: [{ id: 'jetson', compute: false }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).path).toBe('change.updateDevices[0]');
    expect((error as Error).message).toMatch(/devices\[0\]\.speed after this update: is for computing devices/);
  });

  it("a bad value the update set names the update's own field", () => {
    const planner = createPlanner(problem());
    expect(() => planner.update({ updateDevices: [{ id: 'pi-a', speed: -1 }] })).toThrow(expect.objectContaining({ path: 'change.updateDevices[0].speed' }));
  });
});
