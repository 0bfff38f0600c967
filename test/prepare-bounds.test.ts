/**
 * `prepare` gathers the model's prefix sums, the lower bound and the paper's T_ub in fused loops
 * (one pass over the units where it can, the largest unit work divided once): each must equal,
 * bit for bit, the plain formula docs/model.md and src/prepare.ts state, recomputed here one unit
 * at a time. Memory binding makes units fall back from the fastest kind, and a unit may fit no
 * kind at all; both are drawn often.
 */
import { describe, expect, it } from 'vitest';
import { prepare, toleratedCapacity, type CostOptions } from '../src/prepare.js';
import { validateProblem } from '../src/validate.js';
import { solveReference, InfeasibleError, type Problem } from '../src/index.js';
import { randomProblem, rng } from './helpers/random.js';

const COSTS: CostOptions[] = [
  { transfer: 'overlap', slots: { in: 0, out: 0 } },
  { transfer: 'overlap', slots: { in: 0, out: 0 }, memoryTest: 'strict' },
];

function prefix(values: readonly (number | null)[]): number[] {
  const out = [0];
  let sum = 0;
  for (const v of values) out.push((sum += v ?? 0));
  return out;
}

/** The lower bound of a speed-only problem, as documented: the largest of each unit's least time
 * over the kinds that hold it alone, and total work over total speed, shrunk by 1e-12. */
function plainLowerBound(problem: Problem, strict: boolean, anyKindHolds: boolean): number {
  const time = problem.model.time as number[];
  const work = prefix(time);
  const memory = prefix(problem.model.memory ?? time.map(() => 0));
  const devices = problem.devices.filter((d) => d.compute !== false);
  let bound = 0;
  for (let u = 0; u < time.length; u++) {
    const need = (memory[u + 1] as number) - (memory[u] as number);
    let least = Infinity;
    for (const d of devices) {
      const room = strict ? (d.memory ?? Infinity) : toleratedCapacity(d.memory);
      // With activations a unit may fit in a longer stage but not alone: every kind counts.
      if (!anyKindHolds && !(strict ? need < room : need <= room)) continue;
      least = Math.min(least, ((work[u + 1] as number) - (work[u] as number)) / (d.speed ?? 1));
    }
    if (least !== Infinity) bound = Math.max(bound, least);
  }
  const totalSpeed = devices.reduce((s, d) => s + (d.speed ?? 1), 0);
  return Math.max(bound, ((work[time.length] as number) / totalSpeed) * (1 - 1e-12));
}

function plainPaperUpperBound(problem: Problem): number {
  const time = problem.model.time as number[];
  const devices = problem.devices.filter((d) => d.compute !== false);
  const totalSpeed = devices.reduce((s, d) => s + (d.speed ?? 1), 0);
  const slowest = Math.min(...devices.map((d) => d.speed ?? 1));
  return (prefix(time)[time.length] as number) / totalSpeed + Math.max(0, ...time) / slowest;
}

describe('prepare: fused sums and bounds', () => {
  it('equal the plain formulas on speed-only problems: memory binding or not, activations, no model.memory (seeded)', () => {
    const seed = 0x5eed_b0;
    const r = rng(seed);
    let checked = 0;
    let withActivations = 0;
    for (let i = 0; i < 600; i++) {
      const instance = seed + i;
      // A fifth with activations (then any kind may hold a unit), a tenth without model.memory.
      const raw = randomProblem(instance, { maxUnits: 40, maxDevices: 6, memoryBinds: 0.7, profiles: 0, transfers: i % 5 === 0 ? 1 : 0 });
      if (i % 10 === 3) delete raw.model.memory;
      // Now and then a device of the default speed (no `speed`).
      if (r() < 0.3) delete raw.devices[0]?.speed;
      // Now and then a device too small for the largest unit, so units fall back to slower kinds.
      if (raw.model.memory && r() < 0.4) {
        const largest = Math.max(...raw.model.memory);
        const fast = raw.devices.reduce((a, d) => ((d.speed ?? 1) > (a.speed ?? 1) ? d : a));
        fast.memory = largest * (0.5 + r() * 0.49);
      }
      // And an endpoint that runs nothing (not a kind, not in the bounds).
      const endpoint = r() < 0.3 ? [{ id: 'endpoint', compute: false }] : [];
      const problem = validateProblem({ ...raw, devices: [...raw.devices, ...endpoint] });
      if (problem.model.outputBytes) withActivations++;
      for (const cost of COSTS) {
        const p = prepare(problem, cost);
        const where = `seed ${instance}, memoryTest ${cost.memoryTest ?? 'tolerant'}`;
        const W = p.unitCount + 1;
        expect(Array.from(p.memoryPrefix.subarray(0, W)), where).toEqual(prefix(problem.model.memory ?? problem.model.time!.map(() => 0)));
        for (let k = 0; k < p.kindCount; k++) expect(Array.from(p.timePrefix.subarray(k * W, (k + 1) * W)), where).toEqual(prefix(problem.model.time!));
        expect(p.lowerBound, where).toBe(plainLowerBound(problem, cost.memoryTest === 'strict', p.transfers));
        expect(p.paperUpperBound, where).toBe(plainPaperUpperBound(problem));
        // And it is a lower bound.
        try {
          const plan = solveReference(problem, { memoryTest: cost.memoryTest ?? 'tolerant' });
          expect(p.lowerBound, where).toBeLessThanOrEqual(plan.bottleneck);
          checked++;
        } catch (error) {
          if (!(error instanceof InfeasibleError)) throw error;
        }
      }
    }
    // Enough feasible instances for the validity check to mean something, and every kind drawn.
    expect(checked).toBeGreaterThan(300);
    expect(withActivations).toBeGreaterThan(50);
  });
});
