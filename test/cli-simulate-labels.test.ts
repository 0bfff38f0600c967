/**
 * `dnnpipe simulate` names its servers in `dnnpipe plan`'s words: a link between two stages, and
 * the source's and sink's transfers (an outsider's try found simulate called a camera's transfer
 * a "link" where plan said "source transfer").
 */
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { tempFiles } from './helpers/temp.js';

/** A camera that computes nothing, two boards that must share the work (memory), and a display. */
const PROBLEM = {
  model: { time: [4, 4, 4, 4], memory: [1, 1, 1, 1], outputBytes: [1e5, 1e5, 1e5, 1e4], inputBytes: 1e4 },
  devices: [
    { id: 'cam', compute: false, bandwidth: 100 },
    { id: 'a', speed: 1, memory: 3, bandwidth: 100 },
    { id: 'b', speed: 1, memory: 3, bandwidth: 100 },
    { id: 'screen', compute: false, bandwidth: 100 },
  ],
  source: 'cam',
  sink: 'screen',
};

describe('simulate labels', () => {
  it('a camera source, two stages, a display sink: source transfer, link, sink transfer', async () => {
    const path = tempFiles('dnnpipe-labels-').file('p.json', PROBLEM);
    const run = await cli('simulate', path, '--frames', '8');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const servers = run.stdout.split('\n').filter((line) => /\s\d+\.\d{4}\s+\d+\.\d%$/.test(line)).map((line) => line.split(/\s{2,}/)[0]);
    expect(servers).toEqual([expect.stringMatching(/^source transfer cam→[ab]$/), expect.stringMatching(/^[ab]$/), expect.stringMatching(/^link [ab]→[ab]$/), expect.stringMatching(/^[ab]$/), expect.stringMatching(/^sink transfer [ab]→screen$/)]);
    // plan says the same of its bottleneck when a transfer is it.
    expect((await cli('plan', path)).stdout).toMatch(/bottleneck .*\((stage \d on [ab]|link [ab] -> [ab] after stage 1|source transfer cam -> [ab]|sink transfer [ab] -> screen)\)/);
  });
});
