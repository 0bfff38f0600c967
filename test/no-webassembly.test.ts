/**
 * The ESM core where WebAssembly cannot run: `solve`, `createSolver` and `createPlanner` fall back
 * to the TypeScript engine and say so; an explicit `engine: 'wasm'` gets a typed error. Shown in
 * node:vm realms (WebAssembly deleted; compiling refused as under a content-security policy) and
 * in `node --jitless`, where V8 itself has no WebAssembly.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromDnnpipeConfig, solve } from '../src/index.js';
import { exampleConfigText } from './sandbox/quickjs.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

function inRealm(mode: 'deleted' | 'refused' | 'watched') {
  const script = fileURLToPath(new URL('./sandbox/run-without-webassembly.mjs', import.meta.url));
  const run = spawnSync(process.execPath, ['--experimental-vm-modules', '--no-warnings', script, mode], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout);
}

describe('core entry without WebAssembly', () => {
  it.each([
    ['deleted', 'WebAssembly is not defined'],
    ['refused', 'CompileError: WebAssembly.compile(): Wasm code generation disallowed by embedder'],
  ] as const)('WebAssembly %s: falls back to the TypeScript engine, and refuses engine: \'wasm\' with WasmUnavailableError', async (mode, reason) => {
    const inside = inRealm(mode);
    expect(inside.hasWebAssembly).toBe(mode === 'refused');
    const outside = await solve(fromDnnpipeConfig(JSON.parse(exampleConfigText())));
    expect(inside.solve.engine).toBe('ts');
    expect(inside.solve.stages).toEqual(outside.stages);
    expect(inside.solve.bottleneck).toBe(outside.bottleneck);
    expect(inside.solver).toEqual({ engine: 'ts', memoryBytes: 0, explicitTs: 'ts' });
    expect(inside.planner).toEqual({ engine: 'ts', replanEngine: 'ts', devices: ['1', '2', '3'] });
    for (const [entry, refusal] of Object.entries(inside.explicitWasm)) {
      expect(refusal, entry).toMatchObject({ name: 'WasmUnavailableError', path: 'options.engine', isWasmUnavailable: true, isProblemError: true });
      expect((refusal as { message: string }).message).toContain("use engine: 'ts' or solveReference()");
    }
    expect(inside.explicitWasm.solve.reason).toBe(reason);
    // createPlanner compiles synchronously, so its refusal quotes WebAssembly.Module().
    if (mode === 'refused') expect(inside.explicitWasm.planner.reason).toContain('WebAssembly.Module(): Wasm code generation disallowed');
  });

  it('importing the core entry does not read WebAssembly; planning does, and uses the kernel', () => {
    const inside = inRealm('watched');
    expect(inside.readsAtImport).toBe(0);
    expect(inside.readsAfterPlanning).toBeGreaterThan(0);
    expect(inside.solve.engine).toBe('wasm');
    expect(inside.solver.engine).toBe('wasm');
    expect(inside.solver.memoryBytes).toBeGreaterThan(0);
    expect(inside.planner.engine).toBe('wasm');
    expect(inside.explicitWasm).toEqual({ solve: null, solver: null, planner: null });
  });

  it('node --jitless (no WebAssembly in V8): the CLI plans with the TypeScript engine; --engine wasm is a one-line usage error', () => {
    const cli = (args: string[]) => spawnSync(process.execPath, ['--jitless', 'dist/bin.js', 'plan', ...args], { cwd: root, encoding: 'utf8' });
    const planned = cli(['--json']);
    expect(planned.status).toBe(0);
    const plan = JSON.parse(planned.stdout);
    expect(plan.stats.engine).toBe('ts');
    expect(plan.bottleneck).toBe(3.1664891242980944);
    const refused = cli(['--engine', 'wasm']);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    // Node warns that --jitless turns WebAssembly off; the rest is our one line.
    const lines = refused.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('Warning: disabling flag --expose_wasm'));
    expect(lines).toEqual([expect.stringMatching(/^dnnpipe: .*options\.engine: 'wasm' cannot run in this runtime \(WebAssembly is not defined\); use engine: 'ts' or solveReference\(\)/)]);
  });
});
