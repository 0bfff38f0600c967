/**
 * What the `plan` and `simulate` commands share: their flags, reading the problem (a JSON file or
 * PipeEdge's YAML files) and planning it, with every user mistake turned into one `CliError`.
 */
import { parseArgs } from 'node:util';
import { fromDnnpipeConfig, isDnnpipeConfig, toDnnpipeFields } from '../adapters/dnnpipe-config.js';
import { fromPipeEdge, type PipeEdgeOptions } from '../adapters/pipeedge.js';
import { InfeasibleError, ProblemError } from '../errors.js';
import { lineAndColumn, scanJson, type JsonLimits } from '../json-location.js';
import { compileKernelSync } from '../kernel.js';
import { createSolver, type Solver } from '../solver.js';
import type { Plan, Problem, SolveOptions } from '../types.js';
import { closest, MAX_DEVICES, MAX_LINKS, validateProblem } from '../validate.js';
import { CliError, EXIT } from './errors.js';
import { repeatedFlag } from './flags.js';
import { readInputFile, type FileIdentity } from './files.js';

/** The flags `plan`, `simulate` and `frontier` accept (each command refuses the others' own flags). */
export const PLAN_FLAGS = {
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  out: { type: 'string' },
  svg: { type: 'string' },
  engine: { type: 'string' },
  algorithm: { type: 'string' },
  secondary: { type: 'string' },
  transfer: { type: 'string' },
  without: { type: 'string', multiple: true },
  pipeedge: { type: 'boolean' },
  'models-file': { type: 'string', short: 'M' },
  'dev-types-file': { type: 'string', short: 'T' },
  'dev-file': { type: 'string', short: 'D' },
  'model-name': { type: 'string', short: 'm' },
  'batch-size': { type: 'string', short: 'b' },
  dtype: { type: 'string', short: 'd' },
  'buffers-in': { type: 'string', short: 'i' },
  'buffers-out': { type: 'string', short: 'o' },
  frames: { type: 'string' },
  'max-latency': { type: 'string' },
  'max-stages': { type: 'string' },
  first: { type: 'string' },
  last: { type: 'string' },
} as const;

/** Parsed flags of `plan`/`simulate`. */
export type PlanFlags = ReturnType<typeof parseFlags>['values'];

/**
 * Parses a command's arguments.
 * @param args - the arguments after the command name
 */
export function parseFlags(args: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: PLAN_FLAGS, tokens: true });
  } catch (error) {
    throw flagError(error, args);
  }
  const repeated = repeatedFlag(parsed.tokens, PLAN_FLAGS);
  if (repeated !== undefined) throw new CliError(`${repeated} is given more than once; give it once`, EXIT.usage);
  return parsed;
}

/**
 * parseArgs' refusals in the command line's words (an outside try met "Unknown option '--bogus'.
 * To specify a positional argument starting with a '-', place it at the end of the command after
 * '--', as in '-- "--bogus"", and for `--max-latency -5` a question about a forgotten argument);
 * other errors pass through.
 */
export function flagError(error: unknown, args: string[], flags: Readonly<Record<string, { type: string; short?: string }>> = PLAN_FLAGS, help = 'dnnpipe --help'): unknown {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : '';
  const option = /'(-{1,2}[A-Za-z0-9-]+)/.exec(message)?.[1];
  if (option === undefined) return error;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    // The whole option as typed, up to Node's closing quote (`--je\x1b[2Json` was named `--je`).
    const typed = /'(-{1,2}[^']*)'/.exec(message)?.[1] ?? option;
    const hint = typed.startsWith('--') ? closest(typed.slice(2), Object.keys(flags)) : undefined;
    return new CliError(`unknown option ${typed}${hint ? ` (did you mean --${hint}?)` : ''}; ${help} lists the options`, EXIT.usage);
  }
  if (code !== 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return error;
  // Node names a flag with a short alias "-b, --batch-size" whichever the user typed (an outside
  // review, s24): the long name, and the spelling found among the arguments.
  const long = /'(?:-\w, )?(--[A-Za-z0-9-]+)/.exec(message)?.[1] ?? option;
  if (/does not take an argument/.test(message)) return new CliError(`${long} takes no value; give ${long} alone`, EXIT.usage);
  const short = Object.entries(flags).find(([name]) => `--${name}` === long)?.[1];
  const alias = short?.short === undefined ? undefined : `-${short.short}`;
  const at = args.findIndex((arg) => arg === long || arg === alias);
  const typed = at >= 0 ? (args[at] as string) : long;
  const next = at >= 0 ? args[at + 1] : undefined;
  if (next === undefined || !next.startsWith('-')) return new CliError(`${typed} needs a value`, EXIT.usage);
  return new CliError(`${typed} needs a value, and ${JSON.stringify(next)} after it starts with a dash (write ${long}=${next} if that is the value)`, EXIT.usage);
}

/**
 * Largest values of the whole-number flags (README, "Limits"). PipeEdge's buffers and batch size
 * multiply activation sizes; beyond these they describe no real pipeline, and far beyond them the
 * products leave the range where doubles count bytes exactly.
 */
export const FLAG_MAXIMUM = {
  '--batch-size': 1_048_576,
  '--buffers-in': 1024,
  '--buffers-out': 1024,
} as const;

/** Largest `--max-stages` (README, "Limits"): above any cluster's device count. */
const MAX_STAGES_FLAG = 1_000_000;

const EXAMPLE = new URL('../../examples/effnetv2b0.dnnpipe.json', import.meta.url);

/** A problem read from the command line, with what is needed to report on it. */
export interface PlanInput {
  problem: Problem;
  /** How messages name the input. */
  label: string;
  /** The files read, none of which any output may replace. */
  files: FileIdentity[];
  /** A DNNPipe `config.json`: messages name its fields, not the native ones. */
  dnnpipe: boolean;
  /** PipeEdge's buffers, as solve options. */
  slots?: { in: number; out: number };
}

/**
 * One of a flag's allowed values.
 * @param value - the flag's value, if given
 * @param flag - the flag, for messages
 * @param allowed - the values it takes
 */
export function choice<T extends string>(value: string | undefined, flag: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new CliError(`${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`, EXIT.usage);
  return value as T;
}

/**
 * A whole number from a flag, from `least` to `maximum`.
 * @param value - the flag's value, if given
 * @param flag - the flag, for messages
 * @param maximum - the largest value accepted
 * @param least - the least value accepted (its message's examples start there)
 */
export function wholeFlag(value: string | undefined, flag: string, maximum: number, least = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CliError(`${flag} must be a whole number (${least}, ${least + 1}, ${least + 2}, …), got ${JSON.stringify(value)}`, EXIT.usage);
  const number = Number(value);
  if (number > maximum) throw new CliError(`${flag} is ${value}; the largest accepted is ${maximum}`, EXIT.usage);
  if (number < least) throw new CliError(`${flag} must be at least ${least}`, EXIT.usage);
  return number;
}

/** A one-line JSON syntax error with line and column. */
function describeJsonError(text: string, error: Error): string {
  const scan = scanJson(text);
  const offset = scan.kind === 'invalid' ? scan.offset : 0;
  const { line, column } = lineAndColumn(text, offset);
  // V8 appends the offending text (possibly with newlines); keep just the complaint.
  const complaint = (error.message.split('\n')[0] ?? '')
    .replace(/ (in JSON )?at position \d+.*$/, '')
    .replace(/, (\.\.\.)?".*$/, '');
  return `invalid JSON at line ${line}, column ${column}: ${complaint}`;
}

/**
 * Parses JSON text, refusing what `JSON.parse` would accept silently: a key given twice in one
 * object (it would keep the last).
 * @param text - the file's text
 * @param label - how messages name the file
 */
export function parseJsonFile(text: string, label: string): unknown {
  // The scan first: it stops at an object of too many keys, which `JSON.parse` would build in full
  // (a 38 MB file of 3,000,000 keys took 13 s to refuse, past the 5 s bound).
  const scan = scanJson(text, INPUT_LIMITS);
  if (scan.kind === 'too-many-keys') {
    const { line, column } = lineAndColumn(text, scan.offset);
    throw new CliError(`${label}: an object with more than ${MAX_OBJECT_KEYS} keys (key ${MAX_OBJECT_KEYS + 1} at line ${line}, column ${column}); no object of a problem or config has more than a dozen (README, "Limits")`, EXIT.usage);
  }
  if (scan.kind === 'too-many-keys-in-all') {
    const { line, column } = lineAndColumn(text, scan.offset);
    throw new CliError(`${label}: more than ${MAX_TOTAL_KEYS} keys in all (the next at line ${line}, column ${column}); a problem of ${MAX_DEVICES} devices and ${MAX_LINKS} links has about ${5 * MAX_LINKS + 10 * MAX_DEVICES} (README, "Limits")`, EXIT.usage);
  }
  if (scan.kind === 'too-many-containers') {
    const { line, column } = lineAndColumn(text, scan.offset);
    throw new CliError(`${label}: more than ${MAX_CONTAINERS} objects and arrays (the next at line ${line}, column ${column}); a problem of ${MAX_DEVICES} devices and ${MAX_LINKS} links has about ${MAX_LINKS + 2 * MAX_DEVICES} (README, "Limits")`, EXIT.usage);
  }
  if (scan.kind === 'duplicate-key') {
    const { line, column } = lineAndColumn(text, scan.offset);
    throw new CliError(`${label}: duplicate key ${JSON.stringify(scan.key)} at line ${line}, column ${column}; each key may appear once per object`, EXIT.usage);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${label}: ${describeJsonError(text, error as Error)}`, EXIT.usage);
  }
}

/** Most keys an object in an input file may have (README, "Limits"). */
export const MAX_OBJECT_KEYS = 1000;

/**
 * Most objects and arrays an input file may hold (README, "Limits"): three times what the largest
 * valid problem needs (a device object and its time array each, a link object each, a few more).
 * JSON.parse took 2.8 s to build 8,000,000 one-number arrays of a 32 MB file; numbers alone are
 * cheap (14,000,000 in 0.5 s).
 */
export const MAX_CONTAINERS = 3 * (MAX_LINKS + 2 * MAX_DEVICES);

/**
 * Most keys a JSON input file may hold in all (README, "Limits"): about three times what the
 * largest valid problem has (five fields of each link, a dozen of each device). An outside review
 * built 62 MiB of objects of 1,000 keys each: 10.6 s to refuse (scan 4.6 s, JSON.parse 4.7 s).
 */
export const MAX_TOTAL_KEYS = 3 * (5 * MAX_LINKS + 10 * MAX_DEVICES);

const INPUT_LIMITS: JsonLimits = { keys: MAX_OBJECT_KEYS, totalKeys: MAX_TOTAL_KEYS, containers: MAX_CONTAINERS };

/**
 * Reads a DNNPipe `config.json` or a native Problem JSON, or without a file the bundled example.
 * @param file - the FILE argument, if any
 */
export function readProblem(file: string | undefined): PlanInput {
  const label = file ?? 'bundled example effnetv2b0.dnnpipe.json';
  const { text, identity } = readInputFile(file ?? EXAMPLE, label);
  const json = parseJsonFile(text, label);
  const dnnpipe = isDnnpipeConfig(json);
  try {
    return { problem: dnnpipe ? fromDnnpipeConfig(json) : validateProblem(json), label, files: [identity], dnnpipe };
  } catch (error) {
    if (error instanceof ProblemError) throw new CliError(`${label}: ${error.message}`, EXIT.usage);
    throw error;
  }
}

/**
 * Reads and parses one of PipeEdge's YAML files. Refused, with line and column: syntax errors,
 * duplicate keys, more than one document, any tag the YAML 1.2 core schema does not define
 * (`!!js/function`, `!!python/…`, `!custom`: PipeEdge's files never use them, and other parsers
 * would run them), aliases that name no anchor, and alias expansion beyond 100 (the shape of a
 * "billion laughs" expansion bomb).
 */
function readYaml(yaml: YamlParser, path: string, { text, identity }: { text: string; identity: FileIdentity }): { value: unknown; identity: FileIdentity } {
  // The parser checks each key of a mapping against every key before it: 50,000 keys in one
  // mapping (512 KB) took 14 s (s28 hunt). A first parse without that check finds the mappings'
  // sizes; one with more keys than a JSON object may have (MAX_OBJECT_KEYS) is refused.
  yaml.visit(yaml.parseDocument(text, { schema: 'core', uniqueKeys: false }), {
    Map(_, map) {
      if (map.items.length <= MAX_OBJECT_KEYS) return;
      const before = text.slice(0, map.range?.[0] ?? 0).split('\n');
      throw new CliError(`${path}: YAML not accepted at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}: a mapping of ${map.items.length.toLocaleString('en-US')} keys; the limit is ${MAX_OBJECT_KEYS.toLocaleString('en-US')}`, EXIT.usage);
    },
  });
  const document = yaml.parseDocument(text, { prettyErrors: true, schema: 'core', uniqueKeys: true });
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem !== undefined) {
    const at = problem.linePos?.[0];
    const where = at ? ` at line ${at.line}, column ${at.col}` : '';
    const complaint = (problem.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    const kind = document.errors.length > 0 ? 'invalid YAML' : 'YAML not accepted';
    throw new CliError(`${path}: ${kind}${where}: ${complaint}`, EXIT.usage);
  }
  try {
    return { value: document.toJS({ maxAliasCount: 100 }), identity };
  } catch (error) {
    // yaml throws ReferenceError for unresolved aliases and for excessive alias expansion.
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new CliError(`${path}: YAML not accepted: ${message}`, EXIT.usage);
  }
}

/**
 * Reads PipeEdge's three files with `sched-pipeline`'s flags and defaults.
 * @param values - the parsed flags
 * @param warn - receives each warning line (a device type skipped)
 */
/** Most bytes PipeEdge's three YAML files may hold together (see `readPipeEdge`). */
export const MAX_YAML_BYTES = 256 * 1024;

/** The YAML parser, loaded only for `--pipeedge` (it is most of the CLI's start-up otherwise). */
type YamlParser = typeof import('yaml');

export async function readPipeEdge(values: PlanFlags, warn: (line: string) => void): Promise<PlanInput> {
  const yaml = await import('yaml');
  const files = {
    models: values['models-file'] ?? 'models.yml',
    deviceTypes: values['dev-types-file'] ?? 'device_types.yml',
    devices: values['dev-file'] ?? 'devices.yml',
  };
  const buffersIn = wholeFlag(values['buffers-in'], '--buffers-in', FLAG_MAXIMUM['--buffers-in']) ?? 2;
  const buffersOut = wholeFlag(values['buffers-out'], '--buffers-out', FLAG_MAXIMUM['--buffers-out']) ?? 2;
  const options: PipeEdgeOptions = {
    modelName: values['model-name'] ?? 'google/vit-base-patch16-224',
    batchSize: wholeFlag(values['batch-size'], '--batch-size', FLAG_MAXIMUM['--batch-size'], 1) ?? 8,
    dtype: values.dtype ?? 'torch.float32',
    buffersIn,
    buffersOut,
    onWarning: warn,
  };
  // YAML parses at about 3 s a MiB of short numbers on a 2-core machine (5 µs a value: a 10 MB
  // models.yml planned in 29 s, 60 MB ran out of memory after 46 s; s28 hunt), and each file is
  // parsed twice (readYaml), so the three files are held to MAX_YAML_BYTES together, within the
  // 5 s rule (README, "Limits"), each checked before it is parsed. PipeEdge's own are a few KB.
  let total = 0;
  const read = (path: string, flag: string): { value: unknown; identity: FileIdentity } => {
    const file = readInputFile(path, path, `; set it with ${flag}`);
    total += Buffer.byteLength(file.text);
    if (total > MAX_YAML_BYTES) throw new CliError(`${path}: PipeEdge's three YAML files hold more than ${MAX_YAML_BYTES.toLocaleString('en-US')} bytes together (${MAX_YAML_BYTES / 1024} KiB, the limit: YAML parses at about 3 s a MiB)`, EXIT.usage);
    return readYaml(yaml, path, file);
  };
  const models = read(files.models, '-M');
  const deviceTypes = read(files.deviceTypes, '-T');
  const devices = read(files.devices, '-D');
  try {
    return {
      problem: fromPipeEdge({ models: models.value, deviceTypes: deviceTypes.value, devices: devices.value }, options),
      label: files.models,
      files: [models.identity, deviceTypes.identity, devices.identity],
      dnnpipe: false,
      slots: { in: buffersIn, out: buffersOut },
    };
  } catch (error) {
    if (error instanceof ProblemError) {
      // Name the file the user gave, not PipeEdge's default name.
      const message = error.message
        .replace(/^models\.yml/, files.models)
        .replace(/^device_types\.yml/, files.deviceTypes)
        .replace(/^devices\.yml/, files.devices);
      throw new CliError(message, EXIT.usage);
    }
    throw error;
  }
}

/**
 * What-if: the problem without some devices. Each `--without` value names one device exactly
 * (nothing is trimmed, so an id with a comma or spaces can be given as it is); a value that names
 * no device is read as a comma-separated list of ids.
 * @param problem - the problem read
 * @param values - every `--without` value, in order
 * @param label - how messages name the input
 */
export function withoutDevices(problem: Problem, values: readonly string[], label: string): Problem {
  const known = new Set(problem.devices.map((d) => d.id));
  const removed = new Set<string>();
  for (const value of values) {
    const ids = known.has(value) ? [value] : value.split(',');
    // `--without "$DEVICE"` with the variable unset: a what-if that asks nothing is a mistake,
    // and so is an empty entry in a list ("b,$DEVICE" unset reads "b,").
    if (ids.every((id) => id === '')) throw new CliError(`${label}: --without ${JSON.stringify(value)} names no device; give a device id (or several, comma-separated)`, EXIT.usage);
    if (ids.includes('')) throw new CliError(`${label}: --without ${JSON.stringify(value)} has an empty entry (as "b,$DEVICE" reads with the variable unset); give device ids separated by single commas`, EXIT.usage);
    for (const id of ids) {
      if (!known.has(id)) {
        const some = problem.devices.slice(0, 20).map((d) => JSON.stringify(d.id)).join(', ');
        throw new CliError(`${label}: --without names no device ${JSON.stringify(id)}; devices: ${some}${problem.devices.length > 20 ? `, … (${problem.devices.length} in all)` : ''}`, EXIT.usage);
      }
      removed.add(id);
    }
  }
  for (const end of ['source', 'sink'] as const) {
    const id = problem[end];
    if (id !== undefined && removed.has(id)) throw new CliError(`${label}: --without cannot remove ${JSON.stringify(id)}, the problem's ${end}`, EXIT.usage);
  }
  const devices = problem.devices.filter((d) => !removed.has(d.id));
  if (!devices.some((d) => d.compute !== false)) throw new CliError(`${label}: --without removes every computing device`, EXIT.usage);
  const what: Problem = { ...problem, devices };
  // A device that is gone takes its links with it.
  if (problem.links) what.links = problem.links.filter((l) => !removed.has(l.from) && !removed.has(l.to));
  return what;
}

/**
 * The solver for one command. It compiles the kernel on this thread first: a one-shot command has
 * nothing to overlap `createSolver`'s background compile with, and on a busy machine waiting for
 * the compiling thread measured 2–7 ms against ≈ 1 ms for compiling here. The compiled module is
 * kept by `kernel.ts`, so `createSolver` only instantiates it; where compiling fails, it is left
 * to `createSolver`, which falls back to the TypeScript engine and says why.
 */
async function commandSolver(): Promise<Solver> {
  try {
    if (typeof WebAssembly === 'object') compileKernelSync();
  } catch {
    // createSolver meets the same refusal and handles it.
  }
  return createSolver();
}

/** A planned input. */
export interface Planned {
  input: PlanInput;
  problem: Problem;
  options: SolveOptions;
  result: Plan;
  /** The solver that planned it, for follow-up questions (the frontier). */
  solver: Solver;
  /**
   * A message about `problem` in the terms of the file read: its own field names (DNNPipe's
   * config) and its own device and link numbers (`--without` leaves some out).
   */
  inInputTerms(message: string): string;
}

/**
 * Renumbers `devices[i]` and `links[i]` in a message about `kept` (the problem without some
 * devices, which keeps the same entry objects) as `original` numbers them.
 */
export function inOriginalIndices(message: string, original: Problem, kept: Problem): string {
  // Positions by entry, found once (an indexOf per kept link was quadratic: 0.7 s for 65,536 links).
  const firstAt = <T>(entries: readonly T[]): Map<T, number> => {
    const at = new Map<T, number>();
    entries.forEach((entry, i) => {
      if (!at.has(entry)) at.set(entry, i);
    });
    return at;
  };
  const deviceAt = firstAt(original.devices);
  const linkAt = firstAt(original.links ?? []);
  const devices = kept.devices.map((d) => deviceAt.get(d) ?? -1);
  const links = kept.links?.map((l) => linkAt.get(l) ?? -1) ?? [];
  return message.replace(/\b(devices|links)\[(\d+)\]/g, (whole: string, field: string, index: string) => {
    const at = (field === 'devices' ? devices : links)[Number(index)];
    return at === undefined || at < 0 ? whole : `${field}[${at}]`;
  });
}

/** A positive number of milliseconds from a flag. */
function millisecondsFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  // Taken exactly as given, like the whole-number flags (`--max-stages ' 2'` is refused too).
  if (!/^[0-9.eE+-]+$/.test(value) || !Number.isFinite(ms) || ms < 0) throw new CliError(`${flag} must be a number of milliseconds, 0 or more, got ${JSON.stringify(value)}`, EXIT.usage);
  return ms;
}

/** The requirement flags (`--max-latency`, `--max-stages`, `--first`, `--last`) as solve options. */
function requirementOptions(values: PlanFlags, options: SolveOptions): void {
  const maxLatency = millisecondsFlag(values['max-latency'], '--max-latency');
  if (maxLatency !== undefined) options.maxLatency = maxLatency;
  const maxStages = wholeFlag(values['max-stages'], '--max-stages', MAX_STAGES_FLAG, 1);
  if (maxStages !== undefined) options.maxStages = maxStages;
  if (values.first !== undefined) options.first = values.first;
  if (values.last !== undefined) options.last = values.last;
}

/**
 * Reads the input a plan or simulate command names, and plans it.
 * @param values - the parsed flags
 * @param positionals - the FILE argument, if any
 * @param warn - receives warning lines
 * @throws CliError: exit 1 without a valid plan, 2 for bad input
 */
export async function planFromFlags(values: PlanFlags, positionals: readonly string[], warn: (line: string) => void): Promise<Planned> {
  if (positionals.length > 1) throw new CliError(`takes one FILE, got ${positionals.length}: ${positionals.join(' ')}`, EXIT.usage);
  const pipeEdgeFlags = (['models-file', 'dev-types-file', 'dev-file', 'model-name', 'batch-size', 'dtype', 'buffers-in', 'buffers-out'] as const).filter((f) => values[f] !== undefined);
  if (values.pipeedge && positionals.length > 0) throw new CliError('--pipeedge reads -M/-T/-D files, not a FILE argument', EXIT.usage);
  if (!values.pipeedge && pipeEdgeFlags.length > 0) throw new CliError(`--${pipeEdgeFlags[0]} is a --pipeedge option`, EXIT.usage);
  const options: SolveOptions = {};
  const engine = choice(values.engine, '--engine', ['wasm', 'ts'] as const);
  const algorithm = choice(values.algorithm, '--algorithm', ['auto', 'dnnpipe'] as const);
  const secondary = choice(values.secondary, '--secondary', ['latency', 'none'] as const);
  const transfer = choice(values.transfer, '--transfer', ['overlap', 'serial'] as const);
  if (engine) options.engine = engine;
  if (algorithm) options.algorithm = algorithm;
  if (secondary) options.secondary = secondary;
  if (transfer) options.transfer = transfer;
  requirementOptions(values, options);
  const input = values.pipeedge ? await readPipeEdge(values, warn) : readProblem(positionals[0]);
  if (input.slots) options.slots = input.slots;
  const problem = values.without === undefined ? input.problem : withoutDevices(input.problem, values.without, input.label);
  const solver = await commandSolver();
  const inInputTerms = (message: string): string => {
    const numbered = problem === input.problem ? message : inOriginalIndices(message, input.problem, problem);
    return input.dnnpipe ? toDnnpipeFields(numbered) : numbered;
  };
  try {
    return { input, problem, options, result: solver.solve(problem, options), solver, inInputTerms };
  } catch (error) {
    if (error instanceof InfeasibleError) throw new CliError(`${input.label}: ${inInputTerms(error.message)}`, EXIT.noPlan);
    if (error instanceof ProblemError) throw new CliError(`${input.label}: ${inInputTerms(error.message)}`, EXIT.usage);
    throw error;
  }
}
