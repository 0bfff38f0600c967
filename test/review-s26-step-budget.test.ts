/**
 * An outside review (s26) of the general DP's step budget (src/search-transfers.ts `fill`,
 * assembly/transfers.ts `transferFill`): README "Limits" says every accepted input is planned or
 * refused within 5 s in either engine, the budget (MAX_SEARCH_STEPS transitions) being what bounds
 * a search's time. It found two ways a pass did far more work than it counted, both fixed in both
 * engines:
 *
 * - A stage whose state leaves no device free can only be the plan's last, yet the loop over its
 *   ends walked every end up to the units (no limit breaks it in a pass at no limit), and an end
 *   below the units with no free next kind counted nothing. 2 distinct devices × 23,000 units with
 *   activations: one pass at no limit visited 529 million ends and counted 112,167 transitions
 *   (11.3 s in the TypeScript engine); a deadline just below the least latency reached that pass:
 *   13.8 s TS, 2.3 s WASM. Now such a stage goes straight to the last end, and an end whose
 *   memory misfits counts a step (once the weights alone misfit, the walk ends).
 * - The budget was checked once per state, and with few states one state's row made tens of
 *   millions of transitions: 3 distinct devices × 10,000 units, the fast one's memory binding,
 *   a deadline at 70 % of the plain plan's latency ended on a pass at no limit that counted 78.5
 *   million transitions before it was refused (6.0 s TS, 0.8 s WASM). Now it is checked per cell.
 *
 * Both are checked by counters, not by time: the ends a pass visits (read through a counter on
 * the divisors `stageTime` reads) against what it counts, and how far past the budget a refused
 * pass gets.
 */
import { describe, expect, it } from 'vitest';
import type { Problem } from '../src/index.js';
import { MAX_SEARCH_STEPS } from '../src/index.js';
import { prepareFor } from '../src/solver.js';
import { resolveOptions, validateProblem } from '../src/validate.js';
import { generalSearch, SearchLimitError } from '../src/search.js';
import { compileKernel, Kernel } from '../src/kernel.js';
import type { PreparedProblem } from '../src/prepare.js';

/** Units of 1–1.06 ms and 1 MB, small activations: the general DP, nothing else binding. */
function chain(units: number, devices: { speed: number; memory?: number }[]): Problem {
  return {
    model: { time: Array.from({ length: units }, (_, i) => 1 + (i % 7) * 0.01), memory: new Array<number>(units).fill(1), outputBytes: new Array<number>(units).fill(1000) },
    devices: devices.map((d, i) => ({ id: `d${i}`, speed: d.speed, ...(d.memory === undefined ? {} : { memory: d.memory }), bandwidth: 1000 })),
  };
}

function preparedGeneral(problem: Problem): PreparedProblem {
  const checked = validateProblem(problem);
  const p = prepareFor(checked, resolveOptions({}, 'ts', checked.options), true);
  expect(p.transfers).toBe(true);
  return p;
}

describe('a general-DP pass counts the stage ends it visits', () => {
  // 2 distinct devices × 3,000 units: the rows of the states with one device used hold a cell for
  // almost every e, and each walked its ends e + 1 … units on the other device, the plan's last
  // (units × (units − 1) / 2 of them, 14,660 transitions counted). Now such a stage goes straight
  // to the last end (src/search-transfers.ts `fill`, `lastStage`), and a misfit end counts a step.
  const units = 3_000;
  const visited = (units * (units - 1)) / 2;

  /**
   * The prepared problem with its divisors read through a counter: `stageTime` reads one per
   * call, and a pass calls it once for each end it visits (and in the walk back).
   */
  function counted(problem: Problem): { p: PreparedProblem; reads: () => number } {
    const p = preparedGeneral(problem);
    let reads = 0;
    const divisor = new Proxy(p.divisor, {
      get(target, key) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key);
      },
    });
    return { p: { ...p, divisor }, reads: () => reads };
  }

  it('TypeScript engine: every end a pass at no limit visits is counted (no walk past a last stage)', () => {
    const { p, reads } = counted(chain(units, [{ speed: 100 }, { speed: 1 }]));
    const g = generalSearch(p);
    const pass = g.pass(Infinity, true);
    expect(pass.latency).toBeLessThan(Infinity);
    // The ends visited: at most what the pass counted, plus the walk back (units × kinds a stage).
    const walkBack = pass.ends.length * units * p.kindCount;
    expect(reads()).toBeLessThanOrEqual(g.counters.transitions + walkBack);
    // Before: about 9 million ends walked (529 million, 11.3 s, at 23,000 units).
    expect(reads()).toBeLessThan(visited / 10);
  });

  it('TypeScript engine: a misfit end counts a step, and weights that no longer fit end the walk', () => {
    // 3 devices, the fast one holding 300 units with outputs too large for it at every other cut.
    const problem = chain(units, [{ speed: 100, memory: 310 }, { speed: 1 }, { speed: 1.1 }]);
    problem.model.outputBytes = Array.from({ length: units }, (_, i) => (i % 2 === 0 ? 1000 : 50 * 2 ** 20));
    const { p, reads } = counted(problem);
    const g = generalSearch(p);
    expect(g.pass(Infinity, true).latency).toBeLessThan(Infinity);
    expect(reads()).toBeLessThanOrEqual(g.counters.transitions + 3 * units * p.kindCount);
  });

  it('WASM kernel: the same passes count the same', async () => {
    const kernel = new Kernel(await compileKernel());
    for (const devices of [[{ speed: 100 }, { speed: 1 }], [{ speed: 100, memory: 310 }, { speed: 1 }, { speed: 1.1 }]]) {
      const p = preparedGeneral(chain(units, devices));
      const ts = generalSearch(p);
      const tsPass = ts.pass(Infinity, true);
      const g = kernel.general(p);
      const wasmPass = g.pass(Infinity, true);
      expect([wasmPass.latency, wasmPass.ends, wasmPass.kinds]).toEqual([tsPass.latency, tsPass.ends, tsPass.kinds]);
      expect(g.counters.transitions).toBe(ts.counters.transitions);
    }
  });
});

describe('a pass refused at the step budget stops near it', () => {
  it('3 distinct devices × 3,000 units, the fast one holding 300 units: a pass started just under the budget overshoots it by at most 1 %', () => {
    const problem = chain(3_000, [{ speed: 100, memory: 300 }, { speed: 1 }, { speed: 1.1 }]);
    const p = preparedGeneral(problem);
    const whole = generalSearch(p);
    whole.pass(Infinity, true);
    const total = whole.counters.transitions;
    expect(total).toBeGreaterThan(1_000_000);
    const overshoots: number[] = [];
    // The budget crossed at several points of the pass: before each state's row, the check.
    for (const share of [0.25, 0.5, 0.75]) {
      const g = generalSearch(p);
      g.counters.transitions = MAX_SEARCH_STEPS - Math.floor(total * share);
      expect(() => g.pass(Infinity, true), `budget crossed at ${share} of the pass`).toThrow(SearchLimitError);
      overshoots.push(g.counters.transitions - MAX_SEARCH_STEPS);
    }
    // Today: 3,959,222, 850,898 and 3,096,222 past it (one state's row); at 10,000 units 38.5 million.
    for (const over of overshoots) expect(over, `overshoots ${overshoots.join(', ')} of a pass of ${total}`).toBeLessThanOrEqual(MAX_SEARCH_STEPS / 100);
  });
});
