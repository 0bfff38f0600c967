/**
 * A self-contained SVG of the throughput/latency trade-off (README, "Requirements and the
 * trade-off"): one point per frontier plan, throughput against latency, every point labelled with
 * its number and devices, the chosen plan marked. At most `MAX_FRONTIER_POINTS` points are drawn
 * (a frontier is rarely longer); the picture says when it left some out.
 */
import { escapeXml } from './render-svg.js';
import type { Plan } from './types.js';

/** Most points a frontier picture draws. */
export const MAX_FRONTIER_POINTS = 64;

function figure(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : value > 0 ? '∞' : 'n/a';
}

/**
 * Draws a frontier.
 * @param plans - the frontier, as `frontier` returns it (bottleneck ascending)
 * @param chosen - the index of the plan to mark (the one `solve` picks), or -1
 * @param title - a caption
 */
export function renderFrontierSvg(plans: readonly Plan[], chosen = 0, title = 'throughput against latency'): string {
  const shown = plans.slice(0, MAX_FRONTIER_POINTS);
  const width = 720;
  const height = 420;
  const left = 70;
  const right = 220;
  const top = 40;
  const bottom = 60;
  let maxLatency = 0;
  let maxThroughput = 0;
  for (const plan of shown) {
    if (Number.isFinite(plan.latency)) maxLatency = Math.max(maxLatency, plan.latency);
    if (Number.isFinite(plan.throughput)) maxThroughput = Math.max(maxThroughput, plan.throughput);
  }
  const spanX = maxLatency > 0 ? maxLatency * 1.1 : 1;
  const spanY = maxThroughput > 0 ? maxThroughput * 1.1 : 1;
  const x = (latency: number): number => left + (Math.min(latency, spanX) / spanX) * (width - left - right);
  const y = (throughput: number): number => height - bottom - (Math.min(Number.isFinite(throughput) ? throughput : spanY, spanY) / spanY) * (height - top - bottom);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${left}" y="24" font-size="14">${escapeXml(title)}</text>`,
    `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#333"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#333"/>`,
    `<text x="${(left + width - right) / 2}" y="${height - 20}" text-anchor="middle">latency (ms)</text>`,
    `<text x="18" y="${(top + height - bottom) / 2}" text-anchor="middle" transform="rotate(-90 18 ${(top + height - bottom) / 2})">throughput (frames/s)</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const latency = (spanX * i) / 4;
    const throughput = (spanY * i) / 4;
    parts.push(`<text x="${x(latency)}" y="${height - bottom + 16}" text-anchor="middle" fill="#555">${figure(latency, latency < 10 ? 2 : 1)}</text>`);
    parts.push(`<text x="${left - 6}" y="${y(throughput) + 4}" text-anchor="end" fill="#555">${figure(throughput, throughput < 10 ? 2 : 1)}</text>`);
  }
  const path = shown.map((plan, i) => `${i === 0 ? 'M' : 'L'}${x(plan.latency).toFixed(1)},${y(plan.throughput).toFixed(1)}`).join(' ');
  if (shown.length > 1) parts.push(`<path d="${path}" fill="none" stroke="#9aa" stroke-dasharray="4 3"/>`);
  shown.forEach((plan, i) => {
    const px = x(plan.latency);
    const py = y(plan.throughput);
    const mark = i === chosen;
    const devices = plan.stages.map((s) => s.device).join(' > ');
    parts.push(`<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="${mark ? 7 : 5}" fill="${mark ? '#e15759' : '#4e79a7'}"><title>${escapeXml(`plan ${i + 1}: ${figure(plan.throughput, 2)} frames/s, ${figure(plan.latency, 3)} ms, ${devices}`)}</title></circle>`);
    parts.push(`<text x="${(px + 9).toFixed(1)}" y="${(py - 6).toFixed(1)}">${escapeXml(`${i + 1}${mark ? ' (chosen)' : ''}: ${devices.length > 40 ? `${devices.slice(0, 39)}…` : devices}`)}</text>`);
  });
  if (plans.length > shown.length) parts.push(`<text x="${left}" y="${height - 4}" fill="#a00">${plans.length - shown.length} more plans not drawn</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
