/** What a frontier refused under a deadline may claim about the plans that meet it. */
import { expect } from 'vitest';

/**
 * Checks that a frontier's refusal under `maxLatency` states only what the search knows, for the
 * tests of refusals around the deadline's last bits: a least latency, when the message states one,
 * is at most `least` (the true least latency of any valid plan, or a bound on it); otherwise the
 * message names a plan, tied with the fastest point, that meets the deadline. `engine` labels
 * failures.
 */
export function expectRefusalWithin(refusal: string, engine: string, least: number, maxLatency: number): void {
  const stated = /least latency of any valid plan is ([0-9.e+-]+) ms/.exec(refusal);
  if (stated) expect(Number(stated[1]), `${engine}: ${refusal}`).toBeLessThanOrEqual(least);
  else {
    const met = /a plan of ([0-9.e+-]+) ms, tied with it .* meets the deadline only to the last bits/.exec(refusal);
    expect(met, `${engine}: ${refusal}`).not.toBeNull();
    expect(Number(met![1]), `${engine}: ${refusal}`).toBeLessThanOrEqual(maxLatency);
  }
}
