/**
 * Review s23b (6731dba, src/render-frontier.ts): a point's label cuts its device list at 39 UTF-16
 * code units (`devices.slice(0, 39)`), which can split a surrogate pair: an id with an emoji
 * there leaves a lone surrogate in the SVG, which the CLI's --svg file (UTF-8) and the demo page
 * draw as U+FFFD. The tooltip of the same point names the id whole.
 */
import { describe, expect, it } from 'vitest';
import { frontier, renderFrontierSvg } from '../src/index.js';

/** Whether a string holds a lone surrogate (no valid UTF-8 for it). */
const hasLoneSurrogate = (text: string): boolean => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);

describe('frontier picture labels of long device lists', () => {
  it('a label cut inside an emoji leaves no lone surrogate (the SVG stays valid UTF-16)', async () => {
    // The label's device list is this id, 41 code units: cut at 39, between the emoji's halves.
    const id = `${'x'.repeat(38)}\u{1f600}z`;
    const plans = await frontier({ model: { time: [1, 2, 3] }, devices: [{ id, speed: 1 }] });
    const svg = renderFrontierSvg(plans, 0, 'one device');
    expect(svg).toContain(`plan 1: `);
    expect(hasLoneSurrogate(svg)).toBe(false);
  });
});
