/**
 * Hostile pass: the frontier of a plain problem (no activations, links, source, sink or
 * requirements) whose least-latency table does not fit.
 */
import { describe, expect, it } from 'vitest';
import { frontier, ProblemError, type Problem } from '../src/index.js';

describe('frontier refusals name the real cause', () => {
  // README "Limits": the general DP's cell limit is for "activations, links, source/sink,
  // requirements"; a frontier whose sweep tables exceed 64 MB "is found pass by pass, under
  // MAX_SEARCH_STEPS", and a refused frontier "says how many plans it had listed". This problem
  // has no activations, source, sink or requirement, yet `frontier` refuses it at once with
  // "with activations, a source, sink or requirement modelled the search needs 68157440
  // cells": the message blames things the user never gave. Expected: it is planned, or refused
  // with a message that says what is really too large (the frontier's search), not activations.
  it('16 distinct devices × 64 units, nothing but times: no message about activations, a source, sink or requirement', async () => {
    const units = 64;
    const problem: Problem = {
      model: { time: Array.from({ length: units }, (_, i) => 1 + (i % 7) / 10) },
      devices: Array.from({ length: 16 }, (_, i) => ({ id: `d${i}`, speed: 1 + i / 8 })),
    };
    let message = '';
    try {
      const plans = await frontier(problem);
      expect(plans.length).toBeGreaterThan(0);
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemError);
      message = (error as Error).message;
    }
    expect(message).not.toMatch(/activations, a source, sink or requirement/);
  });
});
