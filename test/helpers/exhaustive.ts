/**
 * The oracle: enumerates every valid plan of a small problem, with its own implementation of the
 * cost model (SPEC §1–§2): stage time = prefix-sum difference / speed (or of the device's own
 * profile); memory = weights (prefix-sum difference) + activations in + activations out, against
 * capacity + 1e-9 × max(1, capacity); a link between devices that both have bandwidth takes
 * bytes × 8 / (min bandwidth × 10^6) s. Overlap: links are stages of their own; serial: a stage
 * pays for its own send. Latency adds compute, then the link, stage by stage.
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

export interface OracleOptions {
  transfer?: 'overlap' | 'serial';
  slots?: { in: number; out: number };
}

function prefix(values: readonly (number | null)[]): number[] {
  const out = [0];
  for (const v of values) out.push((out[out.length - 1] ?? 0) + (v ?? 0));
  return out;
}

export function exhaustive(problem: Problem, options: OracleOptions = {}): OracleAnswer {
  const U = problem.model.time!.length;
  const serial = options.transfer === 'serial';
  const slots = options.slots ?? { in: 0, out: 0 };
  const MB = 1024 * 1024;
  const output = problem.model.outputBytes;
  const modelPrefix = prefix(problem.model.time!);
  const memoryPrefix = prefix(problem.model.memory ?? problem.model.time!.map(() => 0));
  const activationIn = (s: number): number => (!output ? 0 : s === 0 ? (problem.model.inputBytes ?? 0) / MB : ((output[s - 1] ?? 0) / MB) * (1 + slots.in));
  const activationOut = (e: number): number => (!output ? 0 : ((output[e - 1] ?? 0) / MB) * (1 + slots.out));
  const devices = problem.devices.map((d) => ({
    prefix: d.time ? prefix(d.time) : modelPrefix,
    divisor: d.time ? 1 : (d.speed ?? 1),
    capacity: d.memory === undefined ? Infinity : d.memory + 1e-9 * Math.max(1, d.memory),
    bandwidth: output ? (d.bandwidth ?? 0) : 0,
  }));
  const link = (cut: number, a: number, b: number): number => {
    const x = devices[a]!.bandwidth;
    const y = devices[b]!.bandwidth;
    return x > 0 && y > 0 ? (((output?.[cut - 1] ?? 0) * 8) / (Math.min(x, y) * 1e6)) * 1000 : 0;
  };
  const found: { bottleneck: number; latency: number; stages: number }[] = [];
  const walk = (start: number, used: number, worst: number, latency: number, stages: number, prev: { device: number; compute: number } | null): void => {
    if (start === U) {
      if (prev) found.push({ bottleneck: Math.max(worst, prev.compute), latency: latency + prev.compute, stages });
      return;
    }
    devices.forEach((d, i) => {
      if (used & (1 << i)) return;
      for (let end = start + 1; end <= U; end++) {
        const need = (((memoryPrefix[end] ?? 0) - (memoryPrefix[start] ?? 0)) + activationIn(start)) + activationOut(end);
        if (need > d.capacity) continue;
        const compute = ((d.prefix[end] ?? 0) - (d.prefix[start] ?? 0)) / d.divisor;
        let closed = worst;
        let total = latency;
        if (prev) {
          const l = link(start, prev.device, i);
          closed = Math.max(worst, serial ? prev.compute + l : Math.max(prev.compute, l));
          total = latency + prev.compute + l;
        }
        walk(end, used | (1 << i), closed, total, stages + 1, { device: i, compute });
      }
    });
  };
  walk(0, 0, 0, 0, 0, null);
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
