/**
 * A self-contained SVG of the throughput/latency trade-off (README, "Requirements and the
 * trade-off"): one point per frontier plan, throughput against latency, every point labelled with
 * its number and devices (and its index on the frontier as `data-index`), the chosen plan marked,
 * axes fitted to the points. A frontier longer than `MAX_FRONTIER_POINTS` is drawn as that many
 * plans spread evenly along it (the first, the last and the chosen always among them), and the
 * picture says so.
 */
import { ProblemError } from './errors.js';
import { escapeXml } from './render-svg.js';
import type { Plan } from './types.js';
import { describe, snapshot } from './validate.js';

/** Most points a frontier picture draws. */
export const MAX_FRONTIER_POINTS = 64;

/**
 * The indices of a frontier of `length` plans that a picture or the default table shows: all of
 * them up to MAX_FRONTIER_POINTS, else one fewer spread evenly along it and the chosen (an index,
 * or -1) if it is not among them, so the first, the last and the chosen always are. Ascending.
 */
export function frontierSample(length: number, chosen: number): number[] {
  const picked = new Set<number>();
  if (length <= MAX_FRONTIER_POINTS) for (let i = 0; i < length; i++) picked.add(i);
  else {
    for (let k = 0; k < MAX_FRONTIER_POINTS - 1; k++) picked.add(Math.round((k * (length - 1)) / (MAX_FRONTIER_POINTS - 2)));
    if (chosen >= 0 && chosen < length) picked.add(chosen);
  }
  return [...picked].sort((a, b) => a - b);
}

/**
 * Width of a character of a label at the picture's 12 px sans-serif, px, from DejaVu Sans (the
 * usual sans-serif on Linux and among the widest), rounded up by class: an estimate that is never
 * short, so kept labels never touch. An outside review (s23b) measured 'W' at 11.9 px where one
 * figure for every character (7.8 px) had let labels of letters overlap.
 */
function characterWidth(char: string): number {
  if (/[ il!|.,:;'`Ijf]/.test(char)) return 4.5;
  if (/[0-9]/.test(char)) return 7.7;
  if (/[mMW@%…]/.test(char)) return 12;
  if (/[wA-Z<>=+~^&#]/.test(char)) return 10.1;
  if (/[ -~]/.test(char)) return 7.7;
  // Anything else (accented letters, CJK, emoji): as wide as a character gets.
  return 15;
}

/** A label's estimated width, px (see `characterWidth`). */
function labelWidth(text: string): number {
  let width = 0;
  for (const char of text) width += characterWidth(char);
  return width;
}

/**
 * Which labels to draw so that none overlaps another: the chosen plan's first, then the two ends,
 * then the rest coarse to fine (every 32nd point, every 16th, …), so the kept ones spread along
 * the frontier instead of crowding its dense end. A label's box is estimated from its characters
 * (`labelWidth`) and the font's ascent and descent (baseline at `y`, 12 px above it, 3 below: 14
 * px measured in Chromium). A page can recompute this with measured boxes.
 * @returns per label, whether it is drawn
 */
function unCrowded(labels: readonly { x: number; y: number; text: string }[], chosen: number): boolean[] {
  const n = labels.length;
  const order: number[] = [];
  const queued = new Set<number>();
  const queue = (position: number): void => {
    if (position >= 0 && position < n && !queued.has(position)) {
      queued.add(position);
      order.push(position);
    }
  };
  queue(chosen);
  queue(0);
  queue(n - 1);
  for (let step = 32; step >= 1; step /= 2) for (let position = 0; position < n; position += step) queue(position);
  const kept: { left: number; top: number; right: number; bottom: number }[] = [];
  const visible = new Array<boolean>(n).fill(false);
  for (const position of order) {
    const label = labels[position];
    if (!label) continue;
    const box = { left: label.x, top: label.y - 12, right: label.x + labelWidth(label.text), bottom: label.y + 3 };
    if (kept.some((other) => box.left < other.right && other.left < box.right && box.top < other.bottom && other.top < box.bottom)) continue;
    kept.push(box);
    visible[position] = true;
  }
  return visible;
}

function figure(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : value > 0 ? '∞' : 'n/a';
}

/**
 * Draws a frontier.
 * @param input - the frontier, as `frontier` returns it (bottleneck ascending)
 * @param chosen - the index of the plan to mark (the one `solve` picks), or -1 for none
 * @param title - a caption
 * @throws ProblemError naming `plans[i]` or `chosen` when they are not a frontier and an index into it
 */
export function renderFrontierSvg(input: readonly Plan[], chosen = 0, title = 'throughput against latency'): string {
  // Read once, as the other entry points read theirs (README, "The API"), then checked: a bare
  // TypeError, a picture of nothing or no mark at all said nothing of what was wrong (s28 review).
  const plans = snapshot(input, 'plans') as Plan[];
  if (!Array.isArray(plans) || plans.length === 0) throw new ProblemError('plans', `expected the frontier, a non-empty array of plans, got ${describe(plans)}`);
  plans.forEach((plan, i) => {
    if (typeof plan?.latency !== 'number' || typeof plan.throughput !== 'number' || !Array.isArray(plan.stages)) throw new ProblemError(`plans[${i}]`, 'expected a plan as frontier returns it (latency, throughput, stages)');
  });
  if (!Number.isInteger(chosen) || chosen < -1 || chosen >= plans.length) throw new ProblemError('chosen', `expected the index of a plan, 0 to ${plans.length - 1}, or -1 for none; got ${describe(chosen)}`);
  const indices = frontierSample(plans.length, chosen);
  const shown = indices.map((i) => plans[i] as Plan);
  const width = 720;
  const height = 420;
  const left = 70;
  const right = 220;
  const top = 40;
  const bottom = 60;
  // Axes fitted to the points, with a margin, so a frontier of close plans is not one dot.
  let minLatency = Infinity;
  let maxLatency = -Infinity;
  let minThroughput = Infinity;
  let maxThroughput = -Infinity;
  for (const plan of shown) {
    if (Number.isFinite(plan.latency)) [minLatency, maxLatency] = [Math.min(minLatency, plan.latency), Math.max(maxLatency, plan.latency)];
    if (Number.isFinite(plan.throughput)) [minThroughput, maxThroughput] = [Math.min(minThroughput, plan.throughput), Math.max(maxThroughput, plan.throughput)];
  }
  const range = (lo: number, hi: number): [number, number] => {
    if (!(lo <= hi)) return [0, 1];
    const pad = hi > lo ? (hi - lo) * 0.08 : Math.max(hi * 0.05, 1e-9);
    return [Math.max(0, lo - pad), hi + pad];
  };
  const [x0, x1] = range(minLatency, maxLatency);
  const [y0, y1] = range(minThroughput, maxThroughput);
  const spanX = x1 - x0;
  const spanY = y1 - y0;
  const clamp = (v: number, lo: number, hi: number): number => (Number.isFinite(v) ? Math.min(Math.max(v, lo), hi) : hi);
  const x = (latency: number): number => left + ((clamp(latency, x0, x1) - x0) / spanX) * (width - left - right);
  const y = (throughput: number): number => height - bottom - ((clamp(throughput, y0, y1) - y0) / spanY) * (height - top - bottom);
  const devicesOf = shown.map((plan) => plan.stages.map((s) => s.device).join(' > '));
  const labels = shown.map((_, position) => {
    const i = indices[position] ?? position;
    const devices = devicesOf[position] ?? '';
    // Cut by characters, not UTF-16 units: a cut inside an emoji would leave half of it.
    const characters = [...devices];
    return `${i + 1}${i === chosen ? ' (chosen)' : ''}: ${characters.length > 40 ? `${characters.slice(0, 39).join('')}…` : devices}`;
  });
  const visible = unCrowded(shown.map((plan, position) => ({ x: x(plan.latency) + 9, y: y(plan.throughput) - 6, text: labels[position] ?? '' })), indices.indexOf(chosen));
  // Notes under the axis title, one line each; the picture grows to hold them.
  const notes: { text: string; color: string }[] = [];
  if (plans.length > shown.length) notes.push({ text: `${shown.length} of ${plans.length} plans drawn, spread evenly along the frontier (--json has them all)`, color: '#a00' });
  if (visible.some((v) => !v)) notes.push({ text: 'labels that would overlap are hidden; every point names its plan in its tooltip', color: '#555' });
  const drawnHeight = height + 14 * Math.max(0, notes.length - 1);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${drawnHeight}" viewBox="0 0 ${width} ${drawnHeight}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${drawnHeight}" fill="#fff"/>`,
    `<text x="${left}" y="24" font-size="14">${escapeXml(title)}</text>`,
    `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#333"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#333"/>`,
    `<text x="${(left + width - right) / 2}" y="${height - 20}" text-anchor="middle">latency (ms)</text>`,
    `<text x="18" y="${(top + height - bottom) / 2}" text-anchor="middle" transform="rotate(-90 18 ${(top + height - bottom) / 2})">throughput (frames/s)</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const latency = x0 + (spanX * i) / 4;
    const throughput = y0 + (spanY * i) / 4;
    parts.push(`<text x="${x(latency)}" y="${height - bottom + 16}" text-anchor="middle" fill="#555">${figure(latency, spanX < 1 ? 4 : latency < 10 ? 2 : 1)}</text>`);
    parts.push(`<text x="${left - 6}" y="${y(throughput) + 4}" text-anchor="end" fill="#555">${figure(throughput, spanY < 1 ? 4 : throughput < 10 ? 2 : 1)}</text>`);
  }
  const path = shown.map((plan, i) => `${i === 0 ? 'M' : 'L'}${x(plan.latency).toFixed(1)},${y(plan.throughput).toFixed(1)}`).join(' ');
  if (shown.length > 1) parts.push(`<path d="${path}" fill="none" stroke="#9aa" stroke-dasharray="4 3"/>`);
  shown.forEach((plan, position) => {
    const i = indices[position] ?? position;
    const px = x(plan.latency);
    const py = y(plan.throughput);
    const mark = i === chosen;
    const devices = devicesOf[position] ?? '';
    // data-index: the plan's index on the whole frontier, which a page that draws this picks by
    // (the points drawn are a spread of a long frontier, not its first plans).
    parts.push(`<circle data-index="${i}" cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="${mark ? 7 : 5}" fill="${mark ? '#e15759' : '#4e79a7'}"><title>${escapeXml(`plan ${i + 1}: ${figure(plan.throughput, 2)} frames/s, ${figure(plan.latency, 3)} ms, ${devices}`)}</title></circle>`);
    // A label lies over the points it crosses: it lets a click through to them.
    parts.push(`<text x="${(px + 9).toFixed(1)}" y="${(py - 6).toFixed(1)}" pointer-events="none"${visible[position] ? '' : ' visibility="hidden"'}>${escapeXml(labels[position] ?? '')}</text>`);
  });
  parts.push(...notes.map((note, line) => `<text x="${left}" y="${height - 4 + 14 * line}" fill="${note.color}">${note.text}</text>`));
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
