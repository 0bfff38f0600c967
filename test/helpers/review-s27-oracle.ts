/**
 * An exhaustive oracle written from README.md and docs/model.md alone (outside review, session 27),
 * without reading src/, assembly/ or the other oracles: it lists every plan of a small problem,
 * costs it with the page's formulas in the page's order, and derives the objective's pick and the
 * frontier from the definitions ("Objective", "Frontier", "Requirements").
 */

/** The parts of a Problem this oracle reads (docs/model.md, "The problem"). */
export interface OracleProblem {
  model: {
    time?: number[];
    memory?: number[];
    outputBytes?: number[];
    inputBytes?: number;
  };
  devices: {
    id: string;
    speed?: number;
    time?: (number | null)[];
    memory?: number;
    bandwidth?: number;
    compute?: boolean;
  }[];
  links?: { from: string; to: string; bandwidth: number | null; latency?: number; oneWay?: boolean }[];
  source?: string;
  sink?: string;
}

/** The options that change costs or which plans count. */
export interface OracleOptions {
  transfer?: 'overlap' | 'serial';
  slots?: { in: number; out: number };
  memoryTest?: 'tolerant' | 'strict';
  maxLatency?: number;
  maxStages?: number;
  first?: string;
  last?: string;
}

export interface OracleStage {
  device: string;
  start: number;
  end: number;
}

export type OracleBottleneckAt =
  | { kind: 'stage'; stage: number }
  | { kind: 'link'; stage: number }
  | { kind: 'source' }
  | { kind: 'sink' };

/** A costed plan: every number as docs/model.md computes it. */
export interface CostedPlan {
  stages: OracleStage[];
  compute: number[];
  need: number[];
  /** tᵢ after stage i; 0 after the last. */
  transfer: number[];
  source?: number;
  sink?: number;
  bottleneck: number;
  latency: number;
  bottleneckAt: OracleBottleneckAt;
}

export type Costing = { ok: true; plan: CostedPlan } | { ok: false; reason: string };

const MB = 2 ** 20;

interface Link {
  bandwidth: number | null;
  latency: number;
}

/** "Links and transfers": the entry a → b, an entry b → a that is not one-way, or the smaller bandwidth. */
export function resolveLink(problem: OracleProblem, a: string, b: string): Link | undefined {
  const links = problem.links ?? [];
  const direct = links.find((l) => l.from === a && l.to === b);
  if (direct) return { bandwidth: direct.bandwidth, latency: direct.latency ?? 0 };
  const reverse = links.find((l) => l.from === b && l.to === a && l.oneWay !== true);
  if (reverse) return { bandwidth: reverse.bandwidth, latency: reverse.latency ?? 0 };
  const da = problem.devices.find((d) => d.id === a);
  const db = problem.devices.find((d) => d.id === b);
  if (da?.bandwidth !== undefined && db?.bandwidth !== undefined) {
    return { bandwidth: Math.min(da.bandwidth, db.bandwidth), latency: 0 };
  }
  return undefined;
}

/** "bw === null ? lat : lat + ((b × 8) / (bw × 10^6)) × 1000". */
export function transferTime(link: Link, bytes: number): number {
  return link.bandwidth === null ? link.latency : link.latency + ((bytes * 8) / (link.bandwidth * 1e6)) * 1000;
}

/** Transfers are priced when bytes cross the network and the cluster describes a network. */
export function transfersPriced(problem: OracleProblem): boolean {
  const bytes = problem.model.outputBytes !== undefined || problem.source !== undefined || problem.sink !== undefined;
  const network = problem.devices.some((d) => d.bandwidth !== undefined) || (problem.links ?? []).length > 0;
  return bytes && network;
}

export function unitCount(problem: OracleProblem): number {
  const m = problem.model;
  if (m.time) return m.time.length;
  const withTime = problem.devices.find((d) => d.time !== undefined);
  if (withTime?.time) return withTime.time.length;
  if (m.memory) return m.memory.length;
  throw new Error('oracle: no unit count');
}

function prefix(values: readonly (number | null | undefined)[], units: number): number[] {
  const p = [0];
  for (let k = 0; k < units; k++) p.push(p[k]! + (values[k] ?? 0));
  return p;
}

/** Costs one plan; not ok when it breaks a rule of "The problem", "Compute time" or "Memory". */
export function costPlan(problem: OracleProblem, options: OracleOptions, stages: readonly OracleStage[]): Costing {
  const units = unitCount(problem);
  const model = problem.model;
  const priced = transfersPriced(problem);
  const slotsIn = options.slots?.in ?? 0;
  const slotsOut = options.slots?.out ?? 0;
  const strict = options.memoryTest === 'strict';
  const M = prefix(model.memory ?? [], units);
  if (stages.length === 0) return { ok: false, reason: 'no stages' };
  const used = new Set<string>();
  const compute: number[] = [];
  const need: number[] = [];
  const transfer: number[] = [];
  for (let i = 0; i < stages.length; i++) {
    const stage = stages[i]!;
    const expectedStart = i === 0 ? 0 : stages[i - 1]!.end;
    if (stage.start !== expectedStart || stage.end <= stage.start) return { ok: false, reason: `stage ${i} range` };
    if (i === stages.length - 1 && stage.end !== units) return { ok: false, reason: 'does not cover every unit' };
    if (used.has(stage.device)) return { ok: false, reason: `device ${stage.device} twice` };
    used.add(stage.device);
    const device = problem.devices.find((d) => d.id === stage.device);
    if (!device) return { ok: false, reason: `unknown device ${stage.device}` };
    if (device.compute === false) return { ok: false, reason: `${stage.device} does not compute` };
    let P: number[];
    let divisor: number;
    if (device.time) {
      for (let k = stage.start; k < stage.end; k++) {
        if (device.time[k] === null) return { ok: false, reason: `${stage.device} cannot run unit ${k}` };
      }
      P = prefix(device.time, units);
      divisor = 1;
    } else {
      P = prefix(model.time ?? [], units);
      divisor = device.speed ?? 1;
    }
    compute.push((P[stage.end]! - P[stage.start]!) / divisor);
    let input = 0;
    let output = 0;
    if (model.outputBytes) {
      input = stage.start === 0 ? (model.inputBytes ?? 0) / MB : (model.outputBytes[stage.start - 1]! / MB) * (1 + slotsIn);
      output = (model.outputBytes[stage.end - 1]! / MB) * (1 + slotsOut);
    }
    const n = M[stage.end]! - M[stage.start]! + input + output;
    need.push(n);
    if (device.memory !== undefined) {
      const fits = strict ? n < device.memory : n <= device.memory + 1e-9 * Math.max(1, device.memory);
      if (!fits) return { ok: false, reason: `stage ${i} needs ${n} MB on ${stage.device}` };
    }
  }
  for (let i = 0; i < stages.length; i++) {
    if (i === stages.length - 1 || !priced) {
      transfer.push(0);
      continue;
    }
    const link = resolveLink(problem, stages[i]!.device, stages[i + 1]!.device);
    if (!link) return { ok: false, reason: `no link ${stages[i]!.device} -> ${stages[i + 1]!.device}` };
    transfer.push(transferTime(link, model.outputBytes?.[stages[i]!.end - 1] ?? 0));
  }
  let source: number | undefined;
  if (problem.source !== undefined) {
    const first = stages[0]!.device;
    if (first === problem.source || !priced) source = 0;
    else {
      const link = resolveLink(problem, problem.source, first);
      if (!link) return { ok: false, reason: `no link from the source to ${first}` };
      source = transferTime(link, model.inputBytes ?? 0);
    }
  }
  let sink: number | undefined;
  if (problem.sink !== undefined) {
    const last = stages[stages.length - 1]!.device;
    if (last === problem.sink || !priced) sink = 0;
    else {
      const link = resolveLink(problem, last, problem.sink);
      if (!link) return { ok: false, reason: `no link from ${last} to the sink` };
      sink = transferTime(link, model.outputBytes?.[units - 1] ?? 0);
    }
  }
  // "Bottleneck and latency": the elements in pipeline order; bottleneckAt is the first largest.
  const elements: { cost: number; at: OracleBottleneckAt }[] = [];
  if (source !== undefined) elements.push({ cost: source, at: { kind: 'source' } });
  const serial = options.transfer === 'serial';
  for (let i = 0; i < stages.length; i++) {
    const last = i === stages.length - 1;
    if (serial) {
      elements.push({ cost: last ? compute[i]! : compute[i]! + transfer[i]!, at: { kind: 'stage', stage: i } });
    } else {
      elements.push({ cost: compute[i]!, at: { kind: 'stage', stage: i } });
      if (!last) elements.push({ cost: transfer[i]!, at: { kind: 'link', stage: i } });
    }
  }
  if (sink !== undefined) elements.push({ cost: sink, at: { kind: 'sink' } });
  let worst = elements[0]!;
  for (const e of elements) if (e.cost > worst.cost) worst = e;
  let latency = 0;
  if (source !== undefined) latency += source;
  for (let i = 0; i < stages.length; i++) {
    latency += compute[i]!;
    if (i < stages.length - 1) latency += transfer[i]!;
  }
  if (sink !== undefined) latency += sink;
  const plan: CostedPlan = { stages: [...stages], compute, need, transfer, bottleneck: worst.cost, latency, bottleneckAt: worst.at };
  if (source !== undefined) plan.source = source;
  if (sink !== undefined) plan.sink = sink;
  return { ok: true, plan };
}

/** Every valid plan, ignoring requirements: ordered device choices × cuts. */
export function enumeratePlans(problem: OracleProblem, options: OracleOptions): CostedPlan[] {
  const units = unitCount(problem);
  const computing = problem.devices.filter((d) => d.compute !== false).map((d) => d.id);
  const out: CostedPlan[] = [];
  const order: string[] = [];
  const cuts: number[] = [];
  const taken = new Set<string>();
  // Extend a plan stage by stage: pick the next device and the stage's end.
  const extend = (start: number): void => {
    for (const id of computing) {
      if (taken.has(id)) continue;
      for (let end = start + 1; end <= units; end++) {
        order.push(id);
        cuts.push(end);
        taken.add(id);
        if (end === units) {
          const stages = order.map((device, i) => ({ device, start: i === 0 ? 0 : cuts[i - 1]!, end: cuts[i]! }));
          const costed = costPlan(problem, options, stages);
          if (costed.ok) out.push(costed.plan);
        } else extend(end);
        order.pop();
        cuts.pop();
        taken.delete(id);
      }
    }
  };
  extend(0);
  return out;
}

/** maxStages, first, last (and maxLatency when `withDeadline`). */
export function meetsRequirements(plan: CostedPlan, options: OracleOptions, withDeadline = true): boolean {
  if (options.maxStages !== undefined && plan.stages.length > options.maxStages) return false;
  if (options.first !== undefined && plan.stages[0]!.device !== options.first) return false;
  if (options.last !== undefined && plan.stages[plan.stages.length - 1]!.device !== options.last) return false;
  if (withDeadline && options.maxLatency !== undefined && !(plan.latency <= options.maxLatency)) return false;
  return true;
}

/** What the objective's pick must look like: its bottleneck tie, its stage count, its latency. */
export interface OraclePick {
  /** B*, the least bottleneck (`plan.stats.leastBottleneck`). */
  leastBottleneck: number;
  /** The tie set's limit, B* + 1e-9 × B*: the pick's own bottleneck is at most this. */
  tieLimit: number;
  /** L*, the least latency over the tie set. */
  leastLatency: number;
  stages: number;
  /** The pick's latency: the least among the tie set's fewest-stage plans within L*'s tie. */
  latency: number;
  /** Every plan with the pick's numbers (for messages). */
  examples: CostedPlan[];
}

/** "Objective", steps 1–3, among `plans` (already filtered by the requirements). */
export function pickAmong(plans: readonly CostedPlan[], latencyCap = Infinity): OraclePick | undefined {
  if (plans.length === 0) return undefined;
  let least = Infinity;
  for (const p of plans) least = Math.min(least, p.bottleneck);
  const tieLimit = least + 1e-9 * least;
  const tie = plans.filter((p) => p.bottleneck <= tieLimit);
  return pickInTie(tie, least, tieLimit, latencyCap);
}

function pickInTie(tie: readonly CostedPlan[], least: number, tieLimit: number, latencyCap: number): OraclePick | undefined {
  let leastLatency = Infinity;
  for (const p of tie) leastLatency = Math.min(leastLatency, p.latency);
  const latencyTie = Math.min(leastLatency + 1e-9 * leastLatency, latencyCap);
  const close = tie.filter((p) => p.latency <= latencyTie);
  if (close.length === 0) return undefined;
  let stages = Infinity;
  for (const p of close) stages = Math.min(stages, p.stages.length);
  const fewest = close.filter((p) => p.stages.length === stages);
  let latency = Infinity;
  for (const p of fewest) latency = Math.min(latency, p.latency);
  const examples = fewest.filter((p) => p.latency === latency);
  return { leastBottleneck: least, tieLimit, leastLatency, stages, latency, examples };
}

/** The objective's pick under every requirement, or undefined when no plan meets them. */
export function oracleSolve(all: readonly CostedPlan[], options: OracleOptions): OraclePick | undefined {
  return pickAmong(all.filter((p) => meetsRequirements(p, options)));
}

export interface FrontierPoint extends OraclePick {
  /** ℓᵢ = L(Bᵢ + 1e-9 × Bᵢ): what decides the points. */
  pointLatency: number;
}

/**
 * "Frontier": B₁ = B*; a point covers the plans of bottleneck ≤ Bᵢ + 1e-9 × Bᵢ, its L is the least
 * latency there, and the next point is at the least bottleneck beyond that tie set where L falls
 * below the point's latency by more than 1e-9 relative. With maxLatency, only the points whose L
 * meets it, each picked among its tie set's plans within the deadline.
 */
export function oracleFrontier(all: readonly CostedPlan[], options: OracleOptions): FrontierPoint[] {
  const plans = all.filter((p) => meetsRequirements(p, options, false)).sort((a, b) => a.bottleneck - b.bottleneck);
  const points: FrontierPoint[] = [];
  if (plans.length === 0) return points;
  let at = plans[0]!.bottleneck;
  for (;;) {
    const tieLimit = at + 1e-9 * at;
    const tie = plans.filter((p) => p.bottleneck <= tieLimit);
    const pick = pickInTie(tie, at, tieLimit, options.maxLatency ?? Infinity);
    const unconstrained = pickInTie(tie, at, tieLimit, Infinity)!;
    const pointLatency = unconstrained.leastLatency;
    if (options.maxLatency === undefined || pointLatency <= options.maxLatency) {
      if (!pick) throw new Error('oracle: a point whose L meets the deadline has no plan within it');
      points.push({ ...pick, pointLatency });
    }
    // The next point: the least bottleneck beyond the tie set where L(b) < ℓ − 1e-9 × ℓ.
    const drop = pointLatency - 1e-9 * pointLatency;
    let running = pointLatency;
    let next: number | undefined;
    for (const p of plans) {
      if (p.bottleneck <= tieLimit) continue;
      running = Math.min(running, p.latency);
      if (running < drop) {
        next = p.bottleneck;
        break;
      }
    }
    if (next === undefined) return points;
    at = next;
  }
}

/**
 * Devices that form one kind ("Identical devices"), as the generator makes them: the caller names
 * the groups it cloned; members with a role in this call leave their group.
 */
export function kindOrderViolation(
  plan: { stages: readonly { device: string }[] },
  groups: readonly (readonly string[])[],
  roles: ReadonlySet<string>,
): string | undefined {
  for (const group of groups) {
    const members = group.filter((id) => !roles.has(id));
    if (members.length < 2) continue;
    const used = plan.stages.map((s) => s.device).filter((id) => members.includes(id));
    const expected = members.slice(0, used.length);
    if (used.join() !== expected.join()) {
      return `kind [${members.join(', ')}] used as ${used.join(' > ')}, expected ${expected.join(' > ')}`;
    }
  }
  return undefined;
}
