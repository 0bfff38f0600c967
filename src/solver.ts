/**
 * The facade: validate → prepare → search (WASM kernel or TypeScript) → cost the plan.
 * Both engines receive the same prepared arrays and return the same stages.
 */
import { nowMillis } from './clock.js';
import { InfeasibleError, ProblemError } from './errors.js';
import { explainInfeasible } from './infeasible.js';
import { availableEngines, tsEngine, withKernel, type AvailableEngines } from './engine-availability.js';
import type { Kernel } from './kernel.js';
import { assignDevices, costPlan, planContext, planOptions } from './plan.js';
import { fits, latencyFloor, latencyTableFits, MAX_DNNPIPE_CELLS, MAX_LATENCY_CELLS, modelsTransfers, MAX_PROBE_WORK, MAX_SEARCH_STEPS, MAX_SEARCH_WORK, prepare, type CostOptions, type PreparedProblem } from './prepare.js';
import { FrontierLimitError, SearchLimitError, transferPassWork, type GeneralSearch, type SearchCounters, type SearchResult } from './search.js';
import { MAX_TRANSFER_CELLS, tieLimit } from './search-transfers.js';
import { keyRounding } from './search-latency.js';
import { lendScratch, type ArrayStore, type Scratch } from './scratch.js';
import { frontierPasses, frontierPoint, solveWithinLatency } from './tradeoff.js';
import { LATENCY_TIE } from './objective.js';
import type { Plan, PlanStats, Problem, SolveOptions } from './types.js';
import { checkRequirements, resolveOptions, validateProblem, type ResolvedOptions } from './validate.js';

/** Refuses, before any allocation, searches larger than the documented limits. */
function checkLimits(problem: Problem, p: PreparedProblem, options: ResolvedOptions): void {
  checkTimeScale(problem, p);
  const cells = p.stateCount * (p.unitCount + 1);
  // Every path runs the threshold DP (the general one on its relaxation, for a lower bound).
  const steps = Math.ceil(Math.log2(p.unitCount + 1));
  const probe = p.stateCount * p.kindCount * steps * steps;
  if (probe > MAX_PROBE_WORK) {
    throw new ProblemError('devices', `${p.kindCount} kinds of devices (${p.stateCount} search states) over ${p.unitCount} units make a search of ${probe.toExponential(2)} steps (states × kinds × ⌈log2(units + 1)⌉²); the limit is ${MAX_PROBE_WORK.toExponential(2)} (about 16 distinct devices over 1,000 units, 14 over 100,000). Group layers into fewer units, or give devices that really are the same equal profiles`);
  }
  if (p.transfers) {
    const field = p.cutBytes.some((b) => b > 0) || p.inNeed.some((b) => b > 0) ? 'model.outputBytes' : 'devices';
    // The general DP runs for what the problem models, or for a frontier or deadline whose
    // least-latency table is too large for the windowed DP (`prepareFor`): say which.
    const why = modelsTransfers(problem, options) ? 'with activations, a source, sink or requirement modelled'
      : `a frontier or deadline whose least-latency table (states × (units + 1) = ${cells} cells) is above ${MAX_LATENCY_CELLS} runs the general DP:`;
    if (cells * p.kindCount > MAX_TRANSFER_CELLS) {
      throw new ProblemError(field, `${why} the search needs ${cells * p.kindCount} cells (states × (units + 1) × kinds); the limit is ${MAX_TRANSFER_CELLS}. Group layers into fewer units or give identical devices equal profiles`);
    }
    // Its pruning usually cuts most of this, but not when the cluster is so slow or so short of
    // memory that no limit binds: bound the worst case so no call can run for long.
    const work = transferPassWork(p);
    if (work > MAX_SEARCH_WORK) {
      throw new ProblemError(field, `${why} the worst-case search is ${work.toExponential(2)} steps (states × units² × kinds²); the limit is ${MAX_SEARCH_WORK.toExponential(2)}. Group layers into fewer units or give identical devices equal profiles`);
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

/**
 * Most a kind's time for the whole model may exceed the least latency any plan can have (README,
 * "Limits"): the least-latency DP picks a stage's start by the key F − P/v, which rounds at an
 * ulp of P/v (P/v up to the kind's whole-model time). At 2^18 times the least latency that is
 * 2^-34 of it, well inside the 1e-9 tie the objective allows; far beyond, a slow kind or a huge
 * placeholder time can cost a point of the frontier or the least latency itself.
 */
export const MAX_TIME_SCALE = 2 ** 18;

/**
 * Refuses a problem whose times span more than MAX_TIME_SCALE: the slowest kind's time for the
 * whole model (over kinds that can hold some unit: a kind that runs nothing adds no key) against
 * `latencyFloor`, a floor under every plan's latency. The bottleneck's lower bound is tried first
 * (O(kinds)); the floor costs units × kinds. A unit no kind can run is left to the infeasibility
 * report.
 */
function checkTimeScale(problem: Problem, p: PreparedProblem): void {
  const width = p.unitCount + 1;
  let widest = 0;
  let widestKind = 0;
  for (let k = 0; k < p.kindCount; k++) {
    const total = (p.timePrefix[k * width + p.unitCount] ?? 0) / (p.divisor[k] ?? 1);
    if (total > widest && holdsSomeUnit(p, k)) {
      widest = total;
      widestKind = k;
    }
  }
  // Every plan's latency is at least its bottleneck, so at least the lower bound.
  if (!(widest > MAX_TIME_SCALE * p.lowerBound)) return;
  const floor = latencyFloor(p);
  // A unit no kind can hold is left to the infeasibility report; a floor of 0 (every unit some
  // device can run in no time) leaves nothing to compare to.
  if (floor === Infinity || !(floor > 0) || widest <= MAX_TIME_SCALE * floor) return;
  const device = p.kindDevices[widestKind]?.[0] ?? 0;
  throw new ProblemError(`devices[${device}]`, `device "${problem.devices[device]?.id ?? ''}" takes ${widest} ms for the whole model, more than 2^18 (${MAX_TIME_SCALE}) times the least latency any plan can have (at least ${floor} ms): latencies that far apart cannot be compared to the 1e-9 the planner promises (README, "Limits"). Mark units a device cannot run with null, not a large time, or leave out a device that slow`);
}

/** Whether a kind can hold at least one unit on its own (runs it, and it fits its memory). */
function holdsSomeUnit(p: PreparedProblem, k: number): boolean {
  for (let u = 0; u < p.unitCount; u++) if (fits(p, k, u, u + 1)) return true;
  return false;
}

/** One engine: the plain search, and the general search the requirement drivers run on. */
export interface Engine {
  search(p: PreparedProblem, options: ResolvedOptions): SearchResult;
  general(p: PreparedProblem): GeneralSearch;
}

/** The engines a facade call may use; `wasm` is absent for `solveReference`. */
export interface Engines {
  ts: Engine;
  wasm?: Engine;
}

/**
 * The prepared arrays for a validated problem under resolved options (requirements included).
 * @param general - prepare for the general DP even without activations (the latency drivers)
 */
export function prepareFor(problem: Problem, options: ResolvedOptions, general = false, store?: ArrayStore): PreparedProblem {
  checkRequirements(problem, options);
  const cost: CostOptions = { transfer: options.transfer, slots: options.slots, memoryTest: options.memoryTest };
  if (options.maxStages !== undefined) cost.maxStages = options.maxStages;
  if (options.first !== undefined) cost.first = options.first;
  if (options.last !== undefined) cost.last = options.last;
  const p = prepare(problem, cost, store);
  // The latency drivers run the windowed latency DP on monotone problems when its table fits,
  // and the general DP otherwise.
  if (general && !latencyTableFits(p)) p.transfers = true;
  return p;
}

function pickEngine(engines: Engines, options: ResolvedOptions): Engine {
  const engine = options.engine === 'wasm' ? engines.wasm : engines.ts;
  if (!engine) throw new ProblemError('options.engine', "'wasm' is not available from solveReference or frontierReference; use solve(), frontier() or createSolver()");
  return engine;
}

/** The counters of a general search added to a plain search's. */
function addCounters(a: SearchCounters, b: SearchCounters): SearchCounters {
  const sum = { ...a };
  for (const key of Object.keys(b) as (keyof SearchCounters)[]) sum[key] = (a[key] ?? 0) + (b[key] ?? 0);
  return sum;
}

/** Ms for a message: enough digits to act on, not a float's noise. */
function milliseconds(value: number): string {
  return Number(value.toPrecision(6)).toString();
}

/**
 * The closest latency for a deadline no plan meets. One within the 1e-9 latency tie of the
 * deadline is shown in full with the reason: the least-latency search can round one ulp above a
 * plan's own sum (docs/model.md, Requirements), so a deadline copied to the last digit from a
 * reported latency can miss.
 */
function closestLatency(least: number, deadline: number): string {
  if (!(least <= deadline + LATENCY_TIE * deadline)) return `${milliseconds(least)} ms`;
  const slack = `allow a little slack, e.g. ${deadline + 2 * LATENCY_TIE * deadline} ms`;
  if (least <= deadline) return `${least} ms, which meets it only to the last bits, closer than the search's rounding can tell plans apart (docs/model.md, Requirements); ${slack}`;
  return `${least} ms, above it by rounding only (docs/model.md, Requirements); ${slack}`;
}

/** A search whose requirements exclude every plan: say which, and the closest achievable value. */
function infeasible(problem: Problem, options: ResolvedOptions, engines: Engines, reason?: string): InfeasibleError {
  if (reason) return new InfeasibleError(reason);
  const { maxLatency, maxStages, first, last } = options;
  if (maxLatency === undefined && maxStages === undefined && first === undefined && last === undefined) {
    return new InfeasibleError(explainInfeasible(problem));
  }
  // Plans under some of the requirements only: the problem's own options would bring them all back.
  const { options: _own, ...bare } = problem;
  const free: ResolvedOptions = { engine: 'ts', algorithm: 'auto', transfer: options.transfer, slots: options.slots, secondary: 'latency', memoryTest: options.memoryTest };
  const plan = (extra: Partial<ResolvedOptions>): Plan | undefined => {
    try {
      return planValidated(bare, { ...free, ...extra }, 'ts', { ts: engines.ts }, undefined, 0, false);
    } catch (error) {
      if (error instanceof InfeasibleError) return undefined;
      throw error;
    }
  };
  const best = plan({});
  if (!best) return new InfeasibleError(explainInfeasible(problem));
  if (first !== undefined && !plan({ first })) return new InfeasibleError(`none runs its first stage on "${first}" (options.first); the best plan starts on "${best.stages[0]?.device}"`);
  if (last !== undefined && !plan({ last })) return new InfeasibleError(`none runs its last stage on "${last}" (options.last); the best plan ends on "${best.stages[best.stages.length - 1]?.device}"`);
  const ends: Partial<ResolvedOptions> = {};
  if (first !== undefined) ends.first = first;
  if (last !== undefined) ends.last = last;
  if (maxStages !== undefined && !plan({ ...ends, maxStages })) {
    const devices = problem.devices.filter((d) => d.compute !== false).length;
    let fewest = maxStages + 1;
    while (fewest <= devices && !plan({ ...ends, maxStages: fewest })) fewest++;
    return new InfeasibleError(`none has at most ${maxStages} stage${maxStages === 1 ? '' : 's'} (options.maxStages); the fewest stages of any valid plan${first ?? last ? ' with these ends' : ''} is ${fewest}`);
  }
  return new InfeasibleError(`the requirements together (${[first && `first "${first}"`, last && `last "${last}"`, maxStages && `at most ${maxStages} stages`].filter(Boolean).join(', ')}) exclude every valid plan`);
}

function run(input: Problem, rawOptions: SolveOptions | undefined, defaultEngine: 'wasm' | 'ts', engines: Engines): Plan {
  const started = nowMillis();
  return withinStepLimit(() => planValidated(validateProblem(input), rawOptions, defaultEngine, engines, started));
}

/** Turns a search that reached MAX_SEARCH_STEPS into a ProblemError (README, "Limits"). */
export function withinStepLimit<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof SearchLimitError)) throw error;
    if (error instanceof FrontierLimitError) {
      const found = `${error.found} Pareto-optimal plan${error.found === 1 ? '' : 's'}`;
      throw new ProblemError('', `the trade-off has more plans than can be listed exactly within the time bound: ${found} found before the search reached its limit of ${error.limit.toExponential(1)} ${error.unit} (README, "Limits"). For one deadline, solve with maxLatency (CLI: dnnpipe plan --max-latency MS); grouping layers into fewer units or using fewer distinct devices shortens the list`);
    }
    throw new ProblemError('', `the search reached its limit of ${MAX_SEARCH_STEPS.toExponential(1)} stage transitions before it could prove a plan optimal; this problem is too large to plan exactly within the time bound (README, "Limits"). Group layers into fewer units, use fewer distinct devices, or drop a requirement`);
  }
}

/**
 * The facade's work after validation: prepare, search, cost. For callers that hold a problem
 * `validateProblem` returned (the planner), so it is not validated twice.
 */
export function planValidated(problem: Problem, rawOptions: SolveOptions | undefined, defaultEngine: 'wasm' | 'ts', engines: Engines, started = nowMillis(), knownLowerBound = 0, explain = true): Plan {
  return lendScratch((scratch) => planWith(scratch, problem, rawOptions, defaultEngine, engines, started, knownLowerBound, explain));
}

/** `planValidated` with its arrays in `scratch`: nothing of them outlives the call. */
function planWith(scratch: Scratch, problem: Problem, rawOptions: SolveOptions | undefined, defaultEngine: 'wasm' | 'ts', engines: Engines, started: number, knownLowerBound: number, explain: boolean): Plan {
  const options = resolveOptions(rawOptions, defaultEngine, problem.options);
  const withDeadline = options.maxLatency !== undefined;
  const p = prepareFor(problem, options, withDeadline, scratch);
  // A caller that knows every plan of this problem is at least this slow (the planner, after a
  // device left) lets the search start there; any valid lower bound keeps it exact.
  if (knownLowerBound > p.lowerBound) p.lowerBound = knownLowerBound;
  checkLimits(problem, p, options);
  const engine = pickEngine(engines, options);
  const result = engine.search(p, withDeadline ? { ...options, secondary: 'latency' } : options);
  if (!result.feasible) throw explain ? infeasible(problem, options, engines) : new InfeasibleError('');
  let { stageEnds, stageKinds, least, counters } = result;
  let method = p.transfers ? 'transfer-dp' : options.algorithm === 'dnnpipe' ? 'paper-dp' : 'threshold';
  if (options.maxLatency !== undefined) {
    const g = engine.general(p);
    // The windowed DP's key rounds (src/search-latency.ts, `keyRounding`); the general DP sums in plan order.
    const slack = p.transfers ? 0 : keyRounding(p, options.maxLatency);
    const found = solveWithinLatency(g, least, options.maxLatency, () => latencyFloor(p), slack);
    counters = addCounters(counters, g.counters);
    if (!found.feasible) {
      throw infeasible(problem, options, engines, `none meets options.maxLatency = ${options.maxLatency} ms: the least latency of any valid plan${options.first ?? options.last ?? options.maxStages ? ' meeting the other requirements' : ''} is ${closestLatency(found.leastLatency, options.maxLatency)}`);
    }
    ({ least } = found);
    stageEnds = found.plan.ends;
    stageKinds = found.plan.kinds;
    method = 'latency-bound';
  }
  const stats = planStats(options, method, 0, result.latencyOptimal, least, counters);
  const plan = costPlan(problem, p, assignDevices(p, stageEnds, stageKinds), stats, planOptions(options));
  // The chosen plan ties with the least bottleneck (docs/model.md, Objective); with secondary
  // 'none' it is exactly the least.
  const ceiling = options.secondary === 'none' && !withDeadline ? least : tieLimit(least);
  if (!(plan.bottleneck >= least && plan.bottleneck <= ceiling)) {
    throw new Error(`internal: plan costs ${plan.bottleneck} but the search found ${least}`);
  }
  stats.micros = Math.round((nowMillis() - started) * 1000);
  return plan;
}

/**
 * A plan's stats, for a solve and for each frontier point: one object literal of one shape (the
 * frontier's points were 10 % faster as literals than as spreads; here, against a spread of the
 * counters, a warm EfficientNetV2-B0 solve measured 0.97–1.01, interleaved A/B both ways round).
 */
function planStats(options: ResolvedOptions, method: string, micros: number, latencyOptimal: boolean, leastBottleneck: number, c: SearchCounters): PlanStats {
  return {
    engine: options.engine, algorithm: options.algorithm, method, micros, latencyOptimal, leastBottleneck,
    states: c.states, transitions: c.transitions, probes: c.probes, prunedUpperBound: c.prunedUpperBound,
    prunedUnderUtilized: c.prunedUnderUtilized, boundRetries: c.boundRetries, latencyCells: c.latencyCells,
  };
}

/**
 * The trade-off for a validated problem: every Pareto-optimal (bottleneck, latency) plan, within
 * `maxLatency` when given.
 */
export function frontierValidated(problem: Problem, rawOptions: SolveOptions | undefined, defaultEngine: 'wasm' | 'ts', engines: Engines): Plan[] {
  return lendScratch((scratch) => frontierWith(scratch, problem, rawOptions, defaultEngine, engines));
}

function frontierWith(scratch: Scratch, problem: Problem, rawOptions: SolveOptions | undefined, defaultEngine: 'wasm' | 'ts', engines: Engines): Plan[] {
  const started = nowMillis();
  const options = resolveOptions(rawOptions, defaultEngine, problem.options);
  // The frontier's points are each the least latency at their bottleneck (docs/model.md,
  // Frontier): 'none' would make its first point another plan than `solve` with the same options
  // returns (an outside review), so it is refused, not ignored.
  if (options.secondary === 'none') throw new ProblemError('options.secondary', "is 'none', which only `solve` applies (the fewest stages at exactly B*); a frontier ranks every point's plans by latency: leave it out or give 'latency'");
  const p = prepareFor(problem, options, true, scratch);
  checkLimits(problem, p, options);
  const engine = pickEngine(engines, options);
  const result = engine.search(p, { ...options, secondary: 'latency' });
  if (!result.feasible) throw infeasible(problem, options, engines);
  const g = engine.general(p);
  const passes = frontierPasses(g, result.least);
  const deadline = options.maxLatency ?? Infinity;
  // Within a deadline: the points whose least latency meets it. Such a point's plan, the tie
  // rule's pick, can be up to 1e-9 above that least, and so above the deadline; then the point
  // gets the same rule's pick among the plans within the deadline, as a deadline solve does
  // (src/tradeoff.ts, `planWithin`).
  // The exact plan can still be an ulp above a deadline its point's L(T) meets (the windowed
  // DP's key, docs/model.md): such a point is left out, as a deadline at its last bit may be.
  const within = passes.filter((pass) => pass.latency <= deadline).map((pass) => (pass.planLatency <= deadline ? pass : frontierPoint(g.pass(pass.limit, false, deadline), pass.limit, pass.least))).filter((pass) => pass.planLatency <= deadline);
  const counters = addCounters(result.counters, g.counters);
  if (within.length === 0) {
    const fastest = passes[passes.length - 1]?.latency ?? Infinity;
    // A plan tied with the last point (within the latency tie) can meet a deadline all of that
    // point's plans miss by an ulp: the deadline solve finds it, and the refusal names its latency
    // (an outside review: "the least latency of any valid plan is 0.1 ms" where a plan of
    // 0.09999999999999999 ms meets the deadline).
    const slack = p.transfers ? 0 : keyRounding(p, deadline);
    const solved = solveWithinLatency(g, result.least, deadline, () => latencyFloor(p), slack);
    const others = options.first ?? options.last ?? options.maxStages ? ' meeting the other requirements' : '';
    if (!solved.feasible) throw infeasible(problem, options, engines, `none meets options.maxLatency = ${deadline} ms: the least latency of any valid plan${others} is ${closestLatency(solved.leastLatency, deadline)}`);
    // Only what is known: the deadline solve's plan is the least-bottleneck one within the
    // deadline, not necessarily the fastest (a second review: "the least latency of any valid
    // plan is 0.9 ms" where a 0.8999999999999999 ms plan exists).
    throw infeasible(problem, options, engines, `no point of the trade-off meets options.maxLatency = ${deadline} ms: the fastest point's least latency is ${fastest} ms, and a plan of ${solved.plan.planLatency} ms${others}, tied with it closer than the frontier tells points apart (docs/model.md, Frontier), meets the deadline only to the last bits; solve with this maxLatency returns such a plan, or allow a little slack, e.g. ${deadline + 2 * LATENCY_TIE * deadline} ms`);
  }
  const micros = Math.round((nowMillis() - started) * 1000);
  const context = planContext(problem, p);
  return within.map((pass) => {
    const stats = planStats(options, 'frontier', micros, true, pass.least, counters);
    return costPlan(problem, p, assignDevices(p, pass.ends, pass.kinds), stats, planOptions(options), context);
  });
}

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

/**
 * The throughput/latency trade-off with the pure-TypeScript engine (see `frontier`).
 * @param problem - the model and cluster
 * @param options - as for `solve`; `engine` must be `'ts'` or absent
 */
export function frontierReference(problem: Problem, options?: SolveOptions): Plan[] {
  return withinStepLimit(() => frontierValidated(validateProblem(problem), options, 'ts', { ts: tsEngine }));
}

/** A warm solver whose `solve` is synchronous: for hot loops and re-planning. */
export interface Solver {
  /**
   * @param problem - the model and cluster
   * @param options - engine (default `'wasm'`), algorithm, secondary objective, requirements
   */
  solve(problem: Problem, options?: SolveOptions): Plan;
  /**
   * Every Pareto-optimal (bottleneck, latency) plan (see `frontier`).
   * @param problem - the model and cluster
   * @param options - as for `solve`
   */
  frontier(problem: Problem, options?: SolveOptions): Plan[];
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
    frontier: (problem, options) => withinStepLimit(() => frontierValidated(validateProblem(problem), options, available.defaultEngine, available.engines)),
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
 * @param problem - the model and cluster (docs/model.md)
 * @param options - engine (default `'wasm'`), algorithm (default `'auto'`), secondary (default
 *   `'latency'`), transfer mode, slots, requirements (`maxLatency`, `maxStages`, `first`, `last`)
 * @returns the least-bottleneck plan meeting the requirements (then least latency, fewest stages)
 * @throws ProblemError for invalid input, InfeasibleError when no plan exists or meets the requirements
 */
export async function solve(problem: Problem, options?: SolveOptions): Promise<Plan> {
  shared ??= createSolver();
  return (await shared).solve(problem, options);
}

/**
 * The exact trade-off between throughput and latency: one plan for every Pareto-optimal
 * (bottleneck, latency) pair, bottleneck ascending and latency strictly descending, from the
 * least-bottleneck plan to the least-latency plan (docs/model.md, Frontier).
 * @param problem - the model and cluster
 * @param options - as for `solve`; `maxLatency` keeps only the plans within it
 */
export async function frontier(problem: Problem, options?: SolveOptions): Promise<Plan[]> {
  shared ??= createSolver();
  return (await shared).frontier(problem, options);
}
