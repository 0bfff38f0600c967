/**
 * The objective's tie rule under a deadline (docs/model.md, Objective and Requirements): among the
 * plans that meet the deadline, latencies within 1e-9 of the least, then the fewest stages.
 * `pickFinalState`'s `within` leaves the plans above the deadline out of the tie, never the least
 * itself. (No end-to-end deadline found so far tells this from the exact least-latency pick it
 * replaces in `planWithin`: see src/tradeoff.ts; this checks the rule itself.)
 */
import { describe, expect, it } from 'vitest';
import { pickFinalState } from '../src/objective.js';
import { prepare } from '../src/prepare.js';

// Three distinct devices: states are subsets, numbered by bits; the stage count is the bit count.
const p = prepare({ model: { time: [1, 2, 3] }, devices: [{ id: 'a', speed: 1 }, { id: 'b', speed: 2 }, { id: 'c', speed: 3 }] });
const ONE = 1; // {a}: one stage
const TWO = 3; // {a, b}: two stages
const THREE = 7; // {a, b, c}: three stages

describe('pickFinalState with a deadline', () => {
  const least = 5;
  const values = new Map([[THREE, least], [TWO, least * (1 + 4e-10)], [ONE, least * (1 + 8e-10)]]);
  const valueOf = (state: number): number => values.get(state) ?? Infinity;

  it('without one: the fewest stages within the 1e-9 tie (the one-stage plan)', () => {
    expect(pickFinalState(p, valueOf)).toBe(ONE);
  });
  it('exact: the least value only (three stages)', () => {
    expect(pickFinalState(p, valueOf, true)).toBe(THREE);
  });
  it('a deadline between the two-stage and the one-stage plan: the two-stage plan', () => {
    expect(pickFinalState(p, valueOf, false, least * (1 + 6e-10))).toBe(TWO);
  });
  it('a deadline below the least: the least itself, never nothing', () => {
    expect(pickFinalState(p, valueOf, false, least * 0.5)).toBe(THREE);
  });
});
