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
  // The replacer is called for every value (a simulation of 500,000 frames has millions) and the
  // escape pass reads the whole text (218 MB there), so each runs only when the scan says it is
  // needed or cannot tell (docs/benchmarks.md: `simulate --frames 499999 --json` 6.7 s and
  // 1.36 GB with both always, 3.0-4.0 s and 0.93-0.99 GB now, on a busy machine). When the scan
  // cannot tell, the text itself is tested (a regex test of the text took 0.2 GB more at that size).
  const found = scanPlainJson(value);
  const replacer = !found || found.nonFinite ? (_key: string, entry: unknown) => (typeof entry === 'number' && !Number.isFinite(entry) ? String(entry) : entry) : undefined;
  const text = JSON.stringify(value, replacer, 2);
  return `${(found ? found.unsafe : hasUnsafeInJson(text)) ? escapeJson(text) : text}\n`;
}

/**
 * Most objects and arrays `scanPlainJson` visits, and most values its stack may hold, before it
 * stops looking (see there). The largest output the CLI prints, `simulate` at its 2,000,000-event
 * limit through one stage, visits about 4,000,000 of them and stacks 2,000,000 at once; a cycle
 * visits one per step and stacks one or more, so it stops at these bounds, within a second and
 * holding 32 MB (an outside review found a cycle through eight keys reaching gigabytes).
 */
const SCAN_CONTAINERS = 8_000_000;
const SCAN_STACK = 4_000_000;

/**
 * What JSON.stringify will meet in a value, for the plain data the CLI prints (objects and arrays
 * of the standard prototypes read through their own enumerable keys, strings, numbers, booleans,
 * null): whether a number is non-finite (the replacer must run) and whether a string or key holds
 * a character `escapeJson` escapes. It walks iteratively (any depth) and keeps no set of objects
 * seen (one of a million objects cost more than the walk). It returns undefined for what it does
 * not model, where JSON.stringify may print what the walk does not see: a `toJSON` method (called
 * on arrays too, with the key, once), an object of another prototype (a boxed string, a class
 * instance), and past its bounds (a cycle, which JSON.stringify then refuses, or a graph that
 * shares objects so often that printing it would take as long). Once both are found it stops.
 * Numbers and strings are checked where they are found, never stacked: a simulation is mostly
 * [start, end] pairs.
 */
function scanPlainJson(value: unknown): { nonFinite: boolean; unsafe: boolean } | undefined {
  const found = { nonFinite: false, unsafe: false };
  const leaf = (entry: unknown): void => {
    if (typeof entry === 'number') {
      if (!Number.isFinite(entry)) found.nonFinite = true;
    } else if (typeof entry === 'string' && !found.unsafe && hasUnsafeInJson(entry)) found.unsafe = true;
  };
  if (typeof value !== 'object' || value === null) {
    leaf(value);
    return found;
  }
  let containers = 0;
  const stack: object[] = [value];
  while (stack.length > 0 && !(found.nonFinite && found.unsafe)) {
    if (++containers > SCAN_CONTAINERS || stack.length > SCAN_STACK) return undefined;
    const item = stack.pop() as object;
    if (typeof (item as { toJSON?: unknown }).toJSON === 'function') return undefined;
    const array = Array.isArray(item);
    const prototype: unknown = Object.getPrototypeOf(item);
    if (array ? prototype !== Array.prototype : prototype !== Object.prototype && prototype !== null) return undefined;
    if (array) {
      for (const entry of item as unknown[]) {
        if (typeof entry === 'object' && entry !== null) stack.push(entry);
        else leaf(entry);
      }
      continue;
    }
    for (const key of Object.keys(item)) {
      if (!found.unsafe && hasUnsafeInJson(key)) found.unsafe = true;
      const entry = (item as Record<string, unknown>)[key];
      if (typeof entry === 'object' && entry !== null) stack.push(entry);
      else leaf(entry);
    }
  }
  return found;
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
