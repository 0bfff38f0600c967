/**
 * The DNNPipe paper's prunings, applied as published, lose the optimum when memory binds; ours
 * keep it. The baseline in bench/baselines/paper-dp.ts is the published algorithm.
 */
import { describe, expect, it } from 'vitest';
import { paperDp } from '../bench/baselines/paper-dp.js';
import { solveReference, type Problem } from '../src/index.js';
import { exhaustive } from './helpers/exhaustive.js';
import { randomProblem } from './helpers/random.js';

function paperInput(problem: Problem) {
  return {
    time: [...problem.model.time!],
    memory: [...(problem.model.memory ?? problem.model.time!.map(() => 0))],
    speed: problem.devices.map((d) => d.speed ?? 1),
    capacity: problem.devices.map((d) => (d.memory === undefined ? Infinity : d.memory + 1e-9 * Math.max(1, d.memory))),
  };
}

describe("the paper's unguarded prunings", () => {
  it('upper bound: memory forces a plan slower than T_ub, and the paper finds none', () => {
    // Device "fast" holds one unit, so "big" must run three: the optimum is 3 ms, while
    // T_ub = 4/11 + 1/1 ≈ 1.36 ms cuts every stage that long.
    const problem: Problem = {
      model: { time: [1, 1, 1, 1], memory: [1, 1, 1, 1] },
      devices: [{ id: 'fast', speed: 10, memory: 1 }, { id: 'big', speed: 1, memory: 3 }],
    };
    expect(paperDp(paperInput(problem))).toBeNull();
    const plan = solveReference(problem, { algorithm: 'dnnpipe' });
    expect(plan.bottleneck).toBe(3);
    expect(plan.stats.boundRetries).toBe(1);
    expect(solveReference(problem).bottleneck).toBe(exhaustive(problem).bottleneck);
  });

  it('under-utilized stage: the paper skips short stages that memory forces, and loses the optimum', () => {
    // A seeded search over memory-bound instances whose optimum lies within T_ub (so only the
    // under-utilized rule can be at fault): tight memory forces short stages, and the paper's rule
    // drops them although no longer stage fits. Ours must be exact on every one.
    const failures: { seed: number; paper: number; optimum: number }[] = [];
    for (let seed = 1; seed <= 3000 && failures.length < 20; seed++) {
      const problem = randomProblem(seed, { maxUnits: 9, maxDevices: 4, memoryBinds: 1, identical: 0 });
      const optimum = exhaustive(problem).bottleneck;
      if (optimum === Infinity) continue;
      // Only instances where the paper's upper bound is not what fails: the optimum is within it.
      const input = paperInput(problem);
      const ideal = input.time.reduce((a, b) => a + b, 0) / input.speed.reduce((a, b) => a + b, 0);
      const upper = ideal + Math.max(...input.time) / Math.min(...input.speed);
      if (optimum > upper) continue;
      const paper = paperDp(input)?.bottleneck ?? Infinity;
      const ours = solveReference(problem, { algorithm: 'dnnpipe' });
      expect(ours.bottleneck, `seed ${seed}`).toBe(optimum);
      if (paper !== optimum) failures.push({ seed, paper, optimum });
    }
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) expect(f.paper, `seed ${f.seed}`).toBeGreaterThan(f.optimum);
  });

  it('without binding memory the published DP is optimal on these instances', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const problem = randomProblem(seed, { maxUnits: 9, maxDevices: 4, memoryBinds: 0, identical: 0 });
      const optimum = exhaustive(problem).bottleneck;
      expect(paperDp(paperInput(problem))?.bottleneck, `seed ${seed}`).toBe(optimum);
    }
  });
});
