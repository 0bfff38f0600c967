/**
 * Review s23b (6731dba, `unCrowded` in src/render-frontier.ts): the frontier picture hides labels
 * whose estimated box (7.8 px per character, 10 px above the baseline and 3 below) meets a kept
 * one, and the commit says the drawn labels' boxes, measured in Chromium, do not overlap. The
 * estimate is short on both sides:
 * - height: Chromium's box of a 12 px sans-serif label is 14 px (DejaVu Sans' ascent and descent,
 *   0.928 + 0.236 em), the estimate 13 px, so two labels 13-14 px apart vertically overlap. Along a
 *   frontier the next point is down and to the left, so its label runs under the previous one: on
 *   small random frontiers of plain ids (d1, d2, ...) this happens in more than half of them.
 * - width: 7.8 px is a digit's width, but ids are letters: 'W' is 0.989 em (11.9 px), 'M' 0.863 em.
 * The bundled example the existing browser test draws happens to have no pair in the gap.
 * Measured as test/browser.test.ts measures (getBBox of each visible label in Chromium).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frontier, renderFrontierSvg, type Problem } from '../src/index.js';
import { rng } from './helpers/random.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install it with 'apt-get install -y chromium', or set CHROMIUM_PATH`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
});

afterAll(async () => {
  await browser?.close();
});

/** A small monotone problem of distinct devices; wide ids are runs of 'W'. */
function labelProblem(seed: number, wide: boolean): Problem {
  const r = rng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const units = int(10, 60);
  const time = Array.from({ length: units }, () => Math.round(r() * 1e4) / 1e3 + 0.01);
  const kinds = int(2, 6);
  const devices = Array.from({ length: kinds }, (_, k) => ({ id: wide ? 'W'.repeat(int(1, 6)) + String(k) : `d${k + 1}`, speed: Math.round(r() * 300) / 100 + 0.2 }));
  return { model: { time }, devices };
}

/** The pairs of visible labels whose measured boxes overlap, as "plan a and plan b (dx × dy px)". */
async function overlappingLabels(svg: string): Promise<string[]> {
  const page = await browser.newPage();
  try {
    await page.setContent(svg);
    return await page.evaluate(() => {
      const shown = [...document.querySelectorAll('circle[data-index]')]
        .map((point) => ({ index: Number((point as SVGCircleElement).dataset.index), label: point.nextElementSibling as SVGTextElement }))
        .filter(({ label }) => label.getAttribute('visibility') !== 'hidden')
        .map(({ index, label }) => ({ index, box: label.getBBox() }));
      const found: string[] = [];
      for (let a = 0; a < shown.length; a++) {
        for (let b = a + 1; b < shown.length; b++) {
          const p = shown[a]!.box;
          const q = shown[b]!.box;
          const dx = Math.min(p.x + p.width, q.x + q.width) - Math.max(p.x, q.x);
          const dy = Math.min(p.y + p.height, q.y + q.height) - Math.max(p.y, q.y);
          if (dx > 0 && dy > 0) found.push(`plans ${shown[a]!.index + 1} and ${shown[b]!.index + 1} (${dx.toFixed(1)} × ${dy.toFixed(1)} px)`);
        }
      }
      return found;
    });
  } finally {
    await page.close();
  }
}

describe('frontier picture labels, measured in Chromium', () => {
  it('seeds 1-20, ids d1, d2, ...: no visible label overlaps another (boxes are 14 px tall, estimated 13)', async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const plans = await frontier(labelProblem(seed, false));
      const overlaps = await overlappingLabels(renderFrontierSvg(plans, 0, `seed ${seed}`));
      if (overlaps.length > 0) failures.push(`seed ${seed} (${plans.length} plans): ${overlaps.join('; ')}`);
    }
    expect(failures).toEqual([]);
  });

  it('seed 108, ids of W: no visible label overlaps another (a W is 11.9 px wide, estimated 7.8)', async () => {
    const plans = await frontier(labelProblem(108, true));
    const overlaps = await overlappingLabels(renderFrontierSvg(plans, 0, 'seed 108'));
    // Overlaps wider than a pixel vertically are not the height's shortfall but the width's.
    expect(overlaps.filter((text) => / × ([2-9]|1\d)\.\d px\)$/.test(text)), 'seed 108').toEqual([]);
  });
});
