/** The shape of one `dnnpipe` command; the dispatcher (`index.ts`) knows commands only by it. */
import type { FileIdentity, PendingWrite } from './files.js';

/** What a command produced; nothing is written or printed until the command has succeeded. */
export interface CommandResult {
  /** Text for standard output, already safe for a terminal. */
  stdout: string;
  /** Files to write, all together, after success. */
  writes: PendingWrite[];
  /** Files the command read: no write may replace them. */
  inputs: FileIdentity[];
}

/** A command of the `dnnpipe` tool. */
export interface Command {
  /** The word after `dnnpipe`. */
  name: string;
  /** Its usage lines for `--help`. */
  usage: string;
  /** The options it takes (keys of `OPTION_HELP` in `help.ts`), for `dnnpipe NAME --help`. */
  options: readonly string[];
  /**
   * Runs the command; throws `CliError` for anything the user should read.
   * @param args - the arguments after the command name
   * @param warn - prints one warning line on stderr at once
   */
  run(args: string[], warn: (line: string) => void): Promise<CommandResult>;
}
