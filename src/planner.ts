/**
 * Online re-planning (`createPlanner`, README "Re-planning"): a warm solver holding the current cluster, so a
 * change — a device gone or added, a speed, memory or bandwidth measured anew, new unit
 * profiles — costs one synchronous solve.
 */
import { ProblemError } from './errors.js';
import { availableEnginesSync } from './engine-availability.js';
import { planValidated, withinStepLimit } from './solver.js';
import type { Device, Link, Model, Plan, Problem, SolveOptions } from './types.js';
import { describe, expectObject, snapshot, validateProblem } from './validate.js';

/** A change to the cluster or the model. Fields apply in this order. */
export interface ClusterChange {
  /** Ids of devices that left (their `links` entries go with them). */
  removeDevices?: readonly string[];
  /** Devices that joined. */
  addDevices?: readonly Device[];
  /** New measurements of existing devices: the fields given replace the old ones. */
  updateDevices?: readonly ({ id: string } & Partial<Omit<Device, 'id'>>)[];
  /** New unit profiles: the fields given replace the model's. */
  model?: Partial<Model>;
  /** A new list of links, replacing the old one. */
  links?: readonly Link[];
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

const DEVICE_FIELDS = ['speed', 'time', 'memory', 'bandwidth', 'compute'];
const MODEL_FIELDS = ['name', 'time', 'memory', 'outputBytes', 'inputBytes', 'names'];

/** Refuses `undefined` and `null` values: a change gives values, it does not delete fields. */
function expectValues(fields: Record<string, unknown>, path: string): void {
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) {
      throw new ProblemError(`${path}.${key}`, `expected a value, got ${String(value)}; a change replaces fields and cannot delete them (remove the device and add it again without the field)`);
    }
  }
}

function expectIds(value: unknown, path: string): string[] {
  if (!Array.isArray(value)) throw new ProblemError(path, `expected an array of device ids, got ${describe(value)}`);
  return value.map((id, i) => {
    if (typeof id !== 'string' || id === '') throw new ProblemError(`${path}[${i}]`, `expected a device id, got ${describe(id)}`);
    return id;
  });
}

/**
 * The problem after a change, checked with the same rules as a problem (the change is read once,
 * unknown keys are errors, nothing is deleted by `undefined`). Errors in added devices name
 * `change.addDevices[i]`.
 */
function applyChange(problem: Problem, input: unknown): { next: Problem; onlyRemovals: boolean } {
  const change = expectObject(snapshot(input, 'change'), 'change', ['removeDevices', 'addDevices', 'updateDevices', 'model', 'links']);
  let devices: Record<string, unknown>[] = problem.devices.map((d) => ({ ...d }));
  let links: unknown[] | undefined = problem.links?.map((l) => ({ ...l }));
  if (change.removeDevices !== undefined) {
    // The links go in one pass after the ids (a pass per id took 1.8 s beside 65,536 links; s28).
    const removed = new Set<unknown>();
    expectIds(change.removeDevices, 'change.removeDevices').forEach((id, i) => {
      if (!devices.some((d) => d.id === id)) throw new ProblemError(`change.removeDevices[${i}]`, `no device "${id}" to remove`);
      if (id === problem.source || id === problem.sink) throw new ProblemError(`change.removeDevices[${i}]`, `"${id}" is the problem's ${id === problem.source ? 'source' : 'sink'}; it cannot leave`);
      devices = devices.filter((d) => d.id !== id);
      removed.add(id);
    });
    links = links?.filter((l) => !removed.has((l as Link).from) && !removed.has((l as Link).to));
  }
  const before = devices.length;
  /** The `change.updateDevices` entries that changed a device (by index): the last, and the last per field. */
  const updatedBy = new Map<number, { last: number; fields: Map<string, number> }>();
  if (change.addDevices !== undefined) {
    if (!Array.isArray(change.addDevices)) throw new ProblemError('change.addDevices', `expected an array of devices, got ${describe(change.addDevices)}`);
    devices.push(...change.addDevices.map((d, i) => expectObject(d, `change.addDevices[${i}]`, ['id', ...DEVICE_FIELDS])));
  }
  if (change.updateDevices !== undefined) {
    if (!Array.isArray(change.updateDevices)) throw new ProblemError('change.updateDevices', `expected an array of device updates, got ${describe(change.updateDevices)}`);
    change.updateDevices.forEach((raw, i) => {
      const path = `change.updateDevices[${i}]`;
      const update = expectObject(raw, path, ['id', ...DEVICE_FIELDS]);
      expectValues(update, path);
      const device = devices.find((d) => d.id === update.id);
      if (!device) throw new ProblemError(`${path}.id`, `no device ${typeof update.id === 'string' ? JSON.stringify(update.id) : describe(update.id)} to update`);
      // Each field is named by the last update that set it; the device, by its last update.
      const at = devices.indexOf(device);
      const known = updatedBy.get(at) ?? { last: i, fields: new Map<string, number>() };
      known.last = i;
      for (const field of Object.keys(update)) known.fields.set(field, i);
      updatedBy.set(at, known);
      // A measured profile replaces a speed and the other way round.
      if (update.time !== undefined) delete device.speed;
      if (update.speed !== undefined) delete device.time;
      Object.assign(device, update);
    });
  }
  let model: Record<string, unknown> = { ...problem.model };
  if (change.model !== undefined) {
    const update = expectObject(change.model, 'change.model', MODEL_FIELDS);
    expectValues(update, 'change.model');
    model = { ...model, ...update };
  }
  if (change.links !== undefined) links = change.links as unknown[];
  const next: Record<string, unknown> = { model, devices };
  if (links !== undefined) next.links = links;
  for (const key of ['source', 'sink', 'options'] as const) if (problem[key] !== undefined) next[key] = problem[key];
  const onlyRemovals = change.addDevices === undefined && change.updateDevices === undefined && change.model === undefined && change.links === undefined;
  try {
    return { next: validateProblem(next), onlyRemovals };
  } catch (error) {
    // Name the change's own field for a device it added or updated.
    const at = error instanceof ProblemError ? /^devices\[(\d+)\](.*)$/.exec(error.path) : null;
    if (!(error instanceof ProblemError) || !at) throw error;
    const reason = error.message.slice(error.path.length + 2);
    const index = Number(at[1]);
    const rest = at[2] ?? '';
    const update = updatedBy.get(index);
    // A field an update set is that update's (an added device may be updated in the same change).
    const field = /^\.(\w+)/.exec(rest)?.[1];
    const setBy = field === undefined ? undefined : update?.fields.get(field);
    if (setBy !== undefined) throw new ProblemError(`change.updateDevices[${setBy}]${rest}`, reason);
    if (index >= before) throw new ProblemError(`change.addDevices[${index - before}]${rest}`, reason);
    if (update === undefined) throw error;
    // A field the device kept clashes with what its last update set.
    throw new ProblemError(`change.updateDevices[${update.last}]`, `devices[${index}]${rest} after this update: ${reason}`);
  }
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
  // Read once: the options are copied now, not on every update.
  const fixed = snapshot(options, 'options') as SolveOptions;
  const planFor = (checked: Problem, lowerBound = 0): Plan => withinStepLimit(() => planValidated(checked, fixed, defaultEngine, engines, undefined, lowerBound));
  let current = validateProblem(problem);
  let currentPlan = planFor(current);
  return {
    problem: () => current,
    plan: () => currentPlan,
    update(change: ClusterChange): Replan {
      const { next, onlyRemovals } = applyChange(current, change);
      // Removing devices only takes plans away (the rest cost exactly what they did), so the old
      // least bottleneck (not the chosen plan's, which may tie above it) is a lower bound for the new one.
      const plan = planFor(next, onlyRemovals ? Number(currentPlan.stats.leastBottleneck) : 0);
      const result = { plan, changed: !sameStages(plan, currentPlan), throughputRatio: plan.throughput / currentPlan.throughput };
      current = next;
      currentPlan = plan;
      return result;
    },
  };
}
