/**
 * Human-readable rendering of plans and simulations for the CLI. Every id and label is escaped
 * (`escapeLine`), so a device id holding a newline or ESC cannot forge rows or control the
 * terminal; numbers for people count units from 1.
 */
import { frontierSample } from '../render-frontier.js';
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

/** Units of a stage for people: 1-based, inclusive, with their names when the model has them. */
function unitsCell(stage: Plan['stages'][number]): string {
  const units = `${stage.start + 1}-${stage.end}`;
  if (!stage.names) return units;
  const names = stage.names.first === stage.names.last ? stage.names.first : `${stage.names.first}..${stage.names.last}`;
  return `${units} ${escapeLine(names)}`;
}

/** What limits throughput, in words: the stage, link, source or sink transfer of `bottleneckAt`. */
export function describeBottleneck(plan: Plan): string {
  const at = plan.bottleneckAt;
  const stage = (i: number): string => `stage ${i + 1} on ${escapeLine(plan.stages[i]?.device ?? '')}`;
  switch (at.kind) {
    case 'stage': return plan.options.transfer === 'serial' && at.stage < plan.stages.length - 1 ? `${stage(at.stage)}, with its send` : stage(at.stage);
    case 'link': return `link ${escapeLine(plan.stages[at.stage]?.device ?? '')} -> ${escapeLine(plan.stages[at.stage + 1]?.device ?? '')} after stage ${at.stage + 1}`;
    case 'source': return `source transfer ${escapeLine(plan.source?.device ?? '')} -> ${escapeLine(plan.stages[0]?.device ?? '')}`;
    case 'sink': return `sink transfer ${escapeLine(plan.stages[plan.stages.length - 1]?.device ?? '')} -> ${escapeLine(plan.sink?.device ?? '')}`;
  }
}

/**
 * The default CLI output: one row per stage (with the source and sink transfers when the problem
 * has them), then the plan's figures. Units are shown 1-based and inclusive, as in DNNPipe's and
 * PipeEdge's files.
 * @param plan - the plan
 * @param title - the first line (escaped here)
 * @param note - lines to add at the end (already safe), e.g. a better trade-off
 */
export function formatPlan(plan: Plan, title: string, note: string[] = []): string {
  const rows = [['stage', 'device', 'units', 'time ms', 'memory MB', 'transfer ms']];
  if (plan.source) rows.push(['', escapeLine(plan.source.device), 'source', '', '', fixed(plan.source.transfer, 4)]);
  plan.stages.forEach((s, i) => {
    rows.push([String(i + 1), escapeLine(s.device), unitsCell(s), fixed(s.time, 4), fixed(s.memory, 2), fixed(s.transfer, 4)]);
  });
  if (plan.sink) rows.push(['', escapeLine(plan.sink.device), 'sink', '', '', fixed(plan.sink.transfer, 4)]);
  const stats = plan.stats;
  const lines = [
    escapeLine(title),
    '',
    table(rows, new Set([0, 3, 4, 5])),
    '',
    `bottleneck  ${fixed(plan.bottleneck, 4)} ms (${describeBottleneck(plan)})`,
    `throughput  ${fixed(plan.throughput, 2)} frames/s`,
    // Rounded up, as the frontier's table rounds: copied into --max-latency it admits this plan
    // (an outside review copied 94.6626 for a plan of 94.66262 ms and got another plan).
    `latency     ${deadlineText(plan.latency)} ms`,
    plan.bestSingle && plan.speedup !== null
      ? `speedup     ${fixed(plan.speedup, 2)}x over the best single device (${escapeLine(plan.bestSingle.device)}: ${fixed(plan.bestSingle.time, 4)} ms)`
      : 'speedup     n/a (no single device holds the whole model)',
    `solved in   ${fixed(stats.micros / 1000, 3)} ms (engine ${stats.engine}, algorithm ${stats.algorithm}${stats.latencyOptimal ? ', least latency proven' : ''})`,
    ...note,
  ];
  return lines.join('\n');
}

/**
 * Whether a plan buys little throughput for much latency (README, "Requirements and the
 * trade-off"): under 10% more throughput than the best single device, for more than 1.5× that
 * device's latency.
 */
export function poorTradeOff(plan: Plan): boolean {
  const single = plan.bestSingle;
  if (!single || plan.speedup === null || plan.stages.length < 2) return false;
  return plan.speedup < 1.1 && plan.latency > 1.5 * single.time;
}

/**
 * A frontier point's latency as text to copy into `--max-latency`: rounded up, never down, at
 * `digits` decimals, so that deadline admits the point's plan; with more decimals while it would
 * also admit plans of the point before it (the next larger latency, a smaller bottleneck):
 * `above`, that point's plan latency, lowered to its least latency less the 1e-9 latency tie
 * (plans within it count as that point), so it plans this point and no other; when no figure
 * fits between, the latency itself, to the last digit. An outside try copied 73.4326 from the table
 * for a plan of 73.43264 ms and got another plan.
 */
export function deadlineText(latency: number, above = Infinity, digits = 4): string {
  if (!Number.isFinite(latency)) return String(latency);
  // `above` is the point before's plan latency, which the tie rule may put up to 1e-9 above that
  // point's least latency (an outside review, s24): the bound is the least less the tie.
  const bound = above === Infinity ? Infinity : (above * (1 - 1e-9)) / (1 + 1e-9);
  for (let d = digits; d <= 20; d++) {
    // The nearest d-decimal figure, or the one above it when that reads below the latency.
    let text = latency.toFixed(d);
    for (let up = 0; up < 3 && Number(text) < latency; up++) text = (Number(text) + 10 ** -d).toFixed(d);
    if (Number(text) >= latency && Number(text) < bound) return text;
  }
  return String(latency);
}

/**
 * The note `dnnpipe plan` adds under a poor trade-off, naming the frontier plan to prefer.
 * @param above - the latency of the frontier point before `preferred` (see `deadlineText`)
 */
export function tradeOffNote(plan: Plan, preferred: Plan, above: number): string[] {
  const devices = preferred.stages.map((s) => escapeLine(s.device)).join(', ');
  return [
    '',
    `note        this plan gives ${fixed(plan.speedup ?? 1, 2)}x the best single device's throughput for ${fixed(plan.latency / (plan.bestSingle?.time ?? plan.latency), 2)}x its latency.`,
    `            The least-latency plan on the frontier runs on ${devices}: ${fixed(preferred.throughput, 2)} frames/s at ${deadlineText(preferred.latency, above)} ms latency`,
    '            (dnnpipe frontier shows the trade-off; --max-latency MS picks one).',
  ];
}

/**
 * The `frontier` table: one row per Pareto-optimal plan, least bottleneck first.
 * @param plans - the frontier
 * @param chosen - the index of the plan `dnnpipe plan` would choose
 * @param title - the first line (escaped here)
 */
export function formatFrontier(plans: readonly Plan[], chosen: number, title: string, all = false): string {
  // A frontier of hundreds of plans (EfficientNetV2-B0 has 1,055) is read, not scanned: the rows
  // the picture draws, numbered as in the whole list, unless every row is asked for.
  const indices = all ? plans.map((_, i) => i) : frontierSample(plans.length, chosen);
  const rows = [['plan', 'bottleneck ms', 'frames/s', 'latency ms', 'stages', 'devices']];
  for (const i of indices) {
    const plan = plans[i] as Plan;
    const latency = deadlineText(plan.latency, plans[i - 1]?.latency);
    rows.push([`${i + 1}${i === chosen ? '*' : ''}`, fixed(plan.bottleneck, 4), fixed(plan.throughput, 2), latency, String(plan.stages.length), plan.stages.map((s) => escapeLine(s.device)).join(' > ')]);
  }
  const lines = [
    escapeLine(title),
    '',
    table(rows, new Set([0, 1, 2, 3, 4])),
    '',
    `* the plan dnnpipe plan chooses (least bottleneck, then least latency). Each row is`,
    `  Pareto-optimal: no valid plan has both a smaller bottleneck and a smaller latency.`,
    `  Latencies are rounded up: one copied into --max-latency plans that row.`,
  ];
  if (indices.length < plans.length) {
    lines.push(`  Shown: ${indices.length} of the ${plans.length} plans, spread evenly along the frontier (its two ends and`, `  the chosen plan among them); --all lists every one, --json gives them all.`);
  }
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
    // The words of `plan`'s bottleneck line: a link between stages, the source's or sink's transfer.
    const name = server.kind === 'stage' ? server.label : server.kind === 'link' ? `link ${server.label}` : `${server.kind} transfer ${server.label}`;
    rows.push([escapeLine(name), fixed(server.service, 4), `${(busy * 100).toFixed(1)}%`]);
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
