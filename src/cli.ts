/**
 * The `dnnpipe` command (SPEC §4). Exit codes: 0 planned, 1 infeasible, 2 bad input or usage,
 * 3 an internal error. User mistakes print one line and no stack trace. `runCli` does no I/O of
 * its own beyond files named on the command line, so tests can drive it in-process.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fromDnnpipeConfig, isDnnpipeConfig, toDnnpipePlan } from './adapters/dnnpipe-config.js';
import { InfeasibleError, ProblemError } from './errors.js';
import { formatPlan } from './format.js';
import { jsonErrorOffset, lineAndColumn } from './json-location.js';
import { createSolver } from './solver.js';
import type { Problem, SolveOptions } from './types.js';
import { validateProblem } from './validate.js';

const USAGE = `usage:
  dnnpipe plan [FILE] [--json] [--out FILE] [--engine wasm|ts] [--algorithm auto|dnnpipe]
               [--secondary latency|none]

FILE is a DNNPipe config.json or a native Problem JSON. Without FILE, the bundled
EfficientNetV2-B0 example (DNNPipe's published config) is planned.
  --json        print the plan as JSON
  --out FILE    also write DNNPipe's pipeline_plan.json (1-based, inclusive units)
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

function readProblem(file: string | undefined): { problem: Problem; label: string } {
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

async function plan(args: string[], out: CliOutput): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      out: { type: 'string' },
      engine: { type: 'string' },
      algorithm: { type: 'string' },
      secondary: { type: 'string' },
    },
  });
  if (positionals.length > 1) throw new CliError(`plan takes one FILE, got ${positionals.length}: ${positionals.join(' ')}`, 2);
  const options: SolveOptions = {};
  const engine = choice(values.engine, '--engine', ['wasm', 'ts'] as const);
  const algorithm = choice(values.algorithm, '--algorithm', ['auto', 'dnnpipe'] as const);
  const secondary = choice(values.secondary, '--secondary', ['latency', 'none'] as const);
  if (engine) options.engine = engine;
  if (algorithm) options.algorithm = algorithm;
  if (secondary) options.secondary = secondary;
  const { problem, label } = readProblem(positionals[0]);
  const solver = await createSolver();
  let result;
  try {
    result = solver.solve(problem, options);
  } catch (error) {
    if (error instanceof InfeasibleError) throw new CliError(`${label}: ${error.message}`, 1);
    if (error instanceof ProblemError) throw new CliError(`${label}: ${error.message}`, 2);
    throw error;
  }
  if (values.out !== undefined) {
    try {
      writeFileSync(values.out, `${JSON.stringify(toDnnpipePlan(result.stages))}\n`);
    } catch (error) {
      throw new CliError(`${values.out}: cannot write the plan (${(error as { code?: string }).code ?? String(error)})`, 2);
    }
  }
  const units = problem.model.time.length;
  out.stdout(values.json
    ? `${JSON.stringify(result, null, 2)}\n`
    : `${formatPlan(result, `dnnpipe plan: ${label} (${units} units, ${problem.devices.length} devices)`)}\n`);
}

async function dispatch(argv: string[], out: CliOutput): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    out.stdout(`${USAGE}\n`);
    return;
  }
  if (command === undefined) throw new CliError(`a command is required\n${USAGE}`, 2);
  if (command === 'plan') {
    if (rest.includes('--help') || rest.includes('-h')) {
      out.stdout(`${USAGE}\n`);
      return;
    }
    return plan(rest, out);
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
