/**
 * Hostile pass: an input file inside the 64 MiB limit that took far longer than 5 s to refuse. A
 * 38 MB file whose one unknown top-level field held an object of 3,000,000 keys took about 13 s
 * ("x: unknown field"), and a 53 MiB one of 5.2 million keys 33 s with 1.5 GB of memory: a CPU
 * profile split the time between JSON.parse building the huge dictionary (~6 s), the
 * duplicate-key scan (~4 s) and the read-once copy (~4 s). The scan now runs first and stops at
 * the first object past MAX_OBJECT_KEYS, before JSON.parse sees the text; the 3,000,000-key file
 * itself is timed by `node dist-bench/bench/worst-case.js` (no timing threshold in a test).
 */
import { describe, expect, it } from 'vitest';
import { MAX_OBJECT_KEYS } from '../src/cli/input.js';
import { cli, planWatchingParse } from './helpers/cli.js';
import { tempFiles } from './helpers/temp.js';

describe('an object of more keys than any input format has', () => {
  it('is refused by the scan before JSON.parse builds it: exit 2, one line naming the limit', async () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `"k${i}":0`);
    const text = `{"x":{${keys.join(',')}}}`;
    const { code, stderr, wholeParsed } = await planWatchingParse(tempFiles('dnnpipe-hostile-time-').file('keys.json', text), text);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^dnnpipe: .*keys\\.json: an object with more than ${MAX_OBJECT_KEYS} keys \\(key ${MAX_OBJECT_KEYS + 1} at line 1, column \\d+\\)`));
    expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
    // The scan parses each key on its own; the whole text never reaches JSON.parse.
    expect(wholeParsed).toBe(false);
  });

  it('an object at the limit is read as before (and refused for its unknown field)', async () => {
    const keys = Array.from({ length: MAX_OBJECT_KEYS }, (_, i) => `"k${i}":0`);
    const { code, stderr } = await cli('plan', tempFiles('dnnpipe-hostile-time-').file('keys.json', `{"x":{${keys.join(',')}}}`));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^dnnpipe: .*x: unknown field/);
  });
});
