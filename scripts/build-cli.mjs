// Bundles the built command line (dist/bin.js, tsc's output of src/bin.ts, and every module it
// imports eagerly) into one CommonJS file, dist/bin.cjs: the `dnnpipe` executable. dist/bin.js
// then becomes a two-line module that runs it, for `node dist/bin.js`.
//
// Why: a one-shot `dnnpipe plan` spent most of its time over `node -e 0` before planning anything
// (docs/benchmarks.md, "One-shot use"). One file is one read and one compile instead of ~30
// resolved, read and compiled one by one. CommonJS rather than an ES module because an ES module
// as the main entry starts Node's ESM loader (asynchronous reads, module jobs, a facade over each
// `node:` module it imports), which measured ≈ 10 ms more here for the same bundle; the
// package's `type: module` makes the `.cjs` extension say which it is.
//
// What stays out of the bundle, loaded only by the commands that need it:
// - `dnnpipe onnx` (dist/onnx/cli.js and everything it imports): its own module graph with its
//   own dependencies; it hands back only exit codes, no class the bundle must recognise, so it
//   runs from tsc's modules in dist/ as before.
// - every package (`yaml`, imported only for PipeEdge's YAML files): resolved by Node at run time.
//
// It bundles dist/ (tsc's output), not src/, so the executable runs exactly the code the library
// ships; the library entry (dist/index.js) and its modules are left as they are.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const entry = path.join(dist, 'bin.js');
const outfile = path.join(dist, 'bin.cjs');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
// \`require\`, not \`import './bin.cjs'\`: importing CommonJS from an ES module first scans its whole
// text for named exports, which measured ≈ 25 ms for the bundle.
const SHIM = "createRequire(import.meta.url)('./bin.cjs');";

// dist/bin.js is replaced below; bundling the replacement would make a bundle that loads itself.
if (readFileSync(entry, 'utf8').includes(SHIM)) throw new Error('build-cli: dist/bin.js is already the launcher; run `npm run build`');

/** Modules imported with `import()` that keep their own file, loaded from dist/ when called. */
const LAZY = new Set([path.join(dist, 'onnx/cli.js')]);

/** A relative specifier from the bundle to a file in dist/. */
function fromBundle(file) {
  const relative = path.relative(path.dirname(outfile), file).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** @type {import('esbuild').Plugin} */
const keepModuleLayout = {
  name: 'keep-module-layout',
  setup(bundle) {
    // A lazy module keeps its own file; its specifier is rewritten to be relative to the bundle.
    bundle.onResolve({ filter: /^\.\.?\// }, (args) => {
      const file = path.resolve(args.resolveDir, args.path);
      return LAZY.has(file) ? { path: fromBundle(file), external: true } : undefined;
    });
    // A module that finds files next to itself (`new URL('../../examples/…', import.meta.url)`)
    // must still find them from the bundle, which sits elsewhere in dist/ and, being CommonJS,
    // has no `import.meta`: its `import.meta.url` becomes the URL its own file would have had.
    bundle.onLoad({ filter: /\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const own = `new URL(${JSON.stringify(fromBundle(args.path))}, require("node:url").pathToFileURL(__filename)).href`;
      return { contents: source.replaceAll('import.meta.url', own), loader: 'js' };
    });
  },
};

const result = await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  plugins: [keepModuleLayout],
  // Whitespace and syntax only: less to read and parse, names kept for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  // The modules are ES modules, strict by definition; as CommonJS the bundle must ask for it.
  banner: { js: `"use strict";\n// dnnpipe ${version}: the command line, bundled by scripts/build-cli.mjs. MIT licence.` },
  metafile: true,
  logLevel: 'warning',
});

// The bundle must not have pulled in a lazy module or a package: that would undo the laziness.
const bundled = Object.keys(Object.values(result.metafile.outputs)[0]?.inputs ?? {});
const strays = bundled.filter((input) => input.includes('node_modules') || input.includes('dist/onnx/'));
if (strays.length > 0) throw new Error(`build-cli: the bundle includes ${strays.join(', ')}; keep them lazy`);

writeFileSync(entry, `#!/usr/bin/env node
// The \`dnnpipe\` executable is dist/bin.cjs, the command line bundled into one file by
// scripts/build-cli.mjs; this module runs it for \`node dist/bin.js\`.
import { createRequire } from 'node:module';

${SHIM}
`);
