/** The CLI's exit codes and its one-line user-facing failure. */

/**
 * Exit codes, as the README's "The command line" lists them. Scripts tell "no valid plan" (1)
 * apart from every kind of failure, so an output that could not be delivered is never 1.
 */
export const EXIT = {
  /** The command did what was asked. */
  ok: 0,
  /** The input is valid but has no valid plan. */
  noPlan: 1,
  /** Bad input, flags or files: one line on stderr says which. */
  usage: 2,
  /** A bug in dnnpipe; the message asks for a report. */
  internal: 3,
  /** Standard output was closed or full (`| head -1`, `> /dev/full`); nothing else is printed. */
  outputLost: 4,
} as const;

/** A user-facing failure: one line, an exit code, and optionally what stdout still carries. */
export class CliError extends Error {
  override readonly name = 'CliError';

  /**
   * @param message - one line for stderr, without the `dnnpipe: ` prefix
   * @param exitCode - one of `EXIT`
   * @param stdout - text printed on stdout all the same (e.g. PipeEdge's empty schedule `[]`)
   */
  constructor(message: string, readonly exitCode: number, readonly stdout?: string) {
    super(message);
  }
}
