/**
 * An outside review (s26) of the general DP's step budget (src/search-transfers.ts `fill`,
 * assembly/transfers.ts `transferFill`): README "Limits" says every accepted input is planned or
 * refused within 5 s in either engine, the budget (MAX_SEARCH_STEPS transitions) being what bounds
 * a search's time. Two ways a pass does far more work than it counts:
 *
 * - A stage whose state leaves no device free can only be the plan's last, yet the loop over its
 *   ends walks every end up to the units (no limit breaks it in a pass at no limit), and an end
 *   below the units with no free next kind counts nothing. 2 distinct devices × 23,000 units with
 *   activations: one pass at no limit visits 529 million ends and counts 112,167 transitions
 *   (11.3 s in the TypeScript engine). A deadline just below the least latency reaches that pass:
 *   13.8 s TS, 2.3 s WASM.
 * - The budget is checked once per state, and with few states one state's row makes tens of
 *   millions of transitions: 3 distinct devices × 10,000 units, the fast one's memory binding,
 *   a deadline at 70 % of the plain plan's latency ends on a pass at no limit that counts 78.5
 *   million transitions before it is refused (6.0 s TS, 0.8 s WASM; before the memory room the
 *   pruned passes reached the budget first, 1.6 s TS).
 *
 * Both are checked by counters, not by time: the ends a pass must visit against what it counts,
 * and how far past the budget a refused pass gets.
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
  // almost every e, and each walks its ends e + 1 … units on the other device, the plan's last.
  const units = 3_000;
  const visited = (units * (units - 1)) / 2;

  it('TypeScript engine: a pass at no limit counts at least the units × (units − 1) / 2 ends one row walks', () => {
    const g = generalSearch(preparedGeneral(chain(units, [{ speed: 100 }, { speed: 1 }])));
    const pass = g.pass(Infinity, true);
    expect(pass.latency).toBeLessThan(Infinity);
    // Today: 14,660 transitions (both engines) for about 9 million ends walked (at 23,000 units: 112,167 for 529 million, 11.3 s).
    expect(g.counters.transitions).toBeGreaterThanOrEqual(visited);
  });

  it('WASM kernel: the same pass counts the same (and at least those ends)', async () => {
    const p = preparedGeneral(chain(units, [{ speed: 100 }, { speed: 1 }]));
    const ts = generalSearch(p);
    ts.pass(Infinity, true);
    const g = new Kernel(await compileKernel()).general(p);
    g.pass(Infinity, true);
    expect(g.counters.transitions).toBe(ts.counters.transitions);
    expect(g.counters.transitions).toBeGreaterThanOrEqual(visited);
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
