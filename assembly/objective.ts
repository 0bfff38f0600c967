// The objective's tie rules (src/objective.ts).
import { S, finalsPtr, stageCountOf } from './layout';

/**
 * pickFinalState over finals[]: least value; within 1e-9 of it (and at most `within`, but never
 * below the least), fewest stages; least value; lowest state.
 */
export function pickFinalState(exact: bool = false, within: f64 = Infinity): i32 {
  let least = Infinity;
  for (let state = 1; state < S; state++) least = Math.min(least, load<f64>(finalsPtr + (<usize>state << 3)));
  if (least == Infinity) return -1;
  const cutoff = exact ? least : Math.min(least + 1e-9 * least, Math.max(least, within));
  let top = -1;
  let topStages = 0;
  let topValue = Infinity;
  for (let state = 1; state < S; state++) {
    const value = load<f64>(finalsPtr + (<usize>state << 3));
    if (!(value <= cutoff)) continue;
    const stages = stageCountOf(state);
    if (top < 0 || stages < topStages || (stages == topStages && value < topValue)) {
      top = state;
      topStages = stages;
      topValue = value;
    }
  }
  return top;
}
