/**
 * `--out` names files as the system resolves paths: through a symbolic link before `..`
 * (`lnk/../out.json`, with `lnk` pointing to `real/sub`, is `real/out.json`, as a shell's `>` and
 * `stat` read it). Node's `realpathSync` normalises `..` lexically first; `realpathSync.native`
 * does not. The second review found a new file created next to the link; an existing file is the
 * worse case: the file next to the link was overwritten instead of the one the path names.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/index.js';

const SMALL = JSON.stringify({ model: { time: [1, 2, 3] }, devices: [{ id: 'a', speed: 1 }, { id: 'b', speed: 2 }] });

describe('--out through a linked directory and .., to an existing file', () => {
  it('writes the file the path names and leaves the one next to the link alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dnnpipe-out-physical-'));
    const input = join(dir, 'small.json');
    writeFileSync(input, SMALL);
    mkdirSync(join(dir, 'real', 'sub'), { recursive: true });
    symlinkSync(join('real', 'sub'), join(dir, 'lnk'));
    writeFileSync(join(dir, 'out.json'), 'next to the link');
    writeFileSync(join(dir, 'real', 'out.json'), 'named by the path');
    const code = await runCli(['plan', input, '--out', `${dir}/lnk/../out.json`], { stdout: () => {}, stderr: () => {} });
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('next to the link');
    expect(readFileSync(join(dir, 'real', 'out.json'), 'utf8')).toMatch(/"pipeline_plan"/);
  });
});
