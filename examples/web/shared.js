// What the page and its worker share: turning pasted or bundled JSON into a Problem, errors as
// plain data, and the words for a plan (the same words the CLI prints). Nothing here builds HTML:
// the page puts every id and name into the document with textContent.
import { fromDnnpipeConfig } from '/dist/index.js';

export function toProblem(text) {
  const json = JSON.parse(text);
  const isConfig = json !== null && typeof json === 'object' && ('device_config' in json || 'model_config' in json);
  return isConfig ? fromDnnpipeConfig(json) : json;
}

/** An error as plain data (it crosses the worker boundary): its class, message and field path. */
export function describeError(error) {
  return { name: error?.name ?? 'Error', message: error?.message ?? String(error), path: error?.path };
}

/** What limits throughput, in the CLI's words (`describeBottleneck`), with arrows for people. */
export function describeBottleneck(plan) {
  const at = plan.bottleneckAt;
  const device = (i) => plan.stages[i]?.device ?? '';
  switch (at?.kind) {
    case 'stage': return plan.options?.transfer === 'serial' && at.stage < plan.stages.length - 1
      ? `stage ${at.stage + 1} on ${device(at.stage)}, with its send` : `stage ${at.stage + 1} on ${device(at.stage)}`;
    case 'link': return `link ${device(at.stage)} → ${device(at.stage + 1)} after stage ${at.stage + 1}`;
    case 'source': return `source transfer ${plan.source?.device ?? ''} → ${device(0)}`;
    case 'sink': return `sink transfer ${device(plan.stages.length - 1)} → ${plan.sink?.device ?? ''}`;
    default: return 'unknown';
  }
}

/** A stage's units for people: 1-based and inclusive, with the model's unit names when it has them. */
export function unitsText(stage) {
  const units = `${stage.start + 1}–${stage.end}`;
  if (!stage.names) return units;
  return `${units} ${stage.names.first === stage.names.last ? stage.names.first : `${stage.names.first}..${stage.names.last}`}`;
}

/** Where `solve`'s plan sits on the frontier: the plan with its stages, else the nearest bottleneck (as the CLI). */
export function chosenIndex(plans, chosen) {
  const key = (plan) => JSON.stringify(plan.stages.map((s) => [s.device, s.end]));
  const same = plans.findIndex((plan) => key(plan) === key(chosen));
  if (same >= 0) return same;
  let best = 0;
  plans.forEach((plan, i) => { if (Math.abs(plan.bottleneck - chosen.bottleneck) < Math.abs(plans[best].bottleneck - chosen.bottleneck)) best = i; });
  return best;
}
