/**
 * Costing plans: turns stage assignments into a `Plan` with the same formulas the engines search
 * with (see `prepare.ts`), and validates plans that come from elsewhere (`evaluatePlan`).
 */
import { nowMillis } from './clock.js';
import { ProblemError } from './errors.js';
import { fits, linkTime, needFits, stageMemory, stageTime, type PreparedProblem, prepare } from './prepare.js';
import type { BottleneckAt, Plan, PlanOptions, PlanStats, Problem, SolveOptions, Stage, StageAssignment } from './types.js';
import { describe, expectObject, resolveOptions, snapshot, validateProblem, type ResolvedOptions } from './validate.js';

/** The kind of each device index. */
function kindOfDevice(p: PreparedProblem): Int32Array {
  // Endpoints belong to no kind, so device indices run past the members' count: size by the largest.
  const kinds = new Int32Array(p.kindDevices.reduce((n, members) => Math.max(n, ...members.map((d) => d + 1)), 0));
  p.kindDevices.forEach((members, kind) => members.forEach((device) => { kinds[device] = kind; }));
  return kinds;
}

/**
 * The fastest device that runs and holds every unit alone (its time includes the source and sink
 * transfers, if any); ties go to the lower device index. Devices of
 * a kind cost the same, so each kind is costed once, for its first (lowest-index) device.
 */
export function bestSingleDevice(problem: Problem, p: PreparedProblem): Plan['bestSingle'] {
  let bestDevice = -1;
  let bestTime = Infinity;
  for (let kind = 0; kind < p.kindCount; kind++) {
    if (!fits(p, kind, 0, p.unitCount)) continue;
    const compute = stageTime(p, kind, 0, p.unitCount);
    // A device alone still receives every frame and sends every result.
    const time = Math.max(p.sourceCost[kind] ?? 0, compute, p.sinkCost[kind] ?? 0);
    const device = p.kindDevices[kind]?.[0] ?? 0;
    if (bestDevice < 0 || time < bestTime || (time === bestTime && device < bestDevice)) [bestDevice, bestTime] = [device, time];
  }
  return bestDevice < 0 ? null : { device: problem.devices[bestDevice]?.id ?? '', time: bestTime };
}

/** The options a plan records (`Plan.options`): the resolved ones, without the engine. */
export function planOptions(options: ResolvedOptions): PlanOptions {
  const out: PlanOptions = { transfer: options.transfer, slots: { ...options.slots }, secondary: options.secondary, algorithm: options.algorithm, memoryTest: options.memoryTest };
  if (options.maxLatency !== undefined) out.maxLatency = options.maxLatency;
  if (options.maxStages !== undefined) out.maxStages = options.maxStages;
  if (options.first !== undefined) out.first = options.first;
  if (options.last !== undefined) out.last = options.last;
  return out;
}

/** What every plan of one prepared problem shares: each device's kind, and the best single device. */
export interface PlanContext {
  kinds: Int32Array;
  bestSingle: Plan['bestSingle'];
}

/** The `PlanContext` of a prepared problem: a frontier costs every point's plan with one. */
export function planContext(problem: Problem, p: PreparedProblem): PlanContext {
  return { kinds: kindOfDevice(p), bestSingle: bestSingleDevice(problem, p) };
}

/**
 * Costs a plan given as (device index, start, end) triples, already known to be valid, with the
 * formulas of docs/model.md in the order the engines add in.
 * Bottleneck: the largest of the source transfer, each stage's compute and link (`overlap`) or
 * compute plus its send (`serial`), and the sink transfer; `bottleneckAt` names the first of them
 * in pipeline order. Latency: source, then compute and link stage by stage, then sink.
 * @param context - what every plan of the problem shares (`planContext`), computed when not given
 */
export function costPlan(problem: Problem, p: PreparedProblem, assignment: { device: number; start: number; end: number }[], stats: PlanStats, options: PlanOptions, context: PlanContext = planContext(problem, p)): Plan {
  const { kinds } = context;
  const names = problem.model.names;
  // Where the bottleneck is, as (kind of element, stage); the object is built once at the end.
  let bottleneck = -1;
  let atKind: BottleneckAt['kind'] = 'stage';
  let atStage = 0;
  const consider = (value: number, kind: BottleneckAt['kind'], stage: number): void => {
    if (value > bottleneck) [bottleneck, atKind, atStage] = [value, kind, stage];
  };
  const firstKind = kinds[assignment[0]?.device ?? 0] ?? 0;
  const lastKind = kinds[assignment[assignment.length - 1]?.device ?? 0] ?? 0;
  let latency = 0;
  let source: Plan['source'];
  if (problem.source !== undefined) {
    source = { device: problem.source, transfer: p.sourceCost[firstKind] ?? 0 };
    latency += source.transfer;
    consider(source.transfer, 'source', 0);
  }
  const stages: Stage[] = assignment.map(({ device, start, end }, i) => {
    const kind = kinds[device] ?? 0;
    const next = assignment[i + 1];
    const time = stageTime(p, kind, start, end);
    const transfer = next ? linkTime(p, end, kind, kinds[next.device] ?? 0) : 0;
    if (next && p.serial) {
      consider(time + transfer, 'stage', i);
    } else {
      consider(time, 'stage', i);
      if (next) consider(transfer, 'link', i);
    }
    latency += time;
    if (next) latency += transfer;
    const stage: Stage = { device: problem.devices[device]?.id ?? '', start, end, time, memory: stageMemory(p, start, end), transfer };
    if (names) stage.names = { first: names[start] ?? '', last: names[end - 1] ?? '' };
    return stage;
  });
  let sink: Plan['sink'];
  if (problem.sink !== undefined) {
    sink = { device: problem.sink, transfer: p.sinkCost[lastKind] ?? 0 };
    latency += sink.transfer;
    consider(sink.transfer, 'sink', 0);
  }
  const bottleneckAt: BottleneckAt = atKind === 'stage' || atKind === 'link' ? { kind: atKind, stage: atStage } : { kind: atKind };
  // Each plan its own object: plans share no parts a caller could change.
  const bestSingle = context.bestSingle && { ...context.bestSingle };
  const plan: Plan = {
    stages,
    bottleneck,
    throughput: 1000 / bottleneck,
    latency,
    bottleneckAt,
    bestSingle,
    // A model whose units all take 0 ms plans to bottleneck 0: call that no speedup, not NaN.
    speedup: bestSingle === null ? null : bottleneck === 0 && bestSingle.time === 0 ? 1 : bestSingle.time / bottleneck,
    options,
    stats,
  };
  if (source) plan.source = source;
  if (sink) plan.sink = sink;
  return plan;
}

/**
 * Turns an engine's stage ends and kinds into concrete devices: within a kind, devices are given
 * to stages in pipeline order, lowest index first (identical devices are interchangeable).
 */
export function assignDevices(p: PreparedProblem, stageEnds: readonly number[], stageKinds: readonly number[]): { device: number; start: number; end: number }[] {
  const used = new Int32Array(p.kindCount);
  let start = 0;
  return stageEnds.map((end, i) => {
    const kind = stageKinds[i] ?? 0;
    const device = p.kindDevices[kind]?.[used[kind] ?? 0];
    if (device === undefined) throw new Error(`internal: kind ${kind} used more often than it has devices`);
    used[kind] = (used[kind] ?? 0) + 1;
    const stage = { device, start, end };
    start = end;
    return stage;
  });
}

/** A plan's stages, given alone or as the plan itself (whose options then apply by default). */
export type PlanInput = readonly StageAssignment[] | { stages: readonly StageAssignment[]; options?: SolveOptions };

/** Splits `evaluatePlan`/`simulate`'s plan argument into its stages and the options it carries. */
export function stagesOf(plan: unknown): { stages: unknown; options: SolveOptions | undefined } {
  if (Array.isArray(plan)) return { stages: plan, options: undefined };
  if (typeof plan === 'object' && plan !== null && 'stages' in plan) {
    const { stages, options } = plan as { stages: unknown; options?: unknown };
    // A Plan's options are already resolved and valid; keep only the ones that change costs.
    const carried: SolveOptions = {};
    if (typeof options === 'object' && options !== null) {
      // Each field read once (README, "The API"): a getter cannot pass the test and then differ.
      const { transfer, slots, memoryTest } = options as SolveOptions;
      if (transfer !== undefined) carried.transfer = transfer;
      if (slots !== undefined) carried.slots = slots;
      if (memoryTest !== undefined) carried.memoryTest = memoryTest;
    }
    return { stages, options: carried };
  }
  return { stages: plan, options: undefined };
}

/**
 * Checks a plan's stages against a validated problem and its prepared arrays.
 * @returns the assignment as (device index, start, end)
 * @throws ProblemError naming the stage field that makes the plan invalid
 */
export function checkStages(checked: Problem, p: PreparedProblem, input: unknown): { device: number; start: number; end: number }[] {
  const stages = snapshot(input, 'stages');
  if (!Array.isArray(stages) || stages.length === 0) throw new ProblemError('stages', 'expected a non-empty array of stages');
  const ids = new Map(checked.devices.map((d, i) => [d.id, i]));
  const kinds = kindOfDevice(p);
  const usedBy = new Map<number, number>();
  let expectedStart = 0;
  const assignment = stages.map((raw, i) => {
    const path = `stages[${i}]`;
    const stage = expectObject(raw, path, ['device', 'start', 'end', 'time', 'memory', 'transfer', 'names']);
    const device = typeof stage.device === 'string' ? ids.get(stage.device) : undefined;
    if (device === undefined) throw new ProblemError(`${path}.device`, `${describe(stage.device)} is not a device id of the problem`);
    const id = stage.device as string;
    if (checked.devices[device]?.compute === false) throw new ProblemError(`${path}.device`, `"${id}" has compute: false and runs no stage`);
    const other = usedBy.get(device);
    if (other !== undefined) throw new ProblemError(`${path}.device`, `"${id}" already runs stages[${other}]; a device runs at most one stage`);
    usedBy.set(device, i);
    if (stage.start !== expectedStart) throw new ProblemError(`${path}.start`, `must be ${expectedStart} (stages cover the units in order without gaps), got ${describe(stage.start)}`);
    if (typeof stage.end !== 'number' || !Number.isInteger(stage.end) || stage.end <= expectedStart || stage.end > p.unitCount) {
      throw new ProblemError(`${path}.end`, `must be a whole number from ${expectedStart + 1} to ${p.unitCount}, got ${describe(stage.end)}`);
    }
    const end = stage.end;
    const kind = kinds[device] ?? 0;
    const blocked = p.nextBlocked[kind * (p.unitCount + 1) + expectedStart] ?? p.unitCount;
    if (p.hasBlocked && end > blocked) {
      throw new ProblemError(path, `device "${id}" cannot run unit ${blocked + 1} (devices[${device}].time[${blocked}] is null)`);
    }
    const need = stageMemory(p, expectedStart, end);
    if (!needFits(p, need, kind)) {
      const what = checked.model.outputBytes ? ' (weights and activations)' : '';
      throw new ProblemError(path, `units ${expectedStart + 1}-${end} need ${need} MB${what} but device "${id}" has ${checked.devices[device]?.memory} MB`);
    }
    const result = { device, start: expectedStart, end };
    expectedStart = end;
    return result;
  });
  if (expectedStart !== p.unitCount) {
    throw new ProblemError(`stages[${stages.length - 1}].end`, `the plan ends after unit ${expectedStart} but the model has ${p.unitCount} units`);
  }
  return assignment;
}

/**
 * Validates and costs any plan, e.g. one from another planner or an older run.
 * @param problem - the problem the plan is for
 * @param plan - a `Plan` (its `options` apply by default) or its stages: `{ device, start, end }`
 *   per stage, in pipeline order (0-based, end exclusive)
 * @param options - cost options (`transfer`, `slots`); they override the plan's and the problem's
 * @returns the plan's bottleneck, latency, throughput and per-stage costs
 * @throws ProblemError naming the stage field that makes the plan invalid
 */
export function evaluatePlan(problem: Problem, plan: PlanInput, options?: SolveOptions): Plan {
  const started = nowMillis();
  return evaluateValidated(validateProblem(problem), plan, options, started);
}

/**
 * `evaluatePlan` for a problem `validateProblem` returned (`simulate` and `renderSvg` hold one),
 * so it is not checked again.
 */
export function evaluateValidated(checked: Problem, plan: PlanInput, options?: SolveOptions, started = nowMillis()): Plan {
  const given = stagesOf(plan);
  const resolved = resolveOptions(options, 'ts', { ...checked.options, ...given.options });
  const p = prepare(checked, { transfer: resolved.transfer, slots: resolved.slots, memoryTest: resolved.memoryTest });
  const assignment = checkStages(checked, p, given.stages);
  const stats: PlanStats = { engine: 'ts', algorithm: 'evaluate', micros: 0, latencyOptimal: false };
  const costed = costPlan(checked, p, assignment, stats, planOptions(resolved));
  stats.micros = Math.round((nowMillis() - started) * 1000);
  return costed;
}
