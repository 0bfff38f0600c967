/**
 * Every ```ts and ```js block of README.md runs as written against the built package (issue 11:
 * "every README snippet must run as written"). The extractor is generic: a block added later is
 * run too, unless the line before it is `<!-- not-run: reason -->`. TypeScript blocks are
 * type-checked strictly against the package's published types, compiled, then run by Node;
 * JavaScript blocks run as ES modules. Each block runs alone, in a directory where `dnnpipe`
 * resolves to this package.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

interface Snippet {
  /** 1-based line of the opening fence. */
  line: number;
  language: 'ts' | 'js';
  code: string;
  /** The reason given in a `<!-- not-run: … -->` marker, if any. */
  skipReason?: string;
}

/** Fenced ts/typescript/js/javascript blocks with their line and opt-out marker. */
function snippets(markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const found: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript|js|javascript)\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line));
    if (end < 0) throw new Error(`README.md:${i + 1}: unclosed code block`);
    let previous = i - 1;
    while (previous >= 0 && (lines[previous] ?? '').trim() === '') previous--;
    const marker = /^<!--\s*not-run:\s*(.+?)\s*-->$/.exec((lines[previous] ?? '').trim());
    found.push({
      line: i + 1,
      language: open[1]?.startsWith('t') ? 'ts' : 'js',
      code: lines.slice(i + 1, end).join('\n'),
      ...(marker ? { skipReason: marker[1] ?? '' } : {}),
    });
    i = end;
  }
  return found;
}

const all = snippets(readFileSync(join(root, 'README.md'), 'utf8'));
const runnable = all.filter((s) => s.skipReason === undefined);
const dir = mkdtempSync(join(tmpdir(), 'dnnpipe-readme-'));
const fileOf = (s: Snippet): string => `snippet-line-${s.line}.${s.language === 'ts' ? 'ts' : 'mjs'}`;

describe('README snippets', () => {
  beforeAll(() => {
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    symlinkSync(root, join(dir, 'node_modules/dnnpipe'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    for (const s of runnable) writeFileSync(join(dir, fileOf(s)), `${s.code}\n`);
    const typescript = runnable.filter((s) => s.language === 'ts');
    if (typescript.length === 0) return;
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], outDir: 'out', skipLibCheck: false },
      files: typescript.map(fileOf),
    }));
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8' });
    expect(tsc.status, `README TypeScript snippets do not type-check:\n${tsc.stdout}${tsc.stderr}`).toBe(0);
  }, 120_000);

  it('finds the API snippets, and every opt-out gives a reason', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(2);
    for (const s of all) if (s.skipReason !== undefined) expect(s.skipReason.length, `README.md:${s.line}`).toBeGreaterThan(0);
  });

  it.each(runnable.map((s) => [`README.md:${s.line} (${s.language}) ${s.code.split('\n')[0]}`, s] as const))('issue 11 smaller items: %s runs as written', (_, s) => {
    const script = s.language === 'ts' ? join(dir, 'out', fileOf(s).replace(/\.ts$/, '.js')) : join(dir, fileOf(s));
    const result = spawnSync(process.execPath, [script], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(result.status, `README.md:${s.line} failed:\n${result.stderr}`).toBe(0);
  });

  it('the extractor sees through markers and languages', () => {
    const found = snippets('a\n```ts\nconst x = 1;\n```\n<!-- not-run: browser only -->\n\n```js\nself.x = 1;\n```\n```html\n<p>\n```\n');
    expect(found).toEqual([
      { line: 2, language: 'ts', code: 'const x = 1;' },
      { line: 7, language: 'js', code: 'self.x = 1;', skipReason: 'browser only' },
    ]);
  });
});
