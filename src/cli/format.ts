/**
 * Human-readable rendering of plans and simulations for the CLI. Every id and label is escaped
 * (`escapeLine`), so a device id holding a newline or ESC cannot forge rows or control the
 * terminal; numbers for people count units from 1.
 */
import type { Simulation } from '../simulate.js';
import type { Plan } from '../types.js';
import { escapeLine } from './terminal.js';

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

function table(rows: string[][], rightAligned: Set<number>): string {
  const columns = rows[0]?.length ?? 0;
  // A loop, not Math.max(...column): a plan can have tens of thousands of stages.
  const widths = new Array<number>(columns).fill(0);
  for (const row of rows) row.forEach((cell, c) => { widths[c] = Math.max(widths[c] ?? 0, cell.length); });
  return rows
    .map((row) => row.map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0))).join('  ').trimEnd())
    .join('\n');
}

/**
 * The default CLI output: one row per stage, then the plan's figures.
 * Units are shown 1-based and inclusive, as in DNNPipe's and PipeEdge's files.
 * @param plan - the plan
 * @param title - the first line (escaped here)
 */
export function formatPlan(plan: Plan, title: string): string {
  const rows = [['stage', 'device', 'units', 'time ms', 'memory MB', 'transfer ms']];
  plan.stages.forEach((s, i) => {
    rows.push([String(i + 1), escapeLine(s.device), `${s.start + 1}-${s.end}`, fixed(s.time, 4), fixed(s.memory, 2), fixed(s.transfer, 4)]);
  });
  let slowest = 0;
  plan.stages.forEach((s, i) => { if (s.time === plan.bottleneck) slowest = slowest || i + 1; });
  const stats = plan.stats;
  const lines = [
    escapeLine(title),
    '',
    table(rows, new Set([0, 3, 4, 5])),
    '',
    `bottleneck  ${fixed(plan.bottleneck, 4)} ms${slowest ? ` (stage ${slowest})` : ''}`,
    `throughput  ${fixed(plan.throughput, 2)} frames/s`,
    `latency     ${fixed(plan.latency, 4)} ms`,
    plan.bestSingle && plan.speedup !== null
      ? `speedup     ${fixed(plan.speedup, 2)}x over the best single device (${escapeLine(plan.bestSingle.device)}: ${fixed(plan.bestSingle.time, 4)} ms)`
      : 'speedup     n/a (no single device holds the whole model)',
    `solved in   ${fixed(stats.micros / 1000, 3)} ms (engine ${stats.engine}, algorithm ${stats.algorithm}${stats.latencyOptimal ? ', least latency proven' : ''})`,
  ];
  return lines.join('\n');
}

/**
 * The default `simulate` output: what each device did, then the measured figures.
 * @param plan - the plan simulated
 * @param simulation - the simulation
 * @param title - the first line (escaped here)
 */
export function formatSimulation(plan: Plan, simulation: Simulation, title: string): string {
  const rows = [['server', 'ms per frame', 'busy']];
  const busyShare = new Map(simulation.busy.map((b) => [b.device, b.share]));
  for (const server of simulation.servers) {
    const busy = server.kind === 'stage'
      ? busyShare.get(server.label) ?? 0
      : simulation.makespan > 0 ? (server.service * simulation.frames.length) / simulation.makespan : 0;
    rows.push([escapeLine(server.kind === 'stage' ? server.label : `link ${server.label}`), fixed(server.service, 4), `${(busy * 100).toFixed(1)}%`]);
  }
  return [
    escapeLine(title),
    '',
    table(rows, new Set([1, 2])),
    '',
    `throughput  ${fixed(simulation.throughput, 2)} frames/s measured (plan: ${fixed(plan.throughput, 2)})`,
    `latency     min ${fixed(simulation.latency.min, 4)} / median ${fixed(simulation.latency.median, 4)} / max ${fixed(simulation.latency.max, 4)} ms (plan: ${fixed(plan.latency, 4)} for a frame through an empty pipeline)`,
    `makespan    ${fixed(simulation.makespan, 3)} ms for ${simulation.frames.length} frame${simulation.frames.length === 1 ? '' : 's'}`,
  ].join('\n');
}
