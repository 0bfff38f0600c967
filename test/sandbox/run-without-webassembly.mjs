// Loads the built core entry (dist/index.js) into a node:vm realm where WebAssembly cannot run,
// and plans the EfficientNetV2-B0 example there. Prints what happened as JSON.
//   node --experimental-vm-modules test/sandbox/run-without-webassembly.mjs MODE
// MODE: `deleted` — the realm's `WebAssembly` global is deleted (QuickJS, `node --jitless`);
//       `refused` — it exists but compiling throws, as under a content-security policy without
//                   'wasm-unsafe-eval' (node:vm's `codeGeneration: { wasm: false }`);
//       `watched` — it works, but every read of the global is counted, to show that importing
//                   the core entry reads it not once.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { coreLinker } from './realm.mjs';

const mode = process.argv[2];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const context = vm.createContext({}, mode === 'refused' ? { codeGeneration: { wasm: false } } : {});
vm.runInContext(mode === 'deleted' ? 'delete globalThis.WebAssembly;'
  : mode === 'watched' ? `{
      const real = globalThis.WebAssembly;
      globalThis.webAssemblyReads = 0;
      Object.defineProperty(globalThis, 'WebAssembly', { configurable: true, get() { globalThis.webAssemblyReads += 1; return real; } });
    }` : '', context);
const link = coreLinker(context, root);

context.configText = readFileSync(path.join(root, 'examples/effnetv2b0.dnnpipe.json'), 'utf8');
const program = new vm.SourceTextModule(`
  import * as dnnpipe from 'dnnpipe';
  const { solve, createSolver, createPlanner, fromDnnpipeConfig, ProblemError, WasmUnavailableError } = dnnpipe;
  const readsAtImport = globalThis.webAssemblyReads;
  const problem = fromDnnpipeConfig(JSON.parse(globalThis.configText));
  const refusal = async (work) => {
    try { await work(); return null; } catch (error) {
      return { name: error.name, message: error.message, path: error.path, reason: error.reason,
               isWasmUnavailable: error instanceof WasmUnavailableError, isProblemError: error instanceof ProblemError };
    }
  };
  const planned = await solve(problem);
  const solver = await createSolver();
  const warm = solver.solve(problem);
  const planner = createPlanner(problem);
  const replan = planner.update({ removeDevices: ['4'] });
  globalThis.output = JSON.stringify({
    hasWebAssembly: typeof WebAssembly !== 'undefined',
    readsAtImport,
    readsAfterPlanning: globalThis.webAssemblyReads,
    solve: { engine: planned.stats.engine, stages: planned.stages, bottleneck: planned.bottleneck },
    solver: { engine: warm.stats.engine, memoryBytes: solver.memoryBytes(), explicitTs: solver.solve(problem, { engine: 'ts' }).stats.engine },
    planner: { engine: planner.plan().stats.engine, replanEngine: replan.plan.stats.engine, devices: replan.plan.stages.map((s) => s.device) },
    explicitWasm: {
      solve: await refusal(() => solve(problem, { engine: 'wasm' })),
      solver: await refusal(() => solver.solve(problem, { engine: 'wasm' })),
      planner: await refusal(() => createPlanner(problem, { engine: 'wasm' })),
    },
  });
`, { identifier: 'sandbox-program', context });
await program.link(link);
await program.evaluate();
process.stdout.write(`${context.output}\n`);
