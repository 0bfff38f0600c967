/**
 * Typed errors. Every error a user can cause is a `ProblemError` (bad input, with the field path)
 * or an `InfeasibleError` (valid input, no valid plan). `KernelError` means the WebAssembly kernel
 * failed — a bug in dnnpipe, never the user's fault; the solver that raised it stays usable.
 */

/** Invalid input: `path` names the field, e.g. `"model.time[17]"` or `"devices[2].speed"`. */
export class ProblemError extends Error {
  override readonly name: string = 'ProblemError';
  /** Where in the input the problem is; `""` for the input as a whole. */
  readonly path: string;

  /**
   * @param path - the offending field, in JavaScript accessor syntax
   * @param message - what is wrong and what would be accepted
   */
  constructor(path: string, message: string) {
    super(path === '' ? message : `${path}: ${message}`);
    this.path = path;
  }
}

/** A valid problem that has no valid plan; `reason` explains why in terms of the input. */
export class InfeasibleError extends Error {
  override readonly name = 'InfeasibleError';
  /** Why no plan exists, e.g. which unit fits on no device. */
  readonly reason: string;

  /** @param reason - the explanation, phrased in terms of the input's fields */
  constructor(reason: string) {
    super(`no valid plan: ${reason}`);
    this.reason = reason;
  }
}

/** The WebAssembly kernel trapped or aborted. The solver re-instantiates it on the next call. */
export class KernelError extends Error {
  override readonly name = 'KernelError';

  /** @param message - the kernel's abort message or the trap's description */
  constructor(message: string) {
    super(`dnnpipe kernel failed: ${message}`);
  }
}

/**
 * `engine: 'wasm'` was asked for where WebAssembly cannot run: the runtime has none (QuickJS,
 * `node --jitless`, some embedded engines) or refuses to compile it (a content-security policy
 * without `'wasm-unsafe-eval'`). A `ProblemError` at `options.engine`: use `engine: 'ts'` or
 * `solveReference`, which return the same plans. Without an explicit engine, dnnpipe falls back
 * to the TypeScript engine by itself and never throws this.
 */
export class WasmUnavailableError extends ProblemError {
  override readonly name = 'WasmUnavailableError';
  /** Why WebAssembly is unusable here, e.g. `"WebAssembly is not defined"` or the compile error. */
  readonly reason: string;

  /** @param reason - what the runtime said or lacks */
  constructor(reason: string) {
    super('options.engine', `'wasm' cannot run in this runtime (${reason}); use engine: 'ts' or solveReference(), which return the same plans`);
    this.reason = reason;
  }
}
