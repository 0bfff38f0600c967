/** The WASM kernel over many solves: bounded memory, typed failures, recovery. */
import { describe, expect, it } from 'vitest';
import { KernelError, MAX_DNNPIPE_CELLS, MAX_STATES, MAX_UNITS, solveReference } from '../src/index.js';
import { compileKernel, compileKernelSync, Kernel } from '../src/kernel.js';
import { solverFromKernel } from '../src/solver.js';
import { KERNEL_DEBUG_BASE64 } from './kernel-debug-bytes.js';
import { randomProblem } from './helpers/random.js';

describe('kernel lifecycle', () => {
  it('10,000 consecutive solves on one warm solver keep WASM memory bounded', async () => {
    const solver = solverFromKernel(new Kernel(await compileKernel()));
    // The largest problem first: memory grows to fit it, and must never grow after that.
    const problems = Array.from({ length: 200 }, (_, i) => randomProblem(900_000 + i, { maxUnits: 120, maxDevices: 6 }));
    problems.unshift({ model: { time: Array.from({ length: 120 }, (_, i) => 1 + (i % 7)) }, devices: Array.from({ length: 6 }, (_, i) => ({ id: `d${i}`, speed: 1 + i })) });
    solver.solve(problems[0] ?? problems[1]!);
    const grown = solver.memoryBytes();
    let solved = 0;
    for (let i = 0; i < 10_000; i++) {
      try {
        solver.solve(problems[i % problems.length]!);
        solved++;
      } catch (error) {
        if (!(error instanceof Error && error.name === 'InfeasibleError')) throw error;
      }
    }
    expect(solved).toBeGreaterThan(5000);
    expect(solver.memoryBytes()).toBe(grown);
    expect(grown).toBeLessThanOrEqual(16 * 65536);
  });

  it("the kernel's exported capacities cover the facade's limits", async () => {
    const capacities = new Kernel(await compileKernel()).kernelCapacities();
    expect(capacities.maxStates).toBeGreaterThanOrEqual(MAX_STATES);
    expect(capacities.maxUnits).toBeGreaterThanOrEqual(MAX_UNITS);
    expect(capacities.maxTableCells).toBeGreaterThanOrEqual(MAX_DNNPIPE_CELLS);
    expect(capacities.maxKinds).toBeGreaterThanOrEqual(18);
  });

  it('a kernel abort surfaces as KernelError and the next solve works', async () => {
    const kernel = new Kernel(await compileKernel());
    const solver = solverFromKernel(kernel);
    const problem = randomProblem(42, { maxUnits: 30, maxDevices: 4, memoryBinds: 0 });
    const before = solver.solve(problem);
    expect(() => kernel.failForTest()).toThrow(KernelError);
    expect(() => kernel.failForTest()).toThrow(/failure requested by a test/);
    expect(solver.solve(problem)).toEqual({ ...before, stats: { ...before.stats, micros: expect.any(Number) } });
  });

  it('the debug build (assertions on) gives the same plans as the release build', () => {
    const debug = solverFromKernel(new Kernel(compileKernelSync(KERNEL_DEBUG_BASE64)));
    for (let seed = 1; seed <= 300; seed++) {
      const problem = randomProblem(seed, { maxUnits: 50, maxDevices: 6 });
      let expected: unknown;
      try {
        expected = solveReference(problem).stages;
      } catch (error) {
        expected = (error as Error).name;
      }
      let actual: unknown;
      try {
        actual = debug.solve(problem).stages;
      } catch (error) {
        actual = (error as Error).name;
      }
      expect(actual, `seed ${seed}`).toEqual(expected);
    }
  });
});
