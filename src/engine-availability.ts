/**
 * Which engines this runtime can run. The WASM kernel needs a `WebAssembly` global that compiles
 * and instantiates our module; QuickJS, `node --jitless` and many embedded engines have none, and
 * a content-security policy without `'wasm-unsafe-eval'` makes compiling throw. There the facade
 * uses the TypeScript engine, which returns the same plans, and reports `stats.engine: 'ts'`;
 * only an explicit `engine: 'wasm'` is refused, with a `WasmUnavailableError`.
 *
 * Nothing here or in the modules it imports touches `WebAssembly` at import time: the probe runs
 * when a solver or planner is created, each time, so a transient failure to instantiate (say,
 * for lack of memory) does not decide for good. `kernel.ts` caches the compiled module (and
 * `compileKernel` its outcome, a refusal included), so probing again costs one instantiation.
 */
import { KernelError, WasmUnavailableError } from './errors.js';
import { compileKernel, compileKernelSync, Kernel } from './kernel.js';
import { generalSearch, search } from './search.js';
import type { Engine, Engines } from './solver.js';

/** The TypeScript engine: the plain search and the general search the requirement drivers use. */
export const tsEngine: Engine = { search: (p, options) => search(p, options), general: (p) => generalSearch(p) };

/** The engines a solver or planner runs on, and which one it uses when none is named. */
export interface AvailableEngines {
  engines: Engines;
  /** `'wasm'` where the kernel runs, `'ts'` where it cannot. */
  defaultEngine: 'wasm' | 'ts';
  /** Bytes of WebAssembly memory held: the kernel's linear memory, or 0 without a kernel. */
  memoryBytes(): number;
}

/** Both engines, the WASM one on this kernel instance. */
export function withKernel(kernel: Kernel): AvailableEngines {
  return {
    engines: { ts: tsEngine, wasm: { search: (p, options) => kernel.search(p, options), general: (p) => kernel.general(p) } },
    defaultEngine: 'wasm',
    memoryBytes: () => kernel.memoryBytes(),
  };
}

/**
 * The TypeScript engine alone. The TypeScript engine allocates its tables per solve on the
 * JavaScript heap and keeps nothing between solves, so the solver holds no memory of its own:
 * `memoryBytes()` is 0.
 * @param reason - why WebAssembly is unusable, for the error an explicit `engine: 'wasm'` gets
 */
export function withoutKernel(reason: string): AvailableEngines {
  return {
    engines: { ts: tsEngine, wasm: { search: () => { throw new WasmUnavailableError(reason); }, general: () => { throw new WasmUnavailableError(reason); } } },
    defaultEngine: 'ts',
    memoryBytes: () => 0,
  };
}

/** Instantiates the kernel now, so a refusal shows here and not in the first solve. */
function instantiated(module: WebAssembly.Module): AvailableEngines {
  const kernel = new Kernel(module);
  kernel.kernelCapacities();
  return withKernel(kernel);
}

/** Why the runtime refused: its own words, or the fallback if it gave none. */
function refusal(error: unknown): AvailableEngines {
  // A KernelError here means the kernel's capacities are below the facade's limits: a dnnpipe bug
  // that falling back would hide.
  if (error instanceof KernelError) throw error;
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return withoutKernel(reason);
}

const NO_WEBASSEMBLY = 'WebAssembly is not defined';

function hasWebAssembly(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly !== null;
}

/**
 * A fresh kernel instance if WebAssembly runs here, else the TypeScript engine alone.
 * @returns the engines for one solver; never rejects for lack of WebAssembly
 */
export async function availableEngines(): Promise<AvailableEngines> {
  if (!hasWebAssembly()) return withoutKernel(NO_WEBASSEMBLY);
  try {
    return instantiated(await compileKernel());
  } catch (error) {
    return refusal(error);
  }
}

/**
 * As `availableEngines`, compiling synchronously (for `createPlanner`).
 * @returns the engines for one planner; never throws for lack of WebAssembly
 */
export function availableEnginesSync(): AvailableEngines {
  if (!hasWebAssembly()) return withoutKernel(NO_WEBASSEMBLY);
  try {
    return instantiated(compileKernelSync());
  } catch (error) {
    return refusal(error);
  }
}
