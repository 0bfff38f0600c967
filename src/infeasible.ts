/** Explains, in the input's own terms, why a valid problem has no valid plan. */
import type { Problem } from './types.js';

/** A one-sentence reason naming the unit or the totals that make every plan invalid. */
export function explainInfeasible(problem: Problem): string {
  const memory = problem.model.memory ?? [];
  let largest = -Infinity;
  let largestId = '';
  let total = 0;
  for (const device of problem.devices) {
    const capacity = device.memory ?? Infinity;
    total += capacity;
    if (capacity > largest) [largest, largestId] = [capacity, device.id];
  }
  const unit = memory.findIndex((need) => need > largest + 1e-9 * Math.max(1, largest));
  if (unit >= 0) {
    return `unit ${unit} alone needs ${memory[unit]} MB (model.memory[${unit}]); the largest device, "${largestId}", has ${largest} MB`;
  }
  const need = memory.reduce((a, b) => a + b, 0);
  if (need > total) {
    return `the model needs ${need} MB in total but the ${problem.devices.length} devices have ${total} MB together`;
  }
  const activations = problem.model.outputBytes ? " once each stage's input and output activations (model.outputBytes, slots) are counted" : '';
  return `every unit's weights fit some device and the devices have ${total} MB for ${need} MB of weights in total, but no split into contiguous stages, one per device, fits each stage's memory${activations}`;
}
