/**
 * The demo page in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
 * plans the bundled example on the main thread and in a Web Worker, and the page must show the
 * same bottleneck, to the last bit, as Node computes. Saves a screenshot to test-output/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromDnnpipeConfig, solve } from '../src/index.js';
// @ts-expect-error -- a plain ES module script without types
import { startDemoServer } from '../scripts/demo-server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let server: Server;
let url: string;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install it with 'apt-get install -y chromium' (scripts/install-chromium.sh does), or set CHROMIUM_PATH`);
  }
  ({ server, url } = await startDemoServer(0));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function planAndRead(inWorker: boolean): Promise<{ bottleneck: string; where: string; stages: string[] }> {
  await page.setChecked('#in-worker', inWorker);
  await page.evaluate(() => { document.getElementById('status')!.textContent = 'waiting'; });
  await page.click('#plan');
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'done');
  return page.evaluate(() => ({
    bottleneck: document.getElementById('bottleneck')?.dataset.value ?? '',
    where: document.getElementById('solved')?.dataset.where ?? '',
    stages: [...document.querySelectorAll('#stages tbody tr')].map((row) => row.textContent ?? ''),
  }));
}

describe('demo page in headless Chromium', () => {
  it('shows the same bottleneck as Node, on the main thread and in a Web Worker', async () => {
    const problem = fromDnnpipeConfig(JSON.parse(readFileSync(new URL('./fixtures/effnetv2b0.dnnpipe.json', import.meta.url), 'utf8')));
    const expected = await solve(problem);
    const main = await planAndRead(false);
    expect(main.where).toBe('on the main thread');
    expect(Number(main.bottleneck)).toBe(expected.bottleneck);
    expect(main.stages).toHaveLength(expected.stages.length);
    const inWorker = await planAndRead(true);
    expect(inWorker.where).toBe('in a Web Worker');
    expect(Number(inWorker.bottleneck)).toBe(expected.bottleneck);
    expect(await page.locator('#picture svg g.row').count()).toBe(expected.stages.length);
    mkdirSync('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/browser-demo.png', fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('shows errors inline with the field path, from the page and from the worker', async () => {
    for (const inWorker of [false, true]) {
      await page.check('input[name=source][value=paste]');
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
});
