/** The end-to-end example (examples/onnx/end-to-end.mjs) runs, on a small input, and its parts reproduce the model. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('real model → inspect → profile → plan → split → the chained parts give the whole output', async () => {
  // The example imports dist/, which `npm test` builds first.
  const { main } = await import('../examples/onnx/end-to-end.mjs' as string);
  const outDir = mkdtempSync(join(tmpdir(), 'dnnpipe-onnx-example-'));
  const lines: string[] = [];
  const result = await main({ outDir, side: 64, runs: 1, maxUnits: 40, log: (line: string) => lines.push(line) });
  expect(result.units.units).toHaveLength(40);
  expect(result.parts).toHaveLength(result.plan.stages.length);
  expect(result.difference.disabled).toBeLessThanOrEqual(1e-5);
  expect(readdirSync(outDir).sort()).toEqual(['plan.json', 'problem.json', ...result.parts.map((_: unknown, i: number) => `part-${i + 1}.onnx`)].sort());
  expect(lines.at(-1)).toMatch(/^chain vs whole: max relative difference 0 with graph optimizations off/);
});
