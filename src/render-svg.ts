/**
 * A self-contained SVG of a plan (SPEC §3 `renderSvg`): a Gantt chart of frames flowing through
 * the devices and links, the bottleneck row marked, above bars comparing the plan's throughput
 * with every single device that can hold the whole model. No scripts, fonts or external files.
 */
import { simulate, type Simulation } from './simulate.js';
import { prepare, fits, stageTime } from './prepare.js';
import type { Plan, Problem, SolveOptions } from './types.js';
import { resolveOptions, validateProblem } from './validate.js';

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fixed(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** A round tick step giving about `count` ticks over `span`. */
function tickStep(span: number, count: number): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  return (scaled < 1.5 ? 1 : scaled < 3.5 ? 2 : scaled < 7.5 ? 5 : 10) * power;
}

/**
 * Draws a plan.
 * @param problem - the problem the plan is for
 * @param plan - a plan from `solve` or `evaluatePlan`
 * @param simulation - frames to draw; by default 8 frames are simulated
 * @param options - the cost options the plan was made with (transfer mode, slots)
 * @returns SVG markup
 */
export function renderSvg(problem: Problem, plan: Plan, simulation?: Simulation, options: SolveOptions = {}): string {
  const sim = simulation ?? simulate(problem, plan.stages, { ...options, frames: 8 });
  const rowHeight = 26;
  const left = 150;
  const width = 860;
  const chartWidth = width - left - 30;
  const top = 56;
  const rows = sim.servers;
  const chartHeight = rows.length * rowHeight;
  const scale = chartWidth / Math.max(sim.makespan, 1e-9);
  const out: string[] = [];
  const title = `${problem.model.name ? `${problem.model.name}: ` : ''}${plan.stages.length} stages, bottleneck ${fixed(plan.bottleneck)} ms, ${fixed(plan.throughput)} frames/s`;
  out.push(`<text x="${left}" y="24" font-size="15" font-weight="bold">${escape(title)}</text>`);
  out.push(`<text x="${left}" y="42" font-size="11" fill="#555">${escape(`${sim.frames.length} frames streaming through the pipeline, one colour per frame; latency ${fixed(plan.latency)} ms`)}</text>`);
  // Time axis.
  const step = tickStep(sim.makespan, 8);
  for (let t = 0; t <= sim.makespan + 1e-9; t += step) {
    const x = left + t * scale;
    out.push(`<line x1="${x.toFixed(1)}" y1="${top}" x2="${x.toFixed(1)}" y2="${top + chartHeight}" stroke="#eee"/>`);
    const tick = Number(t.toPrecision(6));
    out.push(`<text x="${x.toFixed(1)}" y="${top + chartHeight + 14}" font-size="10" text-anchor="middle" fill="#555">${tick}</text>`);
  }
  out.push(`<text x="${left + chartWidth / 2}" y="${top + chartHeight + 30}" font-size="11" text-anchor="middle">time (ms)</text>`);
  const bottleneckService = Math.max(...rows.map((r) => r.service));
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const isBottleneck = row.service === bottleneckService;
    const label = row.kind === 'stage' ? `${row.label} (${fixed(row.service)} ms)` : `link ${row.label} (${fixed(row.service)} ms)`;
    out.push(`<g class="row" data-kind="${row.kind}" data-label="${escape(row.label)}">`);
    out.push(`<text x="${left - 8}" y="${y + rowHeight / 2 + 4}" font-size="11" text-anchor="end"${isBottleneck ? ' font-weight="bold" fill="#c0392b"' : ''}>${escape(label)}${isBottleneck ? ' ◀' : ''}</text>`);
    if (isBottleneck) out.push(`<rect class="bottleneck" x="${left}" y="${y + 1}" width="${chartWidth}" height="${rowHeight - 2}" fill="#fdecea"/>`);
    row.intervals.forEach(([start, end], frame) => {
      const x = left + start * scale;
      const w = Math.max((end - start) * scale, 0.5);
      out.push(`<rect x="${x.toFixed(2)}" y="${y + 4}" width="${w.toFixed(2)}" height="${rowHeight - 8}" rx="2" fill="${PALETTE[frame % PALETTE.length]}"${row.kind === 'link' ? ' fill-opacity="0.6"' : ''}><title>frame ${frame + 1}: ${fixed(start)}–${fixed(end)} ms</title></rect>`);
    });
    out.push('</g>');
  });
  // Throughput comparison: the plan against each device that holds the whole model alone.
  const p = prepare(validateProblem(problem), resolveOptions(options, 'ts'));
  const singles: { label: string; throughput: number }[] = [];
  p.kindDevices.forEach((members, kind) => {
    if (!fits(p, kind, 0, p.unitCount)) return;
    const time = stageTime(p, kind, 0, p.unitCount);
    for (const index of members) singles.push({ label: problem.devices[index]?.id ?? '', throughput: 1000 / time });
  });
  const bars = [{ label: 'this plan', throughput: plan.throughput }, ...singles.map((s) => ({ label: `${s.label} alone`, throughput: s.throughput }))];
  const barTop = top + chartHeight + 60;
  const most = Math.max(...bars.map((b) => b.throughput));
  out.push(`<text x="${left}" y="${barTop - 10}" font-size="13" font-weight="bold">Throughput (frames/s)${singles.length === 0 ? ' — no single device holds the whole model' : ''}</text>`);
  bars.forEach((bar, i) => {
    const y = barTop + i * 22;
    const w = (bar.throughput / most) * chartWidth * 0.85;
    out.push(`<text x="${left - 8}" y="${y + 14}" font-size="11" text-anchor="end">${escape(bar.label)}</text>`);
    out.push(`<rect class="bar" x="${left}" y="${y + 3}" width="${w.toFixed(1)}" height="15" fill="${i === 0 ? '#2e86de' : '#a5b1c2'}"/>`);
    out.push(`<text x="${(left + w + 6).toFixed(1)}" y="${y + 14}" font-size="11">${fixed(bar.throughput)}${i > 0 ? ` (plan is ${fixed(plan.throughput / bar.throughput)}x)` : ''}</text>`);
  });
  const height = barTop + bars.length * 22 + 20;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${out.join('\n')}\n</svg>\n`;
}
