/**
 * `--out` names files as the system resolves paths: through a symbolic link before `..`
 * (`lnk/../out.json`, with `lnk` pointing to `real/sub`, is `real/out.json`, as a shell's `>` and
 * `stat` read it). Node's `realpathSync` normalises `..` lexically first; `realpathSync.native`
 * does not. The second review found a new file created next to the link; an existing file is the
 * worse case: the file next to the link was overwritten instead of the one the path names.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { linkedDirectory } from './helpers/temp.js';

describe('--out through a linked directory and .., to an existing file', () => {
  it('writes the file the path names and leaves the one next to the link alone', async () => {
    const { dir, input } = linkedDirectory('dnnpipe-out-physical-');
    writeFileSync(join(dir, 'out.json'), 'next to the link');
    writeFileSync(join(dir, 'real', 'out.json'), 'named by the path');
    const { code } = await cli('plan', input, '--out', `${dir}/lnk/../out.json`);
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('next to the link');
    expect(readFileSync(join(dir, 'real', 'out.json'), 'utf8')).toMatch(/"pipeline_plan"/);
  });
});
