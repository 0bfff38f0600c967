// Bundles the built core entry (dist/index.js and the modules it imports) into one classic script,
// dist/dnnpipe.global.js, that defines `globalThis.dnnpipe` with the core entry's exports: for
// runtimes without a module loader (QuickJS-style eval, plugin hosts, <script> without modules).
//
// esbuild rather than a hand-written concatenation: turning ES modules into one scope means
// renaming clashing top-level names and rewriting import/export forms, which a bundler does
// correctly and a regex does not; esbuild is one well-kept dev dependency with no runtime part.
// Its types (dist/dnnpipe.global.d.ts) declare that global as the core entry's namespace.
// It bundles dist/ (tsc's output), not src/, so the script runs exactly the code the ESM entry ships.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const outfile = path.join(root, 'dist/dnnpipe.global.js');

await build({
  entryPoints: [path.join(root, 'dist/index.js')],
  outfile,
  bundle: true,
  format: 'iife',
  globalName: 'dnnpipe',
  // ES2020 reaches engines a little older than the ES2022 the ESM entry targets (QuickJS, older
  // embedded V8/JSC builds): esbuild lowers class fields and logical assignment.
  target: 'es2020',
  platform: 'neutral',
  // Minified, local names shortened: a third smaller than tsc's output and less heap for QuickJS to
  // parse it into (docs/runtimes.md). Exported names and error names (set explicitly, e.g.
  // ProblemError's `name`) are untouched; only stack traces read shorter names. Names were kept
  // until the frontier sweep's TypeScript twin pushed the file past its 152 KB budget.
  minify: true,
  legalComments: 'none',
  banner: { js: `// dnnpipe ${version}: single-file build; defines globalThis.dnnpipe. MIT licence.` },
  // `var dnnpipe` is global only when this runs as a classic script at top level; inside a
  // function wrapper or as a module it is local, so assign the global explicitly too.
  footer: { js: 'globalThis.dnnpipe = dnnpipe;' },
  logLevel: 'warning',
});

writeFileSync(path.join(root, 'dist/dnnpipe.global.d.ts'), `/** The single-file build defines one global, \`dnnpipe\`: the core entry's exports. */
import type * as api from './index.js';

declare global {
  var dnnpipe: typeof api;
}

export {};
`);
