/**
 * The `dnnpipe/onnx` entry point: exported with types, separate from the core, and loadable in a
 * browser (its static imports are its own modules and the core's; ONNX Runtime is imported lazily).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { typecheckModuleConsumer } from './helpers/package.js';

const root = new URL('..', import.meta.url).pathname;

/** Every module a dist file loads statically, following relative imports; bare specifiers collected. */
function closure(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*from\s+'([^']+)'/g)) {
      const specifier = match[1] ?? '';
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  visit(join(root, entry));
  return { files: [...files].map((f) => f.slice(join(root, 'dist/').length)), packages: [...packages] };
}

describe('dnnpipe/onnx entry', () => {
  it('is exported with types', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.exports['./onnx']).toEqual({ types: './dist/onnx/index.d.ts', import: './dist/onnx/index.js' });
    expect(readFileSync(join(root, 'dist/onnx/index.d.ts'), 'utf8')).toContain('inspectOnnx');
    expect(pkg.peerDependenciesMeta['onnxruntime-web']).toEqual({ optional: true });
  });

  it('the core entry loads none of it', () => {
    expect(closure('dist/index.js').files.filter((f) => f.startsWith('onnx/'))).toEqual([]);
  });

  it('statically imports no package and no Node module (the CLI module aside)', () => {
    const { files, packages } = closure('dist/onnx/index.js');
    expect(packages).toEqual([]);
    expect(files).not.toContain('onnx/cli.js');
    expect(readFileSync(join(root, 'dist/onnx/runtime.js'), 'utf8')).toMatch(/import\('onnxruntime-web'\)/);
  });

  it('a consumer without onnxruntime-web installed type-checks against the packed types', () => {
    typecheckModuleConsumer('dnnpipe-onnx-consumer-', `
import { inspectOnnx, profileOnnx, splitOnnx, splitOnnxParts, mergeProfiles, readPlanStages, OnnxError,
         type OnnxUnits, type StageRange, type InputShapes } from 'dnnpipe/onnx';
async function main(bytes: Uint8Array): Promise<number> {
  const shapes: InputShapes = { x: [1, 3, 224, 224] };
  const units: OnnxUnits = await inspectOnnx(bytes, { inputShapes: shapes, maxUnits: 8 });
  const time: number[] = await profileOnnx(bytes, { runs: 5, warmup: 1, inputShapes: shapes, maxUnits: 8 });
  const stages: StageRange[] = readPlanStages({ pipeline_plan: [[1, 4, 1], [5, 8, 2]] });
  const parts: Uint8Array[] = await splitOnnx(bytes, stages, { inputShapes: shapes, maxUnits: 8 });
  const detailed = await splitOnnxParts(bytes, stages);
  const problem = mergeProfiles(units, [{ id: 'a', time }]);
  try { await inspectOnnx(new Uint8Array()); } catch (e) { if (e instanceof OnnxError) return e.kind.length; }
  return parts.length + detailed.parts[0]!.inputs.length + problem.devices.length;
}
void main;
`);
  });
});
