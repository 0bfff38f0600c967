/** Running the command line in tests: in-process through `runCli`, or built (`dist/bin.js`) in a fresh Node process. */
import { spawnSync } from 'node:child_process';
import { vi } from 'vitest';
import { runCli, type CliOutput } from '../../src/cli/index.js';

/** What one command printed on each stream, and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command entry point (`runCli`, or `onnxCommand` for `dnnpipe onnx`) with buffers for
 * output, so a test reads the exit code and both streams without spawning Node.
 */
export async function capture(command: (argv: string[], out: CliOutput) => Promise<number>, argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await command(argv, { stdout: (text) => { stdout += text; }, stderr: (text) => { stderr += text; } });
  return { code, stdout, stderr };
}

/** `dnnpipe ...argv` run in-process through `runCli`, for tests of the CLI's output and exit codes. */
export function cli(...argv: string[]): Promise<CliRun> {
  return capture(runCli, argv);
}

/**
 * `dnnpipe plan path` in-process with `JSON.parse` watched, for the tests that show a huge input
 * is refused by the key scan before `JSON.parse` builds it. `wholeParsed` says whether
 * `JSON.parse` was ever called on `text` (the file's whole content).
 */
export async function planWatchingParse(path: string, text: string): Promise<CliRun & { wholeParsed: boolean }> {
  const parse = vi.spyOn(JSON, 'parse');
  try {
    const run = await cli('plan', path);
    return { ...run, wholeParsed: parse.mock.calls.some(([argument]) => argument === text) };
  } finally {
    parse.mockRestore();
  }
}

/** The built command, `dist/bin.js` (the tests that use it need `npm run build` first). */
export const BUILT_CLI = new URL('../../dist/bin.js', import.meta.url).pathname;

/** What a process printed on each stream, and its exit status (null when a signal ended it). */
export interface ProcessRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `dnnpipe ...args` run as a user would: the built `dist/bin.js` in a fresh Node process, in `cwd`
 * (this process's when not given), for tests of real files, exit statuses and the bundled entry.
 */
export function cliProcess(args: string[], cwd?: string): ProcessRun {
  const result = spawnSync(process.execPath, [BUILT_CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
