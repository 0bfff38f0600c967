/**
 * Atomic writes as a property (issue 11 item 2, README "The command line"): over random commands
 * that succeed or fail in different ways, a failing command leaves the directory exactly as it was,
 * an input is never modified, and a successful command leaves complete outputs and no temporary
 * file.
 */
import { linkSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const INPUTS = {
  valid: JSON.stringify({ model: { time: [1, 2, 3] }, devices: [{ id: 'a' }, { id: 'b' }] }),
  invalid: '{"model": {"time": [1, 2,]}}',
  infeasible: JSON.stringify({ model: { time: [1], memory: [10] }, devices: [{ id: 'a', memory: 1 }] }),
  duplicate: '{"model": {"time": [1]}, "model": {"time": [2]}, "devices": [{"id": "a"}]}',
};

/** Every file in the directory tree with its contents (directories as a marker). */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    files[name] = statSync(path).isDirectory() ? '<dir>' : readFileSync(path, 'utf8');
  }
  return files;
}

const target = fc.constantFrom('none', 'new', 'existing', 'input', 'input-hard-link', 'directory', 'missing-directory', 'stdout');

describe('atomic writes', () => {
  it('a failing command leaves the directory unchanged; inputs are never modified; successes leave complete files only (property)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...(Object.keys(INPUTS) as (keyof typeof INPUTS)[])), target, target, fc.constantFrom('plan', 'simulate'), fc.boolean(),
      async (input, out, svg, command, badFlag) => {
        const dir = tempDir('dnnpipe-atomic-');
        writeFileSync(join(dir, 'problem.json'), INPUTS[input]);
        writeFileSync(join(dir, 'existing.out'), 'previous plan');
        writeFileSync(join(dir, 'existing.svg'), 'previous picture');
        linkSync(join(dir, 'problem.json'), join(dir, 'hard.json'));
        mkdirSync(join(dir, 'folder'));
        const path = (kind: string, flag: 'out' | 'svg'): string | undefined => ({
          none: undefined, new: join(dir, `new.${flag}`), existing: join(dir, `existing.${flag}`), input: join(dir, 'problem.json'),
          'input-hard-link': join(dir, 'hard.json'), directory: join(dir, 'folder'), 'missing-directory': join(dir, 'nope', `x.${flag}`), stdout: '-',
        } as Record<string, string | undefined>)[kind];
        const argv = [command, join(dir, 'problem.json')];
        const outPath = command === 'plan' ? path(out, 'out') : undefined;
        const svgPath = path(svg, 'svg');
        if (outPath !== undefined) argv.push('--out', outPath);
        if (svgPath !== undefined) argv.push('--svg', svgPath);
        if (badFlag) argv.push('--engine', 'gpu');
        const before = snapshot(dir);
        const { code, stdout } = await cli(...argv);
        const after = snapshot(dir);
        expect(after['problem.json']).toBe(INPUTS[input]);
        if (code !== 0) {
          expect(after).toEqual(before);
          return;
        }
        const written = [outPath, svgPath].filter((p): p is string => p !== undefined && p !== '-');
        const expected = { ...before };
        for (const p of written) expected[p.slice(dir.length + 1)] = after[p.slice(dir.length + 1)] ?? '<missing>';
        expect(after).toEqual(expected); // nothing else appeared: no temporary file is left
        if (outPath !== undefined && outPath !== '-') expect(JSON.parse(readFileSync(outPath, 'utf8'))).toHaveProperty('pipeline_plan');
        if (svgPath !== undefined && svgPath !== '-') expect(readFileSync(svgPath, 'utf8')).toMatch(/^<svg [^]*<\/svg>\n$/);
        if (outPath === '-' || svgPath === '-') expect(stdout).toMatch(outPath === '-' ? /^\{"pipeline_plan"/ : /^<svg /);
      },
    ), { numRuns: 200 });
  });
});
