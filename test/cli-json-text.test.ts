/**
 * `jsonText` (the CLI's `--json`) skips its replacer and its escape pass when a scan of the value
 * finds nothing that needs them; the text must be exactly what the full treatment prints.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonText } from '../src/cli/output.js';
import { escapeJson } from '../src/cli/terminal.js';

/** The full treatment: the replacer on every value, the escape pass over the whole text. */
function fullTreatment(value: unknown): string {
  const text = JSON.stringify(value, (_key, entry: unknown) => (typeof entry === 'number' && !Number.isFinite(entry) ? String(entry) : entry), 2);
  return `${escapeJson(text)}\n`;
}

/** Values the scan does not model (it must then leave the decisions to the text and the replacer). */
const unmodelled = fc.constantFrom<() => unknown>(
  () => ({ toJSON: () => 'a\u202eb' }),
  () => Object.assign([1, Infinity], { toJSON: () => [Infinity] }),
  () => ({ toJSON: (key: string) => (key === 'v' ? '\u2028' : NaN) }),
  () => new String('x\u2066'),
  () => new Date(0),
  () => Object.assign(Object.create(null) as object, { 'k\u200f': -Infinity }),
  () => new (class Box { inner = '\u0085'; })(),
).map((make) => make());
const awkward = fc.oneof(fc.constantFrom<unknown>(Infinity, -Infinity, NaN, '\u2028', 'a\u202eb', '\u007f', '\u200e5', '\ufeff', 'plain', 0, -0, null, true, undefined), unmodelled);
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('\u061c', 'x\u2066y', '\u0085'));
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    awkward,
    fc.double(),
    text,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.array(fc.oneof(fc.double(), awkward), { maxLength: 5 }),
    fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  ),
}));

describe('jsonText', () => {
  it('property: the same text as the replacer and the escape pass on every value (keys and nested arrays included)', () => {
    fc.assert(fc.property(value, (v) => {
      expect(jsonText({ v })).toBe(fullTreatment({ v }));
    }), { numRuns: 3000 });
  });

  it('escapes an unsafe key, and a non-finite number inside an array of numbers', () => {
    expect(jsonText({ 'a\u202eb': [1, 2, Infinity] })).toBe('{\n  "a\\u202eb": [\n    1,\n    2,\n    "Infinity"\n  ]\n}\n');
  });

  it('a cycle ends the scan (at its bounds) and JSON.stringify refuses it', () => {
    const cycle: Record<string, unknown> = { n: 1 };
    cycle.self = cycle;
    expect(() => jsonText(cycle)).toThrow(TypeError);
  });
});
