/**
 * Outside review (session 25): a deadline solve on the general DP reports the wrong least
 * bottleneck (`plan.stats.leastBottleneck`, B* among the plans that meet the deadline: docs/model.md,
 * "Requirements" and "Objective") when the stage-capped relevance bound (src/search-transfers.ts
 * `coverOf`) wrongly prunes a plan at limits just above its bottleneck.
 *
 * Shape (2 devices): "e0" has a profile (1 ms on unit 1, y ≈ 0.03 ms on unit 2, 1000 ms on the
 * rest); "s" has speed 3. Plans: P = e0:[0,1) s:[1,n), bottleneck t (s's stage, just below
 * 1.03) and Q = e0:[0,2) s:[2,n), bottleneck 1.03 = 1 + y and a latency a few ulps below P's.
 * With R the prefix of each unit's least time, the work left after e0:[0,1) is R[n] − R[1],
 * which the unit-by-unit rounding of R (half an ulp per unit, chosen to round up) lifts above
 * t · (1 + 2^-48): a pass at a limit between t and 1.03 keeps no cell of P once it has a bound
 * (only s is free, and its room is the limit). The deadline's search passes at 1.03 first (Q),
 * then probes between t and 1.03, which fail, so it settles on 1.03 as B*; P meets the deadline
 * with bottleneck t < 1.03. The plan returned (Q, the tie set's pick) is right; B* is not.
 */
import { describe, expect, it } from 'vitest';
import { createSolver, solveReference, type Problem } from '../src/index.js';
import { enumeratePlans, type NetworkProblem } from './helpers/network-oracle.js';

/** A seeded Lehmer generator, as the problem was found with (seed printed on failure). */
function lehmer(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

function problemFor(seed: number, late: number): Problem {
  const rnd = lehmer(seed);
  const b = 1 + 0.03;
  const y = b - 1;
  const u0 = 3.3;
  const d1 = 3 * y + 2e-15;
  let prefix = u0 + d1;
  let least = b;
  const time = [u0, d1];
  for (let i = 0; i < late - 1; i++) {
    for (let t = 0; t < 1000; t++) {
      const d = (((0.5 + rnd()) * 3) / late) * 0.97;
      const next = prefix + d;
      const x = (next - prefix) / 3;
      const sum = least + x;
      if (sum - least - x > 0) {
        time.push(d);
        prefix = next;
        least = sum;
        break;
      }
    }
  }
  // The last unit puts s's stage [1, n) just below b.
  let best = { d: 0, t: -Infinity };
  const base = 3 * b - (prefix - u0);
  for (let j = -400; j <= 400; j++) {
    const d = base + j * 2 ** -50;
    const t = (prefix + d - u0) / 3;
    if (t < b && t > best.t) best = { d, t };
  }
  time.push(best.d);
  const n = time.length;
  return {
    model: { time, outputBytes: Array<number>(n).fill(0) },
    devices: [
      { id: 'e0', time: [1, y, ...Array<number>(n - 2).fill(1000)], bandwidth: 1000 },
      { id: 's', speed: 3, bandwidth: 1000 },
    ],
  };
}

describe('review s25: deadline solves on the general DP, B* among the plans that meet the deadline', () => {
  it('stats.leastBottleneck is the least bottleneck of a plan within maxLatency (both engines)', async () => {
    const solver = await createSolver();
    for (const seed of [1, 2]) {
      const problem = problemFor(seed, 80);
      const plans = enumeratePlans(problem as unknown as NetworkProblem);
      const fastest = Math.min(...plans.map((plan) => plan.latency));
      // A deadline a hair above the least latency: every plan within it.
      const maxLatency = fastest * (1 + 1e-12);
      const within = plans.filter((plan) => plan.latency <= maxLatency);
      const least = Math.min(...within.map((plan) => plan.bottleneck));
      for (const [engine, solve] of [['ts', () => solveReference(problem, { maxLatency })], ['wasm', () => solver.solve(problem, { maxLatency })]] as const) {
        const plan = solve();
        expect(plan.latency, `seed ${seed}, ${engine}: the plan meets the deadline`).toBeLessThanOrEqual(maxLatency);
        expect.soft(plan.stats.leastBottleneck, `seed ${seed}, ${engine}: maxLatency ${maxLatency}; plans within it: ${within.map((p) => `${p.stages.map((s) => `${s.device}:${s.start}-${s.end}`).join(' ')} (${p.bottleneck}, ${p.latency})`).join('; ')}`).toBe(least);
      }
    }
  });
});
