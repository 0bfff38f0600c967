// Turns pasted or bundled JSON into a Problem; used by the page and by its worker.
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
