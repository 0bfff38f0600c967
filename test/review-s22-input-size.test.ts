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
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli/index.js';

describe('a text of over a million keys in objects of 1,000 keys each', () => {
  it('is refused by the scan before JSON.parse builds it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dnnpipe-review-keys-'));
    const path = join(dir, 'keys.json');
    const objects: string[] = [];
    for (let o = 0; o < 1_100; o++) {
      const keys: string[] = [];
      for (let k = 0; k < 1_000; k++) keys.push(`"${(o * 1_000 + k).toString(36)}":0`);
      objects.push(`{${keys.join(',')}}`);
    }
    const text = `{"model":{"time":[1]},"devices":[{"id":"a"}],"x":[${objects.join(',')}]}`;
    writeFileSync(path, text);
    const parse = vi.spyOn(JSON, 'parse');
    let stderr = '';
    try {
      const code = await runCli(['plan', path], { stdout: () => {}, stderr: (t) => { stderr += t; } });
      expect(code).toBe(2);
      expect(parse.mock.calls.some(([argument]) => argument === text), `JSON.parse built all 1,100,000 keys; then: ${stderr}`).toBe(false);
    } finally {
      parse.mockRestore();
    }
  });
});
