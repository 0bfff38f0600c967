/**
 * An outside try (fresh clone, README as written): `dnnpipe frontier` printed plan 2 of the
 * laptop + Pi example at "73.4326" ms, rounded to nearest; its plan takes 73.43264 ms, so
 * `--max-latency 73.4326` planned another point, though README says a copied latency plans that
 * point. The table (and the trade-off note) now round latencies up, with more decimals where the
 * point before is that close. And with `--first`/`--last` the note named the plan it had just
 * printed as the one to prefer: the requirements left it the frontier's only point.
 */
import { describe, expect, it } from 'vitest';
import { deadlineText } from '../src/cli/format.js';
import { cli } from './helpers/cli.js';
import { rng } from './helpers/random.js';

/** The rows of a `dnnpipe frontier` table: plan number, bottleneck text and latency text. */
function rows(table: string): { plan: number; bottleneck: string; latency: string }[] {
  return table.split('\n').flatMap((line) => {
    const match = /^\s*(\d+)\*?\s+(\S+)\s+\S+\s+(\S+)\s+\d+\s/.exec(line);
    return match ? [{ plan: Number(match[1]), bottleneck: match[2]!, latency: match[3]! }] : [];
  });
}

/** `dnnpipe plan FILE --max-latency MS --json`: the plan's bottleneck, shown to 4 decimals. */
async function plannedBottleneck(file: string, deadline: string, extra: string[] = []): Promise<string> {
  const run = await cli('plan', ...(file ? [file] : []), '--max-latency', deadline, '--json', ...extra);
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { bottleneck: number }).bottleneck.toFixed(4);
}

describe('a latency copied from the frontier table into --max-latency', () => {
  it('plans that row, on the laptop + Pi example (every row) and the bundled example (every row shown)', async () => {
    for (const file of ['examples/laptop-pi-wifi.json', '']) {
      const table = await cli('frontier', ...(file ? [file] : []));
      expect(table.code).toBe(0);
      const listed = rows(table.stdout);
      expect(listed.length).toBeGreaterThan(2);
      for (const row of listed) {
        expect(await plannedBottleneck(file, row.latency), `${file || 'bundled'} plan ${row.plan} at ${row.latency}`).toBe(row.bottleneck);
      }
    }
  });

  it('the trade-off note names the least-latency plan at a latency that plans it', async () => {
    const run = await cli('plan', 'examples/laptop-pi-wifi.json');
    const latency = /at (\S+) ms latency/.exec(run.stdout)?.[1];
    expect(latency).toBeDefined();
    // The least-latency plan: the laptop alone, 37.92 ms.
    expect(await plannedBottleneck('examples/laptop-pi-wifi.json', latency!)).toBe('37.9200');
  });

  it('deadlineText: never below the latency, below the point before less its 1e-9 ties (or the latency itself); 20,000 seeded pairs', () => {
    const random = rng(20_261_127);
    for (let i = 0; i < 20_000; i++) {
      const latency = random() < 0.5 ? random() * 200 : Math.round(random() * 1e6) / 1e4;
      // Points are apart by more than the 1e-9 relative latency tie (docs/model.md, Frontier).
      const above = latency * (1 + [1e-3, 1e-5, 1e-7, 3e-9, 1.5e-9][i % 5]!) + 1e-300;
      const text = deadlineText(latency, above);
      const where = `seed 20261127, pair ${i}: ${latency} below ${above} printed ${text}`;
      expect(Number(text) >= latency, where).toBe(true);
      expect(Number(text) < (above * (1 - 1e-9)) / (1 + 1e-9) || text === String(latency), where).toBe(true);
    }
    expect(deadlineText(73.43264)).toBe('73.4327');
    expect(deadlineText(37.92)).toBe('37.9200');
    // 37.92 · 10^4 is 379200.00000000006 in doubles: a ceiling of the product would print 37.9201.
    expect(deadlineText(0.1 + 0.2, 0.4)).toBe('0.3001');
    expect(deadlineText(0.3, 0.4)).toBe('0.3000');
  });
});

describe('the trade-off note under requirements', () => {
  it('is left out when the requirements leave the plan the frontier\'s only point', async () => {
    const run = await cli('plan', 'examples/edge-cluster.json', '--first', 'laptop', '--last', 'pi4');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('note');
    const frontier = await cli('frontier', 'examples/edge-cluster.json', '--first', 'laptop', '--last', 'pi4', '--json');
    expect((JSON.parse(frontier.stdout) as { plans: unknown[] }).plans).toHaveLength(1);
  });
});
