// The paper's DP made safe (src/search-dnnpipe.ts): 'dnnpipe' phase 1.
import { C_STATES, C_TRANSITIONS, C_PRUNED_UPPER, C_PRUNED_UNDER, C_BOUND_RETRIES, U, K, S, W, stride, digit, cell, setCell, count, stageTime, fits, resetDigits, nextDigits } from './layout';

export function dnnpipeBottleneck(lowerBound: f64, paperUpperBound: f64): f64 {
  let upper = paperUpperBound;
  const cells = S * W;
  while (true) {
    for (let i = 0; i < cells; i++) setCell(i, Infinity);
    setCell(0, 0);
    resetDigits();
    for (let state = 1; state < S; state++) {
      nextDigits();
      for (let e = 1; e <= U; e++) {
        count(C_STATES, 1);
        let value = Infinity;
        for (let k = 0; k < K; k++) {
          if (digit(k) == 0) continue;
          const row = (state - stride(k)) * W;
          for (let s = e - 1; s >= 0; s--) {
            const t = stageTime(k, s, e);
            if (t > upper) {
              count(C_PRUNED_UPPER, 1);
              break;
            }
            if (!fits(k, s, e)) break;
            if (e < U && stageTime(k, s, e + 1) <= lowerBound && fits(k, s, e + 1)) {
              count(C_PRUNED_UNDER, 1);
              continue;
            }
            const before = cell(row + s);
            if (before == Infinity) continue;
            count(C_TRANSITIONS, 1);
            const candidate = before > t ? before : t;
            if (candidate < value) value = candidate;
          }
        }
        setCell(state * W + e, value);
      }
    }
    let answer = Infinity;
    for (let state = 1; state < S; state++) answer = Math.min(answer, cell(state * W + U));
    if (answer < Infinity || upper == Infinity) return answer;
    upper = Infinity;
    count(C_BOUND_RETRIES, 1);
  }
}
