/**
 * The WASM kernel against the TypeScript reference: the same stages, the same bottleneck to the
 * last bit, the same latency, the same counters, infeasible in the same cases.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { pipeEdgeFiles } from '../bench/cases.js';
import { createSolver, fromDnnpipeConfig, fromPipeEdge, InfeasibleError, solveReference, type Plan, type Problem, type SolveOptions, type Solver } from '../src/index.js';
import { randomProblem } from './helpers/random.js';

let solver: Solver;
beforeAll(async () => {
  solver = await createSolver();
});

type Outcome = { plan: Plan } | { infeasible: string };

function outcome(run: () => Plan): Outcome {
  try {
    return { plan: run() };
  } catch (error) {
    if (error instanceof InfeasibleError) return { infeasible: error.reason };
    throw error;
  }
}

function expectSame(problem: Problem, options: SolveOptions, context: string): void {
  const ts = outcome(() => solveReference(problem, options));
  const wasm = outcome(() => solver.solve(problem, { ...options, engine: 'wasm' }));
  if ('infeasible' in ts || 'infeasible' in wasm) {
    expect(wasm, context).toEqual(ts);
    return;
  }
  expect(wasm.plan.stages, context).toEqual(ts.plan.stages);
  expect(Object.is(wasm.plan.bottleneck, ts.plan.bottleneck), context).toBe(true);
  expect(Math.abs(wasm.plan.latency - ts.plan.latency), context).toBeLessThanOrEqual(1e-9 * ts.plan.latency);
  const { micros: _a, engine: _b, ...wasmCounters } = wasm.plan.stats;
  const { micros: _c, engine: _d, ...tsCounters } = ts.plan.stats;
  expect(wasmCounters, context).toEqual(tsCounters);
}

describe('WASM engine equals the TypeScript reference', () => {
  it('3,000 seeded random instances (up to 8 devices, 300 units, binding memory)', () => {
    for (let i = 0; i < 3000; i++) {
      const seed = 7_000_000 + i;
      const problem = randomProblem(seed, { maxUnits: i % 10 === 0 ? 300 : 60, maxDevices: 8, profiles: 0.1 });
      const secondary = i % 3 === 0 ? 'none' : 'latency';
      expectSame(problem, { algorithm: 'auto', secondary }, `seed ${seed} auto ${secondary}`);
    }
  });

  it("the paper's DP ('dnnpipe') on 600 seeded random instances", () => {
    for (let i = 0; i < 600; i++) {
      const seed = 8_000_000 + i;
      const problem = randomProblem(seed, { maxUnits: 40, maxDevices: 5, profiles: 0.1 });
      expectSame(problem, { algorithm: 'dnnpipe' }, `seed ${seed} dnnpipe`);
    }
  });

  it("the paper's DP ('dnnpipe') with strict memory and units some devices cannot run, 600 seeded instances", () => {
    // Its end gallops test memory and runnable units inline: strict memory and null unit times
    // are where they could differ from `fits`.
    for (let i = 0; i < 600; i++) {
      const seed = 8_500_000 + i;
      const problem = randomProblem(seed, { maxUnits: 40, maxDevices: 5, profiles: 0.6, memoryBinds: 0.8 });
      const devices = problem.devices.map((device, d) => {
        if (!device.time || (i + d) % 3 === 0) return device;
        // Every third unit from an offset cannot run on this device (the others keep it feasible often).
        return { ...device, time: device.time.map((t, u) => ((u + d + i) % 3 === 0 ? null : t)) };
      });
      const blocked: Problem = { ...problem, devices };
      expectSame(blocked, { algorithm: 'dnnpipe' }, `seed ${seed} dnnpipe, units some cannot run`);
      expectSame(problem, { algorithm: 'dnnpipe', memoryTest: 'strict' }, `seed ${seed} dnnpipe, strict memory`);
      expectSame(blocked, { algorithm: 'dnnpipe', memoryTest: 'strict' }, `seed ${seed} dnnpipe, both`);
    }
  });

  it('600 seeded random instances with transfers, activations and slots (up to 6 devices, 40 units)', () => {
    for (let i = 0; i < 600; i++) {
      const seed = 9_000_000 + i;
      const problem = randomProblem(seed, { maxUnits: 40, maxDevices: 6, transfers: 1, profiles: 0.2 });
      const options: SolveOptions = { transfer: i % 2 ? 'serial' : 'overlap', slots: { in: i % 3, out: (i >> 2) % 3 }, secondary: i % 4 === 0 ? 'none' : 'latency' };
      expectSame(problem, options, `seed ${seed} ${JSON.stringify(options)}`);
    }
  });

  it("PipeEdge's example files, both models, both transfer modes", () => {
    for (const modelName of ['google/vit-base-patch16-224', 'google/vit-large-patch16-224']) {
      const problem = fromPipeEdge(pipeEdgeFiles(), { modelName });
      for (const transfer of ['overlap', 'serial'] as const) {
        for (const secondary of ['latency', 'none'] as const) expectSame(problem, { slots: { in: 2, out: 2 }, transfer, secondary }, `${modelName} ${transfer} ${secondary}`);
      }
    }
  });

  it('the EfficientNetV2-B0 fixture, every algorithm and secondary objective', () => {
    const problem = fromDnnpipeConfig(JSON.parse(readFileSync(new URL('./fixtures/effnetv2b0.dnnpipe.json', import.meta.url), 'utf8')));
    for (const algorithm of ['auto', 'dnnpipe'] as const) {
      for (const secondary of ['latency', 'none'] as const) expectSame(problem, { algorithm, secondary }, `${algorithm} ${secondary}`);
    }
  });
});
