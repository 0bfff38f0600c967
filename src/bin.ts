#!/usr/bin/env node
/**
 * The `dnnpipe` executable: runs the CLI on this process's arguments and streams. When standard
 * output is closed (`dnnpipe plan | head -1`) or full (`> /dev/full`), the rest of the output has
 * nowhere to go: the process ends quietly with exit code 4 (`EXIT.outputLost`), never 1, which
 * scripts read as "no valid plan", and never with a stack trace.
 *
 * The build bundles this module and what it imports into one CommonJS file, dist/bin.cjs
 * (scripts/build-cli.mjs), so it uses no top-level `await`, and it creates `process.stderr` only
 * when there is something to say: every millisecond of a one-shot command's start counts.
 */
import { EXIT, runCli } from './cli/index.js';

let outputLost = false;
process.stdout.on('error', () => {
  outputLost = true;
  process.exitCode = EXIT.outputLost;
});

let stderrReady = false;
function writeStderr(text: string): void {
  if (!stderrReady) {
    stderrReady = true;
    // A closed stderr leaves nothing to report on; the exit code still says what happened.
    process.stderr.on('error', () => undefined);
  }
  if (!process.stderr.destroyed) process.stderr.write(text);
}

void runCli(process.argv.slice(2), {
  stdout: (text) => { if (!outputLost) process.stdout.write(text); },
  stderr: writeStderr,
}).then((code) => {
  process.exitCode = outputLost ? EXIT.outputLost : code;
});
