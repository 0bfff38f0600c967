/** The package as npm ships it, installed where a consumer's code can import it. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp.js';

/** The repository's root folder. */
const root = new URL('../..', import.meta.url).pathname;

/** The paths `npm pack` would ship, read from its dry run, for the tests of what the package holds. */
export function packedFiles(): string[] {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8' });
  return (JSON.parse(output)[0].files as { path: string }[]).map((f) => f.path);
}

/**
 * Packs the repository with `npm pack` and unpacks the tarball as `node_modules/dnnpipe` in a fresh
 * temporary directory named from `prefix`, for the tests that use the package as a consumer would;
 * returns that directory.
 */
export function installPacked(prefix: string): string {
  const dir = tempDir(prefix);
  const tarball = execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop() ?? '';
  const modules = join(dir, 'node_modules/dnnpipe');
  mkdirSync(modules, { recursive: true });
  execFileSync('tar', ['-xzf', join(dir, tarball), '-C', modules, '--strip-components=1']);
  return dir;
}

/** Runs the repository's TypeScript compiler on `dir/tsconfig.json`; throws, with tsc's output, when it fails. */
export function compileConsumer(dir: string): void {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8' });
}

/**
 * Type-checks `source`, an ES module `consumer.ts`, under strict settings against the packed
 * package installed in a fresh directory named from `prefix`: for the tests that the types a
 * consumer sees are complete. Throws, with tsc's output, when it does not type-check.
 */
export function typecheckModuleConsumer(prefix: string, source: string): void {
  const dir = installPacked(prefix);
  writeFileSync(join(dir, 'consumer.ts'), source);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], noEmit: true, skipLibCheck: false, types: [] }, files: ['consumer.ts'] }));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  compileConsumer(dir);
}
