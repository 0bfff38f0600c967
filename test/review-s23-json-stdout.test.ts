/**
 * Review s23: every JSON the CLI prints to standard output escapes what the README promises
 * ("Everything printed for people shows control characters as escapes ... `--json` escapes them
 * too and stays JSON"). `plan --json`, `frontier --json` and `simulate --json` do (jsonText). Two
 * printers of JSON to stdout do not use it and print device ids and names raw, so an id holding
 * U+202E (right-to-left override), U+2028 (line separator) or U+0085 (next line, C1) reaches the
 * terminal as is: `plan --out -` (src/cli/plan.ts, DNNPipe's pipeline_plan) and `onnx merge`
 * (src/onnx/cli.ts; `onnx inspect --json` and `onnx profile` print the same way). Both predate
 * f55e6cc.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/index.js';

/** What escapeJson escapes (src/cli/terminal.ts, UNSAFE_IN_JSON). */
const RAW_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/u;

const IDS = ['a\u202eb', 'c\u2028d', 'e\u0085f'];

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { code, stdout, stderr };
}

function problemFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dnnpipe-review-s23-'));
  const path = join(dir, 'problem.json');
  const names = ['u\u202e1', 'u\u20282', 'u\u00853', 'u4', 'u5', 'u6'];
  writeFileSync(path, JSON.stringify({ model: { name: 'net\u202e', time: [1, 2, 3, 4, 5, 6], names }, devices: IDS.map((id, i) => ({ id, speed: 1 + i })) }));
  return path;
}

describe('JSON on standard output carries no raw bidi, C1 or line-separator character', () => {
  const path = problemFile();

  it.each([
    [['plan', '--json']],
    [['frontier', '--json']],
    [['simulate', '--json', '--frames', '3']],
  ])('%j (held up)', async (args) => {
    const result = await run([args[0] as string, path, ...args.slice(1)]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('\\u202e');
    expect(result.stdout).not.toMatch(RAW_UNSAFE);
  });

  it('plan --out - (DNNPipe pipeline_plan with the device ids)', async () => {
    const result = await run(['plan', path, '--out', '-']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).pipeline_plan.map((stage: unknown[]) => stage[2])).toEqual(expect.arrayContaining([IDS[0]]));
    expect(result.stdout).not.toMatch(RAW_UNSAFE);
  });

  it('onnx merge (device ids and the model name from the input files)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dnnpipe-review-s23-merge-'));
    writeFileSync(join(dir, 'units.json'), JSON.stringify({ model: { name: 'm\u202ex', memory: [1, 1, 1], outputBytes: [10, 10, 10], inputBytes: 10 } }));
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ id: IDS[0], time: [1, 2, 3] }));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ id: IDS[1], time: [2, 2, 2] }));
    const result = await run(['onnx', 'merge', join(dir, 'units.json'), join(dir, 'a.json'), join(dir, 'b.json')]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).devices[0].id).toBe(IDS[0]);
    expect(result.stdout).not.toMatch(RAW_UNSAFE);
  });
});
