/**
 * The `dnnpipe` command (SPEC §4). Exit codes: 0 planned, 1 infeasible, 2 bad input or usage,
 * 3 an internal error. User mistakes print one line and no stack trace. `runCli` does no I/O of
 * its own beyond files named on the command line, so tests can drive it in-process.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { fromDnnpipeConfig, isDnnpipeConfig, toDnnpipePlan } from './adapters/dnnpipe-config.js';
import { fromPipeEdge, toPipeEdgeSchedule, type PipeEdgeOptions } from './adapters/pipeedge.js';
import { InfeasibleError, ProblemError } from './errors.js';
import { formatPlan, formatSimulation } from './format.js';
import { renderSvg } from './render-svg.js';
import { simulate, type Simulation } from './simulate.js';
import { jsonErrorOffset, lineAndColumn } from './json-location.js';
import { createSolver } from './solver.js';
import type { Plan, Problem, SolveOptions } from './types.js';
import { unitCountOf, validateProblem } from './validate.js';

const USAGE = `usage:
  dnnpipe plan [FILE] [--json] [--out FILE] [--svg FILE] [--engine wasm|ts]
               [--algorithm auto|dnnpipe] [--secondary latency|none]
               [--transfer overlap|serial] [--without ID[,ID]]
  dnnpipe plan --pipeedge [-M models.yml] [-T device_types.yml] [-D devices.yml]
               [-m MODEL] [-b 8] [-d torch.float32] [-i 2] [-o 2] [--json]
  dnnpipe simulate [FILE] [--frames N] [--json] [--svg FILE] [plan's options]

FILE is a DNNPipe config.json or a native Problem JSON. Without FILE, the bundled
EfficientNetV2-B0 example (DNNPipe's published config) is planned.
  --json        print the plan (simulate: the plan and the simulation) as JSON
  --out FILE    also write DNNPipe's pipeline_plan.json (1-based, inclusive units)
  --svg FILE    also write a picture: frames flowing through the stages, and the
                throughput against each single device
  --without IDS plan as if these devices were gone (what-if)
  --frames N    frames to stream through the plan (default 32)
  --pipeedge    read PipeEdge's YAML files with sched-pipeline's flags and defaults,
                and print its YAML schedule (- host: [first, last])
Exit codes: 0 planned, 1 no valid plan, 2 bad input or usage.`;

/** A user-facing failure: one line, an exit code. */
class CliError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

const EXAMPLE = new URL('../examples/effnetv2b0.dnnpipe.json', import.meta.url);

/** A one-line JSON syntax error with line and column. */
function describeJsonError(text: string, error: Error): string {
  const { line, column } = lineAndColumn(text, Math.max(0, jsonErrorOffset(text)));
  // V8 appends the offending text (possibly with newlines); keep just the complaint.
  const complaint = (error.message.split('\n')[0] ?? '')
    .replace(/ (in JSON )?at position \d+.*$/, '')
    .replace(/, (\.\.\.)?".*$/, '');
  return `invalid JSON at line ${line}, column ${column}: ${complaint}`;
}

function readProblem(file: string | undefined): PlanInput {
  const label = file ?? 'bundled example effnetv2b0.dnnpipe.json';
  let text: string;
  try {
    text = readFileSync(file ?? EXAMPLE, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliError(`${label}: cannot read the file${code === 'ENOENT' ? ' (no such file)' : code ? ` (${code})` : ''}`, 2);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${label}: ${describeJsonError(text, error as Error)}`, 2);
  }
  try {
    return { problem: isDnnpipeConfig(json) ? fromDnnpipeConfig(json) : validateProblem(json), label };
  } catch (error) {
    if (error instanceof ProblemError) throw new CliError(`${label}: ${error.message}`, 2);
    throw error;
  }
}

function choice<T extends string>(value: string | undefined, flag: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new CliError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`, 2);
  return value as T;
}

/** Where the CLI writes; `process.stdout`/`stderr` in `bin.ts`, buffers in tests. */
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Reads and parses a YAML file of PipeEdge's; syntax errors give line and column. */
function readYaml(path: string, flag: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliError(`${path}: cannot read the file${code === 'ENOENT' ? ` (no such file; set it with ${flag})` : code ? ` (${code})` : ''}`, 2);
  }
  try {
    return parseYaml(text, { prettyErrors: true });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      const where = at ? ` at line ${at.line}, column ${at.col}` : '';
      throw new CliError(`${path}: invalid YAML${where}: ${(error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`, 2);
    }
    throw error;
  }
}

/** A positive or zero whole number from a flag. */
function wholeFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CliError(`${flag} must be a whole number, got "${value}"`, 2);
  return Number(value);
}

interface PlanInput {
  problem: Problem;
  label: string;
  slots?: { in: number; out: number };
}

function readPipeEdge(values: Flags, out: CliOutput): PlanInput {
  const files = {
    models: String(values['models-file'] ?? 'models.yml'),
    deviceTypes: String(values['dev-types-file'] ?? 'device_types.yml'),
    devices: String(values['dev-file'] ?? 'devices.yml'),
  };
  const buffersIn = wholeFlag(values['buffers-in'], '--buffers-in') ?? 2;
  const buffersOut = wholeFlag(values['buffers-out'], '--buffers-out') ?? 2;
  const options: PipeEdgeOptions = {
    modelName: String(values['model-name'] ?? 'google/vit-base-patch16-224'),
    batchSize: wholeFlag(values['batch-size'], '--batch-size') ?? 8,
    dtype: String(values.dtype ?? 'torch.float32'),
    buffersIn,
    buffersOut,
    onWarning: (message) => out.stderr(`dnnpipe: warning: ${message}\n`),
  };
  const parsed = { models: readYaml(files.models, '-M'), deviceTypes: readYaml(files.deviceTypes, '-T'), devices: readYaml(files.devices, '-D') };
  try {
    return { problem: fromPipeEdge(parsed, options), label: files.models, slots: { in: buffersIn, out: buffersOut } };
  } catch (error) {
    if (error instanceof ProblemError) {
      // Name the file the user gave, not PipeEdge's default name.
      const message = error.message
        .replace(/^models\.yml/, files.models)
        .replace(/^device_types\.yml/, files.deviceTypes)
        .replace(/^devices\.yml/, files.devices);
      throw new CliError(message, 2);
    }
    throw error;
  }
}

/** `- host: [first, last]` lines, PipeEdge's schedule format; hosts quoted when YAML needs it. */
function formatPipeEdgeSchedule(stages: readonly { device: string; start: number; end: number }[]): string {
  return toPipeEdgeSchedule(stages)
    .map((entry) => Object.entries(entry).map(([host, [first, last]]) => {
      const key = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/.test(host) ? host : JSON.stringify(host);
      return `- ${key}: [${first}, ${last}]`;
    }).join('\n'))
    .join('\n');
}

const COMMON_FLAGS = {
  json: { type: 'boolean' },
  out: { type: 'string' },
  svg: { type: 'string' },
  engine: { type: 'string' },
  algorithm: { type: 'string' },
  secondary: { type: 'string' },
  transfer: { type: 'string' },
  without: { type: 'string' },
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
} as const;

type Flags = ReturnType<typeof parseFlags>['values'];

function parseFlags(args: string[]) {
  return parseArgs({ args, allowPositionals: true, options: COMMON_FLAGS });
}

/** Reads the input a plan or simulate command names, and plans it. */
async function planFromFlags(values: Flags, positionals: string[], out: CliOutput): Promise<{ input: PlanInput; problem: Problem; options: SolveOptions; result: Plan }> {
  if (positionals.length > 1) throw new CliError(`takes one FILE, got ${positionals.length}: ${positionals.join(' ')}`, 2);
  const pipeEdgeFlags = ['models-file', 'dev-types-file', 'dev-file', 'model-name', 'batch-size', 'dtype', 'buffers-in', 'buffers-out'].filter((f) => values[f as keyof Flags] !== undefined);
  if (values.pipeedge && positionals.length > 0) throw new CliError('--pipeedge reads -M/-T/-D files, not a FILE argument', 2);
  if (!values.pipeedge && pipeEdgeFlags.length > 0) throw new CliError(`--${pipeEdgeFlags[0]} is a --pipeedge option`, 2);
  const options: SolveOptions = {};
  const engine = choice(values.engine, '--engine', ['wasm', 'ts'] as const);
  const algorithm = choice(values.algorithm, '--algorithm', ['auto', 'dnnpipe'] as const);
  const secondary = choice(values.secondary, '--secondary', ['latency', 'none'] as const);
  const transfer = choice(values.transfer, '--transfer', ['overlap', 'serial'] as const);
  if (engine) options.engine = engine;
  if (algorithm) options.algorithm = algorithm;
  if (secondary) options.secondary = secondary;
  if (transfer) options.transfer = transfer;
  const input = values.pipeedge ? readPipeEdge(values, out) : readProblem(positionals[0]);
  if (input.slots) options.slots = input.slots;
  const problem = values.without === undefined ? input.problem : withoutDevices(input.problem, values.without, input.label);
  const solver = await createSolver();
  try {
    return { input, problem, options, result: solver.solve(problem, options) };
  } catch (error) {
    if (error instanceof InfeasibleError) throw new CliError(`${input.label}: ${error.message}`, 1);
    if (error instanceof ProblemError) throw new CliError(`${input.label}: ${error.message}`, 2);
    throw error;
  }
}

function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new CliError(`${path}: cannot write (${(error as { code?: string }).code ?? String(error)})`, 2);
  }
}

async function plan(args: string[], out: CliOutput): Promise<void> {
  const { values, positionals } = parseFlags(args);
  if (values.frames !== undefined) throw new CliError('--frames is a simulate option', 2);
  const { input, problem, options, result } = await planFromFlags(values, positionals, out);
  if (values.out !== undefined) writeOutput(values.out, `${JSON.stringify(toDnnpipePlan(result.stages))}\n`);
  if (values.svg !== undefined) writeOutput(values.svg, renderSvg(problem, result, undefined, options));
  const units = unitCountOf(problem);
  if (values.json) out.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else if (values.pipeedge) out.stdout(`${formatPipeEdgeSchedule(result.stages)}\n`);
  else out.stdout(`${formatPlan(result, `dnnpipe plan: ${input.label} (${units} units, ${problem.devices.length} devices)`)}\n`);
}

async function simulateCommand(args: string[], out: CliOutput): Promise<void> {
  const { values, positionals } = parseFlags(args);
  if (values.out !== undefined) throw new CliError('--out is a plan option', 2);
  const frames = wholeFlag(values.frames, '--frames') ?? 32;
  if (frames < 1) throw new CliError('--frames must be at least 1', 2);
  const { input, problem, options, result } = await planFromFlags(values, positionals, out);
  let simulation: Simulation;
  try {
    simulation = simulate(problem, result.stages, { ...options, frames });
  } catch (error) {
    if (error instanceof ProblemError) throw new CliError(error.message, 2);
    throw error;
  }
  if (values.svg !== undefined) writeOutput(values.svg, renderSvg(problem, result, simulation, options));
  if (values.json) {
    out.stdout(`${JSON.stringify({ plan: result, simulation }, null, 2)}\n`);
    return;
  }
  out.stdout(`${formatSimulation(result, simulation, `dnnpipe simulate: ${input.label}, ${frames} frames`)}\n`);
}

/** What-if: the problem without the listed devices. */
function withoutDevices(problem: Problem, list: string, label: string): Problem {
  const ids = list.split(',').map((id) => id.trim()).filter((id) => id !== '');
  const unknown = ids.filter((id) => !problem.devices.some((d) => d.id === id));
  if (unknown.length > 0) throw new CliError(`${label}: --without names no device "${unknown[0]}"; devices: ${problem.devices.map((d) => d.id).join(', ')}`, 2);
  const devices = problem.devices.filter((d) => !ids.includes(d.id));
  if (devices.length === 0) throw new CliError(`${label}: --without removes every device`, 2);
  return { ...problem, devices };
}

async function dispatch(argv: string[], out: CliOutput): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    out.stdout(`${USAGE}\n`);
    return;
  }
  if (command === undefined) throw new CliError(`a command is required\n${USAGE}`, 2);
  if (command === 'plan' || command === 'simulate') {
    if (rest.includes('--help') || rest.includes('-h')) {
      out.stdout(`${USAGE}\n`);
      return;
    }
    return command === 'plan' ? plan(rest, out) : simulateCommand(rest, out);
  }
  throw new CliError(`unknown command "${command}"; try: dnnpipe --help`, 2);
}

/**
 * Runs the command line.
 * @param argv - the arguments after the program name
 * @param out - where to print
 * @returns the exit code
 */
export async function runCli(argv: string[], out: CliOutput): Promise<number> {
  try {
    await dispatch(argv, out);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      out.stderr(`dnnpipe: ${error.message}\n`);
      return error.exitCode;
    }
    // parseArgs reports unknown or malformed flags with these codes.
    const code = (error as { code?: string }).code;
    if (code?.startsWith('ERR_PARSE_ARGS')) {
      out.stderr(`dnnpipe: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}\n`);
      return 2;
    }
    out.stderr(`dnnpipe: internal error, please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 3;
  }
}
