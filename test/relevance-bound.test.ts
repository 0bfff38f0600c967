/**
 * The general DP's relevance bound (src/search-transfers.ts `RestBound`): the least time the
 * devices a state leaves free need for the rest of the model, each running one stage of at most
 * the pass's limit. A pass with bound R must report the least latency exactly whenever it is at
 * most R, with the plan an unpruned pass picks when the whole latency tie is within R, and some
 * latency above R otherwise. Checked pass against unpruned pass, at limits that are exact stage
 * times and plans' bottlenecks (where a device's capacity T·v meets the work it must cover, up to
 * rounding), the doubles just below them and random ones, with bounds at the least latency, just above and below it;
 * memory that binds, identical devices, per-device profiles, links and requirements come from
 * the generators.
 */
import { describe, expect, it } from 'vitest';
import type { Problem } from '../src/index.js';
import { prepareFor } from '../src/solver.js';
import { resolveOptions, validateProblem } from '../src/validate.js';
import { generalSearch } from '../src/search.js';
import { stageTime } from '../src/prepare.js';
import { LATENCY_TIE } from '../src/objective.js';
import { nextDown } from '../src/search-breakpoint.js';
import { randomNetworkProblem } from './helpers/random-network.js';
import { randomProblem, rng } from './helpers/random.js';
import { linkedCluster } from '../bench/cases.js';

/** Checks pruned passes against unpruned ones on one problem; returns how many were exact. */
function checkProblem(problem: Problem, seed: number, tries: number): { exact: number; refused: number } {
  let exact = 0;
  let refused = 0;
  const checked = validateProblem(problem);
  const options = resolveOptions({}, 'ts', checked.options);
  const p = prepareFor(checked, options, true);
  if (!p.transfers) return { exact, refused };
  const r = rng(seed * 104_729 + 7);
  const int = (n: number): number => Math.floor(r() * n);
  const pruned = generalSearch(p);
  const unpruned = generalSearch(p);
  for (let i = 0; i < tries; i++) {
    const k = int(p.kindCount);
    const start = int(p.unitCount);
    const end = start + 1 + int(p.unitCount - start);
    const time = stageTime(p, k, start, end);
    // Or the bottleneck of the plan a pass above it picks: a limit its largest stage meets exactly.
    const limit = [time, nextDown(time), time * (1 + r()), time * 4, unpruned.pass(time * (1 + 3 * r()), false).bottleneck][int(5)]!;
    const full = unpruned.pass(limit, false);
    if (full.latency === Infinity) continue;
    const tie = full.latency + LATENCY_TIE * full.latency;
    const relevant = [full.latency, tie, full.latency * (1 + 4e-9), nextDown(full.latency), full.latency * (1 - 1e-3)][int(5)]!;
    const got = pruned.pass(limit, false, Infinity, relevant);
    const at = `seed ${seed}: pass at ${limit} (stage ${start + 1}–${end} on kind ${k}) with bound ${relevant}`;
    if (full.latency <= relevant) {
      expect(got.latency, at).toBe(full.latency);
      if (tie <= relevant) expect([got.ends, got.kinds, got.planLatency], at).toEqual([full.ends, full.kinds, full.planLatency]);
      exact++;
    } else {
      expect(got.latency, at).toBeGreaterThan(relevant);
      refused++;
    }
  }
  return { exact, refused };
}

describe('relevance: pruned passes against unpruned ones', () => {
  it('400 random networks (links, source and sink, profiles, identical boards, requirements)', () => {
    let exact = 0;
    let refused = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const { problem } = randomNetworkProblem(rng(seed), { maxDevices: 6, minUnits: 2, maxUnits: 20, requirements: 0.3 });
      const found = checkProblem(problem as Problem, seed, 20);
      exact += found.exact;
      refused += found.refused;
    }
    expect(exact).toBeGreaterThan(1200);
    expect(refused).toBeGreaterThan(500);
  });

  it('400 random problems with activations, binding memory and identical devices', () => {
    let exact = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const problem = randomProblem(seed, { maxUnits: 16, maxDevices: 6, memoryBinds: 0.5, identical: 0.5, profiles: 0.2, transfers: 1 });
      exact += checkProblem(problem, seed, 20).exact;
    }
    expect(exact).toBeGreaterThan(2000);
  });

  it('linked clusters of 5–8 devices × 30 units, where the stage limit binds the rest hardest', () => {
    let exact = 0;
    for (let seed = 1; seed <= 6; seed++) exact += checkProblem(linkedCluster(5 + (seed % 4), 30, 2_000 + seed), seed, 60).exact;
    expect(exact).toBeGreaterThan(100);
  });
});
