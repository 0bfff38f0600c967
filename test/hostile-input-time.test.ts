/**
 * Hostile pass: an input file inside the 64 MiB limit that takes far longer than 5 s to refuse.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/index.js';

describe('a file inside the size limit is refused within the time bound', () => {
  // README, Limits: "Every input inside these limits is planned or refused within 5 s on a 2-core
  // machine", and CLI input files may be up to 64 MiB. A 38 MB file whose one unknown top-level
  // field holds an object of 3,000,000 keys takes about 13 s to be refused ("x: unknown field"),
  // and a 53 MiB one of 5.2 million keys 33 s with 1.5 GB of memory (measured on this machine
  // with `/usr/bin/time node dist/bin.cjs plan keys.json`). A CPU profile splits the time between
  // JSON.parse on a huge dictionary (~6 s), the duplicate-key scan `scanJson` (~4 s) and the
  // read-once copy `snapshot` (~4 s), which copies the unknown field before refusing it.
  // Expected: refused (exit 2, one line naming the field) within the README's 5 s; the bound
  // here is the README's own figure, and the input fails it by more than 2x today.
  it('3,000,000 keys under an unknown field: exit 2 within 5 s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dnnpipe-hostile-time-'));
    const path = join(dir, 'keys.json');
    const keys: string[] = [];
    for (let i = 0; i < 3_000_000; i++) keys.push(`"k${i}":0`);
    writeFileSync(path, `{"x":{${keys.join(',')}}}`);
    keys.length = 0;
    let stderr = '';
    const started = performance.now();
    const code = await runCli(['plan', path], { stdout: () => {}, stderr: (t) => { stderr += t; } });
    const seconds = (performance.now() - started) / 1000;
    expect(code).toBe(2);
    expect(stderr).toMatch(/^dnnpipe: .*x: unknown field/);
    expect(seconds).toBeLessThan(5);
  });
});
