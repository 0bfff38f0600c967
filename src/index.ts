/**
 * dnnpipe: exact, fast planning of pipelined DNN inference across unequal devices.
 * The core entry: no Node-only API; the WASM kernel's bytes are embedded.
 */
export { solve, createSolver, solveReference, frontier, frontierReference, MAX_TIME_SCALE } from './solver.js';
export { evaluatePlan } from './plan.js';
export { simulate } from './simulate.js';
export { renderSvg } from './render-svg.js';
export { renderFrontierSvg, MAX_FRONTIER_POINTS } from './render-frontier.js';
export { createPlanner } from './planner.js';
export { fromDnnpipeConfig, toDnnpipePlan } from './adapters/dnnpipe-config.js';
export { fromPipeEdge, toPipeEdgeSchedule, DTYPE_BYTES } from './adapters/pipeedge.js';
export { ProblemError, InfeasibleError, KernelError, WasmUnavailableError } from './errors.js';
export { MAX_STATES, MAX_DNNPIPE_CELLS, MAX_LATENCY_CELLS, MAX_SEARCH_WORK, MAX_PROBE_WORK, MAX_SEARCH_STEPS, MAX_SWEEP_STEPS } from './prepare.js';
export { MAX_TRANSFER_CELLS } from './search-transfers.js';
export { MAX_DEVICES, MAX_LINKS, MAX_UNITS } from './validate.js';

export type { Solver } from './solver.js';
export type { Simulation, SimulatedServer, SimulateOptions } from './simulate.js';
export type { Planner, ClusterChange, Replan } from './planner.js';
export type { PipeEdgeFiles, PipeEdgeOptions } from './adapters/pipeedge.js';
export type { BottleneckAt, Device, Link, Model, Plan, PlanOptions, PlanStats, Problem, SolveOptions, Stage, StageAssignment } from './types.js';
