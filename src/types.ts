/**
 * The public data shapes. Units are 0-based in code and JSON; a stage covers units [start, end).
 * The cost model these fields feed is documented in docs/model.md.
 */

/** The network to split: per-unit costs in execution order. */
export interface Model {
  /** Optional name, shown in reports. */
  name?: string;
  /**
   * Milliseconds of each unit on a device of speed 1 (DNNPipe's `E`). May be omitted when every
   * computing device has its own `time` profile.
   */
  time?: readonly number[];
  /** MB each unit needs on its device (weights and runtime, DNNPipe's `R`). Omitted: no limit. */
  memory?: readonly number[];
  /** Bytes each unit outputs (activations). Enables transfers and activation memory. */
  outputBytes?: readonly number[];
  /** Bytes of the model's input, held by the first stage and sent from `source`. */
  inputBytes?: number;
  /** One name per unit (layer or block), shown wherever units are shown to people. */
  names?: readonly string[];
}

/** One device of the cluster. */
export interface Device {
  /** Unique name, reported in plans. */
  id: string;
  /** Speed factor: a unit takes `model.time[k] / speed` ms here. Default 1. Not with `time`. */
  speed?: number;
  /**
   * Measured ms of each unit on this device; replaces `model.time / speed`. `null`: this device
   * cannot run that unit (an accelerator without that operator).
   */
  time?: readonly (number | null)[];
  /** MB available for a stage. Omitted: no limit. */
  memory?: number;
  /** Link bandwidth in Mbit/s (10^6 bit/s), used for pairs without a `links` entry. */
  bandwidth?: number;
  /** `false`: an endpoint (camera, display, gateway) that runs no stage. @default true */
  compute?: boolean;
}

/** A network link between two devices (docs/model.md, "Links"). */
export interface Link {
  from: string;
  to: string;
  /** Mbit/s (10^6 bit/s); `null`: bytes cost nothing on this link (only `latency`). */
  bandwidth: number | null;
  /** Ms added to every transfer on this link. @default 0 */
  latency?: number;
  /** `true`: the entry holds only from `from` to `to`. @default false */
  oneWay?: boolean;
}

/** A model and the cluster to run it on. */
export interface Problem {
  model: Model;
  devices: readonly Device[];
  /** Per-pair links; pairs without one use the smaller of the two devices' `bandwidth`. */
  links?: readonly Link[];
  /** Device id where frames arrive: the model input crosses source → first stage. */
  source?: string;
  /** Device id where results go: the last unit's output crosses last stage → sink. */
  sink?: string;
  /** This problem's default options; options given to a call override them field by field. */
  options?: SolveOptions;
}

/** Options of `solve`, `solveReference`, `createSolver().solve`, `frontier` and `createPlanner`. */
export interface SolveOptions {
  /** Which implementation runs the search. `solve` default: `'wasm'`. */
  engine?: 'wasm' | 'ts';
  /** `'auto'`: the fastest exact method; `'dnnpipe'`: the paper's DP with safe prunings. @default 'auto' */
  algorithm?: 'auto' | 'dnnpipe';
  /** How link transfers are costed when modelled. @default 'overlap' */
  transfer?: 'overlap' | 'serial';
  /** Activation buffers per stage. @default { in: 0, out: 0 } */
  slots?: { in: number; out: number };
  /** Tie-break among least-bottleneck plans: least latency, or none. @default 'latency' */
  secondary?: 'latency' | 'none';
  /** Ms: the least bottleneck among plans whose latency is at most this. */
  maxLatency?: number;
  /** At most this many stages. */
  maxStages?: number;
  /** Id of the device that must run the first stage. */
  first?: string;
  /** Id of the device that must run the last stage. */
  last?: string;
  /**
   * How a stage's memory is compared with its device's: `'tolerant'` accepts a need up to the
   * memory plus 1e-9 relative (decimal sums equal to it are never rejected by rounding);
   * `'strict'` only a need strictly below it, as PipeEdge's `sched-pipeline` decides.
   * @default 'tolerant'
   */
  memoryTest?: 'tolerant' | 'strict';
}

/** One pipeline stage of a plan. */
export interface Stage {
  /** Device id running the stage. */
  device: string;
  /** First unit (0-based, inclusive). */
  start: number;
  /** One past the last unit (exclusive). */
  end: number;
  /** Compute time of the stage on its device, ms. */
  time: number;
  /** Memory the stage needs on its device, MB. */
  memory: number;
  /** Ms to send this stage's output to the next stage; 0 for the last stage (see `Plan.sink`). */
  transfer: number;
  /** `model.names` of the stage's first and last unit, when the model has names. */
  names?: { first: string; last: string };
}

/** Where a plan's bottleneck is: a stage's compute (with its send, in serial mode), a link, or an end. */
export type BottleneckAt =
  | { kind: 'stage'; stage: number }
  | { kind: 'link'; stage: number }
  | { kind: 'source' }
  | { kind: 'sink' };

/** Counters and facts about one solve. */
export interface PlanStats {
  engine: 'wasm' | 'ts';
  algorithm: string;
  /** Wall time of the solve, microseconds. */
  micros: number;
  /** Whether the plan is proven least-latency among least-bottleneck plans. */
  latencyOptimal: boolean;
  /** Which search ran: `'threshold'`, `'paper-dp'`, `'transfer-dp'`, `'latency-bound'`, `'frontier'`. */
  method?: string;
  /** B*, the least bottleneck (the plan's own may tie above it by 1e-9 relative; docs/model.md). */
  leastBottleneck?: number;
  // Search counters: doubles, exact up to 2^53 (never 32-bit). Absent for `evaluatePlan`.
  /** DP cells or threshold-DP states evaluated. */
  states?: number;
  /** Stage transitions evaluated (bounded by `MAX_SEARCH_STEPS` in the general DP). */
  transitions?: number;
  /** Bottleneck thresholds tested. */
  probes?: number;
  /** Stages cut by the paper's upper bound (`'dnnpipe'`). */
  prunedUpperBound?: number;
  /** Stages cut by the safe under-utilized-stage rule (`'dnnpipe'`). */
  prunedUnderUtilized?: number;
  /** Passes whose bound cut every plan, so the search went on with a looser one. */
  boundRetries?: number;
  /** Cells of the least-latency table inside the rows' windows. */
  latencyCells?: number;
}

/** The options a plan was made with, every default filled in (`Plan.options`). */
export interface PlanOptions {
  transfer: 'overlap' | 'serial';
  slots: { in: number; out: number };
  secondary: 'latency' | 'none';
  algorithm: 'auto' | 'dnnpipe';
  memoryTest: 'tolerant' | 'strict';
  maxLatency?: number;
  maxStages?: number;
  first?: string;
  last?: string;
}

/** A costed pipeline plan. */
export interface Plan {
  stages: Stage[];
  /** Largest stage, link, source or sink time, ms: one frame completes every `bottleneck` ms. */
  bottleneck: number;
  /** Frames per second, `1000 / bottleneck` (Infinity when the bottleneck is 0). */
  throughput: number;
  /** One frame's trip through an empty pipeline, ms: source, stages and links, sink. */
  latency: number;
  /** What sets the bottleneck (the first such element in pipeline order). */
  bottleneckAt: BottleneckAt;
  /** Ms to bring a frame from `source` to the first stage (0 when the source runs it); absent without a source. */
  source?: { device: string; transfer: number };
  /** Ms to send the result from the last stage to `sink`; absent without a sink. */
  sink?: { device: string; transfer: number };
  /** The fastest device that holds the whole model alone, or `null` if none does. */
  bestSingle: { device: string; time: number } | null;
  /** `bestSingle.time / bottleneck`, or `null` without a `bestSingle`. */
  speedup: number | null;
  /** How the plan was made: `simulate`, `renderSvg` and `evaluatePlan` use these by default. */
  options: PlanOptions;
  stats: PlanStats;
}

/** A stage as given to `evaluatePlan`: which device runs which units. */
export interface StageAssignment {
  device: string;
  start: number;
  end: number;
}
