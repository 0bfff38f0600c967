/**
 * renderSvg's single-device bars are costed as the plan is (types.ts: a Plan's `options` are what
 * "`simulate`, `renderSvg` and `evaluatePlan` use by default"): with the problem's strict memory
 * test, a device whose memory only equals the model's does not hold it alone.
 */
import { describe, expect, it } from 'vitest';
import { renderSvg, solveReference, type Problem } from '../src/index.js';

const bars = (svg: string): string[] => [...svg.matchAll(/>([^<>]*) alone</g)].map((m) => m[1] ?? '');

describe('renderSvg bars use the plan\'s cost options', () => {
  const problem: Problem = {
    model: { time: [1, 1], memory: [50, 50] },
    devices: [{ id: 'exact', memory: 100 }, { id: 'big', memory: 200, speed: 0.5 }],
  };

  it('strict memory from the problem\'s options: only the device with room to spare is drawn alone, as bestSingle says', () => {
    const strict = { ...problem, options: { memoryTest: 'strict' as const } };
    const plan = solveReference(strict);
    expect(plan.bestSingle?.device).toBe('big');
    expect(bars(renderSvg(strict, plan))).toEqual(['big']);
  });

  it('strict memory from the plan\'s own options, the problem having none: the same', () => {
    const plan = solveReference({ ...problem, options: { memoryTest: 'strict' } });
    expect(plan.options.memoryTest).toBe('strict');
    expect(bars(renderSvg(problem, plan))).toEqual(['big']);
  });

  it('the call\'s options override the plan\'s, and under the tolerant test both devices hold the model', () => {
    const plan = solveReference({ ...problem, options: { memoryTest: 'strict' } });
    expect(bars(renderSvg(problem, plan, undefined, { memoryTest: 'tolerant' }))).toEqual(['exact', 'big']);
  });
});
