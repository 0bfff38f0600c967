/** How the CLI prints machine-readable output and routes outputs named `-` to stdout. */
import { toPipeEdgeSchedule } from '../adapters/pipeedge.js';
import { CliError, EXIT } from './errors.js';
import type { PendingWrite } from './files.js';
import { escapeJson, hasUnsafeInJson } from './terminal.js';

/**
 * JSON for `--json`: indented, with non-finite numbers written as the strings `"Infinity"`,
 * `"-Infinity"` and `"NaN"` (JSON has no such numbers, and `JSON.stringify` would print `null`,
 * which reads as "missing"). A plan whose bottleneck is 0 ms has `"throughput": "Infinity"`.
 * Control characters in strings are escaped, so the text is safe on a terminal and still JSON.
 * @param value - the value to print
 */
export function jsonText(value: unknown): string {
  const found = scanJson(value);
  // The replacer is called for every value (a simulation of 500,000 frames has millions), so it
  // runs only when some number needs it; likewise the escape pass over the text, only when some
  // string needs it (`simulate --frames 499999 --json`: 5.8 s with both always, 4.6 s with the
  // replacer skipped, docs/benchmarks.md).
  const replacer = found.nonFinite ? (_key: string, entry: unknown) => (typeof entry === 'number' && !Number.isFinite(entry) ? String(entry) : entry) : undefined;
  const text = JSON.stringify(value, replacer, 2);
  return `${found.unsafe ? escapeJson(text) : text}\n`;
}

/**
 * Most values `scanJson` visits before it stops looking and assumes both (see there): twice what
 * the largest output visits (`simulate` at its 2,000,000-event limit through one stage: 16,000,063).
 */
const SCAN_BUDGET = 32_000_000;

/**
 * Whether a JSON-like value holds a non-finite number, and whether a string or key in it holds a
 * character `escapeJson` escapes, in one iterative walk (any depth). It keeps no set of objects
 * seen (one of a million objects cost more than the walk): a cycle, or a graph that shares
 * objects so often that printing it would be as long, ends the walk at SCAN_BUDGET values, and
 * then both are assumed, which only costs time (JSON.stringify refuses the cycle itself). Numbers
 * in arrays are checked in place, not stacked: a simulation is mostly [start, end] pairs.
 */
function scanJson(value: unknown): { nonFinite: boolean; unsafe: boolean } {
  let nonFinite = false;
  let unsafe = false;
  let visits = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    if (++visits > SCAN_BUDGET) return { nonFinite: true, unsafe: true };
    const item = stack.pop();
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) nonFinite = true;
      continue;
    }
    if (typeof item === 'string') {
      if (!unsafe && hasUnsafeInJson(item)) unsafe = true;
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    if (Array.isArray(item)) {
      visits += item.length;
      for (const entry of item) {
        if (typeof entry === 'number') {
          if (!Number.isFinite(entry)) nonFinite = true;
        } else stack.push(entry);
      }
      continue;
    }
    // What JSON.stringify prints: own enumerable properties, after any toJSON.
    const shown: unknown = typeof (item as { toJSON?: unknown }).toJSON === 'function' ? (item as { toJSON(): unknown }).toJSON() : item;
    if (shown !== item) {
      stack.push(shown);
      continue;
    }
    for (const key of Object.keys(item)) {
      if (!unsafe && hasUnsafeInJson(key)) unsafe = true;
      stack.push((item as Record<string, unknown>)[key]);
    }
  }
  return { nonFinite, unsafe };
}

/** Hosts YAML takes as plain scalars; anything else is written double-quoted. */
const PLAIN_HOST = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/;

/**
 * PipeEdge's schedule format, `- host: [first, last]` per stage (1-based, inclusive); `[]` for
 * no stages, as `sched-pipeline` prints when it finds no schedule.
 * @param stages - a plan's stages
 */
export function formatPipeEdgeSchedule(stages: readonly { device: string; start: number; end: number }[]): string {
  if (stages.length === 0) return '[]\n';
  const lines = toPipeEdgeSchedule(stages).flatMap((entry) => Object.entries(entry).map(([host, [first, last]]) => {
    // JSON strings are YAML double-quoted scalars; escapeJson also escapes DEL, C1 and bidi.
    const key = PLAIN_HOST.test(host) ? host : escapeJson(JSON.stringify(host));
    return `- ${key}: [${first}, ${last}]`;
  }));
  return `${lines.join('\n')}\n`;
}

/** An output of a command: a file flag's value and its rendered text. */
export interface RenderedOutput {
  flag: string;
  path: string | undefined;
  text: () => string;
}

/**
 * Checks, before any work, that at most one thing claims stdout: `--json`, or one output named
 * `-` (`--out -`, `--svg -`).
 * @param json - whether `--json` was given
 * @param outputs - each file flag and its value
 */
export function checkStdoutClaims(json: boolean, outputs: readonly { flag: string; path: string | undefined }[]): void {
  const claims = [...(json ? ['--json'] : []), ...outputs.filter((o) => o.path === '-').map((o) => `${o.flag} -`)];
  if (claims.length > 1) throw new CliError(`${claims.join(' and ')} both print to standard output; send one of them to a file`, EXIT.usage);
  for (const output of outputs) {
    if (output.path === '') throw new CliError(`${output.flag} needs a file name, or - for standard output`, EXIT.usage);
  }
}

/**
 * Splits rendered outputs into the files to write and what replaces the normal stdout.
 * @param outputs - every file flag given, rendered lazily
 * @returns the pending writes and, if an output is `-`, its text for stdout
 */
export function routeOutputs(outputs: readonly RenderedOutput[]): { writes: PendingWrite[]; stdout?: string } {
  const writes: PendingWrite[] = [];
  let stdout: string | undefined;
  for (const output of outputs) {
    if (output.path === undefined) continue;
    if (output.path === '-') stdout = output.text();
    else writes.push({ flag: output.flag, path: output.path, text: output.text() });
  }
  return stdout === undefined ? { writes } : { writes, stdout };
}
