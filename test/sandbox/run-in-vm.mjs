// Loads the built core entry (dist/index.js) into a node:vm realm that has only the ECMAScript
// built-ins and WebAssembly — no fetch, TextDecoder, atob, Buffer, process or performance — and
// plans the EfficientNetV2-B0 example there. Prints the plans and the realm's globals as JSON.
// Run with: node --experimental-vm-modules test/sandbox/run-in-vm.mjs
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { coreLinker } from './realm.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const context = vm.createContext({});
const link = coreLinker(context, root);

context.configText = readFileSync(path.join(root, 'examples/effnetv2b0.dnnpipe.json'), 'utf8');
const program = new vm.SourceTextModule(`
  import { solve, solveReference, createPlanner, fromDnnpipeConfig, simulate, renderSvg } from 'dnnpipe';
  const problem = fromDnnpipeConfig(JSON.parse(globalThis.configText));
  const wasm = await solve(problem);
  const ts = solveReference(problem);
  const planner = createPlanner(problem);
  const replan = planner.update({ removeDevices: ['4'] });
  const svg = renderSvg(problem, wasm, simulate(problem, wasm.stages, { frames: 4 }));
  globalThis.output = JSON.stringify({
    globals: ['fetch', 'TextDecoder', 'atob', 'Buffer', 'process', 'performance', 'setTimeout'].filter((name) => name in globalThis),
    wasm: { stages: wasm.stages, bottleneck: wasm.bottleneck, latency: wasm.latency, engine: wasm.stats.engine },
    ts: { stages: ts.stages, bottleneck: ts.bottleneck },
    replan: { bottleneck: replan.plan.bottleneck, devices: replan.plan.stages.map((s) => s.device) },
    svgBytes: svg.length,
  });
`, { identifier: 'sandbox-program', context });
await program.link(link);
await program.evaluate();
process.stdout.write(`${context.output}\n`);
