/** The paper's DP with its prunings made safe (`'dnnpipe'` phase 1). Kernel twin: assembly/paper-dp.ts. */
import type { PreparedProblem } from './prepare.js';
import { fits, stageTime, nextDigits } from './prepare.js';
import type { SearchCounters } from './search.js';

/**
 * `'dnnpipe'` phase 1: the paper's DP. best[state][e] = least bottleneck covering units [0, e)
 * with exactly the state's devices, each on one non-empty stage.
 *
 * Safe pruning 1 (upper bound). The paper stops extending a stage past T_ub = Σtime/Σspeed +
 * max(time)/min(speed). Pruning stages above any U keeps every plan with bottleneck ≤ U, so if the DP
 * still finds a plan, it is optimal; when memory binds, B* can exceed T_ub and the DP finds nothing —
 * then it is rerun without the bound (`boundRetries`). The answer is exact either way.
 *
 * Safe pruning 2 (under-utilized stage). The paper skips a non-final stage [s, e) whose time with
 * the next unit added is still below the ideal Σtime/Σspeed. If that longer stage fits memory, an
 * optimal plan never needs the short one: moving unit e into it keeps it ≤ the lower bound ≤ B*, and
 * the next stage only shrinks (faster, less memory; if it empties, its device is dropped). Repeating
 * left to right gives an optimal plan with no such stage. The paper's rule skips the stage even when
 * the longer one does not fit — then the exchange is impossible and the optimum can be lost. We
 * apply it only when the longer stage fits, and use `lowerBound` (valid in floating point).
 */
export function dnnpipeBottleneck(p: PreparedProblem, c: SearchCounters): number {
  const width = p.unitCount + 1;
  const best = new Float64Array(p.stateCount * width);
  let upper = p.paperUpperBound;
  for (;;) {
    best.fill(Infinity);
    best[0] = 0;
    const digits = new Int32Array(p.kindCount);
    for (let state = 1; state < p.stateCount; state++) {
      nextDigits(p, digits);
      for (let end = 1; end <= p.unitCount; end++) {
        c.states++;
        let value = Infinity;
        for (let k = 0; k < p.kindCount; k++) {
          if ((digits[k] ?? 0) === 0) continue;
          const row = (state - (p.stride[k] ?? 0)) * width;
          for (let start = end - 1; start >= 0; start--) {
            const time = stageTime(p, k, start, end);
            if (time > upper) { c.prunedUpperBound++; break; }
            if (!fits(p, k, start, end)) break;
            if (end < p.unitCount && stageTime(p, k, start, end + 1) <= p.lowerBound && fits(p, k, start, end + 1)) {
              c.prunedUnderUtilized++;
              continue;
            }
            const before = best[row + start] ?? Infinity;
            if (before === Infinity) continue;
            c.transitions++;
            const candidate = before > time ? before : time;
            if (candidate < value) value = candidate;
          }
        }
        best[state * width + end] = value;
      }
    }
    let answer = Infinity;
    for (let state = 1; state < p.stateCount; state++) answer = Math.min(answer, best[state * width + p.unitCount] ?? Infinity);
    if (answer < Infinity || upper === Infinity) return answer;
    upper = Infinity;
    c.boundRetries++;
  }
}
