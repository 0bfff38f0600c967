/**
 * Seeded random problems in the real-network model, valid by construction: per-pair links (two-way
 * and one-way, some with `bandwidth: null`, some with latency), device `bandwidth` fallbacks, a
 * source and a sink (a computing device or an endpoint with compute:false), null entries in
 * device.time, model.time omitted when every computing device has `time`, memory that binds,
 * activations, slots, identical boards behind one switch, and random requirements split between
 * `problem.options` and explicit options.
 *
 * No silent free links: whenever the network is modelled, every ordered pair that could be
 * adjacent in a plan resolves (`unresolvedPairs` is empty). Boards of one kind stay
 * interchangeable: equal speed or profile, memory and bandwidth, the same link to and from every
 * other device, the same link between any two of them, and never the source or the sink.
 */
import { networkModelled, oracleLeastLatency, unresolvedPairs, type NetworkDevice, type NetworkLink, type NetworkOptions, type NetworkProblem } from './network-oracle.js';

export interface RandomNetworkShape {
  /** Most units. @default 8 */
  maxUnits?: number;
  /** Fewest units. @default 1 */
  minUnits?: number;
  /** Most computing devices (endpoints come on top). @default 5 */
  maxDevices?: number;
  /** Probability of each requirement (maxLatency, maxStages, first, last). @default 0.2 */
  requirements?: number;
  /**
   * Probability of a problem built for rounding ties: unit times in tenths, every device of speed
   * 1 or with the model's own times behind a different first unit (or none), so the same stage
   * costs the same decimal on several devices but differs in the last bit. @default 0.15
   */
  roundingTies?: number;
}

export interface RandomNetworkCase {
  problem: NetworkProblem;
  options: NetworkOptions;
  /** The sets of identical boards (two or more ids each) the generator meant to be interchangeable. */
  boards: string[][];
}

/** A group of devices that must look alike: a kind of identical boards, one device, or an endpoint. */
interface Group {
  members: string[];
  computing: boolean;
  bandwidth: number | undefined;
}

/**
 * A random valid problem and explicit options. Coarse values (small integers, power-of-two bytes)
 * make exact ties common; tenths make rounding ties common; fine values (four decimals) make
 * neither.
 * @param random - a seeded generator of numbers in [0, 1), e.g. `rng(seed)` from bench/rng.ts
 */
export function randomNetworkProblem(random: () => number, shape: RandomNetworkShape = {}): RandomNetworkCase {
  const chance = (p: number): boolean => random() < p;
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(values: readonly T[]): T => values[int(0, values.length - 1)]!;
  const units = int(shape.minUnits ?? 1, shape.maxUnits ?? 8);
  // Tenths make unequal unit ranges with equal decimal sums common, whose float sums differ in the
  // last bit: the rounding ties the objective's 1e-9 rule is for.
  const tieProne = chance(shape.roundingTies ?? 0.15);
  const values = tieProne ? 'tenths' : pick(['coarse', 'fine', 'tenths'] as const);
  const coarse = values === 'coarse';
  const unitTime = (): number => (coarse ? int(1, 5) : values === 'tenths' ? int(1, 20) / 10 : Math.round(random() * 1e5) / 1e4 + 0.01);
  const unitTimes = Array.from({ length: units }, () => (chance(0.05) ? 0 : unitTime()));
  const unitMemory = Array.from({ length: units }, () => (coarse ? int(1, 4) : Math.round(random() * 100) / 10 + 0.1));
  const round = values !== 'fine';
  const bytes = (): number => (round ? int(0, 4) * 2 ** 18 : Math.round(random() * 2e6));
  const bandwidth = (): number => (round ? pick([250, 500, 1000, 2000]) : Math.round(random() * 3000) + 100);
  const linkLatency = (): number => (round ? pick([0.5, 1, 2]) : Math.round(random() * 300) / 100);

  // Computing devices, drawn from kinds; a kind with two or more members is a set of identical boards.
  const deviceCount = int(1, shape.maxDevices ?? 5);
  const allProfiled = chance(0.25);
  // Rounding ties need stage times to decide the bottleneck: no memory limits or network then.
  const memoryBinds = !tieProne && chance(0.5);
  const withActivations = chance(0.6);
  const slots = chance(0.3) ? { in: int(0, 2), out: int(0, 2) } : undefined;
  const outputBytes = withActivations ? Array.from({ length: units }, bytes) : undefined;
  const activationMB = outputBytes ? (Math.max(...outputBytes) / 2 ** 20) * (2 + (slots ? slots.in + slots.out : 0)) : 0;
  const totalMemory = unitMemory.reduce((a, b) => a + b, 0);
  const kindCount = chance(0.4) ? int(1, deviceCount) : deviceCount;
  const kinds = Array.from({ length: kindCount }, () => {
    const profiled = allProfiled || chance(tieProne ? 0.6 : 0.3);
    const cannot = profiled && chance(0.35);
    const scale = values === 'tenths' ? 10 : 1000;
    let time = profiled ? unitTimes.map((t) => (cannot && chance(0.15) ? null : Math.round(t * (0.3 + random() * 2) * scale) / scale)) : undefined;
    // The model's own times with some units it cannot run: its prefix sums are shifted, so the
    // same stage costs the same decimal as on a speed-1 device but can differ in the last bit.
    // A different first unit shifts them the same way without a null.
    if (profiled && (tieProne || chance(0.3))) {
      const first = chance(0.3) ? null : unitTimes[0]! + int(1, 9) / 10;
      time = unitTimes.map((t, k) => (k === 0 ? first : chance(0.1) ? null : t));
    }
    let memory: number | undefined;
    if (memoryBinds && chance(0.85)) {
      if (chance(0.2)) {
        // Exactly the decimal need of some stage: only the 1e-9 tolerance lets it fit.
        const s = int(0, units - 1);
        const e = int(s + 1, units);
        memory = Math.round(unitMemory.slice(s, e).reduce((a, b) => a + b, 0) * 10) / 10;
      } else {
        memory = Math.round((Math.max(...unitMemory) + activationMB) * (0.8 + random() * 0.6) * 10 + random() * totalMemory * 4) / 10;
      }
    }
    return { speed: time ? undefined : tieProne ? 1 : round ? pick([0.5, 1, 2, 3]) : Math.round(random() * 400) / 100 + 0.05, time, memory };
  });
  const kindOf = Array.from({ length: deviceCount }, (_, i) => (i < kindCount ? i : int(0, kindCount - 1)));
  const devices: NetworkDevice[] = kindOf.map((k, i) => {
    const kind = kinds[k]!;
    return {
      id: `d${i}`,
      ...(kind.speed !== undefined ? { speed: kind.speed } : {}),
      ...(kind.time ? { time: [...kind.time] } : {}),
      ...(kind.memory !== undefined ? { memory: kind.memory } : {}),
    };
  });

  // Endpoints, source and sink. Only a device alone in its kind may be a source or sink, so that
  // boards of one kind keep the same role.
  const endpoints: NetworkDevice[] = [];
  const endpoint = (id: string): string => {
    if (!endpoints.some((d) => d.id === id)) endpoints.push({ id, compute: false });
    return id;
  };
  const loners = devices.filter((_, i) => kindOf.filter((k) => k === kindOf[i]).length === 1).map((d) => d.id);
  let source: string | undefined;
  let sink: string | undefined;
  if (chance(0.45)) source = loners.length > 0 && chance(0.35) ? pick(loners) : endpoint('camera');
  if (chance(0.45)) {
    if (source === 'camera' && chance(0.15)) sink = source; // one gateway both sends frames and takes results
    else sink = loners.length > 0 && chance(0.35) ? pick(loners) : endpoint('display');
  }
  if (chance(0.1)) endpoint('gateway'); // an endpoint no plan uses
  const model: NetworkProblem['model'] = {};
  if (!(allProfiled && chance(0.6))) model.time = unitTimes;
  if (memoryBinds || chance(0.3)) model.memory = unitMemory;
  // A sink needs outputBytes; a source needs inputBytes (and may come without outputBytes).
  const output = outputBytes ?? (sink !== undefined ? Array.from({ length: units }, bytes) : undefined);
  if (output) model.outputBytes = output;
  if (source !== undefined || (output && chance(0.7))) model.inputBytes = bytes();
  if (chance(0.2)) model.names = Array.from({ length: units }, (_, k) => `unit${k + 1}`);
  const allDevices = [...devices, ...endpoints];

  // The network: nothing declared, device bandwidths only, or per-pair links over a mix.
  const network = tieProne ? 'none' : pick(['none', 'bandwidths', 'links', 'links'] as const);
  const groups: Group[] = [];
  for (let k = 0; k < kindCount; k++) {
    const members = devices.filter((_, i) => kindOf[i] === k).map((d) => d.id);
    const declared = network === 'bandwidths' || (network === 'links' && chance(0.5));
    if (members.length > 0) groups.push({ members, computing: true, bandwidth: declared ? bandwidth() : undefined });
  }
  for (const e of endpoints) {
    const declared = network === 'bandwidths' || (network === 'links' && chance(0.4));
    groups.push({ members: [e.id], computing: false, bandwidth: declared ? bandwidth() : undefined });
  }
  for (const g of groups) {
    if (g.bandwidth === undefined) continue;
    for (const id of g.members) allDevices.find((d) => d.id === id)!.bandwidth = g.bandwidth;
  }
  const links: NetworkLink[] = [];
  if (network === 'links') {
    const spec = (): Omit<NetworkLink, 'from' | 'to'> => ({
      bandwidth: chance(0.15) ? null : bandwidth(),
      ...(chance(0.4) ? { latency: linkLatency() } : {}),
    });
    const adjacent = (from: Group, to: Group): boolean =>
      from.members.some((a) => to.members.some((b) => a !== b && ((from.computing && to.computing) || (a === source && to.computing) || (from.computing && b === sink))));
    const emit = (from: Group, to: Group, entry: Omit<NetworkLink, 'from' | 'to'>): void => {
      for (const a of from.members) for (const b of to.members) if (a !== b) links.push({ from: a, to: b, ...entry });
    };
    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi]!;
      // Between boards of one kind: one switch, the same two-way link for every pair (or the
      // bandwidth fallback); never one-way, which would tell the boards apart by order.
      if (g.members.length > 1) {
        if (g.bandwidth === undefined || chance(0.5)) {
          const entry = spec();
          for (let i = 0; i < g.members.length; i++) {
            for (let j = i + 1; j < g.members.length; j++) {
              const [a, b] = chance(0.5) ? [g.members[i]!, g.members[j]!] : [g.members[j]!, g.members[i]!];
              links.push({ from: a, to: b, ...entry });
            }
          }
        }
      }
      for (let hi = gi + 1; hi < groups.length; hi++) {
        const h = groups[hi]!;
        const forward = adjacent(g, h);
        const backward = adjacent(h, g);
        const fallback = g.bandwidth !== undefined && h.bandwidth !== undefined;
        if (!forward && !backward && !chance(0.2)) continue; // endpoint to endpoint: usually no link
        if (fallback && chance(0.35)) continue;
        if (chance(0.5)) {
          const entry = spec();
          if (chance(0.5)) emit(g, h, entry);
          else emit(h, g, entry);
          continue;
        }
        // One-way entries: each needed direction gets its own entry or, when both ends declare
        // bandwidth, sometimes the fallback; an unneeded direction sometimes gets one anyway.
        for (const [from, to, needed] of [[g, h, forward], [h, g, backward]] as const) {
          if ((needed && (!fallback || chance(0.6))) || (!needed && chance(0.3))) emit(from, to, { ...spec(), oneWay: true });
        }
      }
    }
    for (let i = links.length - 1; i > 0; i--) {
      const j = int(0, i);
      [links[i], links[j]] = [links[j]!, links[i]!];
    }
  }

  const problem: NetworkProblem = { model, devices: shuffleEndpoints(allDevices, chance) };
  if (links.length > 0) problem.links = links;
  if (source !== undefined) problem.source = source;
  if (sink !== undefined) problem.sink = sink;
  const unresolved = unresolvedPairs(problem);
  if (unresolved.length > 0) throw new Error(`random-network: generated unresolved pairs ${JSON.stringify(unresolved)} (modelled ${networkModelled(problem)})`);

  // Requirements and other options, each either explicit or a problem default.
  const p = tieProne ? 0 : (shape.requirements ?? 0.2);
  const ids = devices.map((d) => d.id);
  const wanted: NetworkOptions = {};
  if (chance(0.35)) wanted.transfer = chance(0.7) ? 'serial' : 'overlap';
  if (slots) wanted.slots = slots;
  if (chance(p)) wanted.maxStages = int(1, deviceCount);
  if (chance(p)) wanted.first = pick(ids);
  if (chance(p)) wanted.last = pick(ids);
  if (chance(p)) {
    const least = oracleLeastLatency(problem, wanted);
    if (least !== null) {
      const roll = random();
      wanted.maxLatency = roll < 0.3 ? least : roll < 0.45 ? least * 0.9 : Math.round(least * (1 + random() * 0.8) * 1000) / 1000;
    }
  }
  const options: NetworkOptions = {};
  const defaults: NetworkOptions = {};
  for (const key of Object.keys(wanted) as (keyof NetworkOptions)[]) {
    const value = wanted[key];
    if (chance(0.3)) (defaults as Record<string, unknown>)[key] = value;
    else {
      (options as Record<string, unknown>)[key] = value;
      // Sometimes a different problem default that the explicit option must override.
      if (chance(0.15)) (defaults as Record<string, unknown>)[key] = decoy(key, value, ids);
    }
  }
  if (Object.keys(defaults).length > 0) problem.options = defaults;
  const boards = groups.filter((g) => g.computing && g.members.length > 1).map((g) => g.members);
  return { problem, options, boards };
}

/** A different value of the same option, for a problem default the explicit option overrides. */
function decoy(key: keyof NetworkOptions, value: unknown, ids: string[]): unknown {
  switch (key) {
    case 'transfer':
      return value === 'serial' ? 'overlap' : 'serial';
    case 'slots':
      return { in: 3, out: 3 };
    case 'maxStages':
      return 1;
    case 'maxLatency':
      return 0;
    case 'first':
    case 'last':
      return ids.find((id) => id !== value) ?? value;
    default:
      return value;
  }
}

/** Endpoints sometimes come before the computing devices: device order must not matter. */
function shuffleEndpoints(devices: NetworkDevice[], chance: (p: number) => boolean): NetworkDevice[] {
  if (!chance(0.3)) return devices;
  return [...devices.filter((d) => d.compute === false), ...devices.filter((d) => d.compute !== false)];
}
