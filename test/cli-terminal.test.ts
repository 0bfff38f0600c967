/**
 * Issue 11 item 14: nothing the input controls reaches a terminal raw. Device ids, model names,
 * file names and echoed JSON bytes are escaped in tables, messages and schedules; `--json` stays
 * valid JSON with the same values.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeJson, escapeLine } from '../src/cli/terminal.js';
import { cli } from './helpers/cli.js';
import { tempFiles } from './helpers/temp.js';

const { dir, file } = tempFiles('dnnpipe-terminal-');
/** Every character a terminal could act on. Newline is allowed on stdout/stderr only as a line end. */
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const hostile = '\u001b]0;pwned\u0007\u001b[2J\r\nstage  9  fake\u0000\u007f\u009b\u202e';

describe('escaped output', () => {
  it('issue 11 item 14: an id with newline, CR and ESC cannot forge table rows or control the terminal', async () => {
    const path = file('hostile.json', { model: { name: hostile, time: [1, 2] }, devices: [{ id: hostile }, { id: 'b' }] });
    for (const argv of [['plan', path], ['simulate', path, '--frames', '4'], ['plan', path, '--without', `x${hostile}`]]) {
      const { stdout, stderr } = await cli(...argv);
      expect(stdout, argv.join(' ')).not.toMatch(UNSAFE);
      expect(stderr, argv.join(' ')).not.toMatch(UNSAFE);
    }
    const table = (await cli('plan', path)).stdout.split('\n');
    expect(table.filter((line) => /^\s+\d+  /.test(line))).toHaveLength(2); // two stages, no forged row
    expect(table.join('\n')).toContain('\\x1b]0;pwned\\x07\\x1b[2J\\r\\nstage  9  fake\\x00\\x7f\\x9b\\u202e');
  });

  it('issue 11 item 14: --json stays valid JSON carrying the same id, with no raw control character', async () => {
    const path = file('hostile.json', { model: { time: [1, 2] }, devices: [{ id: hostile }, { id: 'b' }] });
    const { code, stdout } = await cli('plan', path, '--json');
    expect(code).toBe(0);
    expect(stdout).not.toMatch(UNSAFE);
    expect(JSON.parse(stdout).stages.map((s: { device: string }) => s.device)).toContain(hostile);
  });

  it('issue 11 item 14: JSON syntax errors and file names never echo raw bytes', async () => {
    const name = join(dir, 'bad\u001b[31m\rname.json');
    for (const text of ['{"model": \u0000}', '{"a": 1\r\u007f}', '{"a": "\u001b[2J\n"}', '\u009b31m']) {
      writeFileSync(name, text);
      const { code, stderr } = await cli('plan', name);
      expect(code).toBe(2);
      expect(stderr).not.toMatch(UNSAFE);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).toContain('bad\\x1b[31m\\rname.json');
    }
  });

  it('issue 11 item 14: random ids and names with control characters never reach stdout or stderr raw (property)', async () => {
    const text = fc.string({ unit: fc.constantFrom('a', '-', ',', ' ', '\n', '\r', '\t', '\u0000', '\u001b', '[', '\u007f', '\u0085', '\u009b', '\u2028', '\u202e', '\u2066', 'é'), minLength: 1, maxLength: 8 });
    await fc.assert(fc.asyncProperty(fc.uniqueArray(text, { minLength: 1, maxLength: 4 }), text, fc.constantFrom('table', 'json', 'simulate', 'without', 'missing'), async (ids, name, mode) => {
      const path = file('random.json', { model: { name, time: [1, 2, 3] }, devices: ids.map((id) => ({ id })) });
      const argv = mode === 'json' ? ['plan', path, '--json']
        : mode === 'simulate' ? ['simulate', path, '--frames', '3']
          : mode === 'without' ? ['plan', path, '--without', `${ids[0]}\u001b`]
            : mode === 'missing' ? ['plan', join(dir, `${name}.json`)] : ['plan', path];
      const { stdout, stderr } = await cli(...argv);
      expect(stdout).not.toMatch(UNSAFE);
      expect(stderr).not.toMatch(UNSAFE);
      if (mode === 'json') expect(JSON.parse(stdout).stages.length).toBeGreaterThan(0);
    }), { numRuns: 150 });
  });

  it('escapeLine and escapeJson: visible escapes for people, the same value for JSON readers (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      expect(escapeLine(text)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      const json = escapeJson(JSON.stringify({ text }, null, 2));
      expect(json).not.toMatch(UNSAFE);
      expect(JSON.parse(json)).toEqual({ text });
    }), { numRuns: 500 });
  });
});
