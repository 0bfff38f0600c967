/**
 * Review of session 22 (9c3041c, "huge inputs refused fast"): the scan's limits are per object
 * (1,000 keys) and per text (202,752 objects and arrays), but not on keys in total. A 62 MiB file
 * (inside the 64 MiB input limit) of 6,673 objects of 1,000 distinct keys each, under one unknown
 * top-level field, takes 10.6–10.9 s and 1.1 GB to refuse (`dnnpipe plan uniqkeys.json`, 2-core
 * machine; scanJson alone 4.6 s, then JSON.parse 4.7 s), past README's "planned or refused within
 * 5 s". The largest valid problem has about 335,000 keys (1,024 devices of a few fields, 65,536
 * links of up to five), so a text of over a million keys can be refused by the scan, as an object
 * of 1,001 keys is, before JSON.parse builds it. No timing here: the test checks that mechanism,
 * as test/hostile-input-time.test.ts does.
 */
import { describe, expect, it } from 'vitest';
import { planWatchingParse } from './helpers/cli.js';
import { tempFiles } from './helpers/temp.js';

describe('a text of over a million keys in objects of 1,000 keys each', () => {
  it('is refused by the scan before JSON.parse builds it', async () => {
    const objects: string[] = [];
    for (let o = 0; o < 1_100; o++) {
      const keys: string[] = [];
      for (let k = 0; k < 1_000; k++) keys.push(`"${(o * 1_000 + k).toString(36)}":0`);
      objects.push(`{${keys.join(',')}}`);
    }
    const text = `{"model":{"time":[1]},"devices":[{"id":"a"}],"x":[${objects.join(',')}]}`;
    const { code, stderr, wholeParsed } = await planWatchingParse(tempFiles('dnnpipe-review-keys-').file('keys.json', text), text);
    expect(code).toBe(2);
    expect(wholeParsed, `JSON.parse built all 1,100,000 keys; then: ${stderr}`).toBe(false);
  });
});
