/** The core entry in a bare realm: only ECMAScript built-ins and WebAssembly (SPEC §3). */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromDnnpipeConfig, solve } from '../src/index.js';

describe('core entry in a node:vm realm without host APIs', () => {
  it('solves the EfficientNetV2-B0 fixture there exactly as in Node', async () => {
    const script = new URL('./sandbox/run-in-vm.mjs', import.meta.url).pathname;
    const run = spawnSync(process.execPath, ['--experimental-vm-modules', '--no-warnings', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const inside = JSON.parse(run.stdout);
    expect(inside.globals).toEqual([]); // the realm really lacks fetch, TextDecoder, atob, Buffer, process, performance, timers
    const problem = fromDnnpipeConfig(JSON.parse(readFileSync(new URL('./fixtures/effnetv2b0.dnnpipe.json', import.meta.url), 'utf8')));
    const outside = await solve(problem);
    expect(inside.wasm.engine).toBe('wasm');
    expect(inside.wasm.stages).toEqual(outside.stages);
    expect(inside.wasm.bottleneck).toBe(outside.bottleneck);
    expect(inside.wasm.latency).toBe(outside.latency);
    expect(inside.ts.stages).toEqual(outside.stages);
    expect(inside.replan.devices).not.toContain('4');
    expect(inside.svgBytes).toBeGreaterThan(1000);
  });
});
