/**
 * Costing plans: turns stage assignments into a `Plan` with the same formulas the engines search
 * with (see `prepare.ts`), and validates plans that come from elsewhere (`evaluatePlan`).
 */
import { nowMillis } from './clock.js';
import { ProblemError } from './errors.js';
import { fits, linkTime, stageMemory, stageTime, type PreparedProblem, prepare } from './prepare.js';
import type { Plan, PlanStats, Problem, SolveOptions, Stage, StageAssignment } from './types.js';
import { expectObject, resolveOptions, validateProblem } from './validate.js';

/** The kind of each device index. */
function kindOfDevice(p: PreparedProblem): Int32Array {
  const kinds = new Int32Array(p.kindDevices.reduce((n, members) => n + members.length, 0));
  p.kindDevices.forEach((members, kind) => members.forEach((device) => { kinds[device] = kind; }));
  return kinds;
}

/**
 * The fastest device that holds every unit alone; ties go to the lower device index. Devices of
 * a kind cost the same, so each kind is costed once, for its first (lowest-index) device.
 */
export function bestSingleDevice(problem: Problem, p: PreparedProblem): Plan['bestSingle'] {
  let bestDevice = -1;
  let bestTime = Infinity;
  for (let kind = 0; kind < p.kindCount; kind++) {
    if (!fits(p, kind, 0, p.unitCount)) continue;
    const time = stageTime(p, kind, 0, p.unitCount);
    const device = p.kindDevices[kind]?.[0] ?? 0;
    if (bestDevice < 0 || time < bestTime || (time === bestTime && device < bestDevice)) [bestDevice, bestTime] = [device, time];
  }
  return bestDevice < 0 ? null : { device: problem.devices[bestDevice]?.id ?? '', time: bestTime };
}

/**
 * Costs a plan given as (device index, start, end) triples, already known to be valid.
 * Bottleneck: the largest stage or link time (`overlap`), or stage time plus its send (`serial`).
 * Latency: compute then link, stage by stage, left to right — the order the engines add in.
 */
export function costPlan(problem: Problem, p: PreparedProblem, assignment: { device: number; start: number; end: number }[], stats: PlanStats): Plan {
  const kinds = kindOfDevice(p);
  let bottleneck = 0;
  let latency = 0;
  const stages: Stage[] = assignment.map(({ device, start, end }, i) => {
    const kind = kinds[device] ?? 0;
    const next = assignment[i + 1];
    const time = stageTime(p, kind, start, end);
    const transfer = next ? linkTime(p, end, kind, kinds[next.device] ?? 0) : 0;
    const cost = p.serial ? time + transfer : Math.max(time, transfer);
    bottleneck = Math.max(bottleneck, next ? cost : time);
    latency += time;
    if (next) latency += transfer;
    return { device: problem.devices[device]?.id ?? '', start, end, time, memory: stageMemory(p, start, end), transfer };
  });
  const bestSingle = bestSingleDevice(problem, p);
  return {
    stages,
    bottleneck,
    throughput: 1000 / bottleneck,
    latency,
    bestSingle,
    // A model whose units all take 0 ms plans to bottleneck 0: call that no speedup, not NaN.
    speedup: bestSingle === null ? null : bottleneck === 0 && bestSingle.time === 0 ? 1 : bestSingle.time / bottleneck,
    stats,
  };
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

/**
 * Validates and costs any plan, e.g. one from another planner or an older run.
 * @param problem - the problem the plan is for
 * @param stages - `{ device, start, end }` per stage, in pipeline order (0-based, end exclusive)
 * @param options - cost options (`transfer`, `slots`)
 * @returns the plan's bottleneck, latency, throughput and per-stage costs
 * @throws ProblemError naming the stage field that makes the plan invalid
 */
export function evaluatePlan(problem: Problem, stages: readonly StageAssignment[], options?: SolveOptions): Plan {
  const started = nowMillis();
  const checked = validateProblem(problem);
  const p = prepare(checked, resolveOptions(options, 'ts'));
  if (!Array.isArray(stages) || stages.length === 0) throw new ProblemError('stages', 'expected a non-empty array of stages');
  const ids = new Map(checked.devices.map((d, i) => [d.id, i]));
  const kinds = kindOfDevice(p);
  const usedBy = new Map<number, number>();
  let expectedStart = 0;
  const assignment = stages.map((raw, i) => {
    const path = `stages[${i}]`;
    const stage = expectObject(raw, path, ['device', 'start', 'end', 'time', 'memory', 'transfer']);
    const device = ids.get(String(stage.device));
    if (typeof stage.device !== 'string' || device === undefined) throw new ProblemError(`${path}.device`, `"${String(stage.device)}" is not a device id of the problem`);
    const other = usedBy.get(device);
    if (other !== undefined) throw new ProblemError(`${path}.device`, `"${stage.device}" already runs stages[${other}]; a device runs at most one stage`);
    usedBy.set(device, i);
    if (stage.start !== expectedStart) throw new ProblemError(`${path}.start`, `must be ${expectedStart} (stages cover the units in order without gaps), got ${String(stage.start)}`);
    if (typeof stage.end !== 'number' || !Number.isInteger(stage.end) || stage.end <= expectedStart || stage.end > p.unitCount) {
      throw new ProblemError(`${path}.end`, `must be a whole number from ${expectedStart + 1} to ${p.unitCount}, got ${String(stage.end)}`);
    }
    const need = stageMemory(p, expectedStart, stage.end);
    const kind = kinds[device] ?? 0;
    if (need > (p.capacity[kind] ?? 0)) {
      const what = p.transfers ? ' (weights and activations)' : '';
      throw new ProblemError(path, `units ${expectedStart}..${stage.end - 1} need ${need} MB${what} but device "${stage.device}" has ${checked.devices[device]?.memory} MB`);
    }
    const result = { device, start: expectedStart, end: stage.end };
    expectedStart = stage.end;
    return result;
  });
  if (expectedStart !== p.unitCount) {
    throw new ProblemError(`stages[${stages.length - 1}].end`, `the plan ends at unit ${expectedStart} but the model has ${p.unitCount} units`);
  }
  const stats: PlanStats = { engine: 'ts', algorithm: 'evaluate', micros: 0, latencyOptimal: false };
  const plan = costPlan(checked, p, assignment, stats);
  stats.micros = Math.round((nowMillis() - started) * 1000);
  return plan;
}
