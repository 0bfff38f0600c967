/**
 * Review s22b (30c7447, "an invalid updated device is named by the change's own entry"): the
 * entry is found by device index with the last update of that device winning, and an added
 * device is always blamed on `change.addDevices`, so the error can name an entry that did not set
 * the offending field:
 * - two updates of one device: `speed: -1` from entry 0 is named as entry 1's, which set only
 *   `memory` ("change.updateDevices[1]: devices[0].speed after this update");
 * - an update of a device the same change adds: `speed: -1` from the update is named as
 *   `change.addDevices[0].speed`, whose entry gave speed 1.
 * Expected: the entry that set the field, `change.updateDevices[0].speed`, in both.
 */
import { describe, expect, it } from 'vitest';
import { createPlanner, ProblemError, type Problem } from '../src/index.js';

const base: Problem = { model: { time: [1, 2, 3] }, devices: [{ id: 'a', speed: 1 }, { id: 'b', speed: 2 }] };

async function refusal(change: unknown): Promise<ProblemError> {
  const planner = await createPlanner(structuredClone(base));
  try {
    planner.update(change as never);
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error('the change was accepted');
}

describe('planner.update names the entry that set an invalid field', () => {
  it('when two updates change the same device', async () => {
    const error = await refusal({ updateDevices: [{ id: 'a', speed: -1 }, { id: 'a', memory: 5 }] });
    expect(error.path, error.message).toBe('change.updateDevices[0].speed');
  });

  it('when an update changes a device the same change adds', async () => {
    const error = await refusal({ addDevices: [{ id: 'x', speed: 1 }], updateDevices: [{ id: 'x', speed: -1 }] });
    expect(error.path, error.message).toBe('change.updateDevices[0].speed');
  });
});
