/**
 * Outside review (session 25): the relevance bound with per-device profiles
 * (src/search-transfers.ts `RestBound`, R = prefix sums of each unit's least time) is compared
 * with a device's capacity T (`coverOf`) without any margin on the first segment. R is summed
 * unit by unit, each unit's least time for a speed-only kind being its own division
 * ((P[i+1] − P[i]) / speed), while the stage on that kind is one division of the whole
 * ((P[end] − P[e]) / speed). When R is already large where the rest starts (earlier stages), each
 * addition rounds by half an ulp of R, and ROOM_SLACK (2^-48 of T) does not cover n of them: the
 * bound becomes Infinity (no free device covers the rest) at limits between the last stage's own
 * time and a few hundred ulps above it, and a pass with a bound above the least latency reports
 * no plan. The contract (src/pass-memo.ts, test/relevance-bound.test.ts): a pass with bound R
 * reports the least latency exactly whenever it is ≤ R.
 *
 * Minimal shape: 2 devices. "e0" has a profile (1 ms on unit 1, 1000 ms on the others; any
 * profile makes R the least-time prefix); "s" has speed 3. Model: unit 1 takes 1000 ms, then
 * `late` units of about 3/late ms each, picked so that R's running sum rounds up at each one.
 * The plan e0:[0,1), s:[1,n) has latency ≈ 2.03 ms; the pruned pass at T = s's stage time finds
 * nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Problem } from '../src/index.js';
import { prepareFor } from '../src/solver.js';
import { resolveOptions, validateProblem } from '../src/validate.js';
import { generalSearch, type GeneralSearch } from '../src/search.js';
import { stageTime, type PreparedProblem } from '../src/prepare.js';
import { compileKernel, Kernel } from '../src/kernel.js';
import { rng } from './helpers/random.js';

const SPEED = 3;

/**
 * `early` devices sharing one profile run one early unit each; then a speed-3 device runs the
 * `late` units, whose model times are drawn (seeded) so that each addition to R rounds up.
 */
function roundingUpProblem(seed: number, early: number, late: number): Problem {
  const r = rng(seed);
  const time: number[] = Array<number>(early).fill(1000);
  let modelPrefix = early * 1000;
  let leastPrefix = early;
  for (let i = 0; i < late; i++) {
    for (let tries = 0; tries < 10_000; tries++) {
      const d = (3 * (0.7 + r())) / late;
      const next = modelPrefix + d;
      const least = (next - modelPrefix) / SPEED;
      const sum = leastPrefix + least;
      if (sum - leastPrefix - least > 0) {
        time.push(d);
        modelPrefix = next;
        leastPrefix = sum;
        break;
      }
    }
  }
  const n = time.length;
  const profile = [...Array<number>(early).fill(1), ...Array<number>(n - early).fill(1000)];
  return {
    model: { time, outputBytes: Array<number>(n).fill(0) },
    devices: [...Array.from({ length: early }, (_, i) => ({ id: `e${i}`, time: profile, bandwidth: 1000 })), { id: 's', speed: SPEED, bandwidth: 1000 }],
  };
}

function prepared(problem: Problem): PreparedProblem {
  const checked = validateProblem(problem);
  return prepareFor(checked, resolveOptions({}, 'ts', checked.options), true);
}

/** Limits from the last stage's own time up by `ulps` steps of one ulp. */
function limitsAbove(t: number, ulps: number): number[] {
  const out = [t];
  const view = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < ulps; i++) {
    view.setFloat64(0, out[out.length - 1]!);
    view.setBigUint64(0, view.getBigUint64(0) + 1n);
    out.push(view.getFloat64(0));
  }
  return out;
}

const CASES = [
  { seed: 1, early: 1, late: 60 },
  { seed: 2, early: 2, late: 30 },
  { seed: 3, early: 4, late: 100 },
  { seed: 4, early: 8, late: 40 },
];

function checkPasses(make: (p: PreparedProblem) => GeneralSearch, engine: string): void {
  for (const { seed, early, late } of CASES) {
    const problem = roundingUpProblem(seed, early, late);
    const p = prepared(problem);
    expect(p.transfers).toBe(true);
    const sKind = Array.from({ length: p.kindCount }, (_, k) => k).find((k) => p.divisor[k] === SPEED)!;
    const t = stageTime(p, sKind, early, p.unitCount);
    expect(t, `seed ${seed}: the last stage is the bottleneck`).toBeGreaterThan(1);
    for (const limit of limitsAbove(t, 8)) {
      const full = generalSearch(p).pass(limit, false);
      expect(full.latency, `seed ${seed}: the unpruned pass finds a plan`).toBeLessThan(Infinity);
      const relevant = full.latency * (1 + 4e-9);
      const got = make(p).pass(limit, false, Infinity, relevant);
      const at = `${engine}, seed ${seed} (early ${early}, late ${late}): pass at ${limit} (s's stage ${t}) with bound ${relevant}, least latency ${full.latency}`;
      expect(got.latency, at).toBe(full.latency);
    }
  }
}

describe('review s25: relevance bound with profiles and a speed-only kind, rounding of R', () => {
  it('a pruned pass reports the least latency when it is within the bound (TypeScript engine)', () => {
    checkPasses((p) => generalSearch(p), 'ts');
  });

  it('a pruned pass reports the least latency when it is within the bound (WASM kernel)', async () => {
    const kernel = new Kernel(await compileKernel());
    checkPasses((p) => kernel.general(p), 'wasm');
  });
});
