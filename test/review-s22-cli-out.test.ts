/**
 * Review of session 22 (9c3041c, `--out` through a dangling symbolic link): `danglingTarget` in
 * src/cli/files.ts follows the chain with `resolve(dirname(link), target)`, lexically. A relative
 * link target is relative to the directory that really holds the link, so when the path to the
 * link goes through a symbolic link to a directory, `..` in the target leads somewhere else: the
 * command writes a file where no link points (here next to the directory link, in the parent of
 * the one that holds the dangling link) and the link stays dangling. `echo x > lnk/out.json`
 * creates real/target.json.
 */
import { existsSync, lstatSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { linkedDirectory } from './helpers/temp.js';

describe('--out through a dangling link reached through a linked directory', () => {
  it('writes the file the link names (or refuses), never a file elsewhere', async () => {
    const { dir, input } = linkedDirectory('dnnpipe-review-out-');
    // real/sub/out.json -> ../target.json, i.e. real/target.json (not there yet).
    symlinkSync(join('..', 'target.json'), join(dir, 'real', 'sub', 'out.json'));
    const { code, stderr } = await cli('plan', input, '--out', join(dir, 'lnk', 'out.json'));
    expect(lstatSync(join(dir, 'real', 'sub', 'out.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'real', 'sub', 'out.json'))).toBe(join('..', 'target.json'));
    expect(existsSync(join(dir, 'target.json')), 'a file no link names was created').toBe(false);
    if (code === 0) expect(existsSync(join(dir, 'real', 'target.json')), 'the file the link names').toBe(true);
    else expect(code, stderr).toBe(2);
  });
});
