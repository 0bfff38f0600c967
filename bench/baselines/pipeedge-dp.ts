/**
 * Baseline: PipeEdge's `sched-pipeline` DP as published (Hu et al., DSD 2022), written from its
 * algorithm with its cost model, as intended: a stage on device type u is costed with type u's
 * own profile (the published code indexes its per-host list by type index instead — see the
 * README). h[i][S][u] = least max(compute, transfer) over plans covering layers 1..i with the
 * multiset S of device types used and the next stage on type u; from each state every end layer j
 * whose layers fit u's memory, and every next type v with a free device.
 */
export interface PipeEdgeBaselineInput {
  parametersIn: number;
  /** Per layer. */
  parametersOut: number[];
  memMB: number[];
  types: { memMB: number; bwMbps: number; timeS: number[]; count: number }[];
  dtypeSize: number;
  batchSize: number;
  buffersIn: number;
  buffersOut: number;
}

/** @returns the least bottleneck in seconds and the stages as [first, last, type] (1-based), or null */
export function pipeEdgeDp(input: PipeEdgeBaselineInput): { bottleneck: number; stages: [number, number, number][] } | null {
  const L = input.parametersOut.length;
  const n = input.types.length;
  const prefixProduct = [1];
  for (let t = 0; t < n; t++) prefixProduct.push((prefixProduct[t] ?? 1) * ((input.types[t]?.count ?? 0) + 1));
  const mask = prefixProduct[n] ?? 1;
  const countIn = (S: number, t: number): number => Math.floor(S / (prefixProduct[t] ?? 1)) % ((input.types[t]?.count ?? 0) + 1);
  const bytesOut = (layer: number): number => input.dtypeSize * (input.parametersOut[layer - 1] ?? 0) * input.batchSize;
  const computeTime = (u: number, l: number, r: number): number => {
    let time = 0;
    for (let i = l - 1; i < r; i++) time += input.types[u]?.timeS[i] ?? 0;
    return time;
  };
  const commTime = (layer: number, u: number, v: number): number => {
    const mbits = Math.min(input.types[u]?.bwMbps ?? 0, input.types[v]?.bwMbps ?? 0);
    return bytesOut(layer) / ((mbits * 1024 * 1024) / 8);
  };
  const fits = (u: number, l: number, r: number): boolean => {
    let model = 0;
    for (let i = l - 1; i < r; i++) model += (input.memMB[i] ?? 0) * 1024 * 1024;
    const bytesIn = l === 1 ? input.dtypeSize * input.parametersIn * input.batchSize : bytesOut(l - 1);
    const out = bytesOut(r);
    let buffers = 0;
    if (l > 1) buffers += bytesIn * input.buffersIn;
    buffers += out * input.buffersOut;
    buffers += bytesIn + out;
    return (input.types[u]?.memMB ?? 0) * 1024 * 1024 > model + buffers;
  };
  const index = (i: number, S: number, u: number): number => (i * mask + S) * n + u;
  const h = new Float64Array((L + 1) * mask * n).fill(1e60);
  const parent = new Int32Array((L + 1) * mask * n * 2).fill(-1);
  for (let u = 0; u < n; u++) h[index(0, 0, u)] = 0;
  let best = 1e60;
  let bestAt: [number, number, number] | null = null;
  for (let i = 0; i < L; i++) {
    for (let S = 0; S < mask; S++) {
      for (let u = 0; u < n; u++) {
        const here = h[index(i, S, u)] ?? 1e60;
        if (here > 1e59 || countIn(S, u) === (input.types[u]?.count ?? 0)) continue;
        for (let j = i + 1; j <= L; j++) {
          if (!fits(u, i + 1, j)) continue;
          const compute = computeTime(u, i + 1, j);
          if (j === L) {
            const cost = Math.max(here, compute);
            if (cost < best) {
              best = cost;
              bestAt = [i, S, u];
            }
          }
          for (let v = 0; v < n; v++) {
            if (countIn(S, v) === (input.types[v]?.count ?? 0)) continue;
            const cost = Math.max(here, Math.max(compute, commTime(j, u, v)));
            const to = index(j, S + (prefixProduct[u] ?? 1), v);
            if (cost < (h[to] ?? 1e60)) {
              h[to] = cost;
              parent[to * 2] = i;
              parent[to * 2 + 1] = u;
            }
          }
        }
      }
    }
  }
  if (!bestAt) return null;
  let [layer, S, u] = bestAt;
  const stages: [number, number, number][] = [[layer + 1, L, u]];
  while (layer > 0) {
    const at = index(layer, S, u);
    const lastL = parent[at * 2] ?? 0;
    const lastU = parent[at * 2 + 1] ?? 0;
    stages.unshift([lastL + 1, layer, lastU]);
    layer = lastL;
    S -= prefixProduct[lastU] ?? 1;
    u = lastU;
  }
  return { bottleneck: best, stages };
}
