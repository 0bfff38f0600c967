#!/usr/bin/env node
/** The `dnnpipe` executable: runs the CLI on this process's arguments and streams. */
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
