/** Human-readable rendering of plans for the CLI. */
import type { Simulation } from './simulate.js';
import type { Plan } from './types.js';

function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

function table(rows: string[][], rightAligned: Set<number>): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((row) => row.map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0))).join('  ').trimEnd())
    .join('\n');
}

/**
 * The default CLI output: one row per stage, then the plan's figures.
 * Units are shown 1-based and inclusive, as in DNNPipe's and PipeEdge's files.
 */
export function formatPlan(plan: Plan, title: string): string {
  const rows = [['stage', 'device', 'units', 'time ms', 'memory MB', 'transfer ms']];
  plan.stages.forEach((s, i) => {
    rows.push([String(i + 1), s.device, `${s.start + 1}-${s.end}`, fixed(s.time, 4), fixed(s.memory, 2), fixed(s.transfer, 4)]);
  });
  let slowest = 0;
  plan.stages.forEach((s, i) => { if (s.time === plan.bottleneck) slowest = slowest || i + 1; });
  const stats = plan.stats;
  const lines = [
    title,
    '',
    table(rows, new Set([0, 3, 4, 5])),
    '',
    `bottleneck  ${fixed(plan.bottleneck, 4)} ms${slowest ? ` (stage ${slowest})` : ''}`,
    `throughput  ${fixed(plan.throughput, 2)} frames/s`,
    `latency     ${fixed(plan.latency, 4)} ms`,
    plan.bestSingle && plan.speedup !== null
      ? `speedup     ${fixed(plan.speedup, 2)}x over the best single device (${plan.bestSingle.device}: ${fixed(plan.bestSingle.time, 4)} ms)`
      : 'speedup     n/a (no single device holds the whole model)',
    `solved in   ${fixed(stats.micros / 1000, 3)} ms (engine ${stats.engine}, algorithm ${stats.algorithm}${stats.latencyOptimal ? ', least latency proven' : ''})`,
  ];
  return lines.join('\n');
}

/** The default `simulate` output: what each device did, then the measured figures. */
export function formatSimulation(plan: Plan, simulation: Simulation, title: string): string {
  const rows = [['server', 'ms per frame', 'busy']];
  for (const server of simulation.servers) {
    const busy = server.kind === 'stage' ? simulation.busy.find((b) => b.device === server.label)?.share ?? 0 : (server.service * simulation.frames.length) / simulation.makespan;
    rows.push([server.kind === 'stage' ? server.label : `link ${server.label}`, fixed(server.service, 4), `${(busy * 100).toFixed(1)}%`]);
  }
  return [
    title,
    '',
    table(rows, new Set([1, 2])),
    '',
    `throughput  ${fixed(simulation.throughput, 2)} frames/s measured (plan: ${fixed(plan.throughput, 2)})`,
    `latency     min ${fixed(simulation.latency.min, 4)} / median ${fixed(simulation.latency.median, 4)} / max ${fixed(simulation.latency.max, 4)} ms (plan: ${fixed(plan.latency, 4)} for a frame through an empty pipeline)`,
    `makespan    ${fixed(simulation.makespan, 3)} ms for ${simulation.frames.length} frames`,
  ].join('\n');
}
