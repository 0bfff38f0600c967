// Runs the single-file build (dist/dnnpipe.global.js) in QuickJS — the engine many devices and
// plugin hosts embed: no WebAssembly, no module loader, no host APIs — with a hard heap cap and a
// stack limit. QuickJS runs inside WebAssembly in Node here (quickjs-emscripten), but the
// JavaScript it runs sees none of that: its realm has only QuickJS's ECMAScript built-ins.
//
// The heap cap. QuickJS's own limit (JS_SetMemoryLimit) counts each block by the allocator's
// usable size, which Emscripten builds do not report: there it adds 8 bytes per block whatever its
// size, so it limits almost nothing. So we cap the allocator itself: QuickJS gets a fresh linear
// memory that cannot grow, and before the runtime is created every free byte of it is taken by
// ballast except one block of `heapBytes`. Everything QuickJS then allocates — runtime, context,
// atoms, bytecode, objects, the copies of the source text quickjs-emscripten passes in — must fit
// in that block. A fresh module per run keeps the allocator's layout, hence the figure, repeatable.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import variant from '@jitl/quickjs-wasmfile-release-sync';
import { newQuickJSWASMModuleFromVariant, newVariant } from 'quickjs-emscripten-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const singleFile = () => readFileSync(path.join(root, 'dist/dnnpipe.global.js'), 'utf8');
export const exampleConfigText = () => readFileSync(path.join(root, 'examples/effnetv2b0.dnnpipe.json'), 'utf8');

/** The module's linear memory, fixed: 256 pages (16 MiB) is the least this build accepts. */
const LINEAR_PAGES = 256;

/** The largest block `malloc` can return now (to 8 bytes). */
function largestFreeBlock(module) {
  let fits = 0;
  let fails = LINEAR_PAGES * 65536;
  while (fails - fits > 8) {
    const size = Math.floor((fits + fails) / 2);
    const pointer = module._malloc(size);
    if (pointer) {
      module._free(pointer);
      fits = size;
    } else {
      fails = size;
    }
  }
  return fits;
}

/** Takes every free byte but one block of `heapBytes`, which is left free for QuickJS. */
function leaveOnly(module, heapBytes) {
  const reserved = module._malloc(heapBytes);
  if (!reserved) throw new Error(`cannot reserve ${heapBytes} bytes in ${LINEAR_PAGES * 64} KiB`);
  const ballast = [];
  for (let size = largestFreeBlock(module); size >= 16; size = largestFreeBlock(module)) ballast.push(module._malloc(size));
  module._free(reserved);
}

/**
 * Evaluates `script` (as a classic script) and then `program` in a fresh QuickJS runtime, runs
 * its pending jobs (so `await` in `program` completes), and returns `globalThis.output`, or
 * `globalThis.failure` as the error if the program set it (a rejected promise is not thrown).
 * @param options.heapBytes - all QuickJS may allocate, runtime and context included
 * @param options.stackBytes - QuickJS's stack limit (`JS_SetMaxStackSize`)
 * @param options.globals - strings defined as globals before `script` runs
 * @returns `{ output }` (a string) or `{ error }` (what was thrown, as text)
 */
export async function runInQuickJS({ script, program, heapBytes, stackBytes, globals = {} }) {
  const memory = new WebAssembly.Memory({ initial: LINEAR_PAGES, maximum: LINEAR_PAGES });
  // Emscripten prints its aborts (a half-built runtime failing to dispose) to stderr; they belong
  // to runs that already failed, so keep them out of the test output.
  const quiet = { printErr: () => {} };
  const quickjs = await newQuickJSWASMModuleFromVariant(newVariant(variant, { wasmMemory: memory, emscriptenModule: quiet }));
  // quickjs-emscripten keeps the Emscripten module (with its malloc/free) as `module`.
  leaveOnly(quickjs.module, heapBytes);
  let runtime;
  let context;
  try {
    runtime = quickjs.newRuntime();
    runtime.setMaxStackSize(stackBytes);
    context = runtime.newContext();
    const text = (handle) => {
      const value = context.dump(handle);
      handle.dispose();
      return typeof value === 'string' ? value : JSON.stringify(value);
    };
    for (const [name, value] of Object.entries(globals)) {
      const handle = context.newString(value);
      context.setProp(context.global, name, handle);
      handle.dispose();
    }
    for (const [source, file] of [[script, 'dnnpipe.global.js'], [program, 'program.js']]) {
      const result = context.evalCode(source, file, { type: 'global' });
      if (result.error) return { error: text(result.error) };
      result.value.dispose();
    }
    const jobs = runtime.executePendingJobs();
    if (jobs.error) return { error: text(jobs.error) };
    const failure = context.getProp(context.global, 'failure');
    if (context.typeof(failure) !== 'undefined') return { error: text(failure) };
    failure.dispose();
    const output = context.getProp(context.global, 'output');
    return context.typeof(output) === 'string' ? { output: text(output) } : { error: `no output: ${text(output)}` };
  } catch (error) {
    // Out of memory while creating the runtime or context surfaces as a host-side exception.
    return { error: String(error) };
  } finally {
    // A runtime or context that ran out of memory half-built can crash on disposal; the module
    // is this run's alone and dropped with it, so failures here do not matter.
    try {
      context?.dispose();
      runtime?.dispose();
    } catch {
      // dropped with the module
    }
  }
}

/**
 * The program the heap figure is measured with: parse the bundled EfficientNetV2-B0 config and
 * plan it with `solve` (the TypeScript engine, QuickJS having no WebAssembly).
 */
export const PLAN_EXAMPLE = `
  (async () => {
    const { solve, fromDnnpipeConfig } = globalThis.dnnpipe;
    const plan = await solve(fromDnnpipeConfig(JSON.parse(globalThis.configText)));
    return 'planned ' + plan.stats.engine + ' ' + plan.bottleneck;
  })().then((text) => { globalThis.output = text; }, (error) => { globalThis.failure = String(error); });
`;

/**
 * The example with activations and links (in Node and in QuickJS alike): transfers change both
 * its plan and its bottleneck.
 * @param problem - the example as `fromDnnpipeConfig` returns it
 */
export function withTransfers(problem) {
  const bandwidth = [1000, 1000, 300, 300];
  return {
    model: { ...problem.model, inputBytes: 150_528, outputBytes: problem.model.time.map((_, unit) => ((unit * 7919) % 61 + 4) * 8192) },
    devices: problem.devices.map((device, i) => ({ ...device, bandwidth: bandwidth[i] })),
  };
}

/** The stack limit every QuickJS run here uses (the plan needs a few KB of it in this build). */
export const STACK_BYTES = 64 * 1024;

/**
 * Plans the example in QuickJS with this much heap.
 * @returns the program's output, or "error …"
 */
export async function planExampleWithHeap(heapBytes, stackBytes = STACK_BYTES) {
  const run = await runInQuickJS({ script: singleFile(), program: PLAN_EXAMPLE, heapBytes, stackBytes, globals: { configText: exampleConfigText() } });
  return run.output ?? `error ${run.error}`;
}
