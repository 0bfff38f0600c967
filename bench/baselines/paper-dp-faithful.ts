/**
 * Baseline: DNNPipe's DP (Seo, Kim, Hong, JSA 2025) in the authors' own loop order, ported to
 * plain TypeScript over typed arrays. Every speed-up the bench reports is measured against this.
 *
 * The authors' reference implementation (DNNPipe.py in SNU-RTOS/DNNPipe) is push-style:
 *
 *   for each device subset S, by size:
 *     for each device u not in S:            target S ∪ {u}
 *       for each start s ≥ |S|:              the row (S, s); skipped when unreachable
 *         for each end e = s + 1 … U:        stage [s, e) on u
 *           memory of [s, e) > M[u]            → continue
 *           time of [s, e) > T_ub              → break
 *           e < U and time + E[e]/C[u] < T_ideal → continue   (the under-utilized rule)
 *           relax MST[S ∪ {u}][e] with max(MST[S][s], time)   (ties overwrite, `<=`)
 *
 * with T_ideal = ΣE/ΣC and T_ub = T_ideal + max(E)/min(C), and the best complete plan kept as
 * it is found (`<=` again). This port keeps that order, those checks in that order, and that
 * arithmetic for the under-utilized test (stage time plus the next unit's time, not the longer
 * stage's prefix difference). Two things are what any port over typed arrays does rather than
 * what the Python does literally: the unreachable-row test, which the Python repeats for every end
 * e although it depends only on the row, is made once per row before the inner loop; and stage
 * times and memory come from prefix sums instead of a precomputed table of slice sums (the same
 * formula as dnnpipe's cost model, so bottlenecks compare bit for bit), with a parent pointer per
 * cell instead of a copied list of stages.
 *
 * Both prunings are unsafe when memory binds: a plan slower than T_ub may be the only one that
 * fits, and a short stage may be forced by memory. test/dnnpipe-baseline.test.ts shows both.
 */
import type { PaperInput, PaperResult } from './paper-dp.js';
import { stagesFromChoices } from './paper-dp.js';

export type { PaperInput, PaperResult } from './paper-dp.js';

/**
 * Runs the published DP.
 * @param input - unit times and memory, device speeds and capacities (with any tolerance applied)
 * @returns the plan it finds, or null when its prunings leave none
 */
export function paperDpFaithful(input: PaperInput): PaperResult | null {
  const { time, memory, speed, capacity } = input;
  const U = time.length;
  const N = speed.length;
  const W = U + 1;
  const timePrefix = new Float64Array(W);
  const memoryPrefix = new Float64Array(W);
  let largest = 0;
  for (let i = 0; i < U; i++) {
    const t = time[i] ?? 0;
    timePrefix[i + 1] = (timePrefix[i] ?? 0) + t;
    memoryPrefix[i + 1] = (memoryPrefix[i] ?? 0) + (memory[i] ?? 0);
    if (t > largest) largest = t;
  }
  let totalSpeed = 0;
  let slowest = Infinity;
  for (let d = 0; d < N; d++) {
    const v = speed[d] ?? 1;
    totalSpeed += v;
    if (v < slowest) slowest = v;
  }
  const ideal = (timePrefix[U] ?? 0) / totalSpeed;
  const upper = ideal + largest / slowest;

  const full = 1 << N;
  const mst = new Float64Array(full * W).fill(Infinity);
  const from = new Int32Array(full * W).fill(-1);
  mst[0] = 0;
  let answer = Infinity;
  let answerMask = -1;
  // Subsets by size, each size in lexicographic order of device indices — the order of the
  // Python's itertools.combinations, which decides ties (`<=` lets a later equal plan win).
  const members = new Int32Array(N);
  for (let size = 0; size < N; size++) {
    for (let i = 0; i < size; i++) members[i] = i;
    for (;;) {
      let mask = 0;
      for (let i = 0; i < size; i++) mask |= 1 << (members[i] ?? 0);
      for (let u = 0; u < N; u++) {
        if (mask & (1 << u)) continue;
        const target = (mask | (1 << u)) * W;
        const v = speed[u] ?? 1;
        const limit = capacity[u] ?? Infinity;
        for (let s = size; s < U; s++) {
          const before = mst[mask * W + s] ?? Infinity;
          if (before === Infinity) continue;
          const ps = timePrefix[s] ?? 0;
          const ms = memoryPrefix[s] ?? 0;
          for (let e = s + 1; e <= U; e++) {
            const stage = ((timePrefix[e] ?? 0) - ps) / v;
            if ((memoryPrefix[e] ?? 0) - ms > limit) continue;
            if (stage > upper) break;
            if (e !== U && stage + (time[e] ?? 0) / v < ideal) continue;
            const candidate = before > stage ? before : stage;
            if (candidate <= (mst[target + e] ?? Infinity)) {
              mst[target + e] = candidate;
              from[target + e] = s * N + u;
              if (e === U && candidate <= answer) {
                answer = candidate;
                answerMask = target / W;
              }
            }
          }
        }
      }
      // Next combination: bump the rightmost index that can move, reset the ones after it.
      let i = size - 1;
      while (i >= 0 && (members[i] ?? 0) === N - size + i) i--;
      if (i < 0) break;
      members[i] = (members[i] ?? 0) + 1;
      for (let j = i + 1; j < size; j++) members[j] = (members[j - 1] ?? 0) + 1;
    }
  }
  if (answerMask < 0) return null;
  const stages = stagesFromChoices(from, answerMask, U, N);
  return { bottleneck: answer, stages };
}
