/** Seeded random problems for property tests. Every failure message carries the seed. */
import type { Problem } from '../../src/index.js';
import { rng } from '../../bench/rng.js';

export { rng };

export interface RandomProblemShape {
  maxUnits: number;
  maxDevices: number;
  minUnits?: number;
  /** Probability that memory limits are set and bind. */
  memoryBinds?: number;
  /** Probability that devices are drawn from a few kinds (identical devices). */
  identical?: number;
  /** Probability that devices carry per-unit time profiles. */
  profiles?: number;
  /** Probability that activations (outputBytes, inputBytes) and bandwidths are given. */
  transfers?: number;
}

/** A random problem; coarse values make ties (equal stage times) common, as in real profiles. */
export function randomProblem(seed: number, shape: RandomProblemShape): Problem {
  const r = rng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const unitCount = int(shape.minUnits ?? 1, shape.maxUnits);
  const coarse = r() < 0.5;
  const time = Array.from({ length: unitCount }, () => (r() < 0.05 ? 0 : coarse ? int(1, 5) : Math.round(r() * 1e6) / 1e5 + 0.01));
  const memory = Array.from({ length: unitCount }, () => (coarse ? int(1, 4) : Math.round(r() * 1000) / 10 + 0.1));
  const deviceCount = int(1, shape.maxDevices);
  const identical = r() < (shape.identical ?? 0.3);
  const binds = r() < (shape.memoryBinds ?? 0.5);
  const totalMemory = memory.reduce((a, b) => a + b, 0);
  const largestUnit = Math.max(...memory);
  const kinds = Array.from({ length: identical ? int(1, 3) : deviceCount }, () => ({
    speed: coarse ? [0.5, 1, 2, 3][int(0, 3)] ?? 1 : Math.round(r() * 400) / 100 + 0.05,
    memory: binds ? Math.round((largestUnit * (0.8 + r() * 0.6) + r() * totalMemory * 0.5) * 10) / 10 : undefined,
    profile: r() < (shape.profiles ?? 0) ? time.map((t) => Math.round(t * (0.3 + r() * 2) * 1000) / 1000) : undefined,
  }));
  // Activations: sizes such that links cost about as much as stages, and buffers bind memory.
  const withTransfers = r() < (shape.transfers ?? 0);
  const outputBytes = withTransfers ? Array.from({ length: unitCount }, () => (coarse ? int(0, 4) : Math.round(r() * 40) / 10) * 2 ** 19) : undefined;
  // Every device has a bandwidth: links are never silently free (docs/model.md); the draw that once
  // left some out now gives them a fixed 6000 Mbit/s, so seeds keep their other values.
  const bandwidths = kinds.map(() => (r() < 0.15 ? 6000 : coarse ? [2000, 4000, 8000][int(0, 2)] : Math.round(r() * 10000) + 500));
  const devices = Array.from({ length: deviceCount }, (_, i) => {
    const kindIndex = identical ? int(0, kinds.length - 1) : i;
    const kind = kinds[kindIndex] ?? { speed: 1, memory: undefined, profile: undefined };
    const bandwidth = withTransfers ? bandwidths[kindIndex] : undefined;
    return {
      id: `d${i}`,
      ...(bandwidth !== undefined ? { bandwidth } : {}),
      ...(kind.profile ? {} : { speed: kind.speed }),
      ...(kind.memory !== undefined ? { memory: kind.memory } : {}),
      ...(kind.profile ? { time: kind.profile } : {}),
    };
  });
  const model = { time, ...(binds || r() < 0.5 ? { memory } : {}), ...(outputBytes ? { outputBytes, inputBytes: int(0, 3) * 2 ** 19 } : {}) };
  return { model, devices };
}
