/**
 * The demo page in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
 * plans the examples on the main thread and in a Web Worker, and the page must show the same
 * bottleneck, to the last bit, as Node computes; the source and sink transfers and what limits
 * throughput (issue 12); the frontier next to the plan, where picking a plan shows it (issue 13).
 * Saves screenshots to test-output/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBottleneck } from '../src/cli/format.js';
import { fromDnnpipeConfig, frontier, solve, type Problem } from '../src/index.js';
import { frontierSample, renderFrontierSvg } from '../src/render-frontier.js';
// @ts-expect-error -- a plain ES module script without types
import { startDemoServer } from '../scripts/demo-server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let server: Server;
let url: string;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

function example(name: string): Problem {
  return JSON.parse(readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8')) as Problem;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install it with 'apt-get install -y chromium' (scripts/install-chromium.sh does), or set CHROMIUM_PATH`);
  }
  ({ server, url } = await startDemoServer(0));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

interface PageView {
  bottleneck: string;
  limit: string;
  where: string;
  shown: string;
  title: string;
  rows: { kind: string; cells: string[] }[];
  frontier: { index: string; bottleneck: string; chosen: boolean; shown: boolean }[];
  points: number;
}

function readView(): Promise<PageView> {
  return page.evaluate(() => ({
    bottleneck: document.getElementById('bottleneck')?.dataset.value ?? '',
    limit: document.getElementById('bottleneck')?.dataset.at ?? '',
    where: document.getElementById('solved')?.dataset.where ?? '',
    shown: document.getElementById('result')?.dataset.shown ?? '',
    title: document.getElementById('plan-title')?.textContent ?? '',
    rows: [...document.querySelectorAll<HTMLTableRowElement>('#stages tbody tr')].map((row) => ({
      kind: row.dataset.kind ?? '',
      cells: [...row.cells].map((c) => c.textContent ?? ''),
    })),
    frontier: [...document.querySelectorAll<HTMLTableRowElement>('#frontier tbody tr[data-index]')].map((row) => ({
      index: row.dataset.index ?? '',
      bottleneck: row.dataset.bottleneck ?? '',
      chosen: row.classList.contains('chosen'),
      shown: row.classList.contains('shown'),
    })),
    points: document.querySelectorAll('#frontier-picture circle[data-index]').length,
  }));
}

/** Plans what the form holds (an example by file name, or pasted text) and reads the page. */
async function planAndRead(input: { example: string } | { paste: string }, inWorker: boolean): Promise<PageView> {
  if ('example' in input) await page.selectOption('#example', input.example);
  else {
    await page.check('input[name=input][value=paste]');
    await page.fill('#input', input.paste);
  }
  await page.setChecked('#in-worker', inWorker);
  await page.evaluate(() => { document.getElementById('status')!.textContent = 'waiting'; });
  await page.click('#plan');
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'done');
  return readView();
}

/** The CLI's words for what limits throughput, with the page's arrows. */
const limitText = (plan: Awaited<ReturnType<typeof solve>>): string => describeBottleneck(plan).replaceAll(' -> ', ' → ');

describe('demo page in headless Chromium', () => {
  it('shows the same bottleneck and frontier as Node, on the main thread and in a Web Worker', async () => {
    const problem = fromDnnpipeConfig(JSON.parse(readFileSync(new URL('./fixtures/effnetv2b0.dnnpipe.json', import.meta.url), 'utf8')));
    const expected = await solve(problem);
    const plans = await frontier(problem);
    for (const inWorker of [false, true]) {
      const view = await planAndRead({ example: 'effnetv2b0.dnnpipe.json' }, inWorker);
      expect(view.where).toBe(inWorker ? 'in a Web Worker' : 'on the main thread');
      expect(Number(view.bottleneck)).toBe(expected.bottleneck);
      expect(view.rows.filter((r) => r.kind === 'stage')).toHaveLength(expected.stages.length);
      expect(view.limit).toBe(limitText(expected));
      // A long frontier: its title counts every plan, the table lists the first and last 300.
      expect(await page.textContent('#frontier-title')).toContain(`${plans.length.toLocaleString('en-US')} Pareto-optimal plans`);
      expect(plans.length).toBeGreaterThan(600);
      expect(view.frontier.map((r) => Number(r.bottleneck))).toEqual([...plans.slice(0, 300), ...plans.slice(-300)].map((p) => p.bottleneck));
      expect(view.frontier.map((r) => r.index).slice(-1)).toEqual([String(plans.length - 1)]);
      expect(await page.textContent('#frontier tr.gap')).toContain(`${plans.length - 600} plans not listed`);
      // The picture draws a spread of the frontier: a point in the middle shows the plan it is
      // labelled with (it once showed the plan at its position among the points: plan 11, not 171).
      const drawn = frontierSample(plans.length, 0);
      expect(view.points).toBe(drawn.length);
      const middle = drawn[10]!;
      expect(middle).toBeGreaterThan(10);
      const point = page.locator('#frontier-picture circle').nth(10);
      expect(await point.getAttribute('data-index')).toBe(String(middle));
      expect(await point.locator('title').textContent()).toMatch(new RegExp(`^plan ${middle + 1}: `));
      // Crowded points overlap their neighbours' labels, so the click is dispatched to the point.
      await point.dispatchEvent('click');
      const picked = await readView();
      expect(picked.shown).toBe(String(middle));
      expect(picked.title).toMatch(new RegExp(`^Frontier plan ${middle + 1} of ${plans.length}:`));
      expect(Number(picked.bottleneck)).toBe(plans[middle]!.bottleneck);
      expect(Number(await page.getAttribute('#latency', 'data-value'))).toBe(plans[middle]!.latency);
    }
    expect(await page.locator('#picture svg g.row').count()).toBe(expected.stages.length);
    mkdirSync('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/browser-demo.png', fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('plans the edge cluster (links, source, sink, unit names) as Node does, in the page and in a worker', async () => {
    const expected = await solve(example('edge-cluster.json'));
    expect(expected.source).toBeDefined();
    expect(expected.sink).toBeDefined();
    for (const inWorker of [false, true]) {
      const view = await planAndRead({ example: 'edge-cluster.json' }, inWorker);
      expect(Number(view.bottleneck)).toBe(expected.bottleneck);
      expect(view.limit).toBe(limitText(expected));
      expect(await page.textContent('#bottleneck')).toContain(`(${limitText(expected)})`);
      expect(view.rows.map((r) => r.kind)).toEqual(['source', ...expected.stages.map(() => 'stage'), 'sink']);
      expect(view.rows[0]?.cells.slice(1, 3)).toEqual([expected.source?.device, 'source']);
      expect(Number(view.rows[0]?.cells[5])).toBeCloseTo(expected.source?.transfer ?? NaN, 4);
      expect(view.rows.at(-1)?.cells.slice(1, 3)).toEqual([expected.sink?.device, 'sink']);
      expect(Number(view.rows.at(-1)?.cells[5])).toBeCloseTo(expected.sink?.transfer ?? NaN, 4);
      // Stage rows name the device and the model's units, 1-based, with their names.
      expected.stages.forEach((s, i) => {
        const names = s.names!.first === s.names!.last ? s.names!.first : `${s.names!.first}..${s.names!.last}`;
        expect(view.rows[i + 1]?.cells.slice(0, 3)).toEqual([String(i + 1), s.device, `${s.start + 1}–${s.end} ${names}`]);
      });
    }
    // The cluster's own picture: the source and sink transfers are rows too.
    await page.screenshot({ path: 'test-output/browser-edge-cluster.png', fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('shows the frontier next to the plan; picking a row or a point shows that plan', async () => {
    const problem = example('laptop-pi-wifi.json');
    const plans = await frontier(problem);
    const chosen = await solve(problem);
    expect(plans.length).toBe(3);
    for (const inWorker of [false, true]) {
      let view = await planAndRead({ example: 'laptop-pi-wifi.json' }, inWorker);
      expect(view.frontier.map((r) => Number(r.bottleneck))).toEqual(plans.map((p) => p.bottleneck));
      expect(view.frontier.map((r) => r.chosen)).toEqual([true, false, false]);
      expect(view.points).toBe(plans.length);
      expect(Number(view.bottleneck)).toBe(chosen.bottleneck);
      expect(view.shown).toBe('0');

      const last = plans.length - 1;
      await page.click(`#frontier tbody tr[data-index="${last}"]`);
      view = await readView();
      expect(Number(view.bottleneck)).toBe(plans[last]!.bottleneck);
      expect(view.limit).toBe(limitText(plans[last]!));
      expect(view.shown).toBe(String(last));
      expect(view.title).toMatch(new RegExp(`^Frontier plan ${last + 1} of ${plans.length}:`));
      expect(view.rows.filter((r) => r.kind === 'stage').map((r) => r.cells[1])).toEqual(plans[last]!.stages.map((s) => s.device));
      expect(view.frontier.map((r) => r.shown)).toEqual(plans.map((_, i) => i === last));
      expect(await page.locator('#picture svg g.row').count()).toBe(plans[last]!.stages.length);

      await page.click('#frontier-picture circle[data-index="1"]');
      view = await readView();
      expect(Number(view.bottleneck)).toBe(plans[1]!.bottleneck);
      expect(Number(await page.getAttribute('#latency', 'data-value'))).toBe(plans[1]!.latency);
      if (!inWorker) await page.click(`#frontier tbody tr[data-index="${last}"]`);
    }
    await page.click(`#frontier tbody tr[data-index="${plans.length - 1}"]`);
    await page.screenshot({ path: 'test-output/browser-frontier.png', fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('puts ids and names into the page as text, never as markup', async () => {
    const id = '<img src=x onerror="window.injected=1">';
    const problem = JSON.stringify({ model: { time: [1, 2, 3, 4], names: ['<b>a</b>', 'b', 'c', '<script>d</script>'], outputBytes: [1, 1, 1, 1] },
      devices: [{ id, speed: 1, bandwidth: 100 }, { id: 'b&c', speed: 1, bandwidth: 100 }] });
    const view = await planAndRead({ paste: problem }, false);
    expect(view.rows.flatMap((r) => r.cells).join(' ')).toContain(id);
    expect(await page.evaluate(() => document.querySelectorAll('#result img, #result script, #result b').length)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { injected?: number }).injected)).toBeUndefined();
  });

  it('shows errors inline with the field path, from the page and from the worker', async () => {
    for (const inWorker of [false, true]) {
      await page.check('input[name=input][value=paste]');
      await page.fill('#input', '{"model": {"time": [1, 2]}, "devices": [{"id": "a", "spead": 2}]}');
      await page.setChecked('#in-worker', inWorker);
      await page.click('#plan');
      await page.waitForFunction(() => !document.getElementById('error')?.hidden);
      const error = await page.evaluate(() => ({ text: document.getElementById('error')?.textContent ?? '', path: document.getElementById('error')?.dataset.path }));
      expect(error.path).toBe('devices[0].spead');
      expect(error.text).toMatch(/ProblemError: devices\[0\]\.spead: unknown field \(did you mean "speed"\?\)/);
      await page.evaluate(() => { document.getElementById('error')!.hidden = true; });
    }
  });

  it('the frontier picture of a long frontier (the CLI\'s --svg) draws no label over another, measured in Chromium', async () => {
    const problem = fromDnnpipeConfig(JSON.parse(readFileSync(new URL('./fixtures/effnetv2b0.dnnpipe.json', import.meta.url), 'utf8')));
    const plans = await frontier(problem);
    const picture = await browser.newPage();
    try {
      await picture.setContent(renderFrontierSvg(plans, 0, 'the bundled example'));
      const labels = await picture.evaluate(() => [...document.querySelectorAll('circle[data-index]')].map((point) => {
        const label = point.nextElementSibling as SVGTextElement;
        const box = label.getBBox();
        return { index: Number((point as SVGCircleElement).dataset.index), visible: label.getAttribute('visibility') !== 'hidden', box: { x: box.x, y: box.y, width: box.width, height: box.height } };
      }));
      const shown = labels.filter((l) => l.visible);
      // Before the labels were thinned, all 63 were drawn, most over one another.
      expect(shown.length).toBeGreaterThan(10);
      expect(shown.length).toBeLessThan(labels.length);
      for (const index of [0, plans.length - 1]) expect(shown.some((l) => l.index === index), `plan ${index + 1} labelled`).toBe(true);
      for (let a = 0; a < shown.length; a++) {
        for (let b = a + 1; b < shown.length; b++) {
          const [p, q] = [shown[a]!.box, shown[b]!.box];
          const overlap = p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;
          expect(overlap, `labels of plans ${shown[a]!.index + 1} and ${shown[b]!.index + 1}`).toBe(false);
        }
      }
    } finally {
      await picture.close();
    }
  });
});
