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
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { tempFiles } from './helpers/temp.js';

/** What escapeJson escapes (src/cli/terminal.ts, UNSAFE_IN_JSON). */
const RAW_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/u;

const IDS = ['a\u202eb', 'c\u2028d', 'e\u0085f'];

function problemFile(): string {
  const names = ['u\u202e1', 'u\u20282', 'u\u00853', 'u4', 'u5', 'u6'];
  return tempFiles('dnnpipe-review-s23-').file('problem.json', { model: { name: 'net\u202e', time: [1, 2, 3, 4, 5, 6], names }, devices: IDS.map((id, i) => ({ id, speed: 1 + i })) });
}

describe('JSON on standard output carries no raw bidi, C1 or line-separator character', () => {
  const path = problemFile();

  it.each([
    [['plan', '--json']],
    [['frontier', '--json']],
    [['simulate', '--json', '--frames', '3']],
  ])('%j (held up)', async (args) => {
    const result = await cli(args[0] as string, path, ...args.slice(1));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('\\u202e');
    expect(result.stdout).not.toMatch(RAW_UNSAFE);
  });

  it('plan --out - (DNNPipe pipeline_plan with the device ids)', async () => {
    const result = await cli('plan', path, '--out', '-');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).pipeline_plan.map((stage: unknown[]) => stage[2])).toEqual(expect.arrayContaining([IDS[0]]));
    expect(result.stdout).not.toMatch(RAW_UNSAFE);
  });

  it('onnx merge (device ids and the model name from the input files)', async () => {
    const { file } = tempFiles('dnnpipe-review-s23-merge-');
    const units = file('units.json', { model: { name: 'm\u202ex', memory: [1, 1, 1], outputBytes: [10, 10, 10], inputBytes: 10 } });
    const a = file('a.json', { id: IDS[0], time: [1, 2, 3] });
    const b = file('b.json', { id: IDS[1], time: [2, 2, 2] });
    const result = await cli('onnx', 'merge', units, a, b);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).devices[0].id).toBe(IDS[0]);
    expect(result.stdout).not.toMatch(RAW_UNSAFE);
  });
});
