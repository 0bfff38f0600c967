/**
 * The demo page (examples/web/app.js) lists a long frontier's first and last 300 plans; the
 * picture draws points spread along all of it. A point picked between the listed rows shows its
 * plan, and its row appears in the gap, highlighted, so the table always shows which plan is
 * shown (before, no row was highlighted). Picking a listed row again drops that extra row.
 */
import { describe, expect, it } from 'vitest';
import { planExample, useDemoPage } from './helpers/demo-page.js';

const demoPage = useDemoPage();

/** What the table lists: each row's plan index (or its gap note), and which row is highlighted. */
async function table(): Promise<{ rows: string[]; shown: string[] }> {
  return demoPage().evaluate(() => {
    const rows = [...document.querySelectorAll<HTMLTableRowElement>('#frontier tbody tr')];
    return {
      rows: rows.map((row) => row.dataset.index ?? row.textContent ?? ''),
      shown: rows.filter((row) => row.classList.contains('shown')).map((row) => row.dataset.index ?? ''),
    };
  });
}

describe('demo page: a picked plan the table does not list', () => {
  it('gets a highlighted row in the gap, between two notes that count the rest; a listed pick drops it', async () => {
    const page = demoPage();
    await planExample(page, 'effnetv2b0.dnnpipe.json');
    const before = await table();
    // 1,055 plans: rows for plans 1–300 and 756–1,055 (indices 0–299 and 755–1,054) and one note.
    expect(before.rows).toHaveLength(601);
    expect(before.rows[300]).toBe('… 455 plans not listed …');
    expect(before.shown).toEqual(['0']);

    const drawn = await page.evaluate(() => [...document.querySelectorAll<SVGCircleElement>('#frontier-picture circle[data-index]')].map((point) => Number(point.dataset.index)));
    const hidden = drawn.find((index) => index > 300 && index < 700);
    expect(hidden).toBeDefined();
    await page.evaluate((index) => {
      document.querySelector(`#frontier-picture circle[data-index="${index}"]`)!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    }, hidden!);
    expect(await page.evaluate(() => document.getElementById('result')?.dataset.shown)).toBe(String(hidden));
    const after = await table();
    expect(after.rows).toHaveLength(603);
    expect(after.rows.slice(300, 303)).toEqual([
      `… ${hidden! - 300} plans not listed …`,
      String(hidden),
      `… ${754 - hidden!} plans not listed …`,
    ]);
    expect(after.shown).toEqual([String(hidden)]);

    await page.click('#frontier tbody tr[data-index="1"] button');
    const back = await table();
    expect(back.rows).toEqual(before.rows);
    expect(back.shown).toEqual(['1']);
  });
});
