/**
 * The oracle: enumerates every valid plan of a small problem, with its own implementation of the
 * cost model (SPEC §1–§2): stage time = prefix-sum difference / speed (or of the device's own
 * profile), memory = prefix-sum difference against capacity + 1e-9 × max(1, capacity).
 */
import type { Problem } from '../../src/index.js';

export interface OracleAnswer {
  /** Least bottleneck; Infinity when no valid plan exists. */
  bottleneck: number;
  /** Least latency among plans with that bottleneck. */
  latency: number;
  /** Fewest stages among plans with that bottleneck and (within 1e-9) that latency. */
  stages: number;
  plans: number;
}

function prefix(values: number[]): number[] {
  const out = [0];
  for (const v of values) out.push((out[out.length - 1] ?? 0) + v);
  return out;
}

export function exhaustive(problem: Problem): OracleAnswer {
  const U = problem.model.time.length;
  const modelPrefix = prefix(problem.model.time);
  const memoryPrefix = prefix(problem.model.memory ?? problem.model.time.map(() => 0));
  const devices = problem.devices.map((d) => ({
    prefix: d.time ? prefix(d.time) : modelPrefix,
    divisor: d.time ? 1 : (d.speed ?? 1),
    capacity: d.memory === undefined ? Infinity : d.memory + 1e-9 * Math.max(1, d.memory),
  }));
  const found: { bottleneck: number; latency: number; stages: number }[] = [];
  const walk = (start: number, used: number, worst: number, latency: number, stages: number): void => {
    if (start === U) {
      found.push({ bottleneck: worst, latency, stages });
      return;
    }
    devices.forEach((d, i) => {
      if (used & (1 << i)) return;
      for (let end = start + 1; end <= U; end++) {
        if ((memoryPrefix[end] ?? 0) - (memoryPrefix[start] ?? 0) > d.capacity) break;
        const time = ((d.prefix[end] ?? 0) - (d.prefix[start] ?? 0)) / d.divisor;
        walk(end, used | (1 << i), Math.max(worst, time), latency + time, stages + 1);
      }
    });
  };
  walk(0, 0, 0, 0, 0);
  let bottleneck = Infinity;
  for (const f of found) bottleneck = Math.min(bottleneck, f.bottleneck);
  let latency = Infinity;
  for (const f of found) if (f.bottleneck === bottleneck) latency = Math.min(latency, f.latency);
  let stages = Infinity;
  for (const f of found) {
    if (f.bottleneck === bottleneck && f.latency <= latency * (1 + 1e-9)) stages = Math.min(stages, f.stages);
  }
  return { bottleneck, latency, stages, plans: found.length };
}
