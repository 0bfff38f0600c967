/**
 * README's read-once rule ("The API": "The input is read once ... so a getter or a Proxy cannot
 * show the checks one value and the search another") for `simulate`, `renderSvg`,
 * `fromDnnpipeConfig` and `fromPipeEdge`: every property and element of every input is read at
 * most once, fields that lie after their first read change nothing, and lengths that grow after
 * their first read make nothing run for ever.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { evaluatePlan, fromDnnpipeConfig, fromPipeEdge, ProblemError, renderSvg, simulate, solveReference, type Plan, type Problem, type Simulation } from '../src/index.js';
import { MAX_SVG_FRAMES } from '../src/render-svg.js';
import { randomProblem, rng } from './helpers/random.js';

/** Reads of each property, by path: `devices.0.id`. */
type Reads = Map<string, number>;

/** Paths read more than once. */
function overRead(reads: Reads): string[] {
  return [...reads].filter(([, n]) => n > 1).map(([path, n]) => `${path} ×${n}`);
}

/**
 * `value` behind Proxies, all the way down, that count every property read (symbols too) by
 * path. With `lie`, a second read of a property gets a different value (a number + 1, a length
 * too, `"ghost"` for a string), so a second read would also change what is computed.
 */
function watched<T>(value: T, lie = false): { input: T; reads: Reads } {
  const reads: Reads = new Map();
  const wrap = (target: unknown, path: string): unknown => {
    if (typeof target !== 'object' || target === null) return target;
    return new Proxy(target, {
      get(object, key, receiver) {
        const real: unknown = Reflect.get(object, key, receiver);
        const at = `${path}.${String(key)}`;
        const count = (reads.get(at) ?? 0) + 1;
        reads.set(at, count);
        if (lie && count > 1) return liar(real);
        return wrap(real, at);
      },
    });
  };
  return { input: wrap(value, '') as T, reads };
}

function liar(real: unknown): unknown {
  if (typeof real === 'number') return real + 1;
  if (typeof real === 'string') return 'ghost';
  if (typeof real === 'boolean') return !real;
  return real;
}

/**
 * A deep copy of plain data in which (seeded) about half the properties and elements are
 * getters: the first read gives the true value, later ones a lie. Counts the getters' reads.
 */
function withGetters<T>(value: T, random: () => number): { input: T; reads: Reads } {
  const reads: Reads = new Map();
  const copy = (source: unknown, path: string): unknown => {
    if (typeof source !== 'object' || source === null) return source;
    const out: Record<string, unknown> | unknown[] = Array.isArray(source) ? new Array<unknown>(source.length) : {};
    for (const key of Object.keys(source)) {
      const real = copy((source as Record<string, unknown>)[key], `${path}.${key}`);
      if (random() < 0.5) {
        (out as Record<string, unknown>)[key] = real;
        continue;
      }
      const at = `${path}.${key}`;
      Object.defineProperty(out, key, {
        enumerable: true,
        configurable: true,
        get: () => {
          const count = (reads.get(at) ?? 0) + 1;
          reads.set(at, count);
          return count === 1 ? real : liar(real);
        },
      });
    }
    return out;
  };
  return { input: copy(value, '') as T, reads };
}

/** A problem that uses every field simulate and renderSvg read: names, links, source, sink, options. */
function networkProblem(): Problem {
  return {
    model: { name: 'net', time: [4, 2, 3, 3, 1], memory: [100, 50, 80, 80, 20], outputBytes: [2e6, 1e6, 1e6, 5e5, 1e5], inputBytes: 3e6, names: ['a', 'b', 'c', 'd', 'e'] },
    devices: [
      { id: 'cam', compute: false, bandwidth: 100 },
      { id: 'jetson', speed: 1, memory: 200, bandwidth: 1000 },
      { id: 'pi-a', speed: 0.4, memory: 150, bandwidth: 100 },
      { id: 'pi-b', time: [9, 5, 7, 7, 2], memory: 150 },
    ],
    links: [
      { from: 'pi-a', to: 'pi-b', bandwidth: 50, latency: 0.5 },
      { from: 'jetson', to: 'pi-b', bandwidth: null },
      { from: 'cam', to: 'pi-b', bandwidth: 20, oneWay: true },
      { from: 'pi-b', to: 'cam', bandwidth: 20, oneWay: true },
    ],
    source: 'cam',
    sink: 'cam',
    options: { slots: { in: 1, out: 1 }, transfer: 'overlap' },
  };
}

/** Seeded problems with plans (solved by the reference engine), and options for simulate. */
function* seededCases(count: number): Generator<{ seed: number; problem: Problem; plan: Plan; options: { frames: number; transfer: 'serial' | 'overlap'; slots: { in: number; out: number } } }> {
  yield { seed: -1, problem: networkProblem(), plan: solveReference(networkProblem()), options: { frames: 5, transfer: 'overlap', slots: { in: 1, out: 2 } } };
  for (let seed = 1; seed <= count; seed++) {
    const problem = randomProblem(seed, { maxUnits: 10, maxDevices: 4, transfers: 0.5, profiles: 0.3 });
    const r = rng(seed * 7919);
    const cost = { transfer: r() < 0.5 ? 'serial' : 'overlap', slots: { in: Math.floor(r() * 3), out: Math.floor(r() * 3) } } as const;
    let plan: Plan;
    try {
      plan = solveReference(problem, cost);
    } catch {
      continue; // infeasible draws are not what this file tests
    }
    yield { seed, problem, plan, options: { frames: 1 + Math.floor(r() * 9), ...cost } };
  }
}

const pipeEdgeFixture = (name: string): unknown => parse(readFileSync(new URL(`./fixtures/pipeedge-${name}.yml`, import.meta.url), 'utf8'));
const pipeEdgeFiles = (): { models: unknown; deviceTypes: unknown; devices: unknown } => ({ models: pipeEdgeFixture('models'), deviceTypes: pipeEdgeFixture('device_types'), devices: pipeEdgeFixture('devices') });

const dnnpipeConfig = (): unknown => ({ device_config: { N: 3, C: [1, 0.5, 2], M: [4000, 300, 250] }, model_config: { U: 4, E: [2, 1, 3, 2], R: [100, 200, 100, 50] } });

/**
 * An array Proxy whose `length` is `length` the first time and 2^32 - 1 after; reading past the
 * first length throws, so a second look at the length fails fast instead of running for ever.
 */
function growingArray(values: unknown[]): unknown[] {
  let lengthReads = 0;
  const past = new Error('read past the first length');
  return new Proxy(values, {
    get(target, key, receiver) {
      if (key === 'length') return ++lengthReads === 1 ? target.length : 2 ** 32 - 1;
      if (typeof key === 'string' && /^\d+$/.test(key) && Number(key) >= target.length) throw past;
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      if (typeof key === 'string' && /^\d+$/.test(key) && Number(key) >= target.length) throw past;
      return Reflect.has(target, key);
    },
  });
}

describe('simulate reads its inputs once', () => {
  it('every property of the problem, the plan (a Plan or its stages) and the options is read at most once (seeded)', () => {
    let ran = 0;
    for (const { seed, problem, plan, options } of seededCases(60)) {
      for (const given of [plan, plan.stages] as const) {
        const honest = simulate(problem, given, options);
        const p = watched(problem);
        const q = watched(given);
        const o = watched(options);
        const result = simulate(p.input, q.input, o.input);
        expect(overRead(p.reads), `seed ${seed}: problem`).toEqual([]);
        expect(overRead(q.reads), `seed ${seed}: plan`).toEqual([]);
        expect(overRead(o.reads), `seed ${seed}: options`).toEqual([]);
        expect(result, `seed ${seed}`).toEqual(honest);
        ran++;
      }
    }
    expect(ran).toBeGreaterThan(60);
  });

  it('inputs that lie after their first read (Proxies, and getters on random fields) simulate as the honest ones do (seeded)', () => {
    for (const { seed, problem, plan, options } of seededCases(40)) {
      const honest = simulate(problem, plan, options);
      expect(simulate(watched(problem, true).input, watched(plan, true).input, watched(options, true).input), `seed ${seed}: Proxies`).toEqual(honest);
      const r = rng(seed + 1000);
      const p = withGetters(problem, r);
      const q = withGetters(plan, r);
      const o = withGetters(options, r);
      expect(simulate(p.input, q.input, o.input), `seed ${seed}: getters`).toEqual(honest);
      for (const reads of [p.reads, q.reads, o.reads]) expect(overRead(reads), `seed ${seed}`).toEqual([]);
    }
  });

  it('a stage list or device list whose length grows after its first read is copied at its first length', () => {
    const problem = networkProblem();
    const plan = solveReference(problem);
    const honest = simulate(problem, plan.stages, { frames: 3 });
    expect(simulate(problem, growingArray(plan.stages.map((s) => ({ ...s }))) as Plan['stages'], { frames: 3 })).toEqual(honest);
    const growing = { ...problem, devices: growingArray([...problem.devices]) as Problem['devices'] };
    expect(simulate(growing, plan, { frames: 3 })).toEqual(simulate(problem, plan, { frames: 3 }));
  });
});

describe('renderSvg reads its inputs once', () => {
  it('with and without a simulation, every property of every input is read at most once and the picture is the honest one (seeded)', () => {
    for (const { seed, problem, plan, options } of seededCases(30)) {
      const { frames, ...costOptions } = options;
      const simulation = simulate(problem, plan, { frames });
      for (const withSimulation of [true, false]) {
        const honest = renderSvg(problem, plan, withSimulation ? simulation : undefined, costOptions);
        const inputs = [watched(problem), watched(plan), watched(simulation), watched(costOptions)] as const;
        const svg = renderSvg(inputs[0].input, inputs[1].input, withSimulation ? inputs[2].input : undefined, inputs[3].input);
        inputs.forEach((w, i) => expect(overRead(w.reads), `seed ${seed}, input ${i}, simulation given: ${withSimulation}`).toEqual([]));
        expect(svg, `seed ${seed}`).toBe(honest);
        const liars = [watched(problem, true), watched(plan, true), watched(simulation, true), watched(costOptions, true)] as const;
        expect(renderSvg(liars[0].input, liars[1].input, withSimulation ? liars[2].input : undefined, liars[3].input), `seed ${seed}: lying Proxies`).toBe(honest);
      }
    }
  });

  it('of a simulation it reads only the intervals drawn, whatever length a row claims', () => {
    const problem = networkProblem();
    const plan = solveReference(problem);
    const simulation = simulate(problem, plan, { frames: MAX_SVG_FRAMES + 40 });
    const honest = renderSvg(problem, plan, simulation);
    const w = watched(simulation);
    expect(renderSvg(problem, plan, w.input)).toBe(honest);
    const frameReads = [...w.reads.keys()].filter((path) => /\.intervals\.\d+$/.test(path));
    expect(frameReads.length).toBe(simulation.servers.length * MAX_SVG_FRAMES);
    // A row whose intervals claim 2^32 - 1 entries after the first look, and a server list that does.
    const growing: Simulation = { ...simulation, servers: simulation.servers.map((s) => ({ ...s, intervals: growingArray(s.intervals) as [number, number][] })) };
    expect(renderSvg(problem, plan, growing)).toBe(honest);
    const lying: Simulation = { ...simulation, servers: growingArray(simulation.servers) as Simulation['servers'] };
    expect(renderSvg(problem, plan, lying)).toBe(honest);
  });

  it('a simulation claiming 2^32 - 1 servers is refused with a ProblemError, not walked', () => {
    const problem = networkProblem();
    const plan = solveReference(problem);
    const simulation = simulate(problem, plan, { frames: 2 });
    // Past the real servers it throws, so a walk over the claimed length fails at once.
    const past = (key: string | symbol): boolean => typeof key === 'string' && /^\d+$/.test(key) && Number(key) >= simulation.servers.length;
    const huge = new Proxy(simulation.servers, {
      get(target, key, receiver) {
        if (past(key)) throw new Error('walked past the real servers');
        return key === 'length' ? 2 ** 32 - 1 : Reflect.get(target, key, receiver) as unknown;
      },
      has(target, key) {
        if (past(key)) throw new Error('walked past the real servers');
        return Reflect.has(target, key);
      },
    });
    expect(() => renderSvg(problem, plan, { ...simulation, servers: huge })).toThrow(ProblemError);
  });
});

describe('the adapters read their inputs once', () => {
  it('fromDnnpipeConfig reads every field at most once, and lying fields or getters change nothing (seeded)', () => {
    const honest = fromDnnpipeConfig(dnnpipeConfig());
    const w = watched(dnnpipeConfig());
    expect(fromDnnpipeConfig(w.input)).toEqual(honest);
    expect(overRead(w.reads)).toEqual([]);
    expect(fromDnnpipeConfig(watched(dnnpipeConfig(), true).input)).toEqual(honest);
    for (let seed = 1; seed <= 50; seed++) {
      const g = withGetters(dnnpipeConfig(), rng(seed));
      expect(fromDnnpipeConfig(g.input), `seed ${seed}`).toEqual(honest);
      expect(overRead(g.reads), `seed ${seed}`).toEqual([]);
    }
  });

  it('fromDnnpipeConfig: each of E, R, C and M growing after its first length read is copied at its first length', () => {
    const honest = fromDnnpipeConfig(dnnpipeConfig());
    for (const [section, field] of [['model_config', 'E'], ['model_config', 'R'], ['device_config', 'C'], ['device_config', 'M']] as const) {
      const config = dnnpipeConfig() as Record<string, Record<string, unknown[]>>;
      const part = config[section] as Record<string, unknown[]>;
      part[field] = growingArray(part[field] as unknown[]);
      expect(fromDnnpipeConfig(config), `${section}.${field}`).toEqual(honest);
    }
  });

  it('fromPipeEdge reads every field of the files and options at most once, and lying fields or getters change nothing (seeded)', () => {
    for (const options of [{}, { modelName: 'google/vit-large-patch16-224', batchSize: 8, buffersIn: 1, buffersOut: 3 }]) {
      const honest = fromPipeEdge(pipeEdgeFiles(), options);
      const files = watched(pipeEdgeFiles());
      const o = watched(options);
      expect(fromPipeEdge(files.input, o.input)).toEqual(honest);
      expect(overRead(files.reads)).toEqual([]);
      expect(overRead(o.reads)).toEqual([]);
      expect(fromPipeEdge(watched(pipeEdgeFiles(), true).input, watched(options, true).input)).toEqual(honest);
      for (let seed = 1; seed <= 20; seed++) {
        const r = rng(seed);
        const g = withGetters(pipeEdgeFiles(), r);
        const h = withGetters(options, r);
        expect(fromPipeEdge(g.input, h.input), `seed ${seed}`).toEqual(honest);
        expect(overRead(g.reads), `seed ${seed}`).toEqual([]);
        expect(overRead(h.reads), `seed ${seed}`).toEqual([]);
      }
    }
  });

  it('fromPipeEdge: mem_MB, parameters_out, time_s and a host list growing after their first length read are copied at their first length', () => {
    const honest = fromPipeEdge(pipeEdgeFiles());
    const model = 'google/vit-base-patch16-224';
    const edits: [string, (files: Record<string, Record<string, Record<string, unknown>>>) => void][] = [
      ['mem_MB', (f) => { const m = f.models![model]!; m.mem_MB = growingArray(m.mem_MB as unknown[]); }],
      ['parameters_out', (f) => { const m = f.models![model]!; m.parameters_out = growingArray(m.parameters_out as unknown[]); }],
      ['time_s', (f) => {
        for (const type of Object.values(f.deviceTypes!)) {
          const profiles = (type.model_profiles as Record<string, Record<string, unknown>[]> | undefined)?.[model] ?? [];
          for (const profile of profiles) profile.time_s = growingArray(profile.time_s as unknown[]);
        }
      }],
      ['hosts', (f) => { for (const [type, hosts] of Object.entries(f.devices!)) f.devices![type] = growingArray(hosts as unknown as unknown[]) as never; }],
    ];
    for (const [name, edit] of edits) {
      const files = pipeEdgeFiles() as unknown as Record<string, Record<string, Record<string, unknown>>>;
      edit(files);
      let outcome: unknown;
      try {
        outcome = fromPipeEdge(files as never);
      } catch (error) {
        outcome = error;
      }
      expect(outcome, name).toEqual(honest);
    }
  });
});

describe('evaluatePlan reads a Plan once', () => {
  it("reads each of a Plan's option fields at most once (a getter that changes after its first read cannot pass the check with one value and cost with another)", () => {
    const problem: Problem = { model: { time: [1, 2, 3] }, devices: [{ id: 'a', speed: 1 }, { id: 'b', speed: 2 }] };
    const reads = new Map<string, number>();
    const counted = <T extends object>(target: T, path: string): T =>
      new Proxy(target, {
        get(object, key, receiver) {
          if (typeof key === 'string') reads.set(`${path}.${key}`, (reads.get(`${path}.${key}`) ?? 0) + 1);
          return Reflect.get(object, key, receiver) as unknown;
        },
      });
    const plan = counted({ stages: [{ device: 'a', start: 0, end: 1 }, { device: 'b', start: 1, end: 3 }], options: counted({ transfer: 'serial', memoryTest: 'strict', slots: { in: 0, out: 0 } }, 'options') }, 'plan');
    const costed = evaluatePlan(problem, plan as never);
    expect(costed.options.transfer).toBe('serial');
    for (const [path, count] of reads) expect(count, path).toBeLessThanOrEqual(1);
    expect(reads.get('options.transfer')).toBe(1);
  });
});
