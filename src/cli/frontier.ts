/**
 * `dnnpipe frontier`: every Pareto-optimal (throughput, latency) plan, as a table (of at most
 * `MAX_FRONTIER_POINTS` rows spread along it unless `--all`), JSON or a picture.
 */
import { renderFrontierSvg } from '../render-frontier.js';
import { InfeasibleError, ProblemError } from '../errors.js';
import type { Plan } from '../types.js';
import type { Command } from './command.js';
import { SHARED_OPTIONS } from './help.js';
import { CliError, EXIT } from './errors.js';
import { formatFrontier } from './format.js';
import { parseFlags, planFromFlags } from './input.js';
import { checkStdoutClaims, jsonText, routeOutputs } from './output.js';

/** The frontier plan with the chosen plan's stages, or the one nearest its bottleneck. */
function chosenIndex(frontier: readonly Plan[], chosen: Plan): number {
  const key = (plan: Plan): string => JSON.stringify(plan.stages.map((s) => [s.device, s.end]));
  const same = frontier.findIndex((plan) => key(plan) === key(chosen));
  if (same >= 0) return same;
  let best = 0;
  frontier.forEach((plan, i) => { if (Math.abs(plan.bottleneck - chosen.bottleneck) < Math.abs((frontier[best]?.bottleneck ?? 0) - chosen.bottleneck)) best = i; });
  return best;
}

export const frontierCommand: Command = {
  name: 'frontier',
  // --secondary is solve's tie rule; the frontier refuses 'none' (src/solver.ts, `frontierWith`).
  options: ['json', 'svg', 'all', ...SHARED_OPTIONS.filter((option) => option !== 'secondary')],
  usage: '  dnnpipe frontier [FILE] [--all] [--json] [--svg FILE] [plan\'s options but --out, --secondary]',
  async run(args, warn) {
    const { values, positionals } = parseFlags(args);
    for (const flag of ['out', 'frames', 'secondary'] as const) if (values[flag] !== undefined) throw new CliError(`--${flag} is not a frontier option`, EXIT.usage);
    checkStdoutClaims(values.json === true, [{ flag: '--svg', path: values.svg }]);
    const { input, problem, options, result, solver, inInputTerms } = await planFromFlags(values, positionals, warn);
    let plans: Plan[];
    try {
      plans = solver.frontier(problem, options);
    } catch (error) {
      if (error instanceof InfeasibleError) throw new CliError(`${input.label}: ${inInputTerms(error.message)}`, EXIT.noPlan);
      if (error instanceof ProblemError) throw new CliError(`${input.label}: ${inInputTerms(error.message)}`, EXIT.usage);
      throw error;
    }
    const chosen = chosenIndex(plans, result);
    const title = `dnnpipe frontier: ${input.label} (${plans.length} Pareto-optimal plan${plans.length === 1 ? '' : 's'})`;
    const routed = routeOutputs([{ flag: '--svg', path: values.svg, text: () => renderFrontierSvg(plans, chosen, title) }]);
    let stdout: string;
    if (routed.stdout !== undefined) stdout = routed.stdout;
    else if (values.json) stdout = jsonText({ chosen, plans });
    else stdout = `${formatFrontier(plans, chosen, title, values.all === true)}\n`;
    return { stdout, writes: routed.writes, inputs: input.files };
  },
};
