/**
 * Review s22b (f9bdd79, `danglingTarget` resolves a link's target from the directory's real path):
 * the path given to `--out` is itself still resolved lexically when nothing exists there yet.
 * `--out lnk/../out.json`, with `lnk` a link to `real/sub`, names `real/out.json` to the kernel
 * (`echo x > lnk/../out.json` creates real/out.json), and `--out` does write there when that file
 * exists already (statSync, then realpathSync); when it does not, `resolve()` drops `lnk/..` and
 * the command creates out.json next to `lnk`, a file the path does not name. The same lexical
 * first step is `danglingTarget`'s (`resolve(write.path)`), so a dangling link reached that way is
 * looked for in the wrong directory too.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { linkedDirectory } from './helpers/temp.js';

describe('--out through a linked directory and ..', () => {
  it('creates the file the path names (or refuses), never one next to the link', async () => {
    const { dir, input } = linkedDirectory('dnnpipe-review-dotdot-');
    const { code, stderr } = await cli('plan', input, '--out', `${dir}/lnk/../out.json`);
    expect(existsSync(join(dir, 'out.json')), 'a file the path does not name was created').toBe(false);
    if (code === 0) expect(existsSync(join(dir, 'real', 'out.json')), 'the file the path names').toBe(true);
    else expect(code, stderr).toBe(2);
  });
});
