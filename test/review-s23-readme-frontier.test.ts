/**
 * Review s23 (12349bd, a refresh of the frontier sweep's bound counts 2 × states × (units + 1) ×
 * kinds, not 4): the README's "Performance" list of the worst inputs still names "8 × 500 units"
 * among the "frontiers refused at their step budgets", with the times measured under the old
 * count (0.3–1.4 s WASM / 0.7–2.1 s TS). Since 12349bd that frontier lists all its 3,064 points
 * (the bench's worst-case row and the "Limits" text say so) and the refused row is 8 × 700.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { syntheticProblem } from '../bench/cases.js';
import { createSolver } from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');

describe('README, "Performance": the frontiers it lists as refused at their step budgets', () => {
  it('does not list 8 distinct devices × 500 units, which lists its whole frontier', async () => {
    const solver = await createSolver();
    const points = solver.frontier(syntheticProblem({ units: 500, kinds: Array(8).fill(1), seed: 80_300 }));
    expect(points.length).toBe(3064);
    const refused = /frontiers refused at their step budgets \(([^)]*)/.exec(readme)?.[1];
    expect(refused, 'the README sentence this test reads').toBeDefined();
    expect(refused).not.toMatch(/8 × 500 units/);
  });
});
