/** The demo page (examples/web) in headless Chromium, for the tests that click through it. */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
// @ts-expect-error -- a plain ES module script without types
import { startDemoServer } from '../../scripts/demo-server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** An open demo page, ready (its status line says so), and how to close it and its server. */
export interface DemoPage {
  page: Page;
  close(): Promise<void>;
}

/** Serves the demo on a free loopback port and opens it in Chromium (1400 × 1200). */
export async function openDemoPage(): Promise<DemoPage> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install it with 'apt-get install -y chromium', or set CHROMIUM_PATH`);
  const { server, url } = (await startDemoServer(0)) as { server: Server; url: string };
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  return {
    page,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Opens the demo page before the file's tests and closes it after them.
 * @returns the page, once `beforeAll` has run
 */
export function useDemoPage(): () => Page {
  let demo: DemoPage | undefined;
  beforeAll(async () => {
    demo = await openDemoPage();
  });
  afterAll(async () => {
    await demo?.close();
  });
  return () => {
    if (!demo) throw new Error('the demo page is opened in beforeAll');
    return demo.page;
  };
}

/** Plans a bundled example on the page's main thread and waits until the page says it is done. */
export async function planExample(page: Page, example: string): Promise<void> {
  await page.selectOption('#example', example);
  await page.setChecked('#in-worker', false);
  await page.evaluate(() => { document.getElementById('status')!.textContent = 'waiting'; });
  await page.click('#plan');
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'done');
}
