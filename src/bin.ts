#!/usr/bin/env node
/**
 * The `dnnpipe` executable: runs the CLI on this process's arguments and streams. When standard
 * output is closed (`dnnpipe plan | head -1`) or full (`> /dev/full`), the rest of the output has
 * nowhere to go: the process ends quietly with exit code 4 (`EXIT.outputLost`), never 1, which
 * scripts read as "no valid plan", and never with a stack trace.
 *
 * Every millisecond of a one-shot command's start counts (docs/benchmarks.md, "One-shot use"):
 * the build bundles this module and what it imports into one CommonJS file, dist/bin.cjs
 * (scripts/build-cli.mjs), so it uses no top-level `await`; it creates `process.stderr` only when
 * there is something to say; and outside Windows it writes standard output with `writeSync`,
 * which is what Node's own stream does there for files and pipes, without loading Node's stream
 * machinery (≈ 3 ms of a ≈ 20 ms command).
 */
import { writeSync } from 'node:fs';
import { EXIT, runCli } from './cli/index.js';

let outputLost = false;
function loseOutput(): void {
  outputLost = true;
  process.exitCode = EXIT.outputLost;
}

/** For sleeping 1 ms while a non-blocking standard output is full (`Atomics.wait`). */
let pause: Int32Array | undefined;

/**
 * Writes all of `text` to the descriptor, as Node's synchronous stdout does: a short write is
 * continued, and a descriptor another process left non-blocking (`EAGAIN`) is waited for.
 * @throws the write's error (`EPIPE`, `ENOSPC`, …): the output is lost
 */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  while (written < bytes.length) {
    try {
      written += writeSync(fd, bytes, written);
    } catch (error) {
      if ((error as { code?: string }).code !== 'EAGAIN') throw error;
      pause ??= new Int32Array(new SharedArrayBuffer(4));
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

/** Windows consoles need Node's stream, which writes UTF-16 to them; elsewhere bytes are bytes. */
const writeStdout: (text: string) => void = process.platform === 'win32'
  ? (text) => { process.stdout.write(text); }
  : (text) => {
    try {
      writeAll(1, text);
    } catch {
      loseOutput();
    }
  };
if (process.platform === 'win32') process.stdout.on('error', loseOutput);

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
  stdout: (text) => { if (!outputLost) writeStdout(text); },
  stderr: writeStderr,
  outputLost: () => outputLost,
}).then((code) => {
  process.exitCode = outputLost ? EXIT.outputLost : code;
});
