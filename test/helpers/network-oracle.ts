/**
 * The network oracle: enumerates every valid plan of a small problem in the real-network cost
 * model (the design of record that becomes docs/model.md) and applies the objective and the
 * frontier rule to the whole list. It is written from that contract alone, never from the
 * engines, so that it can catch their mistakes.
 *
 * Every float is computed in the contract's order, because the engines must agree to the bit:
 * - compute = (P[e] - P[s]) / divisor, P the device's own prefix sums (null counts 0, divisor 1)
 *   or the model's (divisor = speed ?? 1);
 * - memory need = ((M[e] - M[s]) + in(s)) + out(e) against memory + 1e-9 × max(1, memory);
 * - a transfer of b bytes over (bw, lat) = bw === null ? lat : lat + ((b × 8) / (bw × 1e6)) × 1000;
 * - latency = ((((0 + src) + compute_0) + t_0) + compute_1) + … + snk, left to right.
 *
 * It is plainly correct rather than fast: the walk only skips branches that cannot yield a valid
 * plan meeting the requirements (a device already used, a stage that does not fit or runs a unit
 * its device cannot run, more stages than maxStages, a first device other than `first`), and
 * every complete plan is costed from scratch by `costOf`.
 */

/** A problem in the real-network model (all network fields optional). */
export interface NetworkProblem {
  model: {
    name?: string;
    time?: number[];
    memory?: number[];
    outputBytes?: number[];
    inputBytes?: number;
    names?: string[];
  };
  devices: NetworkDevice[];
  links?: NetworkLink[];
  source?: string;
  sink?: string;
  options?: NetworkOptions;
}

export interface NetworkDevice {
  id: string;
  speed?: number;
  time?: (number | null)[];
  memory?: number;
  bandwidth?: number;
  compute?: boolean;
}

export interface NetworkLink {
  from: string;
  to: string;
  bandwidth: number | null;
  latency?: number;
  oneWay?: boolean;
}

/** The options the cost model and the objective read; explicit ones override `problem.options` per field. */
export interface NetworkOptions {
  transfer?: 'overlap' | 'serial';
  slots?: { in: number; out: number };
  maxLatency?: number;
  maxStages?: number;
  first?: string;
  last?: string;
  secondary?: 'latency' | 'none';
}

export interface OracleStage {
  device: string;
  start: number;
  end: number;
}

export interface OraclePlan {
  stages: OracleStage[];
  bottleneck: number;
  latency: number;
  stageCount: number;
}

export interface OracleSolution {
  /** The chosen plan's own bottleneck (the least of `bottlenecks`). */
  bottleneck: number;
  /** The chosen plan's own latency (the least of `latencies`). */
  latency: number;
  /** The chosen plan's stage count. */
  stages: number;
  /**
   * Every bottleneck a correct engine may report: the plans left after every rule of the
   * objective can differ in bottleneck (within the 1e-9 tie) only through the engine's own
   * deterministic rule. Sorted ascending, distinct.
   */
  bottlenecks: number[];
  /**
   * Every latency a correct engine may report: one value with secondary 'latency'; with
   * secondary 'none' the objective says nothing about latency, so all latencies of the plans
   * with bottleneck exactly B* and the fewest stages. Sorted ascending, distinct.
   */
  latencies: number[];
}

export interface FrontierPoint {
  /** Where the least latency drops: the point's limit. */
  bottleneck: number;
  /** The least latency of plans with bottleneck ≤ `bottleneck`. */
  latency: number;
  /** The picked plan's stages: fewest among plans within 1e-9 of that latency. */
  stageCount: number;
  /** The picked plan's own latency and bottleneck. */
  planLatency: number;
  planBottleneck: number;
  /**
   * Every bottleneck the pick may have: plans alike in stages and latency that differ only in
   * bottleneck within the point's tie set are left to the objective's deterministic last rule,
   * which the oracle does not model (as `oracleSolve`'s `bottlenecks`).
   */
  planBottlenecks: number[];
}

/** A resolved directed link; `bandwidth: null` means no bandwidth cost (latency only). */
export interface ResolvedLink {
  bandwidth: number | null;
  latency: number;
}

const MB = 2 ** 20;

/** Explicit options override the problem's own defaults field by field. */
export function resolveOptions(problem: NetworkProblem, options: NetworkOptions = {}): NetworkOptions {
  const defaults = problem.options ?? {};
  const pick = <K extends keyof NetworkOptions>(key: K): NetworkOptions[K] => (options[key] !== undefined ? options[key] : defaults[key]);
  const resolved: NetworkOptions = {};
  for (const key of ['transfer', 'slots', 'maxLatency', 'maxStages', 'first', 'last', 'secondary'] as const) {
    const value = pick(key);
    if (value !== undefined) (resolved as Record<string, unknown>)[key] = value;
  }
  return resolved;
}

/** link(a → b): the entry for (a, b), or a two-way entry for (b, a); else both bandwidths; else null. */
export function resolveLink(problem: NetworkProblem, from: string, to: string): ResolvedLink | null {
  const entries = (problem.links ?? []).filter((l) => (l.from === from && l.to === to) || (l.from === to && l.to === from && l.oneWay !== true));
  if (entries.length > 1) throw new Error(`oracle: two links entries define ${from} -> ${to}`);
  const entry = entries[0];
  if (entry) return { bandwidth: entry.bandwidth, latency: entry.latency ?? 0 };
  const a = problem.devices.find((d) => d.id === from);
  const b = problem.devices.find((d) => d.id === to);
  if (a?.bandwidth !== undefined && b?.bandwidth !== undefined) return { bandwidth: Math.min(a.bandwidth, b.bandwidth), latency: 0 };
  return null;
}

/** Milliseconds to move `bytes` over `link`, in the contract's exact float order. */
export function transferTime(bytes: number, link: ResolvedLink): number {
  return link.bandwidth === null ? link.latency : link.latency + ((bytes * 8) / (link.bandwidth * 1e6)) * 1000;
}

/** Whether transfers cost anything at all: something to move, and a bandwidth declared somewhere. */
export function networkModelled(problem: NetworkProblem): boolean {
  const somethingMoves = problem.model.outputBytes !== undefined || problem.source !== undefined || problem.sink !== undefined;
  const bandwidthDeclared = problem.devices.some((d) => d.bandwidth !== undefined) || (problem.links ?? []).length > 0;
  return somethingMoves && bandwidthDeclared;
}

/**
 * The ordered pairs that could be adjacent in some plan (read structurally: any two computing
 * devices when there are two or more units, source → any other computing device, any other
 * computing device → sink) and do not resolve to a link. Empty when the network is not modelled.
 * The generator guarantees this is empty; the contract calls a non-empty list an input error.
 */
export function unresolvedPairs(problem: NetworkProblem): [string, string][] {
  if (!networkModelled(problem)) return [];
  const computing = problem.devices.filter((d) => d.compute !== false).map((d) => d.id);
  const units = unitCount(problem);
  const pairs: [string, string][] = [];
  const need = (a: string, b: string): void => {
    if (a !== b && !pairs.some(([x, y]) => x === a && y === b)) pairs.push([a, b]);
  };
  if (units >= 2) for (const a of computing) for (const b of computing) need(a, b);
  if (problem.source !== undefined) for (const b of computing) need(problem.source, b);
  if (problem.sink !== undefined) for (const a of computing) need(a, problem.sink);
  return pairs.filter(([a, b]) => resolveLink(problem, a, b) === null);
}

function unitCount(problem: NetworkProblem): number {
  if (problem.model.time) return problem.model.time.length;
  const profiled = problem.devices.find((d) => d.compute !== false && d.time);
  if (!profiled?.time) throw new Error('oracle: model.time is omitted but no computing device has time');
  return profiled.time.length;
}

/** Left-to-right prefix sums; null (a unit the device cannot run) counts 0. */
function prefixSums(values: readonly (number | null)[]): number[] {
  const sums = [0];
  for (let k = 0; k < values.length; k++) sums.push(sums[k]! + (values[k] ?? 0));
  return sums;
}

/** Everything about one problem and its resolved options that plan costing reads. */
interface Prepared {
  problem: NetworkProblem;
  options: NetworkOptions;
  units: number;
  /** Indices into problem.devices of the devices that may run a stage. */
  computing: number[];
  /** compute[d][s][e]: stage time of units [s, e) on device d; NaN when d cannot run one of them. */
  compute: number[][][];
  /** fits[d][s][e]: the stage's memory need is within device d's capacity. */
  fits: boolean[][][];
  modelled: boolean;
  serial: boolean;
  /** link(a → b) by device index, resolved when first needed (undefined: not yet). */
  links: (ResolvedLink | null | undefined)[][];
  /** Device indices of the source and the sink, -1 when not named. */
  source: number;
  sink: number;
}

function prepare(problem: NetworkProblem, explicit: NetworkOptions): Prepared {
  const options = resolveOptions(problem, explicit);
  const units = unitCount(problem);
  const { model } = problem;
  if (model.time && model.time.length !== units) throw new Error('oracle: model.time length');
  if (problem.source !== undefined && model.inputBytes === undefined) throw new Error('oracle: a source needs model.inputBytes');
  if (problem.sink !== undefined && model.outputBytes === undefined) throw new Error('oracle: a sink needs model.outputBytes');
  for (const name of [problem.source, problem.sink]) {
    if (name !== undefined && !problem.devices.some((d) => d.id === name)) throw new Error(`oracle: unknown device ${name}`);
  }
  for (const name of [options.first, options.last]) {
    if (name !== undefined && !problem.devices.some((d) => d.id === name && d.compute !== false)) throw new Error(`oracle: ${name} is not a computing device`);
  }
  const slots = options.slots ?? { in: 0, out: 0 };
  const output = model.outputBytes;
  const memoryPrefix = prefixSums(model.memory ?? new Array<number>(units).fill(0));
  const activationIn = (s: number): number => {
    if (!output) return 0;
    return s === 0 ? (model.inputBytes ?? 0) / MB : (output[s - 1]! / MB) * (1 + slots.in);
  };
  const activationOut = (e: number): number => (output ? (output[e - 1]! / MB) * (1 + slots.out) : 0);
  const computing: number[] = [];
  const compute: number[][][] = [];
  const fits: boolean[][][] = [];
  problem.devices.forEach((device, d) => {
    compute.push([]);
    fits.push([]);
    if (device.compute === false) return;
    computing.push(d);
    if (!device.time && !model.time) throw new Error(`oracle: ${device.id} has no time and model.time is omitted`);
    if (device.time && device.time.length !== units) throw new Error(`oracle: ${device.id}.time length`);
    const sums = device.time ? prefixSums(device.time) : prefixSums(model.time!);
    const divisor = device.time ? 1 : (device.speed ?? 1);
    const capacity = device.memory === undefined ? Infinity : device.memory + 1e-9 * Math.max(1, device.memory);
    for (let s = 0; s < units; s++) {
      compute[d]![s] = [];
      fits[d]![s] = [];
      let runnable = true;
      for (let e = s + 1; e <= units; e++) {
        if (device.time && device.time[e - 1] === null) runnable = false;
        compute[d]![s]![e] = runnable ? (sums[e]! - sums[s]!) / divisor : NaN;
        const need = ((memoryPrefix[e]! - memoryPrefix[s]!) + activationIn(s)) + activationOut(e);
        fits[d]![s]![e] = need <= capacity;
      }
    }
  });
  return { problem, options, units, computing, compute, fits, modelled: networkModelled(problem), serial: options.transfer === 'serial',
    links: problem.devices.map(() => []),
    source: problem.source === undefined ? -1 : problem.devices.findIndex((d) => d.id === problem.source),
    sink: problem.sink === undefined ? -1 : problem.devices.findIndex((d) => d.id === problem.sink),
  };
}

/** A transfer between two devices (indices), 0 when the network is not modelled or both ends are one device. */
function transferBetween(p: Prepared, from: number, to: number, bytes: number): number {
  if (!p.modelled || from === to) return 0;
  let link = p.links[from]![to];
  if (link === undefined) {
    link = resolveLink(p.problem, p.problem.devices[from]!.id, p.problem.devices[to]!.id);
    p.links[from]![to] = link;
  }
  if (!link) throw new Error(`oracle: no link ${p.problem.devices[from]!.id} -> ${p.problem.devices[to]!.id} (an input error: no silent free links)`);
  return transferTime(bytes, link);
}

/**
 * Bottleneck and latency of one valid plan, literally as the contract writes them. Bytes between
 * stages are `outputBytes[e_i - 1]`, read as 0 when outputBytes is absent (a modelled network with
 * only a source named): the transfer then costs the link latency alone.
 */
function costOf(p: Prepared, stages: readonly { device: number; start: number; end: number }[]): { bottleneck: number; latency: number } {
  const { problem } = p;
  const n = stages.length;
  const computeTimes = stages.map((st) => p.compute[st.device]![st.start]![st.end]!);
  const links: number[] = [];
  for (let i = 0; i < n - 1; i++) links.push(transferBetween(p, stages[i]!.device, stages[i + 1]!.device, problem.model.outputBytes?.[stages[i]!.end - 1] ?? 0));
  const src = p.source < 0 ? undefined : transferBetween(p, p.source, stages[0]!.device, problem.model.inputBytes ?? 0);
  const snk = p.sink < 0 ? undefined : transferBetween(p, stages[n - 1]!.device, p.sink, problem.model.outputBytes![p.units - 1]!);
  const terms: number[] = [];
  if (src !== undefined) terms.push(src);
  for (let i = 0; i < n; i++) {
    if (p.serial) terms.push(i < n - 1 ? computeTimes[i]! + links[i]! : computeTimes[i]!);
    else {
      terms.push(computeTimes[i]!);
      if (i < n - 1) terms.push(links[i]!);
    }
  }
  if (snk !== undefined) terms.push(snk);
  const bottleneck = Math.max(...terms);
  let latency = 0;
  if (src !== undefined) latency = latency + src;
  for (let i = 0; i < n; i++) {
    latency = latency + computeTimes[i]!;
    if (i < n - 1) latency = latency + links[i]!;
  }
  if (snk !== undefined) latency = latency + snk;
  return { bottleneck, latency };
}

type Visit = (bottleneck: number, latency: number, path: readonly { device: number; start: number; end: number }[]) => void;

/** Calls `visit` for every valid plan meeting the resolved requirements. */
function walkPlans(p: Prepared, visit: Visit, ignoreMaxLatency = false): void {
  const { options, units, problem } = p;
  const maxStages = options.maxStages ?? Infinity;
  const path: { device: number; start: number; end: number }[] = [];
  const used = new Array<boolean>(problem.devices.length).fill(false);
  const step = (start: number): void => {
    if (start === units) {
      if (options.last !== undefined && problem.devices[path[path.length - 1]!.device]!.id !== options.last) return;
      const { bottleneck, latency } = costOf(p, path);
      if (!ignoreMaxLatency && options.maxLatency !== undefined && !(latency <= options.maxLatency)) return;
      visit(bottleneck, latency, path);
      return;
    }
    if (path.length >= maxStages) return;
    for (const d of p.computing) {
      if (used[d]) continue;
      if (path.length === 0 && options.first !== undefined && problem.devices[d]!.id !== options.first) continue;
      for (let end = start + 1; end <= units; end++) {
        // A unit the device cannot run stays in every longer stage too, but the walk stays literal.
        if (Number.isNaN(p.compute[d]![start]![end]!) || !p.fits[d]![start]![end]!) continue;
        used[d] = true;
        path.push({ device: d, start, end });
        step(end);
        path.pop();
        used[d] = false;
      }
    }
  };
  step(0);
}

interface Outcomes {
  bottleneck: number[];
  latency: number[];
  stageCount: number[];
}

function outcomes(problem: NetworkProblem, options: NetworkOptions, ignoreMaxLatency = false): Outcomes {
  const p = prepare(problem, options);
  const found: Outcomes = { bottleneck: [], latency: [], stageCount: [] };
  walkPlans(
    p,
    (bottleneck, latency, path) => {
      found.bottleneck.push(bottleneck);
      found.latency.push(latency);
      found.stageCount.push(path.length);
    },
    ignoreMaxLatency,
  );
  return found;
}

const distinctSorted = (values: number[]): number[] => [...new Set(values)].sort((a, b) => a - b);

/** Least of the values at `indices` (a loop: spreading 100,000 arguments can overflow the stack). */
function leastAt(indices: readonly number[], values: readonly number[]): number {
  let least = Infinity;
  for (const i of indices) if (values[i]! < least) least = values[i]!;
  return least;
}

/**
 * Every valid plan meeting the requirements (transfer, slots, maxLatency, maxStages, first, last),
 * in walk order (devices in problem order, shorter first stages first).
 * @param problem - a small problem (≤ 6 computing devices, ≤ 9 units)
 * @param options - explicit options; they override `problem.options` per field
 */
export function enumeratePlans(problem: NetworkProblem, options: NetworkOptions = {}): OraclePlan[] {
  const p = prepare(problem, options);
  const plans: OraclePlan[] = [];
  walkPlans(p, (bottleneck, latency, path) => {
    plans.push({
      stages: path.map((st) => ({ device: problem.devices[st.device]!.id, start: st.start, end: st.end })),
      bottleneck,
      latency,
      stageCount: path.length,
    });
  });
  return plans;
}

/**
 * Cost of a given plan (e.g. one an engine returned), or the reason it is not a valid plan meeting
 * the requirements. Lets a test check an engine's plan and its reported numbers to the last bit.
 */
export function oracleEvaluate(problem: NetworkProblem, stages: readonly OracleStage[], options: NetworkOptions = {}): { bottleneck: number; latency: number } | { invalid: string } {
  const p = prepare(problem, options);
  const indexed = stages.map((st) => ({ device: problem.devices.findIndex((d) => d.id === st.device), start: st.start, end: st.end }));
  if (indexed.length === 0) return { invalid: 'no stages' };
  if (indexed[0]!.start !== 0 || indexed[indexed.length - 1]!.end !== p.units) return { invalid: 'does not cover every unit' };
  for (let i = 0; i < indexed.length; i++) {
    const st = indexed[i]!;
    if (st.device < 0 || !p.computing.includes(st.device)) return { invalid: `stage ${i}: not a computing device` };
    if (indexed.findIndex((o) => o.device === st.device) !== i) return { invalid: `stage ${i}: device used twice` };
    if (!(st.start < st.end) || (i > 0 && st.start !== indexed[i - 1]!.end)) return { invalid: `stage ${i}: not contiguous` };
    if (Number.isNaN(p.compute[st.device]![st.start]![st.end]!)) return { invalid: `stage ${i}: a unit the device cannot run` };
    if (!p.fits[st.device]![st.start]![st.end]!) return { invalid: `stage ${i}: does not fit` };
  }
  const { options: o } = p;
  if (o.maxStages !== undefined && indexed.length > o.maxStages) return { invalid: 'maxStages' };
  if (o.first !== undefined && stages[0]!.device !== o.first) return { invalid: 'first' };
  if (o.last !== undefined && stages[stages.length - 1]!.device !== o.last) return { invalid: 'last' };
  const cost = costOf(p, indexed);
  if (o.maxLatency !== undefined && !(cost.latency <= o.maxLatency)) return { invalid: 'maxLatency' };
  return cost;
}

/**
 * The objective: B* = least bottleneck; T = plans with bottleneck ≤ B* + 1e-9 × B*; L* = least
 * latency in T; among plans of T with latency ≤ L* + 1e-9 × L*: fewest stages, then least latency.
 * With secondary 'none': bottleneck exactly B*, fewest stages. Null when no valid plan meets the
 * requirements.
 */
export function oracleSolve(problem: NetworkProblem, options: NetworkOptions = {}): OracleSolution | null {
  const found = outcomes(problem, options);
  const count = found.bottleneck.length;
  if (count === 0) return null;
  const all = Array.from({ length: count }, (_, i) => i);
  const bestBottleneck = leastAt(all, found.bottleneck);
  if (resolveOptions(problem, options).secondary === 'none') {
    const exact = all.filter((i) => found.bottleneck[i] === bestBottleneck);
    const stages = leastAt(exact, found.stageCount);
    const latencies = distinctSorted(exact.filter((i) => found.stageCount[i] === stages).map((i) => found.latency[i]!));
    return { bottleneck: bestBottleneck, latency: latencies[0]!, stages, bottlenecks: [bestBottleneck], latencies };
  }
  const tied = all.filter((i) => found.bottleneck[i]! <= bestBottleneck + 1e-9 * bestBottleneck);
  const bestLatency = leastAt(tied, found.latency);
  const near = tied.filter((i) => found.latency[i]! <= bestLatency + 1e-9 * bestLatency);
  const stages = leastAt(near, found.stageCount);
  const fewest = near.filter((i) => found.stageCount[i] === stages);
  const latency = leastAt(fewest, found.latency);
  const finalists = fewest.filter((i) => found.latency[i] === latency);
  const bottlenecks = distinctSorted(finalists.map((i) => found.bottleneck[i]!));
  return { bottleneck: bottlenecks[0]!, latency, stages, bottlenecks, latencies: [latency] };
}

/**
 * The Pareto frontier of (bottleneck, latency) over every valid plan meeting the requirements,
 * with the objective's ties (docs/model.md, Frontier): a point at the least bottleneck b, its plan
 * the objective's pick among the plans of bottleneck ≤ b + 1e-9·b (its tie set), its latency
 * their least; the next point at the least bottleneck beyond that tie set whose L (the least
 * latency of plans with bottleneck ≤ it) is below the point's by more than the 1e-9 latency tie.
 * Bottleneck ascending, latency strictly descending. With `maxLatency`, as the page says: the
 * frontier without it, then only the points whose L meets it, each with a plan that meets it too
 * (the same pick among the tie set's plans that meet it).
 */
export function oracleFrontier(problem: NetworkProblem, options: NetworkOptions = {}): FrontierPoint[] {
  const found = outcomes(problem, options, true);
  const plans = Array.from({ length: found.bottleneck.length }, (_, i) => i).sort((a, b) => found.bottleneck[a]! - found.bottleneck[b]!);
  const values = distinctSorted(plans.map((i) => found.bottleneck[i]!));
  // prefixLeast[n] = the least latency of the n plans of least bottleneck.
  const prefixLeast = [Infinity];
  for (const i of plans) prefixLeast.push(Math.min(prefixLeast[prefixLeast.length - 1]!, found.latency[i]!));
  /** The least latency of the plans whose bottleneck is ≤ limit. */
  const leastWithin = (limit: number): number => {
    let lo = 0;
    let hi = plans.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (found.bottleneck[plans[mid]!]! <= limit) lo = mid + 1;
      else hi = mid;
    }
    return prefixLeast[lo]!;
  };
  /** The pick among the plans of bottleneck ≤ tie whose latency is ≤ `ceiling`: fewest stages, then least latency. */
  const pick = (tie: number, ceiling: number): number => {
    let chosen = -1;
    for (const j of plans) {
      if (!(found.bottleneck[j]! <= tie) || !(found.latency[j]! <= ceiling)) continue;
      if (chosen < 0 || found.stageCount[j]! < found.stageCount[chosen]! || (found.stageCount[j] === found.stageCount[chosen] && found.latency[j]! < found.latency[chosen]!)) chosen = j;
    }
    return chosen;
  };
  const deadline = resolveOptions(problem, options).maxLatency ?? Infinity;
  const frontier: FrontierPoint[] = [];
  let previous = Infinity;
  for (let v = 0; v < values.length; v++) {
    const b = values[v]!;
    if (previous !== Infinity && !(leastWithin(b) < previous - 1e-9 * previous)) continue;
    const tie = b + 1e-9 * b;
    const least = leastWithin(tie);
    previous = least;
    // The rest of this point's tie set belongs to it.
    while (v + 1 < values.length && values[v + 1]! <= tie) v++;
    if (!(least <= deadline)) continue;
    // Above the deadline: the same rule among the tie set's plans that meet it.
    const chosen = pick(tie, Math.min(least + 1e-9 * least, deadline));
    const finalists = plans.filter((j) => found.bottleneck[j]! <= tie && found.stageCount[j] === found.stageCount[chosen] && found.latency[j] === found.latency[chosen]);
    const planBottlenecks = distinctSorted(finalists.map((j) => found.bottleneck[j]!));
    frontier.push({ bottleneck: b, latency: least, stageCount: found.stageCount[chosen]!, planLatency: found.latency[chosen]!, planBottleneck: found.bottleneck[chosen]!, planBottlenecks });
  }
  return frontier;
}

/**
 * Least latency of any valid plan meeting every requirement except maxLatency (the "closest
 * achievable value" an InfeasibleError about maxLatency reports); null when there is none.
 */
export function oracleLeastLatency(problem: NetworkProblem, options: NetworkOptions = {}): number | null {
  const found = outcomes(problem, options, true);
  return found.latency.length === 0 ? null : leastAt(found.latency.map((_, i) => i), found.latency);
}
