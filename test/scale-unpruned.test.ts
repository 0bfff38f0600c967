/**
 * At sizes exhaustive search cannot reach, the fast algorithms (both engines) against the plain DP
 * with no pruning: the same least bottleneck to the last bit and the same least latency.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSolver, solveReference, type Solver } from '../src/index.js';
import { randomProblem } from './helpers/random.js';
import { unprunedDp } from './helpers/unpruned.js';

let solver: Solver;
beforeAll(async () => {
  solver = await createSolver();
});

describe('fast algorithms against the unpruned DP at scale', () => {
  for (const [devices, units, seeds] of [[8, 200, 6], [10, 120, 2]] as const) {
    it(`${devices} devices x ${units} units, with and without binding memory`, () => {
      for (let i = 0; i < seeds; i++) {
        const seed = 31_000 + devices * 100 + i;
        const problem = randomProblem(seed, { minUnits: units, maxUnits: units, maxDevices: devices, memoryBinds: i % 2, identical: 0 });
        problem.devices = problem.devices.concat(
          Array.from({ length: devices - problem.devices.length }, (_, j) => ({ ...problem.devices[0]!, id: `extra${j}`, speed: 0.3 + j * 0.37 })),
        );
        const expected = unprunedDp(problem);
        const context = `seed ${seed}`;
        for (const algorithm of ['auto', 'dnnpipe'] as const) {
          const wasm = solver.solve(problem, { algorithm });
          expect(wasm.bottleneck, context).toBe(expected.bottleneck);
          expect(Math.abs(wasm.latency - expected.latency), context).toBeLessThanOrEqual(1e-9 * expected.latency);
        }
        const ts = solveReference(problem);
        expect(ts.bottleneck, context).toBe(expected.bottleneck);
      }
    });
  }
});
