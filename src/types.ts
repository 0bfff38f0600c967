/** The public data shapes (SPEC §3). Units are 0-based; a stage covers units [start, end). */

/** The network to split: per-unit costs in execution order. */
export interface Model {
  /** Optional name, shown in reports. */
  name?: string;
  /** Milliseconds of each unit on a device of speed 1 (DNNPipe's `E`). */
  time: number[];
  /** MB each unit needs on its device (weights and runtime, DNNPipe's `R`). Omitted: no limit. */
  memory?: number[];
  /** Bytes each unit outputs (activations). Enables transfers and activation memory. */
  outputBytes?: number[];
  /** Bytes of the model's input, held by the first stage. */
  inputBytes?: number;
}

/** One device of the cluster. */
export interface Device {
  /** Unique name, reported in plans. */
  id: string;
  /** Speed factor: a unit takes `model.time[k] / speed` ms here. Default 1. */
  speed?: number;
  /** Measured ms of each unit on this device; replaces `model.time / speed` when given. */
  time?: number[];
  /** MB available for a stage. Omitted: no limit. */
  memory?: number;
  /** Link bandwidth in Mbit/s (10^6 bit/s). */
  bandwidth?: number;
}

/** A model and the cluster to run it on. */
export interface Problem {
  model: Model;
  devices: Device[];
}

/** Options of `solve`, `solveReference` and `createSolver().solve`. */
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
  /** Ms to send this stage's output to the next stage; 0 for the last stage. */
  transfer: number;
}

/** Counters and facts about one solve. */
export interface PlanStats {
  engine: 'wasm' | 'ts';
  algorithm: string;
  /** Wall time of the solve, microseconds. */
  micros: number;
  /** Whether the plan is proven least-latency among least-bottleneck plans. */
  latencyOptimal: boolean;
  [counter: string]: unknown;
}

/** A costed pipeline plan. */
export interface Plan {
  stages: Stage[];
  /** Largest stage (or transfer) time, ms: one frame completes every `bottleneck` ms. */
  bottleneck: number;
  /** Frames per second, `1000 / bottleneck`. */
  throughput: number;
  /** One frame's trip through an empty pipeline, ms. */
  latency: number;
  /** The fastest device that holds the whole model alone, or `null` if none does. */
  bestSingle: { device: string; time: number } | null;
  /** `bestSingle.time / bottleneck`, or `null` without a `bestSingle`. */
  speedup: number | null;
  stats: PlanStats;
}

/** A stage as given to `evaluatePlan`: which device runs which units. */
export interface StageAssignment {
  device: string;
  start: number;
  end: number;
}
