/**
 * A self-contained SVG of a plan (README, "Simulate, draw, re-plan"): a Gantt chart of frames
 * flowing through the devices and links, the bottleneck row marked, above bars comparing the
 * plan's throughput with the single devices that can hold the whole model. No scripts, fonts or
 * external files.
 *
 * The picture is bounded whatever the input (README, "Limits"): at most `MAX_SVG_ROWS` rows (the
 * bottleneck row always among them), `MAX_SVG_FRAMES` frames per row and `MAX_SVG_BARS`
 * single-device bars, and the picture says what it left out. Degenerate plans (every time 0,
 * infinite throughput, one stage, one frame) draw like any other.
 *
 * Read once (README, "The API"): the problem, the plan's fields, the options and the part of the
 * simulation that is drawn are each read once, before anything is drawn, so a getter or a Proxy
 * cannot show the title one value and the rows another, nor make a loop run for ever: of the
 * simulation only `MAX_SVG_FRAMES` intervals per drawn row are read, whatever lengths it claims.
 */
import { ProblemError } from './errors.js';
import { stagesOf } from './plan.js';
import { simulateValidated, type SimulatedServer, type Simulation } from './simulate.js';
import { prepare, fits, stageTime } from './prepare.js';
import type { Plan, Problem, SolveOptions } from './types.js';
import { MAX_DEVICES, resolveOptions, snapshot, validateProblem } from './validate.js';

/** Most rows (stages and links) a picture draws. */
export const MAX_SVG_ROWS = 48;
/** Most frames a picture draws on each row. */
export const MAX_SVG_FRAMES = 64;
/** Longest row label, in characters (the rest is cut with an ellipsis). */
const MAX_LABEL = 40;

/** Most single-device throughput bars a picture draws (the fastest devices). */
export const MAX_SVG_BARS = 12;

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/**
 * XML's special characters, and characters XML 1.0 forbids or a reader cannot see (C0 and C1
 * controls, DEL, line separators, every bidi control (U+061C, U+200E/F too), U+FEFF, U+FFFE/U+FFFF),
 * which are drawn as `\uXXXX`.
 */
const UNSAFE = /[&<>"\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]/g;
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

export function escapeXml(text: string): string {
  return text.replace(UNSAFE, (c) => ENTITIES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** ` first..last` unit names of the stage a device runs, when the model has names. */
function stageNames(stages: Plan['stages'], device: string): string {
  const names = stages.find((s) => s.device === device)?.names;
  if (!names) return '';
  const text = names.first === names.last ? names.first : `${names.first}..${names.last}`;
  return ` ${text.length > 28 ? `${text.slice(0, 27)}…` : text}`;
}

/** A figure for a label. */
function fixed(value: number): string {
  if (Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** A coordinate: finite by construction, but no stray non-finite value may reach the markup. */
const coordinate = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : '0');

/**
 * Time-axis ticks over [0, span]: about `count` round steps, never more than `2 × count + 1`.
 * A span of 0 (every time 0) or one too small to divide gets the single tick 0.
 */
function ticks(span: number, count: number): number[] {
  if (!(span > 0) || !Number.isFinite(span)) return [0];
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  const step = (scaled < 1.5 ? 1 : scaled < 3.5 ? 2 : scaled < 7.5 ? 5 : 10) * power;
  const out: number[] = [0];
  if (!(step > 0) || !Number.isFinite(step)) return out;
  for (let k = 1; k <= 2 * count && k * step <= span * (1 + 1e-9); k++) out.push(Number((k * step).toPrecision(6)));
  return out;
}

/** Indices of the rows to draw: the first ones, with the bottleneck row always included. */
function rowsToDraw(rows: readonly SimulatedServer[]): number[] {
  let slowest = 0;
  rows.forEach((row, i) => { if (row.service > (rows[slowest]?.service ?? -Infinity)) slowest = i; });
  if (rows.length <= MAX_SVG_ROWS) return rows.map((_, i) => i);
  const first = Array.from({ length: MAX_SVG_ROWS }, (_, i) => i);
  if (slowest >= MAX_SVG_ROWS) first[MAX_SVG_ROWS - 1] = slowest;
  return first;
}

const count = (value: number): string => value.toLocaleString('en-US');

/**
 * Most servers a simulation of a valid plan has: a stage per computing device, a link between
 * each two, the source's and the sink's transfers.
 */
const MAX_SERVERS = 2 * MAX_DEVICES + 1;

/**
 * The simulation as drawn, each field read once: the frame count, and each server's kind, label,
 * service and intervals of the frames drawn (at most `MAX_SVG_FRAMES`). Lengths are read once
 * and bounded, so a Proxy claiming any length is read no further (pairs are indexed, not
 * destructured: an iterator reads `length` again).
 */
function readSimulation(simulation: Simulation): { frameCount: number; framesDrawn: number; rows: SimulatedServer[] } {
  const { frames, servers } = simulation;
  const frameCount: number = frames.length;
  const framesDrawn = Math.min(frameCount, MAX_SVG_FRAMES);
  const length: number = servers.length;
  if (length > MAX_SERVERS) throw new ProblemError('simulation.servers', `has ${length} servers; a plan has at most ${MAX_SERVERS}`);
  const rows = Array.from({ length }, (_, i): SimulatedServer => {
    const { kind, label, service, intervals } = servers[i] as SimulatedServer;
    return {
      kind,
      label,
      service,
      intervals: Array.from({ length: Math.min(intervals.length, framesDrawn) }, (_, n) => {
        const pair = intervals[n] as [number, number];
        return [pair[0], pair[1]];
      }),
    };
  });
  return { frameCount, framesDrawn, rows };
}

/**
 * Draws a plan.
 * @param problem - the problem the plan is for
 * @param plan - a plan from `solve` or `evaluatePlan`
 * @param simulation - frames to draw; by default 8 frames are simulated. At most
 *   `MAX_SVG_FRAMES` frames of at most `MAX_SVG_ROWS` rows are drawn.
 * @param options - the cost options the plan was made with (transfer mode, slots)
 * @returns SVG markup
 */
export function renderSvg(problem: Problem, plan: Plan, simulation?: Simulation, options: SolveOptions = {}): string {
  // Every input read once, up front; only the copies below are used after.
  const given = snapshot(options, 'options') as SolveOptions;
  const checked = validateProblem(problem);
  const { stages: stageInput, options: planOptionInput, bottleneck, throughput, latency } = plan;
  const stages = snapshot(stageInput, 'stages') as Plan['stages'];
  const drawnPlan = { stages, options: snapshot(planOptionInput, 'options') as SolveOptions };
  const sim = readSimulation(simulation ?? simulateValidated(checked, drawnPlan, { ...given, frames: 8 }));
  const rowHeight = 26;
  // Room for a row label of up to MAX_LABEL characters at 11 px.
  const left = 240;
  const width = 860;
  const chartWidth = width - left - 30;
  const top = 70;
  const drawn = rowsToDraw(sim.rows);
  const { frameCount, framesDrawn } = sim;
  const chartHeight = drawn.length * rowHeight;
  // The time axis covers the frames drawn, not the whole run.
  let span = 0;
  for (const i of drawn) for (const [, end] of sim.rows[i]?.intervals ?? []) span = Math.max(span, end);
  const scale = span > 0 && Number.isFinite(chartWidth / span) ? chartWidth / span : 0;
  const out: string[] = [];
  const text = (x: number | string, y: number, size: number, body: string, extra = ''): number => out.push(`<text x="${x}" y="${y}" font-size="${size}"${extra}>${body}</text>`);
  const title = `${checked.model.name ? `${checked.model.name}: ` : ''}${stages.length} stage${stages.length === 1 ? '' : 's'}, bottleneck ${fixed(bottleneck)} ms, ${fixed(throughput)} frames/s`;
  text(left, 24, 15, escapeXml(title), ' font-weight="bold"');
  const framesNote = framesDrawn < frameCount ? `frames 1–${count(framesDrawn)} of ${count(frameCount)} drawn` : `${count(frameCount)} frames`;
  text(left, 42, 11, escapeXml(`${framesNote} streaming through the pipeline, one colour per frame; latency ${fixed(latency)} ms`), ' fill="#555"');
  if (drawn.length < sim.rows.length) {
    text(left, 58, 11, `${count(drawn.length)} of ${count(sim.rows.length)} rows drawn: the first and the bottleneck`, ' class="truncated" fill="#555"');
  }
  for (const tick of ticks(span, 8)) {
    const x = coordinate(left + tick * scale);
    out.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${top + chartHeight}" stroke="#eee"/>`);
    text(x, top + chartHeight + 14, 10, String(tick), ' text-anchor="middle" fill="#555"');
  }
  text(left + chartWidth / 2, top + chartHeight + 30, 11, `time (ms)${span > 0 ? '' : ' — every stage takes 0 ms'}`, ' text-anchor="middle"');
  let bottleneckService = -Infinity;
  for (const row of sim.rows) bottleneckService = Math.max(bottleneckService, row.service);
  drawn.forEach((index, position) => {
    const row = sim.rows[index] as SimulatedServer;
    const y = top + position * rowHeight;
    const isBottleneck = row.service === bottleneckService;
    const full = row.kind === 'stage' ? `${row.label}${stageNames(stages, row.label)} (${fixed(row.service)} ms)` : `${row.kind} ${row.label} (${fixed(row.service)} ms)`;
    const label = full.length > MAX_LABEL ? `${full.slice(0, MAX_LABEL - 1)}…` : full;
    out.push(`<g class="row" data-kind="${escapeXml(row.kind)}" data-label="${escapeXml(row.label)}">`);
    text(left - 8, y + rowHeight / 2 + 4, 11, `${escapeXml(label)}${isBottleneck ? ' ◀' : ''}`, ` text-anchor="end"${isBottleneck ? ' font-weight="bold" fill="#c0392b"' : ''}`);
    if (isBottleneck) out.push(`<rect class="bottleneck" x="${left}" y="${y + 1}" width="${chartWidth}" height="${rowHeight - 2}" fill="#fdecea"/>`);
    row.intervals.forEach(([start, end], frame) => {
      const w = Math.max((end - start) * scale, 0.5);
      out.push(`<rect x="${coordinate(left + start * scale)}" y="${y + 4}" width="${coordinate(w)}" height="${rowHeight - 8}" rx="2" fill="${PALETTE[frame % PALETTE.length]}"${row.kind !== 'stage' ? ' fill-opacity="0.6"' : ''}><title>frame ${frame + 1}: ${fixed(start)}–${fixed(end)} ms</title></rect>`);
    });
    out.push('</g>');
  });
  // Throughput comparison: the plan against the devices that hold the whole model alone.
  // The bars cost single devices as the plan is costed: the problem's options, then the plan's
  // (its memory test, say), then the call's, as evaluatePlan merges them.
  const p = prepare(checked, resolveOptions(given, 'ts', { ...checked.options, ...stagesOf(drawnPlan).options }));
  const singles: { label: string; throughput: number }[] = [];
  p.kindDevices.forEach((members, kind) => {
    if (!fits(p, kind, 0, p.unitCount)) return;
    const time = stageTime(p, kind, 0, p.unitCount);
    for (const index of members) singles.push({ label: checked.devices[index]?.id ?? '', throughput: time > 0 ? 1000 / time : Infinity });
  });
  // The fastest first (a stable sort keeps device order among equals), at most MAX_SVG_BARS.
  singles.sort((a, b) => b.throughput - a.throughput || 0);
  const shown = singles.slice(0, MAX_SVG_BARS);
  const bars = [{ label: 'this plan', throughput }, ...shown.map((s) => ({ label: `${s.label} alone`, throughput: s.throughput }))];
  const barTop = top + chartHeight + 60;
  // Bars scale to the largest; when that is infinite (a stage of 0 ms), finite bars are slivers.
  let most = 0;
  for (const bar of bars) most = Math.max(most, bar.throughput);
  const heading = singles.length === 0
    ? ' — no single device holds the whole model'
    : singles.length > shown.length ? ` — the ${count(shown.length)} fastest of ${count(singles.length)} devices holding the model` : '';
  text(left, barTop - 10, 13, `Throughput (frames/s)${heading}`, ' font-weight="bold"');
  bars.forEach((bar, i) => {
    const y = barTop + i * 22;
    const share = bar.throughput === most ? 1 : most < Infinity ? bar.throughput / most : 0;
    const w = Math.max(share * chartWidth * 0.85, 0.5);
    text(left - 8, y + 14, 11, escapeXml(bar.label), ' text-anchor="end"');
    out.push(`<rect class="bar" x="${left}" y="${y + 3}" width="${coordinate(w)}" height="15" fill="${i === 0 ? '#2e86de' : '#a5b1c2'}"/>`);
    const ratio = throughput === bar.throughput ? 'same as the plan' : `plan is ${fixed(throughput / bar.throughput)}x`;
    text(coordinate(left + w + 6), y + 14, 11, `${fixed(bar.throughput)}${i > 0 ? ` (${ratio})` : ''}`);
  });
  const height = barTop + bars.length * 22 + 20;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${out.join('\n')}\n</svg>\n`;
}
