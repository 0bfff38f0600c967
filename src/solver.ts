/**
 * The facade: validate → prepare → search (WASM kernel or TypeScript) → cost the plan.
 * Both engines receive the same prepared arrays and return the same stages.
 */
import { nowMillis } from './clock.js';
import { InfeasibleError, ProblemError } from './errors.js';
import { explainInfeasible } from './infeasible.js';
import { availableEngines, withKernel, type AvailableEngines } from './engine-availability.js';
import type { Kernel } from './kernel.js';
import { assignDevices, costPlan } from './plan.js';
import { MAX_DNNPIPE_CELLS, MAX_SEARCH_WORK, prepare, type PreparedProblem } from './prepare.js';
import { search, type SearchResult } from './search.js';
import { MAX_TRANSFER_CELLS } from './search-transfers.js';
import type { Plan, Problem, SolveOptions } from './types.js';
import { resolveOptions, validateProblem, type ResolvedOptions } from './validate.js';

/** Refuses, before any allocation, searches larger than the documented limits. */
function checkLimits(p: PreparedProblem, options: ResolvedOptions): void {
  const cells = p.stateCount * (p.unitCount + 1);
  if (p.transfers) {
    if (cells * p.kindCount > MAX_TRANSFER_CELLS) {
      throw new ProblemError('model.outputBytes', `with activations modelled the search needs ${cells * p.kindCount} cells (states × (units + 1) × kinds); the limit is ${MAX_TRANSFER_CELLS}. Group layers into fewer units or give identical devices equal profiles`);
    }
    // Its pruning usually cuts most of this, but not when the cluster is so slow or so short of
    // memory that no limit binds: bound the worst case so no call can run for minutes.
    const work = cells * p.kindCount * p.kindCount * p.unitCount;
    if (work > MAX_SEARCH_WORK) {
      throw new ProblemError('model.outputBytes', `with activations modelled the worst-case search is ${work.toExponential(2)} steps (states × units² × kinds²); the limit is ${MAX_SEARCH_WORK.toExponential(2)}. Group layers into fewer units or give identical devices equal profiles`);
    }
    return;
  }
  if (options.algorithm === 'dnnpipe') {
    const work = cells * p.unitCount * p.kindCount;
    if (cells > MAX_DNNPIPE_CELLS || work > MAX_SEARCH_WORK) {
      throw new ProblemError('options.algorithm', `'dnnpipe' needs a table of ${cells} cells (states × (units + 1); limit ${MAX_DNNPIPE_CELLS}) and up to ${work.toExponential(2)} steps (states × units² × kinds; limit ${MAX_SEARCH_WORK.toExponential(2)}). Use algorithm 'auto', which is exact and far faster`);
    }
  }
}

export type Engine = (p: PreparedProblem, options: ResolvedOptions) => SearchResult;

/** The engines a facade call may use; `wasm` is absent for `solveReference`. */
export interface Engines {
  ts: Engine;
  wasm?: Engine;
}

function run(input: Problem, rawOptions: SolveOptions | undefined, defaultEngine: 'wasm' | 'ts', engines: Engines): Plan {
  const started = nowMillis();
  return planValidated(validateProblem(input), rawOptions, defaultEngine, engines, started);
}

/**
 * The facade's work after validation: prepare, search, cost. For callers that hold a problem
 * `validateProblem` returned (the planner), so it is not validated twice.
 */
export function planValidated(problem: Problem, rawOptions: SolveOptions | undefined, defaultEngine: 'wasm' | 'ts', engines: Engines, started = nowMillis(), knownLowerBound = 0): Plan {
  const options = resolveOptions(rawOptions, defaultEngine);
  const p = prepare(problem, options);
  // A caller that knows every plan of this problem is at least this slow (the planner, after a
  // device left) lets the search start there; any valid lower bound keeps it exact.
  if (knownLowerBound > p.lowerBound) p.lowerBound = knownLowerBound;
  checkLimits(p, options);
  const engine = options.engine === 'wasm' ? engines.wasm : engines.ts;
  if (!engine) throw new ProblemError('options.engine', "'wasm' is not available from solveReference; use solve() or createSolver()");
  const result = engine(p, options);
  if (!result.feasible) throw new InfeasibleError(explainInfeasible(problem));
  const method = p.transfers ? 'transfer-dp' : options.algorithm === 'dnnpipe' ? 'paper-dp' : 'threshold';
  const stats = { engine: options.engine, algorithm: options.algorithm, method, micros: 0, latencyOptimal: result.latencyOptimal, ...result.counters };
  const plan = costPlan(problem, p, assignDevices(p, result.stageEnds, result.stageKinds), stats);
  if (plan.bottleneck !== result.bottleneck) {
    throw new Error(`internal: plan costs ${plan.bottleneck} but the search found ${result.bottleneck}`);
  }
  stats.micros = Math.round((nowMillis() - started) * 1000);
  return plan;
}

const tsEngine: Engine = (p, options) => search(p, options);

/**
 * Solves with the pure-TypeScript engine, the equivalence oracle for the WASM kernel.
 * @param problem - the model and cluster
 * @param options - as for `solve`; `engine` must be `'ts'` or absent
 * @returns the least-bottleneck plan (then least latency, fewest stages)
 * @throws ProblemError for invalid input, InfeasibleError when no plan exists
 */
export function solveReference(problem: Problem, options?: SolveOptions): Plan {
  return run(problem, options, 'ts', { ts: tsEngine });
}

/** A warm solver whose `solve` is synchronous: for hot loops and re-planning. */
export interface Solver {
  /**
   * @param problem - the model and cluster
   * @param options - engine (default `'wasm'`), algorithm, secondary objective
   */
  solve(problem: Problem, options?: SolveOptions): Plan;
  /**
   * Bytes of WebAssembly memory this solver holds (it grows to the largest problem, never beyond);
   * 0 where WebAssembly is unusable, since the TypeScript engine keeps nothing between solves.
   */
  memoryBytes(): number;
}

/** A solver on the engines this runtime offers (see src/engine-availability.ts). */
function solverOn(available: AvailableEngines): Solver {
  return {
    solve: (problem, options) => run(problem, options, available.defaultEngine, available.engines),
    memoryBytes: () => available.memoryBytes(),
  };
}

/** Builds a solver around an instantiated kernel. */
export function solverFromKernel(kernel: Kernel): Solver {
  return solverOn(withKernel(kernel));
}

/**
 * Compiles and instantiates the kernel once, then solves synchronously. Where WebAssembly is
 * missing or refused, the solver runs the TypeScript engine (`stats.engine: 'ts'`) and an explicit
 * `engine: 'wasm'` throws `WasmUnavailableError`.
 * @returns a solver whose `solve` runs on this warm instance
 */
export async function createSolver(): Promise<Solver> {
  return solverOn(await availableEngines());
}

let shared: Promise<Solver> | undefined;

/**
 * Finds the optimal pipeline plan. Loads the WASM kernel once, lazily (or, where WebAssembly is
 * unusable, runs the TypeScript engine: see `createSolver`).
 * @param problem - the model and cluster (SPEC §3)
 * @param options - engine (default `'wasm'`), algorithm (default `'auto'`), secondary (default `'latency'`)
 * @returns the least-bottleneck plan (then least latency, fewest stages)
 * @throws ProblemError for invalid input, InfeasibleError when no plan exists
 */
export async function solve(problem: Problem, options?: SolveOptions): Promise<Plan> {
  shared ??= createSolver();
  return (await shared).solve(problem, options);
}
