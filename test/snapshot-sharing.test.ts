/**
 * The read-once copy keeps the sharing of long arrays (src/validate.ts `snapshot`): one profile
 * for every host of a type is copied and checked once, and the copy shares it too. A cycle is
 * still refused, and the copy is still independent of the input.
 */
import { describe, expect, it } from 'vitest';
import { fromPipeEdge, ProblemError, solveReference, type Problem } from '../src/index.js';
import { snapshot, validateProblem } from '../src/validate.js';
import { pipeEdgeFiles } from '../bench/cases.js';

describe('snapshot sharing', () => {
  it('copies a profile several devices share once, and the copy shares it', () => {
    const time = Array.from({ length: 40 }, (_, i) => 1 + (i % 5));
    const problem: Problem = { model: { time }, devices: [{ id: 'a', time }, { id: 'b', time }, { id: 'c', speed: 2 }] };
    const copy = validateProblem(problem);
    expect(copy.devices[0]?.time).toBe(copy.devices[1]?.time);
    expect(copy.devices[0]?.time).not.toBe(time);
    time[0] = 1000;
    expect(copy.devices[0]?.time?.[0]).toBe(1);
    // Shared or not, the plan is the same.
    const unshared: Problem = { model: { time: [...time] }, devices: [{ id: 'a', time: [...time] }, { id: 'b', time: [...time] }, { id: 'c', speed: 2 }] };
    expect(solveReference({ ...problem, model: { time: [...time] } }).stages).toEqual(solveReference(unshared).stages);
  });

  it('keeps PipeEdge hosts of one type on one profile', () => {
    const problem = fromPipeEdge(pipeEdgeFiles(), { modelName: 'google/vit-base-patch16-224' });
    const byType = new Map<unknown, number>();
    for (const device of problem.devices) byType.set(device.time, (byType.get(device.time) ?? 0) + 1);
    expect([...byType.values()].sort()).toEqual([4, 4]);
  });

  it('still refuses a long array that contains itself', () => {
    const loop: unknown[] = Array.from({ length: 20 }, () => 1);
    loop[5] = loop;
    expect(() => snapshot({ model: { time: loop } })).toThrow(ProblemError);
  });
});
