/**
 * CommonJS consumers (issue 11, smaller items; README "The API"): the package is ES modules, and
 * its `require` condition points at the same entry, which has no top-level await, so Node's
 * `require(esm)` (Node ≥ 20.19 and ≥ 22.12) loads it. Shown with the packed package: a `.cjs`
 * script, and a CommonJS TypeScript file that type-checks, compiles to `require` and runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileConsumer, installPacked } from './helpers/package.js';

/** The packed package installed in a fresh directory whose own code is CommonJS. */
function installCommonJs(): string {
  const dir = installPacked('dnnpipe-cjs-');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'commonjs' }));
  return dir;
}

describe('CommonJS', () => {
  it("issue 11 smaller items: require('dnnpipe') loads the package and solves, without warnings", () => {
    const dir = installCommonJs();
    writeFileSync(join(dir, 'use.cjs'), `
const { solve, solveReference, ProblemError } = require('dnnpipe');
const problem = { model: { time: [1, 2, 3] }, devices: [{ id: 'a' }, { id: 'b', speed: 2 }] };
solve(problem).then((plan) => {
  console.log(JSON.stringify({ wasm: plan.bottleneck, ts: solveReference(problem).bottleneck, typed: typeof ProblemError }));
});
`);
    const result = spawnSync(process.execPath, [join(dir, 'use.cjs')], { cwd: dir, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ wasm: 2.5, ts: 2.5, typed: 'function' });
  });

  it('issue 11 smaller items: a CommonJS TypeScript file type-checks against the packed types and runs', () => {
    const dir = installCommonJs();
    writeFileSync(join(dir, 'consumer.cts'), `
import { solveReference, type Plan, type Problem } from 'dnnpipe';
const problem: Problem = { model: { time: [1, 2, 3] }, devices: [{ id: 'a' }, { id: 'b', speed: 2 }] };
const plan: Plan = solveReference(problem);
console.log(plan.bottleneck);
`);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], outDir: 'out', types: [], skipLibCheck: false }, files: ['consumer.cts'] }));
    compileConsumer(dir);
    const output = execFileSync(process.execPath, [join(dir, 'out/consumer.cjs')], { cwd: dir, encoding: 'utf8' });
    expect(output.trim()).toBe('2.5');
  });
});
