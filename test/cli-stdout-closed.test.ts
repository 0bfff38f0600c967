/**
 * Issue 11 item 4: when standard output is closed (`dnnpipe plan | head -1`) or full
 * (`> /dev/full`), the CLI ends quietly with exit code 4 — not 1, which scripts read as "no valid
 * plan" — and no stack trace. Real child processes, real pipes and devices.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const CLI = new URL('../dist/bin.js', import.meta.url).pathname;

/** Runs the CLI with its stdout pipe closed by the reader before the CLI writes anything. */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader goes away at once; starting Node and planning take far longer than this.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('closed or full standard output', () => {
  it.each([
    ['plan', ['plan']],
    ['plan --json', ['plan', '--json']],
    ['simulate --json with a large output', ['simulate', '--json', '--frames', '20000']],
  ])('issue 11 item 4: %s with stdout closed exits 4 quietly', async (_, args) => {
    const { code, stderr } = await runWithClosedStdout(args);
    expect(code).toBe(4);
    expect(stderr).toBe('');
  });

  it('issue 11 item 4: `| head -1` in a shell exits 4 quietly', () => {
    // A pipeline's status is head's; PIPESTATUS has the CLI's.
    const piped = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" simulate --json --frames 20000 | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(piped.stdout.trim()).toBe('4');
    expect(piped.stderr).toBe('');
  });

  it('issue 11 item 4: > /dev/full exits 4 quietly', () => {
    const full = openSync('/dev/full', 'w');
    try {
      for (const args of [['plan'], ['plan', '--json'], ['simulate']]) {
        const result = spawnSync(process.execPath, [CLI, ...args], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
        expect(result.status, args.join(' ')).toBe(4);
        expect(result.stderr, args.join(' ')).toBe('');
      }
    } finally {
      closeSync(full);
    }
  });

  it('a failing command with a full stdout still reports its own exit code and message', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, [CLI, 'plan', '/nonexistent/problem.json'], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^dnnpipe: \/nonexistent\/problem\.json: cannot read the file \(no such file\)\n$/);
    } finally {
      closeSync(full);
    }
  });
});
