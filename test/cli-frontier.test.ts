/**
 * The trade-off on the command line (issue 13 item 3): requirement flags, `dnnpipe frontier`
 * (table, JSON, picture), and the note `dnnpipe plan` adds when its plan buys little throughput
 * for much latency. Driven in-process through `runCli`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { frontierReference, type Problem } from '../src/index.js';
import { cli } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const LAPTOP_PI = new URL('../examples/laptop-pi-wifi.json', import.meta.url).pathname;
const EDGE = new URL('../examples/edge-cluster.json', import.meta.url).pathname;

describe('the trade-off on the command line', () => {
  it('plan notes a poor trade-off and names the least-latency plan on the frontier', async () => {
    const { code, stdout } = await cli('plan', LAPTOP_PI);
    expect(code).toBe(0);
    expect(stdout).toContain('bottleneck  35.7800 ms (stage 1 on laptop)');
    expect(stdout).toMatch(/note {8}this plan gives 1\.06x the best single device's throughput for 2\.50x its latency\./);
    expect(stdout).toContain('The least-latency plan on the frontier runs on laptop: 26.37 frames/s at 37.9201 ms latency');
    // A plan that is worth its latency gets no note.
    expect((await cli('plan', EDGE)).stdout).not.toContain('note');
  });

  it('--max-latency, --max-stages, --first and --last pick along the frontier; the impossible gives one line, exit 1', async () => {
    const deadline = await cli('plan', LAPTOP_PI, '--max-latency', '80', '--json');
    expect(deadline.code).toBe(0);
    const plan = JSON.parse(deadline.stdout);
    expect(plan.latency).toBeLessThanOrEqual(80);
    expect(plan.options.maxLatency).toBe(80);
    const pinned = JSON.parse((await cli('plan', EDGE, '--first', 'jetson-a', '--last', 'laptop', '--max-stages', '3', '--json')).stdout);
    expect(pinned.stages[0].device).toBe('jetson-a');
    expect(pinned.stages.at(-1).device).toBe('laptop');
    expect(pinned.stages.length).toBeLessThanOrEqual(3);
    const impossible = await cli('plan', EDGE, '--max-latency', '40');
    expect(impossible.code).toBe(1);
    expect(impossible.stderr.trim().split('\n')).toEqual([`dnnpipe: ${EDGE}: no valid plan: none meets options.maxLatency = 40 ms: the least latency of any valid plan is 46.858 ms`]);
    expect((await cli('plan', EDGE, '--max-latency', 'soon')).code).toBe(2);
    expect((await cli('plan', EDGE, '--first', 'nope')).stderr).toContain('options.first: "nope" is not a device id');
  });

  it('frontier prints the table, --json the plans, --svg the picture, all equal to the API\'s frontier', async () => {
    const expected = frontierReference(JSON.parse(readFileSync(LAPTOP_PI, 'utf8')) as Problem);
    const table = await cli('frontier', LAPTOP_PI);
    expect(table.code).toBe(0);
    const rows = table.stdout.split('\n').filter((line) => /^\s+\d+\*?\s/.test(line));
    expect(rows).toHaveLength(expected.length);
    expect(rows[0]).toMatch(/^\s+1\*\s+35\.7800\s+27\.95\s+94\.6627\s+2\s+laptop > pi4$/);
    const json = JSON.parse((await cli('frontier', LAPTOP_PI, '--json', '--engine', 'ts')).stdout);
    expect(json.chosen).toBe(0);
    expect(json.plans.map((p: { bottleneck: number }) => p.bottleneck)).toEqual(expected.map((p) => p.bottleneck));
    const dir = tempDir('dnnpipe-frontier-');
    const svgPath = join(dir, 'frontier.svg');
    expect((await cli('frontier', EDGE, '--svg', svgPath)).code).toBe(0);
    const svg = readFileSync(svgPath, 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('(chosen)');
    expect((svg.match(/<circle /g) ?? []).length).toBe(11);
  });

  it('a long frontier prints the rows its picture draws, numbered as in the whole list; --all prints every row', async () => {
    // The bundled example's frontier has 1,055 plans.
    const sample = await cli('frontier');
    expect(sample.code).toBe(0);
    const rows = sample.stdout.split('\n').filter((line) => /^\s*\d+\*?\s/.test(line));
    expect(rows).toHaveLength(63);
    expect(rows[0]).toMatch(/^\s+1\*\s+3\.1665\s/);
    expect(rows[rows.length - 1]).toMatch(/^1055\s+5\.5279\s+180\.90\s+5\.5280\s+1\s+1$/);
    // Numbered as in the whole list: the second row shown is not plan 2.
    expect(rows[1]).toMatch(/^\s+18\s/);
    expect(sample.stdout).toContain('Shown: 63 of the 1055 plans, spread evenly along the frontier');
    const all = await cli('frontier', '--all');
    expect(all.stdout.split('\n').filter((line) => /^\s*\d+\*?\s/.test(line))).toHaveLength(1055);
    expect(all.stdout).not.toContain('Shown:');
    // A short frontier is printed whole either way, without the note.
    expect((await cli('frontier', LAPTOP_PI)).stdout).not.toContain('Shown:');
    for (const command of ['plan', 'simulate']) {
      const refused = await cli(command, '--all');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe('dnnpipe: --all is a frontier option\n');
    }
  });

  it('the README shows the bundled example\'s frontier as the CLI prints it (issue 13: real output)', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const shown = /```\n\$ dnnpipe frontier\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(shown, 'README: a "$ dnnpipe frontier" block').toBeDefined();
    expect(`${shown}\n`).toBe((await cli('frontier')).stdout);
  });
});
