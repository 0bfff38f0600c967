/**
 * Microsecond-ish wall clock that also works where `performance` is missing (bare realms).
 * Under Node it reads `process.hrtime`: the global `performance` loads Node's perf_hooks on first
 * use, ≈ 1 ms of a one-shot `dnnpipe plan` (docs/benchmarks.md, "One-shot use").
 */
const hrtime = (globalThis as { process?: { hrtime?: () => [number, number] } }).process?.hrtime;

export function nowMillis(): number {
  if (typeof hrtime === 'function') {
    const [seconds, nanos] = hrtime();
    return seconds * 1000 + nanos / 1e6;
  }
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? perf.now() : Date.now();
}
