/**
 * Issue 15 item 5: the `dnnpipe` executable is one bundled file, dist/bin.cjs
 * (scripts/build-cli.mjs). It must be the CLI: the same output, files and exit codes as tsc's
 * modules (dist/cli/index.js) run unbundled, its lazy parts (`dnnpipe onnx`, the YAML parser) still
 * loaded on demand, and the bundled example still found when installed from the packed tarball.
 * Needs `npm run build`. No timing here: docs/benchmarks.md measures it (bench/one-shot.mjs).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildModel, chain } from './fixtures/onnx/build.js';

const root = new URL('..', import.meta.url).pathname;
const BUNDLE = join(root, 'dist/bin.cjs');
const FIXTURES = join(root, 'test/fixtures');

interface Run { status: number | null; stdout: string; stderr: string }

/** `frontier --json` prints more than spawnSync's default 1 MiB. */
const MAX_BUFFER = 64 * 1024 * 1024;

/** The bundled executable, in a fresh process. */
function bundled(args: string[], cwd = root, bin = BUNDLE): Run {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', maxBuffer: MAX_BUFFER });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same command through tsc's unbundled modules (`runCli` of dist/cli/index.js), in a fresh process. */
function unbundled(args: string[], cwd = root): Run {
  const driver = `const { runCli } = await import(process.argv[1]);
let stdout = '', stderr = '';
const status = await runCli(process.argv.slice(2), { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
process.stdout.write(JSON.stringify({ status, stdout, stderr }));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', driver, pathToFileURL(join(root, 'dist/cli/index.js')).href, ...args], { cwd, encoding: 'utf8', maxBuffer: MAX_BUFFER });
  expect(result.stderr, 'the unbundled driver failed').toBe('');
  return JSON.parse(result.stdout) as Run;
}

/** Output without what differs between any two runs: the time a solve took. */
function timeless(run: Run): Run {
  const strip = (text: string): string => text
    .replace(/solved in +[\d.]+ ms/g, 'solved in … ms')
    .replace(/"micros": ?\d+/g, '"micros": …');
  return { status: run.status, stdout: strip(run.stdout), stderr: strip(run.stderr) };
}

describe('the bundled executable is the CLI', () => {
  const pipeEdge = ['plan', '--pipeedge', '-M', join(FIXTURES, 'pipeedge-models.yml'), '-T', join(FIXTURES, 'pipeedge-device_types.yml'), '-D', join(FIXTURES, 'pipeedge-devices.yml')];
  it.each([
    ['plan (the bundled example)', ['plan']],
    ['plan --json', ['plan', '--json']],
    ['plan --engine ts', ['plan', '--engine', 'ts']],
    ['plan --out - (DNNPipe\'s pipeline_plan.json)', ['plan', '--out', '-']],
    ['plan --svg -', ['plan', '--svg', '-']],
    ['plan of a real network with a requirement', ['plan', 'examples/edge-cluster.json', '--max-stages', '2']],
    ['frontier', ['frontier']],
    ['frontier --json', ['frontier', '--json']],
    ['simulate --json', ['simulate', '--json', '--frames', '8']],
    ['plan --pipeedge (the lazily loaded YAML parser)', pipeEdge],
    ['plan --pipeedge --json', [...pipeEdge, '--json']],
    ['--help', ['--help']],
    ['a missing file: exit 2, one line', ['plan', 'no-such-problem.json']],
    ['an unknown flag: exit 2, one line', ['plan', '--nope']],
    ['no valid plan: exit 1', ['plan', 'examples/edge-cluster.json', '--max-latency', '0.001']],
  ])('%s: the same output and exit code as the unbundled modules', (_, args) => {
    const expected = timeless(unbundled(args));
    const actual = timeless(bundled(args));
    expect(actual).toEqual(expected);
    expect(actual.stdout.length + actual.stderr.length).toBeGreaterThan(0);
  });

  it('the files it writes are the unbundled CLI\'s', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dnnpipe-bundle-'));
    const written = (run: (args: string[], cwd: string) => Run, name: string): string => {
      const result = run(['plan', '--out', `${name}.json`, '--svg', `${name}.svg`], dir);
      expect(result.status, result.stderr).toBe(0);
      return readFileSync(join(dir, `${name}.json`), 'utf8') + readFileSync(join(dir, `${name}.svg`), 'utf8');
    };
    expect(written(bundled, 'bundled')).toBe(written(unbundled, 'unbundled'));
  });

  it('dnnpipe onnx runs from the bundle, loaded only when asked for', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dnnpipe-bundle-onnx-'));
    writeFileSync(join(dir, 'chain.onnx'), buildModel(chain));
    const inspect = ['onnx', 'inspect', 'chain.onnx', '--shape', 'x=1x8'];
    for (const args of [['onnx', '--help'], inspect, [...inspect, '--json'], ['onnx', 'inspect', 'chain.onnx'], ['onnx', 'split']]) {
      expect(timeless(bundled(args, dir)), args.join(' ')).toEqual(timeless(unbundled(args, dir)));
    }
    const result = bundled(inspect, dir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\bunit\b/);
  });

  it('is one file: it requires only Node\'s own modules and imports only the lazy parts', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n"use strict";')).toBe(true);
    const required = [...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    for (const name of required) expect(name, `the bundle requires ${name}`).toMatch(/^node:/);
    const imported = new Set([...text.matchAll(/\bimport\("([^"]+)"\)/g)].map((m) => m[1]));
    expect(imported).toEqual(new Set(['./onnx/cli.js', 'yaml']));
    // `node dist/bin.js` runs the same file.
    expect(readFileSync(join(root, 'dist/bin.js'), 'utf8')).toContain("createRequire(import.meta.url)('./bin.cjs');");
  });

  it('installed from the packed tarball, the `dnnpipe` bin plans the bundled example from any directory', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin).toEqual({ dnnpipe: 'dist/bin.cjs' });
    const dir = mkdtempSync(join(tmpdir(), 'dnnpipe-bundle-install-'));
    const tarball = execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop() ?? '';
    const installed = join(dir, 'node_modules/dnnpipe');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, tarball), '-C', installed, '--strip-components=1']);
    // What npm does on install: the package's dependency beside it, and a link in node_modules/.bin.
    symlinkSync(join(root, 'node_modules/yaml'), join(dir, 'node_modules/yaml'));
    mkdirSync(join(dir, 'node_modules/.bin'));
    const bin = join(dir, 'node_modules/.bin/dnnpipe');
    symlinkSync('../dnnpipe/dist/bin.cjs', bin);
    const elsewhere = mkdtempSync(join(tmpdir(), 'dnnpipe-bundle-cwd-'));

    const viaLink = spawnSync(bin, ['plan'], { cwd: elsewhere, encoding: 'utf8' });
    expect(viaLink.status, viaLink.stderr).toBe(0);
    expect(timeless({ status: viaLink.status, stdout: viaLink.stdout, stderr: viaLink.stderr })).toEqual(timeless(bundled(['plan'])));
    expect(viaLink.stdout).toMatch(/^dnnpipe plan: bundled example effnetv2b0\.dnnpipe\.json \(273 units, 4 devices\)/);

    expect(bundled(['onnx', '--help'], elsewhere, bin).status).toBe(0);
    const yaml = bundled(pipeEdge, elsewhere, bin);
    expect(yaml.status, yaml.stderr).toBe(0);
    expect(yaml.stdout).toMatch(/^- [\w-]+: \[1, \d+\]$/m);
  });
});
