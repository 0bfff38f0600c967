/** `dnnpipe plan`: plan a problem; print a table, JSON or PipeEdge's schedule; write files. */
import { toDnnpipePlan } from '../adapters/dnnpipe-config.js';
import { InfeasibleError, ProblemError } from '../errors.js';
import type { Plan } from '../types.js';
import { renderSvg } from '../render-svg.js';
import { unitCountOf } from '../validate.js';
import type { Command } from './command.js';
import { SHARED_OPTIONS } from './help.js';
import { CliError, EXIT } from './errors.js';
import { formatPlan, poorTradeOff, tradeOffNote } from './format.js';
import { parseFlags, planFromFlags, type Planned } from './input.js';
import { checkStdoutClaims, formatPipeEdgeSchedule, jsonText, routeOutputs } from './output.js';
import { escapeJson } from './terminal.js';

/**
 * The least-latency plan on the frontier and the latency of the point before it, for the
 * trade-off note; none when the plan itself is that plan (the requirements can leave it the only
 * point: an outside try with --first and --last got a note recommending the plan it had just
 * printed) or when the frontier is beyond the search limits (the plan stands, the note is advice).
 */
function leastLatencyPlan(frontier: () => Plan[]): { plan: Plan; above: number } | undefined {
  try {
    const plans = frontier();
    const plan = plans.at(-1);
    return plan && plans.length > 1 ? { plan, above: plans.at(-2)?.latency ?? Infinity } : undefined;
  } catch (error) {
    if (error instanceof ProblemError || error instanceof InfeasibleError) return undefined;
    throw error;
  }
}

export const planCommand: Command = {
  name: 'plan',
  options: ['json', 'out', 'svg', ...SHARED_OPTIONS],
  usage: `  dnnpipe plan [FILE] [--json] [--out FILE] [--svg FILE] [--engine wasm|ts]
               [--algorithm auto|dnnpipe] [--secondary latency|none]
               [--transfer overlap|serial] [--without ID[,ID]]...
               [--max-latency MS] [--max-stages K] [--first ID] [--last ID]
  dnnpipe plan --pipeedge [-M models.yml] [-T device_types.yml] [-D devices.yml]
               [-m MODEL] [-b 8] [-d torch.float32] [-i 2] [-o 2] [--json]`,
  async run(args, warn) {
    const { values, positionals } = parseFlags(args);
    if (values.frames !== undefined) throw new CliError('--frames is a simulate option', EXIT.usage);
    if (values.all !== undefined) throw new CliError('--all is a frontier option', EXIT.usage);
    checkStdoutClaims(values.json === true, [{ flag: '--out', path: values.out }, { flag: '--svg', path: values.svg }]);
    let planned: Planned;
    try {
      planned = await planFromFlags(values, positionals, warn);
    } catch (error) {
      // sched-pipeline prints an empty schedule when it finds none; scripts reading it keep working.
      if (error instanceof CliError && error.exitCode === EXIT.noPlan && values.pipeedge && !values.json) {
        throw new CliError(error.message, error.exitCode, formatPipeEdgeSchedule([]));
      }
      throw error;
    }
    const { input, problem, options, result, solver } = planned;
    const routed = routeOutputs([
      { flag: '--out', path: values.out, text: () => `${escapeJson(JSON.stringify(toDnnpipePlan(result.stages)))}\n` },
      { flag: '--svg', path: values.svg, text: () => renderSvg(problem, result, undefined, options) },
    ]);
    let stdout: string;
    if (routed.stdout !== undefined) stdout = routed.stdout;
    else if (values.json) stdout = jsonText(result);
    else if (values.pipeedge) stdout = formatPipeEdgeSchedule(result.stages);
    else {
      // Little throughput for much latency: name the frontier plan a user would likely prefer.
      const preferred = poorTradeOff(result) && options.maxLatency === undefined ? leastLatencyPlan(() => solver.frontier(problem, options)) : undefined;
      const note = preferred ? tradeOffNote(result, preferred.plan, preferred.above) : [];
      stdout = `${formatPlan(result, `dnnpipe plan: ${input.label} (${unitCountOf(problem)} unit${unitCountOf(problem) === 1 ? '' : 's'}, ${problem.devices.length} device${problem.devices.length === 1 ? '' : 's'})`, note)}\n`;
    }
    return { stdout, writes: routed.writes, inputs: input.files };
  },
};
