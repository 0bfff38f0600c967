#!/usr/bin/env node
/**
 * The `dnnpipe` executable: runs the CLI on this process's arguments and streams. When standard
 * output is closed (`dnnpipe plan | head -1`) or full (`> /dev/full`), the rest of the output has
 * nowhere to go: the process ends quietly with exit code 4 (`EXIT.outputLost`), never 1, which
 * scripts read as "no valid plan", and never with a stack trace.
 */
import { EXIT, runCli } from './cli/index.js';

let outputLost = false;
process.stdout.on('error', () => {
  outputLost = true;
  process.exitCode = EXIT.outputLost;
});
// A closed stderr leaves nothing to report on; the exit code still says what happened.
process.stderr.on('error', () => undefined);

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => { if (!outputLost) process.stdout.write(text); },
  stderr: (text) => { if (!process.stderr.destroyed) process.stderr.write(text); },
});
process.exitCode = outputLost ? EXIT.outputLost : code;
