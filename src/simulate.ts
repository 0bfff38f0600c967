/**
 * A discrete-event simulation of frames streaming through a plan (README, "Simulate, draw, re-plan").
 *
 * The pipeline is a line of servers: the source's transfer, each stage's compute (in `serial` mode
 * including its send), in `overlap` mode each link with a transfer of its own, and the sink's transfer. Frames are all waiting at the start
 * (a saturated input), go through the servers in order, and wait in bounded buffers between them:
 * `slots.out` frames after a stage, `slots.in` before the next one (their sum where no link runs
 * between). A server that finishes while the next buffer is full holds its frame (blocking after
 * service). With deterministic service times the line settles to one frame per bottleneck, and
 * the first frame's trip is the plan's latency — the properties the tests check.
 *
 * Read once (README, "The API"): the problem, the plan and the options are each copied once at
 * the start and only the copies are used after, so a getter or a Proxy cannot show the plan's
 * checks one device id and the busy shares another.
 */
import { ProblemError } from './errors.js';
import { evaluateValidated, type PlanInput } from './plan.js';
import type { Problem, SolveOptions } from './types.js';
import { expectObject, OPTION_KEYS, snapshot, validateProblem } from './validate.js';

/** One server of the line: a stage's compute, or a link. */
export interface SimulatedServer {
  kind: 'stage' | 'link' | 'source' | 'sink';
  /** The device id for a stage; `"a→b"` for a link or the source or sink transfer. */
  label: string;
  /** Ms per frame. */
  service: number;
  /** When each frame was served: [start, end] in ms, frame by frame. */
  intervals: [number, number][];
}

/** What `simulate` returns. */
export interface Simulation {
  frames: { start: number; finish: number }[];
  /** Frames per second over the second half of the run (the pipeline is full by then). */
  throughput: number;
  /** Per-frame latency (finish − start at the first server), ms. */
  latency: { min: number; median: number; max: number };
  /** Per device: the share of the run it was serving frames. */
  busy: { device: string; share: number }[];
  servers: SimulatedServer[];
  /** Time the last frame finished, ms. */
  makespan: number;
}

/** Options of `simulate`. */
export interface SimulateOptions extends SolveOptions {
  /** How many frames to push through. @default 32 */
  frames?: number;
}

const SIMULATE_OPTION_KEYS = [...OPTION_KEYS, 'frames'];

/** The longest run `simulate` accepts: frames × servers, so it is always quick. */
export const MAX_SIMULATED_EVENTS = 2_000_000;

/**
 * Streams frames through a plan.
 * @param problem - the problem the plan is for
 * @param plan - a `Plan` (its `options` apply by default) or its stages (`{ device, start, end }`)
 * @param options - `frames` (default 32); cost options (`transfer`, `slots`) override the plan's
 * @throws ProblemError for an invalid plan or frame count
 */
export function simulate(problem: Problem, plan: PlanInput, options: SimulateOptions = {}): Simulation {
  const copied = snapshot(options, 'options') as SimulateOptions;
  return simulateValidated(validateProblem(problem), plan, copied);
}

/**
 * `simulate` for a problem `validateProblem` returned and options already copied (`renderSvg`),
 * so neither is checked or copied again.
 */
export function simulateValidated(checked: Problem, plan: PlanInput, options: SimulateOptions): Simulation {
  // Its own field list, so a typo is offered `frames` too (the cost options' check knows only theirs).
  expectObject(options, 'options', SIMULATE_OPTION_KEYS);
  const { frames: frameOption, ...solveOptions } = options;
  const frameCount = frameOption ?? 32;
  if (!Number.isInteger(frameCount) || frameCount < 1) throw new ProblemError('options.frames', `expected a whole number of at least 1, got ${String(frameCount)}`);
  // The plan's own options (when a Plan is given) apply unless the call overrides them.
  // A stage list alone, or a Plan's stages and options (all `evaluatePlan` uses), each read once.
  const { stages, options: planOptions } = Array.isArray(plan) ? { stages: plan } : Object(plan);
  const costed = evaluateValidated(checked, snapshot({ stages, options: planOptions }) as PlanInput, solveOptions);
  const cost = costed.options;
  const servers: SimulatedServer[] = [];
  const bufferAfter: number[] = [];
  // The source's transfer is a server of its own in both modes (docs/model.md, "Links").
  if (costed.source && costed.source.transfer > 0) {
    servers.push({ kind: 'source', label: `${costed.source.device}→${costed.stages[0]?.device ?? ''}`, service: costed.source.transfer, intervals: [] });
    bufferAfter.push(cost.slots.in);
  }
  costed.stages.forEach((stage, i) => {
    const last = i === costed.stages.length - 1;
    const link = !last && cost.transfer === 'overlap' && stage.transfer > 0;
    servers.push({ kind: 'stage', label: stage.device, service: cost.transfer === 'serial' ? stage.time + stage.transfer : stage.time, intervals: [] });
    if (link) {
      bufferAfter.push(cost.slots.out);
      servers.push({ kind: 'link', label: `${stage.device}→${costed.stages[i + 1]?.device ?? ''}`, service: stage.transfer, intervals: [] });
      bufferAfter.push(cost.slots.in);
    } else if (!last) {
      bufferAfter.push(cost.slots.out + cost.slots.in);
    }
  });
  if (costed.sink && costed.sink.transfer > 0) {
    bufferAfter.push(cost.slots.out);
    servers.push({ kind: 'sink', label: `${costed.stages[costed.stages.length - 1]?.device ?? ''}→${costed.sink.device}`, service: costed.sink.transfer, intervals: [] });
  }
  if (frameCount * servers.length > MAX_SIMULATED_EVENTS) {
    throw new ProblemError('options.frames', `${frameCount} frames through ${servers.length} servers exceed the limit of ${MAX_SIMULATED_EVENTS} events`);
  }
  const m = servers.length;
  // start[j][n], leave[j][n]: when frame n starts at server j, and when it leaves it.
  const start = servers.map(() => new Float64Array(frameCount));
  const leave = servers.map(() => new Float64Array(frameCount));
  for (let n = 0; n < frameCount; n++) {
    for (let j = 0; j < m; j++) {
      const server = servers[j] as SimulatedServer;
      const ready = j === 0 ? 0 : (leave[j - 1]?.[n] ?? 0);
      const free = n === 0 ? 0 : (leave[j]?.[n - 1] ?? 0);
      const begin = Math.max(ready, free);
      const done = begin + server.service;
      start[j]![n] = begin;
      server.intervals.push([begin, done]);
      // Blocking after service: the frame leaves once the buffer ahead has room, i.e. once the
      // frame (buffer + 1) places ahead of it has started at the next server.
      const ahead = n - (bufferAfter[j] ?? 0) - 1;
      leave[j]![n] = j < m - 1 && ahead >= 0 ? Math.max(done, start[j + 1]?.[ahead] ?? 0) : done;
    }
  }
  const frames = Array.from({ length: frameCount }, (_, n) => ({ start: start[0]?.[n] ?? 0, finish: leave[m - 1]?.[n] ?? 0 }));
  const latencies = frames.map((f) => f.finish - f.start).sort((a, b) => a - b);
  const makespan = frames[frameCount - 1]?.finish ?? 0;
  const half = Math.floor(frameCount / 2);
  const span = (frames[frameCount - 1]?.finish ?? 0) - (frames[half]?.finish ?? 0);
  const throughput = frameCount - 1 - half > 0 && span > 0 ? ((frameCount - 1 - half) / span) * 1000 : costed.throughput;
  const busyTime = new Map<string, number>();
  for (const server of servers) {
    if (server.kind !== 'stage') continue;
    busyTime.set(server.label, server.service * frameCount);
  }
  return {
    frames,
    throughput,
    latency: {
      min: latencies[0] ?? 0,
      median: latencies.length % 2 ? (latencies[(latencies.length - 1) / 2] ?? 0) : ((latencies[latencies.length / 2 - 1] ?? 0) + (latencies[latencies.length / 2] ?? 0)) / 2,
      max: latencies[latencies.length - 1] ?? 0,
    },
    busy: checked.devices.map((d) => ({ device: d.id, share: makespan > 0 ? (busyTime.get(d.id) ?? 0) / makespan : 0 })),
    servers,
    makespan,
  };
}

