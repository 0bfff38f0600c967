/** Seeing and trusting a plan: simulation, the SVG picture, and online re-planning. */
import { readFileSync, mkdtempSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { createPlanner, evaluatePlan, fromDnnpipeConfig, fromPipeEdge, InfeasibleError, ProblemError, renderSvg, simulate, solveReference, type Plan, type Problem, type SolveOptions } from '../src/index.js';
import { pipeEdgeFiles } from '../bench/cases.js';
import { randomProblem, rng } from './helpers/random.js';

const effnet = fromDnnpipeConfig(JSON.parse(readFileSync(new URL('./fixtures/effnetv2b0.dnnpipe.json', import.meta.url), 'utf8')));
const vit = fromPipeEdge(pipeEdgeFiles());
const VIT = { slots: { in: 2, out: 2 } };

function close(actual: number, expected: number, context: string): void {
  expect(Math.abs(actual - expected), `${context}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
}

function checkSimulation(problem: Problem, plan: Plan, options: SolveOptions, context: string): void {
  const sim = simulate(problem, plan.stages, { ...options, frames: 64 });
  close(sim.throughput, plan.throughput, `${context} throughput`);
  close((sim.frames[0]?.finish ?? 0) - (sim.frames[0]?.start ?? 0), plan.latency, `${context} first-frame latency`);
  for (const b of sim.busy) expect(b.share, context).toBeLessThanOrEqual(1 + 1e-12);
}

/** A random valid plan of a problem (not necessarily optimal), or null. */
function randomPlan(problem: Problem, seed: number, options: SolveOptions): Plan | null {
  const r = rng(seed);
  const U = problem.model.time!.length;
  const ids = problem.devices.map((d) => d.id).sort(() => r() - 0.5);
  const count = 1 + Math.floor(r() * Math.min(ids.length, U));
  const cuts = new Set<number>();
  while (cuts.size < count - 1) cuts.add(1 + Math.floor(r() * (U - 1)));
  const ends = [...cuts].sort((a, b) => a - b).concat(U);
  let start = 0;
  const stages = ends.map((end, i) => {
    const stage = { device: ids[i] ?? '', start, end };
    start = end;
    return stage;
  });
  try {
    return evaluatePlan(problem, stages, options);
  } catch (error) {
    if (error instanceof ProblemError) return null;
    throw error;
  }
}

describe('simulate', () => {
  it('matches the analytic bottleneck and latency on the fixtures', () => {
    checkSimulation(effnet, solveReference(effnet), {}, 'effnet');
    checkSimulation(vit, solveReference(vit, VIT), VIT, 'vit-base');
    for (const transfer of ['overlap', 'serial'] as const) checkSimulation(vit, solveReference(vit, { ...VIT, transfer }), { ...VIT, transfer }, `vit ${transfer}`);
  });

  it('matches on 600 seeded random plans, with and without transfers, both modes, any slots', () => {
    let checked = 0;
    for (let i = 0; i < 600; i++) {
      const seed = 1_200_000 + i;
      const problem = randomProblem(seed, { maxUnits: 12, maxDevices: 5, transfers: 0.6, memoryBinds: 0.3 });
      const options: SolveOptions = { transfer: i % 2 ? 'serial' : 'overlap', slots: { in: i % 3, out: (i >> 1) % 2 } };
      const plan = i % 3 === 0 ? randomPlan(problem, seed, options) : (() => {
        try { return solveReference(problem, options); } catch (e) { if (e instanceof InfeasibleError) return null; throw e; }
      })();
      if (!plan || plan.bottleneck === 0) continue;
      checkSimulation(problem, plan, options, `seed ${seed}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(400);
  });

  it('rejects a bad frame count', () => {
    expect(() => simulate(effnet, solveReference(effnet).stages, { frames: 0 })).toThrow(ProblemError);
  });
});

describe('renderSvg', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
  function rows(svg: string): { kind: string; label: string }[] {
    const doc = parser.parse(svg);
    const groups = doc.svg.g;
    return (Array.isArray(groups) ? groups : [groups]).map((g: Record<string, string>) => ({ kind: g['data-kind'] ?? '', label: g['data-label'] ?? '' }));
  }

  it('is well-formed XML with one row per stage and per link, labelling every device', () => {
    for (const [problem, options, name] of [[effnet, {}, 'effnet'], [vit, VIT, 'vit']] as const) {
      const plan = solveReference(problem, options);
      const svg = renderSvg(problem, plan, undefined, options);
      expect(XMLValidator.validate(svg), name).toBe(true);
      const found = rows(svg);
      expect(found.filter((r) => r.kind === 'stage').map((r) => r.label), name).toEqual(plan.stages.map((s) => s.device));
      const links = plan.stages.slice(0, -1).filter((s) => s.transfer > 0).length;
      expect(found.filter((r) => r.kind === 'link'), name).toHaveLength(links);
      for (const device of problem.devices) expect(svg, `${name} ${device.id}`).toContain(`>${device.id}`);
      expect(svg).toContain('class="bottleneck"');
      expect(svg).toContain('time (ms)');
    }
  });

  it('compares the plan with each single device that holds the model', () => {
    const plan = solveReference(effnet);
    const svg = renderSvg(effnet, plan);
    expect(svg).toContain('this plan');
    for (const id of ['1', '2', '3', '4']) expect(svg).toContain(`>${id} alone<`); // each holds the 88 MB model
    const tight = { ...effnet, devices: effnet.devices.map((d) => (d.id === '2' ? { ...d, memory: 50 } : d)) };
    const tightSvg = renderSvg(tight, solveReference(tight));
    expect(tightSvg).not.toContain('>2 alone<');
    expect(tightSvg).toContain('>1 alone<');
  });
});

describe('createPlanner', () => {
  it('re-planning after removing a device equals a fresh solve of the reduced problem (300 seeds)', () => {
    let compared = 0;
    for (let i = 0; i < 300; i++) {
      const seed = 1_300_000 + i;
      const problem = randomProblem(seed, { maxUnits: 20, maxDevices: 6, transfers: 0.3, minUnits: 2 });
      if (problem.devices.length < 2) continue;
      let planner;
      try {
        planner = createPlanner(problem);
      } catch (e) {
        if (e instanceof InfeasibleError) continue;
        throw e;
      }
      const gone = planner.plan().stages[0]?.device ?? '';
      const reduced = { ...problem, devices: problem.devices.filter((d) => d.id !== gone) };
      let fresh: Plan | 'infeasible';
      try { fresh = solveReference(reduced); } catch (e) { if (e instanceof InfeasibleError) fresh = 'infeasible'; else throw e; }
      if (fresh === 'infeasible') {
        expect(() => planner.update({ removeDevices: [gone] }), `seed ${seed}`).toThrow(InfeasibleError);
        expect(planner.problem().devices.some((d) => d.id === gone), `seed ${seed}: state kept`).toBe(true);
        continue;
      }
      const replan = planner.update({ removeDevices: [gone] });
      expect(replan.plan.stages, `seed ${seed}`).toEqual(fresh.stages);
      expect(replan.plan.bottleneck, `seed ${seed}`).toBe(fresh.bottleneck);
      expect(replan.changed, `seed ${seed}`).toBe(true);
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('applies added devices, new measurements and new profiles', () => {
    const planner = createPlanner(effnet);
    const before = planner.plan();
    const faster = planner.update({ updateDevices: [{ id: '3', speed: 0.5 }] });
    expect(faster.plan.bottleneck).toBeLessThan(before.bottleneck);
    expect(faster.throughputRatio).toBeCloseTo(before.bottleneck / faster.plan.bottleneck, 12);
    const grown = planner.update({ addDevices: [{ id: 'new', speed: 1, memory: 4000 }] });
    expect(grown.plan.stages.some((s) => s.device === 'new')).toBe(true);
    const same = planner.update({ updateDevices: [{ id: 'new', bandwidth: 100 }] });
    expect(same.changed).toBe(false);
    expect(same.throughputRatio).toBe(1);
    const model = planner.update({ model: { time: effnet.model.time!.map((t) => t * 2) } });
    expect(model.plan.bottleneck).toBeCloseTo(grown.plan.bottleneck * 2, 9);
    expect(() => planner.update({ removeDevices: ['nope'] })).toThrow(/no device "nope"/);
  });
});

describe('dnnpipe simulate and --svg', () => {
  const CLI = new URL('../dist/bin.js', import.meta.url).pathname;
  const dir = mkdtempSync(join(tmpdir(), 'dnnpipe-sim-'));
  it('prints measured figures, writes an SVG, and --json carries plan and simulation', () => {
    const svg = join(dir, 'sim.svg');
    const text = spawnSync(process.execPath, [CLI, 'simulate', '--frames', '16', '--svg', svg], { encoding: 'utf8' });
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/throughput\s+315\.81 frames\/s measured \(plan: 315\.81\)/);
    expect(XMLValidator.validate(readFileSync(svg, 'utf8'))).toBe(true);
    const json = JSON.parse(spawnSync(process.execPath, [CLI, 'simulate', '--json', '--frames', '8'], { encoding: 'utf8' }).stdout);
    expect(json.simulation.frames).toHaveLength(8);
    expect(json.plan.bottleneck).toBe(3.1664891242980944);
    const planSvg = join(dir, 'plan.svg');
    expect(spawnSync(process.execPath, [CLI, 'plan', '--svg', planSvg], { encoding: 'utf8' }).status).toBe(0);
    expect(existsSync(planSvg)).toBe(true);
    const bad = spawnSync(process.execPath, [CLI, 'simulate', '--frames', 'many'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--frames must be a whole number/);
  });

  it('--without plans the what-if', () => {
    const json = JSON.parse(spawnSync(process.execPath, [CLI, 'plan', '--without', '1', '--json'], { encoding: 'utf8' }).stdout);
    expect(json.stages.map((s: { device: string }) => s.device)).not.toContain('1');
    const bad = spawnSync(process.execPath, [CLI, 'plan', '--without', '9'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--without names no device "9"/);
  });
});
