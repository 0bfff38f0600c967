/**
 * Hostile pass on the command line: flags that are silently ignored, and characters that reach
 * the terminal unescaped.
 */
import { existsSync, lstatSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { tempFiles } from './helpers/temp.js';

const { dir, file } = tempFiles('dnnpipe-hostile-cli-');

const SMALL = JSON.stringify({
  model: { time: [4, 2, 3, 3, 1], memory: [100, 50, 80, 80, 20] },
  devices: [{ id: 'jetson', speed: 1, memory: 200 }, { id: 'pi-a', speed: 0.4, memory: 150 }, { id: 'pi-b', speed: 0.4, memory: 150 }],
});

describe('--without never does nothing silently', () => {
  // README, `--without ID`: "if no device has that id, it is read as a comma-separated list" and an
  // id no device has is refused (`--without names no device "x"`, exit 2). An empty value (say
  // `--without "$DEVICE"` with the variable unset) names no device either, yet it is dropped and
  // the command plans with every device, exit 0: a what-if that silently asked nothing.
  it('--without "" is refused with exit 2, not planned with every device', async () => {
    const { code, stdout, stderr } = await cli('plan', file('small.json', SMALL), '--without', '');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^dnnpipe: .*--without/);
  });

  it('--without "," is refused with exit 2 as well', async () => {
    const { code } = await cli('plan', file('small.json', SMALL), '--without', ',');
    expect(code).toBe(2);
  });
});

describe('a single-valued flag given twice', () => {
  // README: outputs are written "all or nothing"; user mistakes are one line and exit 2; nothing
  // is silently dropped. `--out a.json --out b.json` writes only b.json (exit 0): the first
  // output the user asked for is silently never written. The same holds for
  // `--max-latency 100 --max-latency 21` and `--first A --first B` (the last wins, the other
  // requirement is dropped without a word). Expected: refused with one line, exit 2, and no file
  // written (or, if the lead prefers "last wins", that rule stated in README and --help, and
  // this test changed to match).
  it('--out twice is refused, and neither file is written', async () => {
    const first = join(dir, 'first.json');
    const second = join(dir, 'second.json');
    const { code, stderr } = await cli('plan', file('small.json', SMALL), '--out', first, '--out', second);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^dnnpipe: .*--out/);
    expect(existsSync(first)).toBe(false);
    expect(existsSync(second)).toBe(false);
  });

  it('--max-latency twice with different values is refused', async () => {
    const { code } = await cli('plan', file('small.json', SMALL), '--max-latency', '100', '--max-latency', '50');
    expect(code).toBe(2);
  });
});

describe('bidirectional marks are escaped like the other bidi controls', () => {
  // README, The command line: "Everything printed for people shows control characters as escapes
  // (`\n`, `\x1b`, `\u202e`), so an id or file name cannot forge table rows or drive the
  // terminal". src/cli/terminal.ts escapes U+202A–U+202E and U+2066–U+2069 but not the other
  // members of Unicode's Bidi_Control set: U+200E LEFT-TO-RIGHT MARK, U+200F RIGHT-TO-LEFT MARK
  // and U+061C ARABIC LETTER MARK, which reorder the digits and punctuation around them in a
  // bidi-aware terminal (and break the table's column widths). Nor U+FEFF: a file that starts
  // with two byte order marks prints the second one raw inside the "invalid JSON" message.
  it('an id holding U+200F, U+200E or U+061C is printed escaped in the table', async () => {
    const problem = {
      model: { time: [4, 2, 3], memory: [1, 1, 1] },
      devices: [{ id: '\u200fa', speed: 1 }, { id: '\u200eb', speed: 1 }, { id: '\u061cc', speed: 1 }],
    };
    const { code, stdout } = await cli('plan', file('bidi.json', JSON.stringify(problem)));
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/[\u200e\u200f\u061c]/);
    expect(stdout.toLowerCase()).toContain('\\u200f');
  });

  it('a second byte order mark is escaped in the invalid-JSON message', async () => {
    const { code, stderr } = await cli('plan', file('bom2.json', `\ufeff\ufeff${SMALL}`));
    expect(code).toBe(2);
    expect(stderr).not.toContain('\ufeff');
  });
});

describe('--out through a symbolic link', () => {
  // README: "Writing is all or nothing ... each to a temporary file in the target's directory that
  // is then renamed over the target"; files are never lost. --out through a symlink to an
  // existing file writes the file the link points to and keeps the link (checked by hand). When
  // the link's target does not exist yet, the link itself is replaced by a regular file: the
  // user's symlink is lost and the file it names is never created. Expected: the same as for a
  // link to an existing file (the target written, the link kept), or a one-line refusal, exit 2.
  it('a dangling symlink is written through (or refused), never replaced by a regular file', async () => {
    const target = join(dir, 'not-yet.json');
    const link = join(dir, 'dangling-link.json');
    symlinkSync(target, link);
    const { code } = await cli('plan', file('small.json', SMALL), '--out', link);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    if (code === 0) expect(existsSync(target)).toBe(true);
    else expect(code).toBe(2);
  });
});

describe('number flags are taken exactly as given', () => {
  // Noted by the hostile pass: `--max-latency ' 22 '` was accepted (Number() trims) while
  // `--max-stages ' 2'` was refused; both now refuse surrounding spaces, as --without takes its
  // value exactly as given.
  it('--max-latency with spaces around the number is refused like --max-stages', async () => {
    for (const [flag, value] of [['--max-latency', ' 22 '], ['--max-stages', ' 2']] as const) {
      const { code, stderr } = await cli('plan', file('small.json', SMALL), flag, value);
      expect(code, flag).toBe(2);
      expect(stderr, flag).toMatch(new RegExp(`^dnnpipe: ${flag} must be a`));
    }
  });
});

describe('--max-latency takes any number of milliseconds written as JSON would', () => {
  // The second review: `--max-latency 5e-1` was refused (the pattern had no '-').
  it('a negative exponent is accepted; a negative number is refused', async () => {
    expect((await cli('plan', file('small.json', SMALL), '--max-latency', '5e1')).code).toBe(0);
    const tight = await cli('plan', file('small.json', SMALL), '--max-latency', '5e-1');
    expect(tight.stderr).not.toMatch(/must be a number/);
    expect((await cli('plan', file('small.json', SMALL), '--max-latency', '-5')).code).toBe(2);
  });
});
