/** Invalid input throws ProblemError with the field's path and an actionable message. */
import { describe, expect, it } from 'vitest';
import { evaluatePlan, fromDnnpipeConfig, InfeasibleError, ProblemError, solve, solveReference } from '../src/index.js';

const ok = { model: { time: [1, 2, 3] }, devices: [{ id: 'a' }, { id: 'b', speed: 2 }] };

function problemError(run: () => unknown): ProblemError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error('expected a ProblemError');
}

describe('problem validation', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['not an object', 42, '', /expected an object, got 42/],
    ['null', null, '', /expected an object, got null/],
    ['no model', { devices: ok.devices }, 'model', /is required/],
    ['empty model', { model: { time: [] }, devices: ok.devices }, 'model.time', /at least one unit/],
    ['NaN time', { model: { time: [1, NaN] }, devices: ok.devices }, 'model.time[1]', /finite number, got NaN/],
    ['Infinity time', { model: { time: [Infinity] }, devices: ok.devices }, 'model.time[0]', /finite number/],
    ['negative time', { model: { time: [1, -1] }, devices: ok.devices }, 'model.time[1]', /0 or more, got -1/],
    ['string time', { model: { time: ['1'] }, devices: ok.devices }, 'model.time[0]', /finite number, got the string "1"/],
    ['memory length', { model: { time: [1, 2], memory: [1] }, devices: ok.devices }, 'model.memory', /1 entry but the model has 2 units/],
    ['no devices', { model: ok.model, devices: [] }, 'devices', /at least one device/],
    ['devices not an array', { model: ok.model, devices: {} }, 'devices', /expected an array/],
    ['zero speed', { model: ok.model, devices: [{ id: 'a', speed: 0 }] }, 'devices[0].speed', /greater than 0, got 0/],
    ['negative speed', { model: ok.model, devices: [{ id: 'a', speed: -2 }] }, 'devices[0].speed', /greater than 0/],
    ['negative memory', { model: ok.model, devices: [{ id: 'a', memory: -1 }] }, 'devices[0].memory', /0 or more/],
    ['zero bandwidth', { model: ok.model, devices: [{ id: 'a', bandwidth: 0 }] }, 'devices[0].bandwidth', /greater than 0/],
    ['missing id', { model: ok.model, devices: [{ speed: 1 }] }, 'devices[0].id', /non-empty string/],
    ['duplicate id', { model: ok.model, devices: [{ id: 'a' }, { id: 'a' }] }, 'devices[1].id', /already the id of devices\[0\]/],
    ['profile length', { model: ok.model, devices: [{ id: 'a', time: [1] }] }, 'devices[0].time', /1 entry but the model has 3 units/],
    ['typo spead', { model: ok.model, devices: [{ id: 'a', spead: 2 }] }, 'devices[0].spead', /unknown field \(did you mean "speed"\?\)/],
    ['typo in model', { model: { time: [1], memroy: [1] }, devices: ok.devices }, 'model.memroy', /did you mean "memory"/],
    ['__proto__ key', JSON.parse('{"model":{"time":[1]},"devices":[{"id":"a"}],"__proto__":{"x":1}}'), '__proto__', /unknown field/],
    ['outputBytes length', { model: { time: [1, 2], outputBytes: [1] }, devices: ok.devices }, 'model.outputBytes', /1 entry but the model has 2 units/],
    ['negative outputBytes', { model: { time: [1, 2], outputBytes: [1, -5] }, devices: ok.devices }, 'model.outputBytes[1]', /0 or more/],
    ['inputBytes alone', { model: { time: [1, 2], inputBytes: 10 }, devices: ok.devices }, 'model.inputBytes', /only used with model.outputBytes/],
    ['constructor key', JSON.parse('{"model":{"time":[1]},"devices":[{"id":"a","constructor":1}]}'), 'devices[0].constructor', /unknown field/],
    ['overflowing sum', { model: { time: [1e308, 1e308] }, devices: ok.devices }, 'model.time', /sums to more than/],
  ])('%s', (_, input, path, message) => {
    const error = problemError(() => solveReference(input as never));
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
    expect(Object.prototype).not.toHaveProperty('x');
  });

  // Number arrays are checked as they are copied (src/validate.ts, copyNumbers): a bad entry after
  // the first one, in every unit array, long or short, shared by devices or not.
  const long = (bad: number): number[] => Array.from({ length: 20 }, (_, i) => (i === 17 ? bad : 1 + (i % 3)));
  it.each<[string, number, RegExp]>([
    ['Infinity', Infinity, /expected a finite number, got Infinity/],
    ['NaN', NaN, /expected a finite number, got NaN/],
    ['-1', -1, /must be 0 or more, got -1/],
  ])('a unit array entry of %s past the first is refused by its path', (_, bad, message) => {
    const short = [1, bad, 2];
    const cases: [unknown, string][] = [
      [{ model: { time: short }, devices: ok.devices }, 'model.time[1]'],
      [{ model: { time: long(bad) }, devices: ok.devices }, 'model.time[17]'],
      [{ model: { time: [1, 2, 3], memory: short }, devices: ok.devices }, 'model.memory[1]'],
      [{ model: { time: long(1), memory: long(bad) }, devices: ok.devices }, 'model.memory[17]'],
      [{ model: { time: [1, 2, 3], outputBytes: short }, devices: ok.devices }, 'model.outputBytes[1]'],
      [{ model: { time: [1, 2, 3] }, devices: [{ id: 'a', time: short }] }, 'devices[0].time[1]'],
      // One long profile shared by two devices: copied and checked once, still refused.
      ...(() => {
        const shared = long(bad);
        return [[{ model: { time: long(1) }, devices: [{ id: 'a', time: shared }, { id: 'b', time: shared }] }, 'devices[0].time[17]']] as [unknown, string][];
      })(),
    ];
    for (const [input, path] of cases) {
      const error = problemError(() => solveReference(input as never));
      expect(error.path, path).toBe(path);
      expect(error.message, path).toMatch(message);
    }
  });

  it('rejects bad options with their path', () => {
    expect(problemError(() => solveReference(ok, { algorithm: 'fast' as never })).path).toBe('options.algorithm');
    expect(problemError(() => solveReference(ok, { secondary: 'speed' as never })).path).toBe('options.secondary');
    expect(problemError(() => solveReference(ok, { engine: 'wasm' })).path).toBe('options.engine');
    expect(problemError(() => solveReference(ok, { slots: { in: 1.5, out: 0 } })).path).toBe('options.slots.in');
  });

  it('refuses a search space beyond the limit quickly, naming it', async () => {
    const devices = Array.from({ length: 40 }, (_, i) => ({ id: `d${i}`, speed: 1 + i / 100 }));
    const started = Date.now();
    const error = problemError(() => solveReference({ model: { time: [1, 2, 3] }, devices }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.path).toBe('devices');
    expect(error.message).toMatch(/search states; the limit is 262144/);
    await expect(solve({ model: { time: [1, 2, 3] }, devices })).rejects.toBeInstanceOf(ProblemError);
  });

  it("refuses the quadratic DPs beyond their work limit, pointing to what to do", () => {
    const time = Array.from({ length: 1000 }, (_, i) => 1 + (i % 5));
    const devices = Array.from({ length: 10 }, (_, i) => ({ id: `d${i}`, speed: 1 + i / 10, bandwidth: 100 }));
    const started = Date.now();
    const paper = problemError(() => solveReference({ model: { time }, devices }, { algorithm: 'dnnpipe' }));
    expect(paper.path).toBe('options.algorithm');
    expect(paper.message).toMatch(/Use algorithm 'auto'/);
    const transfers = problemError(() => solveReference({ model: { time, outputBytes: time.map(() => 1000) }, devices }));
    expect(transfers.path).toBe('model.outputBytes');
    expect(transfers.message).toMatch(/limit is/);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(solveReference({ model: { time }, devices }).stages.length).toBe(10); // 'auto' is fine
  });

  it('64 devices of 2 kinds still solve', async () => {
    const devices = Array.from({ length: 64 }, (_, i) => ({ id: `d${i}`, speed: i % 2 ? 2 : 1, memory: 100 }));
    const plan = await solve({ model: { time: Array.from({ length: 100 }, (_, i) => 1 + (i % 3)), memory: Array(100).fill(1) }, devices });
    expect(plan.stages.length).toBeGreaterThan(1);
  });
});

describe('DNNPipe config validation', () => {
  const config = { device_config: { N: 2, C: [1, 0.5], M: [10, 10] }, model_config: { U: 2, E: [1, 2], R: [1, 1] } };
  it.each<[string, unknown, string]>([
    ['N mismatch', { ...config, device_config: { ...config.device_config, N: 3 } }, 'device_config.C'],
    ['U mismatch', { ...config, model_config: { ...config.model_config, U: 5 } }, 'model_config.E'],
    ['R length', { ...config, model_config: { ...config.model_config, R: [1] } }, 'model_config.R'],
    ['zero speed', { ...config, device_config: { ...config.device_config, C: [1, 0] } }, 'device_config.C[1]'],
    ['missing model_config', { device_config: config.device_config }, 'model_config'],
    ['typo', { ...config, modle_config: {} }, 'modle_config'],
  ])('%s', (_, input, path) => {
    expect(problemError(() => fromDnnpipeConfig(input)).path).toBe(path);
  });
});

describe('evaluatePlan', () => {
  const problem = { model: { time: [1, 2, 3], memory: [1, 1, 5] }, devices: [{ id: 'a', memory: 2 }, { id: 'b', speed: 2, memory: 10 }] };
  it('costs a valid plan', () => {
    const plan = evaluatePlan(problem, [{ device: 'a', start: 0, end: 2 }, { device: 'b', start: 2, end: 3 }]);
    expect(plan.bottleneck).toBe(3);
    expect(plan.latency).toBe(4.5);
    expect(plan.throughput).toBeCloseTo(1000 / 3, 12);
    expect(plan.bestSingle).toEqual({ device: 'b', time: 3 });
    expect(plan.speedup).toBe(1);
  });
  it.each<[string, { device: string; start: number; end: number }[], string]>([
    ['gap', [{ device: 'a', start: 0, end: 1 }, { device: 'b', start: 2, end: 3 }], 'stages[1].start'],
    ['short', [{ device: 'b', start: 0, end: 2 }], 'stages[0].end'],
    ['unknown device', [{ device: 'z', start: 0, end: 3 }], 'stages[0].device'],
    ['device twice', [{ device: 'b', start: 0, end: 1 }, { device: 'b', start: 1, end: 3 }], 'stages[1].device'],
    ['memory', [{ device: 'a', start: 0, end: 3 }], 'stages[0]'],
    ['empty stage', [{ device: 'a', start: 0, end: 0 }, { device: 'b', start: 0, end: 3 }], 'stages[0].end'],
  ])('rejects a plan with a %s', (_, stages, path) => {
    expect(problemError(() => evaluatePlan(problem, stages)).path).toBe(path);
  });
});

describe('degenerate but valid input', () => {
  it('a model whose units all take 0 ms plans to bottleneck 0 with speedup 1, not NaN', () => {
    const plan = solveReference({ model: { time: [0, 0, 0] }, devices: [{ id: 'a' }, { id: 'b', speed: 2 }] });
    expect(plan.bottleneck).toBe(0);
    expect(plan.speedup).toBe(1);
    expect(plan.stages).toHaveLength(1);
  });
});

describe('infeasibility', () => {
  it('names the unit that fits nowhere and the largest capacity', () => {
    const problem = { model: { time: [1, 1, 1], memory: [1, 900, 1] }, devices: [{ id: 'x', memory: 582 }, { id: 'y', memory: 100 }] };
    expect(() => solveReference(problem)).toThrow(InfeasibleError);
    try {
      solveReference(problem);
    } catch (error) {
      expect((error as InfeasibleError).reason).toBe('unit 2 alone needs 900 MB (model.memory[1]); the largest device, "x", has 582 MB');
    }
  });
  it('says when memory is short in total', () => {
    const problem = { model: { time: [1, 1, 1], memory: [5, 5, 5] }, devices: [{ id: 'x', memory: 6 }, { id: 'y', memory: 6 }] };
    expect(() => solveReference(problem)).toThrow(/needs 15 MB in total but the 2 computing devices have 12 MB together/);
    // One device: no "1 computing devices" (an outside review's wording slip).
    const alone = { model: { time: [1, 1, 1], memory: [5, 5, 5] }, devices: [{ id: 'x', memory: 6 }] };
    expect(() => solveReference(alone)).toThrow(/needs 15 MB in total but the only computing device has 6 MB$/);
  });
  it('says when memory suffices in total but not in any contiguous order', () => {
    const problem = { model: { time: [1, 1, 1], memory: [3, 4, 3] }, devices: [{ id: 'x', memory: 6 }, { id: 'y', memory: 4 }] };
    expect(() => solveReference(problem)).toThrow(/no split into contiguous stages/);
  });
  it('names activations when they are what does not fit', () => {
    const problem = { model: { time: [1, 1], memory: [1, 1], outputBytes: [0, 10 * 2 ** 20] }, devices: [{ id: 'x', memory: 5 }, { id: 'y', memory: 5 }] };
    expect(() => solveReference(problem)).toThrow(/fits each stage's memory once each stage's input and output activations \(model.outputBytes, slots\) are counted/);
  });
});
