/**
 * Property tests with fast-check over the API and the CLI: random valid problems and mutations
 * of them. Never a crash, trap, hang or untyped error; every plan valid under evaluatePlan; both
 * engines agree. fast-check prints the seed and the shrunk counterexample on failure.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSolver, evaluatePlan, InfeasibleError, ProblemError, solveReference, type Plan, type Problem, type Solver } from '../src/index.js';
import { cli } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

let solver: Solver;
beforeAll(async () => {
  solver = await createSolver();
});

const number = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 0, max: 100, noNaN: true }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom(1e-300, 1e300, 5e-324) },
);
const positive = fc.oneof(fc.double({ min: 0.01, max: 10, noNaN: true }), fc.constantFrom(1, 2, 0.5));

const validProblem: fc.Arbitrary<Problem> = fc.integer({ min: 1, max: 12 }).chain((units) =>
  fc.record({
    model: fc.record({
      time: fc.array(number, { minLength: units, maxLength: units }),
      memory: fc.option(fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: units, maxLength: units }), { nil: undefined }),
      outputBytes: fc.option(fc.array(fc.integer({ min: 0, max: 4 << 20 }), { minLength: units, maxLength: units }), { nil: undefined }),
    }, { requiredKeys: ['time'] }),
    devices: fc.uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 4 }),
        speed: fc.option(positive, { nil: undefined }),
        memory: fc.option(fc.double({ min: 0, max: 200, noNaN: true }), { nil: undefined }),
        time: fc.option(fc.array(number, { minLength: units, maxLength: units }), { nil: undefined }),
        bandwidth: fc.option(fc.double({ min: 1, max: 10_000, noNaN: true }), { nil: undefined }),
      }, { requiredKeys: ['id'] }),
      { minLength: 1, maxLength: 5, selector: (d) => d.id },
    ),
  }).map((p) => {
    // Valid means: no speed beside a measured profile, and no silently free link (a device
    // without bandwidth beside one with it, when activations cross the network).
    const problem = JSON.parse(JSON.stringify(p)) as { model: Problem['model']; devices: Record<string, unknown>[] };
    for (const d of problem.devices) if (d.time !== undefined) delete d.speed;
    if (problem.model.outputBytes && problem.devices.some((d) => d.bandwidth !== undefined)) {
      for (const d of problem.devices) d.bandwidth ??= 1000;
    }
    return problem as unknown as Problem;
  }),
);

/** Damage one field: a wrong type, a non-finite or negative number, a typo, a prototype key. */
const mutation = fc.record({
  where: fc.constantFrom('model.time', 'model.memory', 'model.outputBytes', 'device.speed', 'device.memory', 'device.time', 'device.id', 'device.bandwidth', 'root', 'model', 'devices'),
  value: fc.constantFrom<unknown>(NaN, -1, Infinity, -Infinity, '3', null, [], {}, true, 0, undefined, 'spead', '__proto__', 'constructor'),
  index: fc.nat(20),
});

function mutate(problem: Problem, m: { where: string; value: unknown; index: number }): unknown {
  const p = JSON.parse(JSON.stringify(problem)) as Record<string, any>;
  const device = p.devices[m.index % p.devices.length];
  switch (m.where) {
    case 'model.time': p.model.time[m.index % p.model.time.length] = m.value; break;
    case 'model.memory': p.model.memory = m.index % 3 === 0 ? [1] : p.model.time.map(() => m.value); break;
    case 'model.outputBytes': p.model.outputBytes = m.index % 3 === 0 ? [1] : p.model.time.map(() => m.value); break;
    case 'device.speed': device.speed = m.value; break;
    case 'device.memory': device.memory = m.value; break;
    case 'device.time': device.time = m.index % 2 ? [m.value] : p.model.time.map(() => m.value); break;
    case 'device.id': device.id = m.index % 2 ? m.value : p.devices[0].id; if (p.devices.length === 1) p.devices.push({ id: device.id }); break;
    case 'device.bandwidth': device.bandwidth = m.value; break;
    case 'root': if (typeof m.value === 'string') p[m.value] = 1; else return m.value; break;
    case 'model': if (typeof m.value === 'string') p.model[m.value] = 1; else p.model = m.value; break;
    case 'devices': if (typeof m.value === 'string') device[m.value] = 2; else p.devices = m.value; break;
  }
  return p;
}

type Outcome = { plan: Plan } | { error: string; path?: string; timeScale?: boolean };

/**
 * The one refusal a valid problem can get at these sizes (README, "Limits", MAX_TIME_SCALE): the
 * generator's extreme values (5e-324, 1e-300, 1e300) put kinds' times more than 2^18 apart.
 */
const TIME_SCALE_REFUSAL = /times the least latency any plan can have/;

function attempt(run: () => Plan): Outcome {
  try {
    return { plan: run() };
  } catch (error) {
    if (error instanceof ProblemError) return { error: 'ProblemError', path: error.path, timeScale: TIME_SCALE_REFUSAL.test(error.message) };
    if (error instanceof InfeasibleError) return { error: 'InfeasibleError' };
    throw error; // untyped: the property fails
  }
}

function checkBothEngines(input: unknown): void {
  const ts = attempt(() => solveReference(input as Problem));
  const wasm = attempt(() => solver.solve(input as Problem));
  if ('plan' in ts && 'plan' in wasm) {
    expect(wasm.plan.stages).toEqual(ts.plan.stages);
    expect(Object.is(wasm.plan.bottleneck, ts.plan.bottleneck)).toBe(true);
    const evaluated = evaluatePlan(input as Problem, wasm.plan.stages);
    expect(evaluated.bottleneck).toBe(wasm.plan.bottleneck);
  } else {
    expect(wasm).toEqual(ts);
  }
  expect(Object.prototype).not.toHaveProperty('polluted');
}

describe('fuzzing the API', () => {
  it('valid problems: typed outcome, valid plans, engines agree (6,000 cases)', () => {
    const options = fc.record({
      secondary: fc.constantFrom('latency' as const, 'none' as const),
      algorithm: fc.constantFrom('auto' as const, 'dnnpipe' as const),
      transfer: fc.constantFrom('overlap' as const, 'serial' as const),
      slots: fc.record({ in: fc.nat(3), out: fc.nat(3) }),
    });
    fc.assert(fc.property(validProblem, options, (problem, o) => {
      const ts = attempt(() => solveReference(problem, o));
      const wasm = attempt(() => solver.solve(problem, o));
      expect('error' in ts && ts.error === 'ProblemError' && !ts.timeScale).toBe(false);
      if ('plan' in ts && 'plan' in wasm) {
        expect(wasm.plan.stages).toEqual(ts.plan.stages);
        expect(evaluatePlan(problem, wasm.plan.stages, o).bottleneck).toBe(wasm.plan.bottleneck);
      } else {
        expect(wasm).toEqual(ts);
      }
    }), { numRuns: 6000 });
  });

  it('mutated problems: only ProblemError or a valid plan, never anything else (6,000 cases)', () => {
    fc.assert(fc.property(validProblem, mutation, (problem, m) => checkBothEngines(mutate(problem, m))), { numRuns: 6000 });
  });

  it('__proto__ and constructor keys never touch a prototype', () => {
    const input = JSON.parse('{"model":{"time":[1],"__proto__":{"polluted":1}},"devices":[{"id":"a","constructor":{"prototype":{"polluted":1}}}]}');
    expect(() => solveReference(input)).toThrow(ProblemError);
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect({}).not.toHaveProperty('polluted');
  });
});

describe('fuzzing the CLI in-process', () => {
  const dir = tempDir('dnnpipe-fuzz-');
  it('any file content and flags: exit 0, 1 or 2 with one line, never an internal error (600 cases)', async () => {
    const text = fc.oneof(
      validProblem.map((p) => JSON.stringify(p)),
      fc.tuple(validProblem, mutation).map(([p, m]) => JSON.stringify(mutate(p, m)) ?? 'undefined'),
      fc.string({ maxLength: 40 }),
      validProblem.chain((p) => fc.nat(60).map((cut) => JSON.stringify(p).slice(0, cut))),
    );
    const flags = fc.subarray(['--json', '--engine', 'ts', '--algorithm', 'dnnpipe', '--secondary', 'none', '--bogus', '--out']);
    await fc.assert(fc.asyncProperty(text, flags, async (content, extra) => {
      const file = join(dir, 'input.json');
      writeFileSync(file, content);
      const { code, stderr } = await cli('plan', file, ...extra);
      expect([0, 1, 2]).toContain(code);
      if (code !== 0) expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(/internal error/);
    }), { numRuns: 600 });
  });
});
