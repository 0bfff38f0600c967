/**
 * Issue 11 item 5: PipeEdge's YAML files are read as data only. Expansion bombs, aliases to no
 * anchor and any tag outside the YAML 1.2 core schema are refused with one line naming the file,
 * exit 2 — never an internal error, never a tag silently turned into a string.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliProcess, type ProcessRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const dir = tempDir('dnnpipe-yaml-');
for (const name of ['models', 'device_types', 'devices']) copyFileSync(join(FIXTURES, `pipeedge-${name}.yml`), join(dir, `${name}.yml`));

/** `dnnpipe plan --pipeedge ...args`, built, in the directory holding the YAML files. */
function plan(...args: string[]): ProcessRun {
  return cliProcess(['plan', '--pipeedge', ...args], dir);
}

function laughs(levels: number): string {
  const lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < levels; i++) lines.push(`l${i}: &l${i} [${Array.from({ length: 9 }, () => `*l${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

describe('PipeEdge YAML that is not plain data', () => {
  it.each([
    ['a billion-laughs expansion bomb', laughs(9), /bomb\.yml: YAML not accepted: Excessive alias count/],
    ['an alias to no anchor', 'google/vit-base-patch16-224: *nope\n', /bomb\.yml: YAML not accepted: Unresolved alias .*nope/],
    ['a !!js/function tag', 'x: !!js/function "function () { return 1 }"\n', /bomb\.yml: YAML not accepted at line 1, column 4: Unresolved tag: tag:yaml\.org,2002:js\/function/],
    ['a !!python/object tag', 'x: !!python/object/apply:os.system ["true"]\n', /bomb\.yml: YAML not accepted at line 1, column 4: Unresolved tag: tag:yaml\.org,2002:python\/object\/apply:os\.system/],
    ['an unknown local tag', 'x: !custom 3\n', /bomb\.yml: YAML not accepted at line 1, column 4: Unresolved tag: !custom/],
    ['two documents', 'a: 1\n---\nb: 2\n', /bomb\.yml: invalid YAML at line 2, column 1: /],
    ['a key given twice', 'a: 1\na: 2\n', /bomb\.yml: invalid YAML at line 2, column 1: Map keys must be unique/],
  ])('issue 11 item 5: refuses %s with one line, exit 2', (_, text, pattern) => {
    writeFileSync(join(dir, 'bomb.yml'), text);
    for (const flag of ['-M', '-T', '-D']) {
      const { status, stdout, stderr } = plan(flag, 'bomb.yml');
      expect(status, flag).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trimEnd().split('\n'), flag).toHaveLength(1);
      expect(stderr, flag).toMatch(pattern);
      expect(stderr).not.toMatch(/internal error|\n\s+at /);
    }
  });

  it('issue 11 item 5: plain anchors and aliases within the limit still read', () => {
    writeFileSync(join(dir, 'aliased.yml'), 'Minnowboard-E3845: &hosts\n- mb-0\n- mb-1\nRCC-VE-C2000:\n- rcc-0\n');
    const { status, stdout } = plan('-D', 'aliased.yml');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^- (mb|rcc)-\d: \[1, \d+\]/);
  });

  it('issue 11 smaller items: a host listed under two device types names the devices file and the host', () => {
    writeFileSync(join(dir, 'twice.yml'), 'Minnowboard-E3845:\n- mb-0\n- shared\nRCC-VE-C2000:\n- rcc-0\n- shared\n');
    const { status, stderr } = plan('-D', 'twice.yml');
    expect(status).toBe(2);
    // The fixtures' device_types.yml has a type without a ViT profile: its warning comes first.
    expect(stderr.split('\n').filter((line) => !line.startsWith('dnnpipe: warning:'))).toEqual(['dnnpipe: twice.yml: RCC-VE-C2000: host "shared" is also listed under Minnowboard-E3845; each host has one device type', '']);
    writeFileSync(join(dir, 'twice.yml'), 'Minnowboard-E3845:\n- mb-0\n- mb-0\n');
    expect(plan('-D', 'twice.yml').stderr).toMatch(/^dnnpipe: twice\.yml: Minnowboard-E3845: lists host "mb-0" twice; each host is one device$/m);
  });
});
