/**
 * Review s23 (f55e6cc, `jsonText` decides from one scan whether the replacer and the escape pass
 * run). The scan models JSON.stringify's walk, and where the model differs from the real walk the
 * escape pass is skipped although the printed text holds a raw bidi override (U+202E):
 * - JSON.stringify calls `toJSON` on arrays too; the scan walks an array's entries;
 * - JSON.stringify calls `toJSON` once per value; the scan calls it again on what it returned;
 * - JSON.stringify passes the key to `toJSON` (a class may print by it); the scan
 *   passes nothing.
 * Before f55e6cc `escapeJson` ran over every text, so each of these was escaped.
 *
 * And the scan keeps no set of objects seen: its comment says a cycle ends the walk at
 * SCAN_BUDGET "which only costs time", but a cycle through two keys grows the stack by one entry
 * per visit, so the walk holds 32 million entries and runs out of a 256 MB heap (a cycle through
 * eight keys aborts Node at its default 4 GB heap with "invalid size error") before
 * JSON.stringify can refuse the cycle with its TypeError, which it did at once before (0 ms).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jsonText } from '../src/cli/output.js';
import { escapeJson } from '../src/cli/terminal.js';

/** The full treatment: the replacer on every value, the escape pass over the whole text. */
function fullTreatment(value: unknown): string {
  const text = JSON.stringify(value, (_key, entry: unknown) => (typeof entry === 'number' && !Number.isFinite(entry) ? String(entry) : entry), 2);
  return `${escapeJson(text)}\n`;
}

const OVERRIDE = 'a\u202eb';

describe('jsonText prints what the full treatment prints', () => {
  it('an array with toJSON (JSON.stringify calls it on arrays too)', () => {
    const value = { list: Object.assign([1, 2], { toJSON: () => OVERRIDE }) };
    expect(jsonText(value)).toBe(fullTreatment(value));
    expect(jsonText(value)).not.toContain('\u202e');
  });

  it('toJSON returning an object that has a toJSON of its own (JSON.stringify calls toJSON once)', () => {
    const value = { entry: { toJSON: () => ({ toJSON: () => 'plain', label: OVERRIDE }) } };
    expect(jsonText(value)).toBe(fullTreatment(value));
    expect(jsonText(value)).not.toContain('\u202e');
  });

  it('toJSON that reads its key (JSON.stringify passes it)', () => {
    const value = { device: { toJSON: (key: string) => (key === 'device' ? OVERRIDE : 'plain') } };
    expect(jsonText(value)).toBe(fullTreatment(value));
    expect(jsonText(value)).not.toContain('\u202e');
  });
});

describe('jsonText on a cycle', () => {
  it('a cycle through two keys is refused with TypeError, within 256 MB of heap', () => {
    // A child process, so that the abort this finds cannot take the test runner with it.
    const output = fileURLToPath(new URL('../dist/cli/output.js', import.meta.url));
    expect(existsSync(output), 'run npm run build first').toBe(true);
    const script = `
      import { jsonText } from ${JSON.stringify(output)};
      const cycle = { n: 1 };
      cycle.left = cycle;
      cycle.right = cycle;
      try { jsonText(cycle); console.log('printed'); } catch (error) { console.log(error.constructor.name); }
    `;
    const child = spawnSync(process.execPath, ['--max-old-space-size=256', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
    expect({ status: child.status, stdout: child.stdout.trim(), stderr: child.stderr.split('\n').filter((line) => /error/i.test(line)).slice(0, 2) }).toEqual({ status: 0, stdout: 'TypeError', stderr: [] });
  });
});
