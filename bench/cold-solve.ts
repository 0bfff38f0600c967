/**
 * One cold `solve()`, run by bench.ts in a fresh Node process per sample: imports the package
 * entry, reads the bundled EfficientNetV2-B0 example, then times the first `solve()` — which
 * compiles and instantiates the WASM kernel — and a second, warm one. Prints one JSON line.
 * Node's own startup is not included (bench.ts spawns the process; docs/benchmarks.md measures
 * whole processes with hyperfine).
 */
const importStart = performance.now();
const { solve } = await import('../src/index.js');
const importMs = performance.now() - importStart;
// Loaded after the timed import (it imports the package entry too, now cached).
const { effnetProblem } = await import('./cases.js');
const problem = effnetProblem();
const coldStart = performance.now();
const plan = await solve(problem);
const coldMs = performance.now() - coldStart;
const warmStart = performance.now();
await solve(problem);
const warmMs = performance.now() - warmStart;
console.log(JSON.stringify({ importMs, coldMs, warmMs, bottleneck: plan.bottleneck }));
