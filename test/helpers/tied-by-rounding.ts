/**
 * Problems whose plans tie by rounding, for the general DP's tie rules: unit times in tenths on
 * devices of speed 1 (and a few of speed 2, 0.5 and 3) split the same sums in other orders, so
 * plans differ in their last bits; `maxStages` sends them to the general DP.
 */
import type { Problem } from '../../src/index.js';
import { rng } from './random.js';

/**
 * The problem of one seed: `units.least` to `units.least + units.spread - 1` units, and
 * `devices.least` to `devices.least + devices.spread - 1` devices (the seeds the tests name were
 * found with these ranges: each draw is fixed by them).
 */
export function tiedByRounding(seed: number, units: { least: number; spread: number }, devices: { least: number; spread: number }): Problem {
  const r = rng(seed);
  const count = units.least + Math.floor(r() * units.spread);
  const time = Array.from({ length: count }, () => (1 + Math.floor(r() * 20)) / 10);
  const speeds = [1, 1, 1, 2, 0.5, 3].slice(0, devices.least + Math.floor(r() * devices.spread));
  const list = speeds.map((speed, i) => ({ id: `d${i}`, speed, memory: 1000 + i }));
  return { model: { time, memory: time.map(() => 1) }, devices: list, options: { maxStages: list.length } };
}
