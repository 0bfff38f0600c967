/**
 * The plain DP with no pruning at all, over device subsets (ignores identical-device symmetry):
 * O(2^N · U² · N). For checking the fast algorithms on instances too big to enumerate.
 */
import type { Problem } from '../../src/index.js';

export function unprunedDp(problem: Problem): { bottleneck: number; latency: number } {
  const U = problem.model.time!.length;
  const N = problem.devices.length;
  const W = U + 1;
  const prefix = (values: readonly (number | null)[]): Float64Array => {
    const out = new Float64Array(values.length + 1);
    for (let i = 0; i < values.length; i++) out[i + 1] = (out[i] ?? 0) + (values[i] ?? 0);
    return out;
  };
  const modelPrefix = prefix(problem.model.time!);
  const memory = prefix(problem.model.memory ?? problem.model.time!.map(() => 0));
  const devices = problem.devices.map((d) => ({
    prefix: d.time ? prefix(d.time) : modelPrefix,
    divisor: d.time ? 1 : (d.speed ?? 1),
    capacity: d.memory === undefined ? Infinity : d.memory + 1e-9 * Math.max(1, d.memory),
  }));
  const time = (d: number, s: number, e: number): number => {
    const dev = devices[d]!;
    return ((dev.prefix[e] ?? 0) - (dev.prefix[s] ?? 0)) / dev.divisor;
  };
  const fits = (d: number, s: number, e: number): boolean => (memory[e] ?? 0) - (memory[s] ?? 0) <= devices[d]!.capacity;
  const run = (combine: (before: number, t: number) => number, limit: number): Float64Array => {
    const table = new Float64Array((1 << N) * W).fill(Infinity);
    table[0] = 0;
    for (let mask = 1; mask < 1 << N; mask++) {
      for (let e = 1; e <= U; e++) {
        let best = Infinity;
        for (let d = 0; d < N; d++) {
          if (!(mask & (1 << d))) continue;
          const row = (mask ^ (1 << d)) * W;
          for (let s = 0; s < e; s++) {
            const before = table[row + s] ?? Infinity;
            if (before === Infinity || !fits(d, s, e)) continue;
            const t = time(d, s, e);
            if (t > limit) continue;
            const value = combine(before, t);
            if (value < best) best = value;
          }
        }
        table[mask * W + e] = best;
      }
    }
    return table;
  };
  const finalBest = (table: Float64Array): number => {
    let best = Infinity;
    for (let mask = 1; mask < 1 << N; mask++) best = Math.min(best, table[mask * W + U] ?? Infinity);
    return best;
  };
  const bottleneck = finalBest(run((before, t) => Math.max(before, t), Infinity));
  if (bottleneck === Infinity) return { bottleneck, latency: Infinity };
  return { bottleneck, latency: finalBest(run((before, t) => before + t, bottleneck)) };
}
