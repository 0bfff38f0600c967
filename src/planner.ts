/**
 * Online re-planning (SPEC §3 `createPlanner`): a warm solver holding the current cluster, so a
 * change — a device gone or added, a speed, memory or bandwidth measured anew, new unit
 * profiles — costs one synchronous solve.
 */
import { ProblemError } from './errors.js';
import { availableEnginesSync } from './engine-availability.js';
import { planValidated } from './solver.js';
import type { Device, Model, Plan, Problem, SolveOptions } from './types.js';
import { validateProblem } from './validate.js';

/** A change to the cluster or the model. Fields apply in this order. */
export interface ClusterChange {
  /** Ids of devices that left. */
  removeDevices?: string[];
  /** Devices that joined. */
  addDevices?: Device[];
  /** New measurements of existing devices: the fields given replace the old ones. */
  updateDevices?: ({ id: string } & Partial<Omit<Device, 'id'>>)[];
  /** New unit profiles: the fields given replace the model's. */
  model?: Partial<Model>;
}

/** What `update` returns. */
export interface Replan {
  plan: Plan;
  /** Whether the stages (devices or cuts) differ from the previous plan's. */
  changed: boolean;
  /** New throughput / old throughput (1 = unchanged). */
  throughputRatio: number;
}

/** A planner holding a warm solver and the current problem. */
export interface Planner {
  /** The current problem (a validated copy). */
  problem(): Problem;
  /** The plan for the current problem. */
  plan(): Plan;
  /** Applies a change and re-plans. @throws ProblemError, InfeasibleError (the planner keeps the old state) */
  update(change: ClusterChange): Replan;
}

function sameStages(a: Plan, b: Plan): boolean {
  return a.stages.length === b.stages.length && a.stages.every((s, i) => {
    const t = b.stages[i];
    return t !== undefined && s.device === t.device && s.start === t.start && s.end === t.end;
  });
}

function applyChange(problem: Problem, change: ClusterChange): Problem {
  let devices = problem.devices.map((d) => ({ ...d }));
  for (const id of change.removeDevices ?? []) {
    if (!devices.some((d) => d.id === id)) throw new ProblemError('change.removeDevices', `no device "${id}" to remove`);
    devices = devices.filter((d) => d.id !== id);
  }
  devices.push(...(change.addDevices ?? []).map((d) => ({ ...d })));
  (change.updateDevices ?? []).forEach((update, i) => {
    const device = devices.find((d) => d.id === update.id);
    if (!device) throw new ProblemError(`change.updateDevices[${i}].id`, `no device "${update.id}" to update`);
    Object.assign(device, update);
  });
  return { model: { ...problem.model, ...change.model }, devices };
}

/**
 * Creates a planner; compiles the kernel synchronously (it is ~10 KB), or uses the TypeScript
 * engine where WebAssembly is unusable, as `createSolver` does.
 * @param problem - the starting cluster and model
 * @param options - solve options used for every plan
 */
export function createPlanner(problem: Problem, options: SolveOptions = {}): Planner {
  const { engines, defaultEngine } = availableEnginesSync();
  // The planner validates each new state once and plans it as validated: an update costs what a
  // fresh solve of the changed problem costs, plus applying the change.
  const planFor = (checked: Problem, lowerBound = 0): Plan => planValidated(checked, options, defaultEngine, engines, undefined, lowerBound);
  let current = validateProblem(problem);
  let currentPlan = planFor(current);
  return {
    problem: () => current,
    plan: () => currentPlan,
    update(change: ClusterChange): Replan {
      const next = validateProblem(applyChange(current, change));
      // Removing devices only takes plans away (the rest cost exactly what they did), so the old
      // least bottleneck (not the chosen plan's, which may tie above it) is a lower bound for the new one.
      const onlyRemovals = change.addDevices === undefined && change.updateDevices === undefined && change.model === undefined;
      const plan = planFor(next, onlyRemovals ? Number(currentPlan.stats.leastBottleneck) : 0);
      const result = { plan, changed: !sameStages(plan, currentPlan), throughputRatio: plan.throughput / currentPlan.throughput };
      current = next;
      currentPlan = plan;
      return result;
    },
  };
}
