/** Explains, in the input's own terms, why a valid problem has no valid plan. */
import type { Problem } from './types.js';

/**
 * A one-sentence reason naming the unit or the totals that make every plan invalid. Units are
 * counted from 1 for people; field paths stay 0-based.
 */
export function explainInfeasible(problem: Problem): string {
  const computing = problem.devices.filter((d) => d.compute !== false);
  const memory = problem.model.memory ?? [];
  const units = problem.model.time?.length ?? computing.find((d) => d.time)?.time?.length ?? 0;
  for (let unit = 0; unit < units; unit++) {
    if (computing.every((d) => d.time?.[unit] === null)) {
      return `no computing device can run unit ${unit + 1} (every device's time[${unit}] is null)`;
    }
  }
  let largest = -Infinity;
  let largestId = '';
  let total = 0;
  for (const device of computing) {
    const capacity = device.memory ?? Infinity;
    total += capacity;
    if (capacity > largest) [largest, largestId] = [capacity, device.id];
  }
  const unit = memory.findIndex((need) => need > largest + 1e-9 * Math.max(1, largest));
  if (unit >= 0) {
    return `unit ${unit + 1} alone needs ${memory[unit]} MB (model.memory[${unit}]); the largest device, "${largestId}", has ${largest} MB`;
  }
  const need = memory.reduce((a, b) => a + b, 0);
  if (need > total) {
    const devices = computing.length === 1 ? 'only computing device has' : `${computing.length} computing devices have`;
    return `the model needs ${need} MB in total but the ${devices} ${total} MB${computing.length === 1 ? '' : ' together'}`;
  }
  const activations = problem.model.outputBytes ? " once each stage's input and output activations (model.outputBytes, slots) are counted" : '';
  const blocked = computing.some((d) => d.time?.includes(null)) ? ' on devices that can run all of its units' : '';
  return `every unit's weights fit some device and the devices have ${total} MB for ${need} MB of weights in total, but no split into contiguous stages, one per device${blocked}, fits each stage's memory${activations}`;
}
