/**
 * The single-file build in QuickJS: no WebAssembly, no module loader, a capped heap and stack.
 * It must plan exactly what Node plans with the WASM kernel: the same stages and the same
 * bottleneck to the last bit.
 */
import { describe, expect, it } from 'vitest';
import { fromDnnpipeConfig, renderSvg, simulate, solve, type Plan } from '../src/index.js';
import { exampleConfigText, runInQuickJS, singleFile, STACK_BYTES, withTransfers } from './sandbox/quickjs.mjs';

const MIB = 1024 * 1024;

/** A double's bits as hex, so "equal" means equal to the last bit in every engine. */
function bits(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return view.getBigUint64(0).toString(16);
}

// Runs inside QuickJS; `bits` there reads the double's bytes with typed arrays, as above.
const PROGRAM = `
  const bits = (value) => {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value);
    return view.getBigUint64(0).toString(16);
  };
  const summary = (plan) => ({ stages: plan.stages, bottleneckBits: bits(plan.bottleneck), latency: plan.latency, engine: plan.stats.engine });
  const refusal = async (work) => {
    try { await work(); return null; } catch (error) {
      return { name: error.name, path: error.path, message: error.message, problemError: error instanceof globalThis.dnnpipe.ProblemError };
    }
  };
  (async () => {
    const { solve, createSolver, createPlanner, solveReference, fromDnnpipeConfig, simulate, renderSvg } = globalThis.dnnpipe;
    const example = fromDnnpipeConfig(JSON.parse(globalThis.configText));
    const transfers = JSON.parse(globalThis.transfersText);
    const solver = await createSolver();
    const planner = createPlanner(example);
    return {
      realm: ['WebAssembly', 'require', 'module', 'process', 'TextDecoder', 'setTimeout'].filter((name) => typeof globalThis[name] !== 'undefined'),
      example: summary(await solve(example)),
      reference: summary(solveReference(example)),
      transfers: summary(solver.solve(transfers)),
      transfersSerial: summary(solver.solve(transfers, { transfer: 'serial' })),
      replan: summary(planner.update({ removeDevices: ['4'] }).plan),
      memoryBytes: solver.memoryBytes(),
      svg: renderSvg(transfers, solveReference(transfers), simulate(transfers, solveReference(transfers).stages, { frames: 8 })),
      explicitWasm: await refusal(() => solve(example, { engine: 'wasm' })),
    };
  })().then((result) => { globalThis.output = JSON.stringify(result); }, (error) => { globalThis.failure = String(error) + error.stack; });
`;

function expectSamePlan(inside: { stages: unknown; bottleneckBits: string; latency: number; engine: string }, outside: Plan): void {
  expect(inside.engine).toBe('ts');
  expect(inside.stages).toEqual(outside.stages);
  expect(inside.bottleneckBits).toBe(bits(outside.bottleneck));
  expect(Math.abs(inside.latency - outside.latency)).toBeLessThanOrEqual(1e-9 * outside.latency);
}

describe('single-file build in QuickJS (no WebAssembly, no module loader)', () => {
  // 2.5 MiB: the transfer-aware plan alone peaks at ~2 MiB here (docs/runtimes.md, "Memory in
  // QuickJS"; it was 2 MiB until that peak, which moves by 100–200 KiB with code changes, reached it).
  it('plans the example and a problem with transfers, and draws it, as Node does, in a 2.5 MiB heap and a 64 KiB stack', async () => {
    const example = fromDnnpipeConfig(JSON.parse(exampleConfigText()));
    const transfers = withTransfers(example);
    const run = await runInQuickJS({
      script: singleFile(),
      program: PROGRAM,
      heapBytes: 2.5 * MIB,
      stackBytes: STACK_BYTES,
      globals: { configText: exampleConfigText(), transfersText: JSON.stringify(transfers) },
    });
    expect(run.error).toBeUndefined();
    const inside = JSON.parse(run.output ?? '{}');
    expect(inside.realm).toEqual([]); // only ECMAScript: nothing to load modules with, no WebAssembly

    const outside = await solve(example);
    expect(outside.stats.engine).toBe('wasm');
    expectSamePlan(inside.example, outside);
    expectSamePlan(inside.reference, outside);
    const outsideTransfers = await solve(transfers);
    expect(outsideTransfers.bottleneck).toBeGreaterThan(outside.bottleneck); // the links do bind
    expectSamePlan(inside.transfers, outsideTransfers);
    expectSamePlan(inside.transfersSerial, await solve(transfers, { transfer: 'serial' }));
    expectSamePlan(inside.replan, await solve({ ...example, devices: example.devices.filter((d) => d.id !== '4') }));

    // The picture, numbers formatted by QuickJS, is the same text as Node's.
    expect(inside.svg).toBe(renderSvg(transfers, outsideTransfers, simulate(transfers, outsideTransfers.stages, { frames: 8 })));
    expect(inside.memoryBytes).toBe(0);
    expect(inside.explicitWasm).toMatchObject({ name: 'WasmUnavailableError', path: 'options.engine', problemError: true });
    expect(inside.explicitWasm.message).toContain("engine: 'ts'");
    expect(inside.explicitWasm.message).toContain('solveReference');
  });

  it('reports a program error from QuickJS as an error, not as a plan', async () => {
    const run = await runInQuickJS({ script: singleFile(), program: 'globalThis.dnnpipe.solveReference({ model: { time: [] }, devices: [] });', heapBytes: 2 * MIB, stackBytes: STACK_BYTES });
    expect(run.error).toContain('ProblemError');
  });
});
