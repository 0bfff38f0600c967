/**
 * The `dnnpipe` command line (README, "The command line"): a dispatcher over one module per
 * command. Exit codes are `EXIT` in `errors.ts`: 0 done, 1 no valid plan, 2 bad input or usage,
 * 3 an internal error, 4 standard output closed or full (set by `bin.ts`). User mistakes print
 * one escaped line and no stack trace. A command renders everything first and checks that its
 * files can be written; then stdout is printed, and the files are written (atomically, never over
 * an input) only once that has succeeded: a command whose output is lost (exit 4) or interrupted
 * while printing leaves no file.
 * `runCli` does no I/O beyond the files named on the command line, so tests drive it in-process.
 */
import { readFileSync } from 'node:fs';
import type { Command } from './command.js';
import { CliError, EXIT } from './errors.js';
import { checkWrites, commitWrites } from './files.js';
import { commandHelp, globalHelp } from './help.js';
import { frontierCommand } from './frontier.js';
import { planCommand } from './plan.js';
import { simulateCommand } from './simulate.js';
import { escapeLine } from './terminal.js';
import { closest } from '../validate.js';

export { EXIT } from './errors.js';

/** Every command; a new one is one module and one entry here. */
const COMMANDS: readonly Command[] = [planCommand, simulateCommand, frontierCommand];

const USAGE = globalHelp(COMMANDS.map((command) => command.usage));

/** Where the CLI writes; `process.stdout`/`stderr` in `bin.ts`, buffers in tests. */
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether standard output was closed or full (`bin.ts`): the command then writes no file. */
  outputLost?(): boolean;
}

async function dispatch(argv: string[], out: CliOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    out.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    // The package's own package.json, two levels above this module (and above the bundle).
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    out.stdout(`dnnpipe ${escapeLine(version)}\n`);
    return EXIT.ok;
  }
  if (name === undefined) throw new CliError('a command is required; try: dnnpipe --help', EXIT.usage);
  // dnnpipe/onnx is its own entry with its own dependencies: loaded only for `dnnpipe onnx`.
  if (name === 'onnx') return (await import('../onnx/cli.js')).onnxCommand(rest, out);
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    const hint = closest(name, [...COMMANDS.map((c) => c.name), 'onnx', '--help', '--version']);
    throw new CliError(`unknown command ${JSON.stringify(name)}${hint ? ` (did you mean ${hint}?)` : ''}; try: dnnpipe --help`, EXIT.usage);
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out.stdout(`${commandHelp(command.name, command.usage, command.options)}\n`);
    return EXIT.ok;
  }
  const result = await command.run(rest, (line) => out.stderr(`dnnpipe: warning: ${escapeLine(line)}\n`));
  checkWrites(result.writes, result.inputs);
  out.stdout(result.stdout);
  if (out.outputLost?.()) return EXIT.outputLost;
  commitWrites(result.writes, result.inputs);
  return EXIT.ok;
}

/**
 * Runs the command line.
 * @param argv - the arguments after the program name
 * @param out - where to print
 * @returns the exit code (one of `EXIT`)
 */
export async function runCli(argv: string[], out: CliOutput): Promise<number> {
  try {
    return await dispatch(argv, out);
  } catch (error) {
    if (error instanceof CliError) {
      if (error.stdout !== undefined) out.stdout(error.stdout);
      out.stderr(`dnnpipe: ${escapeLine(error.message)}\n`);
      return error.exitCode;
    }
    // parseArgs reports unknown or malformed flags with these codes.
    const code = (error as { code?: string }).code;
    if (code?.startsWith('ERR_PARSE_ARGS')) {
      out.stderr(`dnnpipe: ${escapeLine((error as Error).message.replace(/\s*\n\s*/g, ' '))}\n`);
      return EXIT.usage;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    out.stderr(`dnnpipe: internal error, please report it: ${detail.split('\n').map(escapeLine).join('\n')}\n`);
    return EXIT.internal;
  }
}
