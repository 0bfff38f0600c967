/** Microsecond-ish wall clock that also works where `performance` is missing (bare realms). */
export function nowMillis(): number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? perf.now() : Date.now();
}
