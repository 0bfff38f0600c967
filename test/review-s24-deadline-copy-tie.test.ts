/**
 * Outside review (s24): `dnnpipe frontier` promises "Latencies are rounded up: one copied into
 * --max-latency plans that row". `deadlineText` keeps a row's text below the latency of the row
 * before less the 1e-9 tie, but it is given that row's *plan* latency, which the objective's tie
 * rule (fewest stages among latencies within 1e-9 of the least) may put up to 1e-9 above the
 * point's least latency, the one the frontier measures the next point against. A rounded-up text
 * can then land between the two bounds and admit a plan the frontier left out (latency within the
 * tie of the point before, smaller bottleneck than this row): the copied deadline plans that one.
 *
 * The problem: three units; per-device profiles (null = cannot run); zero-byte activations over
 * links whose latency (100 ms) rules out the pairs that would make other plans better.
 * - Q = a > b > c: bottleneck 60, latency 100.000000015 (the least at B* = 60), 3 stages;
 * - P = a > d: bottleneck 60, latency 100.0000001 (within 1e-9 of Q, fewer stages): row 1's plan;
 * - X = g > e: bottleneck 61, latency 99.999999918 (not below 100.000000015 × (1 − 1e-9)): no row;
 * - Y = h > i: bottleneck 62, latency 99.999999912: row 2.
 * Row 2 prints 99.99999992 (below P's latency less its tie, above Q's), and `--max-latency
 * 99.99999992` admits X, whose bottleneck 61 is less than row 2's 62.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { oracleFrontier, oracleSolve, type NetworkProblem } from './helpers/network-oracle.js';
import { tempFiles } from './helpers/temp.js';

const { file } = tempFiles('dnnpipe-review-s24-tie-');

const ids = ['a', 'b', 'c', 'd', 'e', 'g', 'h', 'i'];
const time: Record<string, (number | null)[]> = {
  a: [60, null, null],
  b: [null, 20, null],
  c: [null, null, 20.000000015],
  d: [null, 20, 20.0000001],
  e: [null, 19, 19.999999918],
  g: [61, null, null],
  h: [62, null, null],
  i: [null, 18, 19.999999912],
};
/** Pairs a transfer between rules out (100 ms), both ways. */
const costly = new Set(['a-e', 'b-e', 'd-e', 'e-i', 'b-i', 'd-i', 'g-i', 'a-i']);
const links = ids.flatMap((from, n) => ids.slice(n + 1).map((to) => ({ from, to, bandwidth: null, latency: costly.has(`${from}-${to}`) || costly.has(`${to}-${from}`) ? 100 : 0 })));
const problem = {
  model: { outputBytes: [0, 0, 0] },
  devices: ids.map((id) => ({ id, time: time[id] })),
  links,
};

/** The rows of a `dnnpipe frontier` table: plan number, bottleneck text and latency text. */
function rows(table: string): { plan: number; bottleneck: string; latency: string }[] {
  return table.split('\n').flatMap((line) => {
    const match = /^\s*(\d+)\*?\s+(\S+)\s+\S+\s+(\S+)\s+\d+\s/.exec(line);
    return match ? [{ plan: Number(match[1]), bottleneck: match[2]!, latency: match[3]! }] : [];
  });
}

describe('the problem, by the exhaustive oracle', () => {
  it('has the frontier P (60), Y (62), and a deadline of 99.99999992 has the least bottleneck 61 (X)', () => {
    const network = problem as unknown as NetworkProblem;
    expect(oracleFrontier(network).map((point) => [point.planBottleneck, point.planLatency, point.latency])).toEqual([
      [60, 60 + 40.0000001, 60 + 20 + 20.000000015],
      [62, 62 + 37.999999912, 62 + 37.999999912],
    ]);
    expect(oracleSolve(network, { maxLatency: 99.99999992 })?.bottleneck).toBe(61);
  });
});

describe('a latency copied from the frontier table, next to a point whose plan the tie rule picked above its least latency', () => {
  it('plans that row', async () => {
    const path = file('tie.json', problem);
    const table = await cli('frontier', path);
    expect(table.code, table.stderr).toBe(0);
    const listed = rows(table.stdout);
    // The frontier itself is as designed: P at 60, then Y at 62.
    expect(listed.map((r) => r.bottleneck), table.stdout).toEqual(['60.0000', '62.0000']);
    for (const row of listed) {
      const run = await cli('plan', path, '--max-latency', row.latency, '--json');
      expect(run.code, run.stderr).toBe(0);
      const planned = (JSON.parse(run.stdout) as { bottleneck: number }).bottleneck.toFixed(4);
      expect(planned, `plan ${row.plan} printed at ${row.latency} ms`).toBe(row.bottleneck);
    }
  });
});
