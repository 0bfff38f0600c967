/**
 * Issue 11 items 13 and 16 (second half) and the smaller CLI items: ids that round-trip through
 * `pipeline_plan.json`, PipeEdge's empty schedule, `--without` without trimming, bounded
 * whole-number flags, duplicate JSON keys, deep nesting, infinite throughput in `--json`, and
 * messages in the input's own terms.
 */
import { readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dnnpipeDeviceId, toDnnpipePlan } from '../src/adapters/dnnpipe-config.js';
import { cli } from './helpers/cli.js';
import { tempFiles } from './helpers/temp.js';

const { dir, file } = tempFiles('dnnpipe-ids-');
const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;

describe('pipeline_plan.json ids', () => {
  it('issue 11 item 13: "007" stays "007" beside "7", and 20-digit ids stay distinct', async () => {
    const ids = ['007', '7', '12345678901234567890', '12345678901234567891', '-0', '1e3'];
    const path = file('ids.json', { model: { time: [1, 1, 1, 1, 1, 1] }, devices: ids.map((id) => ({ id })) });
    const out = join(dir, 'plan.json');
    expect((await cli('plan', path, '--out', out, '--secondary', 'none')).code).toBe(0);
    const plan = JSON.parse(readFileSync(out, 'utf8')) as { pipeline_plan: [number, number, number | string][] };
    const written = plan.pipeline_plan.map(([, , device]) => device);
    expect(written).toHaveLength(6);
    expect(new Set(written.map(String)).size).toBe(6);
    expect(written).toEqual(expect.arrayContaining(['007', 7, '12345678901234567890', '12345678901234567891', '-0', '1e3']));
  });

  it('issue 11 item 13: every id reads back as itself (property); DNNPipe\'s own ids stay numbers', () => {
    fc.assert(fc.property(fc.oneof(fc.stringMatching(/^\d{1,22}$/), fc.string({ minLength: 1 })), (id) => {
      const written = dnnpipeDeviceId(id);
      expect(String(JSON.parse(JSON.stringify(written)))).toBe(id);
      if (typeof written === 'number') expect(Number.isSafeInteger(written)).toBe(true);
    }), { numRuns: 2000 });
    expect(toDnnpipePlan([{ device: '1', start: 0, end: 3 }, { device: '12', start: 3, end: 5 }])).toEqual({ pipeline_plan: [[1, 3, 1], [4, 5, 12]] });
  });
});

describe('PipeEdge without a valid plan', () => {
  it('issue 11 item 16: --pipeedge prints [] on stdout, the reason on stderr, exit 1', async () => {
    for (const name of ['models', 'device_types', 'devices']) copyFileSync(join(FIXTURES, `pipeedge-${name}.yml`), join(dir, `${name}.yml`));
    // Batch 4096: the activations of a single layer fit no device.
    const args = ['plan', '--pipeedge', '-M', join(dir, 'models.yml'), '-T', join(dir, 'device_types.yml'), '-D', join(dir, 'devices.yml')];
    writeFileSync(join(dir, 'device_types.yml'), readFileSync(join(dir, 'device_types.yml'), 'utf8').replace(/mem_MB: \d+/g, 'mem_MB: 1'));
    const result = await cli(...args);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('[]\n');
    expect(result.stderr.split('\n').filter((line) => line.startsWith('dnnpipe: ') && !line.startsWith('dnnpipe: warning:'))).toHaveLength(1);
    expect(result.stderr).toMatch(/no valid plan/);
    const json = await cli(...args, '--json');
    expect(json.code).toBe(1);
    expect(json.stdout).toBe('');
  });
});

describe('smaller CLI items', () => {
  const devices = { model: { time: [1, 2, 3] }, devices: [{ id: 'a,b' }, { id: 'a ' }, { id: 'a' }, { id: 'c' }] };

  it('issue 11 smaller items: --without never trims, takes ids with commas, repeats, and lists', async () => {
    const path = file('without.json', devices);
    const used = async (...without: string[]): Promise<string[]> => {
      const { code, stdout, stderr } = await cli('plan', path, '--json', ...without.flatMap((w) => ['--without', w]));
      expect(code, stderr).toBe(0);
      return (JSON.parse(stdout).stages as { device: string }[]).map((s) => s.device).sort();
    };
    expect(await used('a,b', 'a ', 'a')).toEqual(['c']);
    expect(await used('a,c', 'a ')).toEqual(['a,b']); // not an id: a list of "a" and "c"
    expect(await used('a,b')).not.toContain('a,b');
    const trimmed = await cli('plan', path, '--without', ' c');
    expect(trimmed.code).toBe(2);
    expect(trimmed.stderr).toMatch(/--without names no device " c"/);
  });

  it('--without: errors name devices by their index in the file, not in the list left after it', async () => {
    // The slow device passes reading but is refused by the solve (README, "Limits": time scale).
    const path = file('without-index.json', { model: { time: [1, 2, 3, 4] }, devices: [{ id: 'a', speed: 1 }, { id: 'b', speed: 2 }, { id: 'slow', speed: 1e-7 }] });
    for (const command of ['plan', 'frontier', 'simulate']) {
      const { code, stderr } = await cli(command, path, '--without', 'a');
      expect(code, command).toBe(2);
      expect(stderr, command).toMatch(/devices\[2\]: device "slow"/);
    }
  });

  it.each([
    ['-i', '99999999999999999999', /--buffers-in is 99999999999999999999; the largest accepted is 1024/],
    ['-o', '1025', /--buffers-out is 1025; the largest accepted is 1024/],
    ['-b', '1048577', /--batch-size is 1048577; the largest accepted is 1048576/],
  ])('issue 11 smaller items: %s %s is refused beyond its documented maximum', async (flag, value, pattern) => {
    const { code, stderr } = await cli('plan', '--pipeedge', flag, value);
    expect(code).toBe(2);
    expect(stderr).toMatch(pattern);
  });

  it('issue 11 smaller items: --frames beyond the simulation limit is refused as a flag', async () => {
    const { code, stderr } = await cli('simulate', '--frames', '99999999999999999999');
    expect(code).toBe(2);
    expect(stderr).toBe('dnnpipe: --frames is 99999999999999999999; the largest accepted is 2000000\n');
  });

  it('issue 11 smaller items: duplicate JSON keys are refused with line, column and key', async () => {
    const path = file('dup.json', '{\n  "model": {"time": [1], "time": [2]},\n  "devices": [{"id": "a"}]\n}');
    const { code, stderr } = await cli('plan', path);
    expect(code).toBe(2);
    expect(stderr).toBe(`dnnpipe: ${path}: duplicate key "time" at line 2, column 26; each key may appear once per object\n`);
    // The same key in different objects is fine, and "\u0061" is the key "a".
    expect((await cli('plan', file('ok.json', '{"model":{"time":[1]},"devices":[{"id":"a"},{"id":"b"}]}'))).code).toBe(0);
    expect((await cli('plan', file('esc.json', '{"model":{"time":[1]},"devices":[{"id":"a","\\u0069d":"b"}]}'))).stderr).toMatch(/duplicate key "id" at line 1, column 44/);
  });

  it('issue 11 smaller items: invalid JSON nested deep gives a real line and column, never NaN', async () => {
    for (const text of [`${'['.repeat(100_000)}x`, `${'{"a":'.repeat(50_000)}}`]) {
      const { code, stderr } = await cli('plan', file('deep.json', text));
      expect(code).toBe(2);
      expect(stderr).toMatch(/invalid JSON at line 1, column \d+: /);
      expect(stderr).not.toMatch(/NaN/);
    }
    const { stderr } = await cli('plan', file('deep.json', `${'['.repeat(100_000)}x`));
    expect(stderr).toMatch(/line 1, column 100001: /);
  });

  it('issue 11 smaller items: an infinite throughput prints as "Infinity" in --json, not null', async () => {
    const path = file('zero.json', { model: { time: [0, 0] }, devices: [{ id: 'a' }, { id: 'b' }] });
    const { code, stdout } = await cli('plan', path, '--json');
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.bottleneck).toBe(0);
    expect(plan.throughput).toBe('Infinity');
    const sim = JSON.parse((await cli('simulate', path, '--json', '--frames', '2')).stdout);
    expect(sim.plan.throughput).toBe('Infinity');
  });

  it("issue 11 smaller items: a DNNPipe config's errors name its own fields, counting units from 1 in words", async () => {
    const infeasible = file('dnnpipe.json', { device_config: { N: 1, C: [1], M: [10] }, model_config: { U: 2, E: [1, 1], R: [1, 900] } });
    const { code, stderr } = await cli('plan', infeasible);
    expect(code).toBe(1);
    expect(stderr).toMatch(/\(model_config\.R\[1\]\)/);
    expect(stderr).not.toMatch(/model\.memory/);
    const tooMany = file('dnnpipe-big.json', { device_config: { N: 1, C: [1], M: [10] }, model_config: { U: 100_001, E: Array.from({ length: 100_001 }, () => 1), R: Array.from({ length: 100_001 }, () => 0) } });
    const big = await cli('plan', tooMany);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/model_config\.E: has 100001 units; the limit is 100000/);
  });
});
