/** Temporary directories and the files tests write into them. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh directory in the system's temporary folder, named from `prefix` (each test file passes
 * its own, so files running in parallel never share a directory).
 */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A fresh temporary directory and a writer into it: `file(name, content)` writes `content` (a
 * string as is, anything else as JSON) to `name` there and returns the file's path.
 */
export function tempFiles(prefix: string): { dir: string; file(name: string, content: unknown): string } {
  const dir = tempDir(prefix);
  return {
    dir,
    file(name: string, content: unknown): string {
      const path = join(dir, name);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
      return path;
    },
  };
}

/** Three units on two devices: the input of the `--out` tests, which look only at where files land. */
const SMALL = JSON.stringify({ model: { time: [1, 2, 3] }, devices: [{ id: 'a', speed: 1 }, { id: 'b', speed: 2 }] });

/**
 * The layout of the `--out` through-a-link tests: a fresh directory holding `small.json` (a small
 * problem, returned as `input`), the directory `real/sub`, and `lnk`, a relative symbolic link to
 * `real/sub`, so that `lnk/..` is `real` to the system and the directory itself lexically.
 */
export function linkedDirectory(prefix: string): { dir: string; input: string } {
  const dir = tempDir(prefix);
  const input = join(dir, 'small.json');
  writeFileSync(input, SMALL);
  mkdirSync(join(dir, 'real', 'sub'), { recursive: true });
  symlinkSync(join('real', 'sub'), join(dir, 'lnk'));
  return { dir, input };
}
