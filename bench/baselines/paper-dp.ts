/**
 * DNNPipe's DP (Seo, Kim, Hong, JSA 2025) with its two prunings as stated — which are not safe
 * when memory binds — as a *pull-style* port: every (subset, end) cell is computed, unreachable or
 * not, by scanning every start backwards. That is not the authors' loop order and is about 15×
 * slower than it, so it is no baseline for speed: the bench shows it for reference only, and every
 * speed-up is reported against bench/baselines/paper-dp-faithful.ts (the authors' push-style order).
 * test/paper-pruning.test.ts uses this port to show where the published prunings fail.
 *
 * dp[S][e] = least bottleneck covering units [0, e) with exactly the device subset S, filled in
 * order of |S|; stage time = Σ unit time / speed (prefix sums); a stage that exceeds its device's
 * memory is skipped; a stage is not extended past T_ub = Σtime/Σspeed + max(time)/min(speed); a
 * non-final stage whose time plus the next unit's time is still below Σtime/Σspeed is skipped.
 */
export interface PaperInput {
  time: number[];
  memory: number[];
  speed: number[];
  capacity: number[];
}

export interface PaperResult {
  bottleneck: number;
  /** [start, end, device] per stage, 0-based, end exclusive. */
  stages: [number, number, number][];
}

export function paperDp(input: PaperInput): PaperResult | null {
  const U = input.time.length;
  const N = input.speed.length;
  const P = new Float64Array(U + 1);
  const M = new Float64Array(U + 1);
  for (let i = 0; i < U; i++) {
    P[i + 1] = (P[i] ?? 0) + (input.time[i] ?? 0);
    M[i + 1] = (M[i] ?? 0) + (input.memory[i] ?? 0);
  }
  const totalSpeed = input.speed.reduce((a, b) => a + b, 0);
  const ideal = (P[U] ?? 0) / totalSpeed;
  const upper = ideal + input.time.reduce((a, b) => Math.max(a, b), 0) / input.speed.reduce((a, b) => Math.min(a, b), Infinity);
  const W = U + 1;
  const full = 1 << N;
  const dp = new Float64Array(full * W).fill(Infinity);
  const from = new Int32Array(full * W).fill(-1);
  dp[0] = 0;
  const masks = Array.from({ length: full - 1 }, (_, i) => i + 1).sort((a, b) => popcount(a) - popcount(b) || a - b);
  for (const mask of masks) {
    for (let end = 1; end <= U; end++) {
      let best = Infinity;
      let arg = -1;
      for (let d = 0; d < N; d++) {
        if (!(mask & (1 << d))) continue;
        const speed = input.speed[d] ?? 1;
        const row = (mask ^ (1 << d)) * W;
        for (let start = end - 1; start >= 0; start--) {
          const time = ((P[end] ?? 0) - (P[start] ?? 0)) / speed;
          if (time > upper) break;
          if ((M[end] ?? 0) - (M[start] ?? 0) > (input.capacity[d] ?? Infinity)) continue;
          if (end < U && time + (input.time[end] ?? 0) / speed < ideal) continue;
          const before = dp[row + start] ?? Infinity;
          if (before === Infinity) continue;
          const candidate = Math.max(before, time);
          if (candidate < best) {
            best = candidate;
            arg = start * N + d;
          }
        }
      }
      dp[mask * W + end] = best;
      from[mask * W + end] = arg;
    }
  }
  let top = -1;
  for (let mask = 1; mask < full; mask++) {
    if ((dp[mask * W + U] ?? Infinity) < (top < 0 ? Infinity : (dp[top * W + U] ?? Infinity))) top = mask;
  }
  if (top < 0) return null;
  const stages = stagesFromChoices(from, top, U, N);
  return { bottleneck: dp[top * W + U] ?? Infinity, stages };
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
}

/**
 * The stages of the plan ending with device set `mask` at unit U, walked back through a table of
 * choices: `from[mask · (U + 1) + end]` = start · N + device of the last stage ending at `end`.
 * Both paper-DP baselines keep their choices in this layout.
 */
export function stagesFromChoices(from: ArrayLike<number>, mask: number, U: number, N: number): [number, number, number][] {
  const W = U + 1;
  const stages: [number, number, number][] = [];
  let end = U;
  while (end > 0) {
    const arg = from[mask * W + end] ?? -1;
    const start = Math.floor(arg / N);
    const device = arg % N;
    stages.unshift([start, end, device]);
    mask ^= 1 << device;
    end = start;
  }
  return stages;
}
