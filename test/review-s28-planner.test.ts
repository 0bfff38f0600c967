/**
 * planner.update's removals (s28 hunt): each removed id filtered every device and every link, so
 * 660 ids beside 65,536 links took 1.8 s before the new problem was even checked. Now the ids are
 * checked in order and removed in one pass; the errors and the result must be what they were.
 */
import { describe, expect, it } from 'vitest';
import { createPlanner, ProblemError, solveReference, type Link } from '../src/index.js';

describe('planner.update removes devices in one pass', () => {
  const devices = Array.from({ length: 40 }, (_, i) => ({ id: `d${i}`, bandwidth: 100 + (i % 3) }));
  const links: Link[] = [];
  for (let a = 0; a < 12; a++) for (let b = a + 1; b < 12; b++) links.push({ from: `d${a}`, to: `d${b}`, bandwidth: 10 + a + b });
  const problem = { model: { time: [3, 1, 2, 5, 1], outputBytes: [1e5, 2e5, 1e5, 3e5, 1e4] }, devices: devices.slice(0, 14), links };

  it('an id given twice, or unknown, is refused at its own index', () => {
    const planner = createPlanner(problem, { engine: 'ts' });
    for (const [ids, index] of [[['d1', 'd2', 'd1'], 2], [['d1', 'zz'], 1], [['d3', 'd3'], 1]] as const) {
      let error: unknown;
      try {
        planner.update({ removeDevices: [...ids] });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ProblemError);
      expect((error as ProblemError).path).toBe(`change.removeDevices[${index}]`);
      expect((error as Error).message).toContain('to remove');
    }
  });

  it('the plan after removals is the plan of the problem without them, links gone with their devices', () => {
    const planner = createPlanner(problem, { engine: 'ts' });
    const gone = ['d0', 'd5', 'd13', 'd7'];
    const { plan } = planner.update({ removeDevices: gone });
    const kept = { ...problem, devices: problem.devices.filter((d) => !gone.includes(d.id)), links: links.filter((l) => !gone.includes(l.from) && !gone.includes(l.to)) };
    expect(planner.problem().links).toEqual(kept.links);
    expect(planner.problem().devices.map((d) => d.id)).toEqual(kept.devices.map((d) => d.id));
    const fresh = solveReference(kept);
    expect(plan.stages).toEqual(fresh.stages);
    expect(plan.bottleneck).toBe(fresh.bottleneck);
  });
});
