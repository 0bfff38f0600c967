/** `dnnpipe simulate`: plan, then stream frames through the plan; print or draw what happened. */
import { ProblemError } from '../errors.js';
import { renderSvg } from '../render-svg.js';
import { MAX_SIMULATED_EVENTS, simulate, type Simulation } from '../simulate.js';
import type { Command } from './command.js';
import { SHARED_OPTIONS } from './help.js';
import { CliError, EXIT } from './errors.js';
import { formatSimulation } from './format.js';
import { parseFlags, planFromFlags, wholeFlag } from './input.js';
import { checkStdoutClaims, jsonText, routeOutputs } from './output.js';

export const simulateCommand: Command = {
  name: 'simulate',
  options: ['json', 'svg', 'frames', ...SHARED_OPTIONS],
  usage: '  dnnpipe simulate [FILE] [--frames N] [--json] [--svg FILE] [plan\'s options but --out]',
  async run(args, warn) {
    const { values, positionals } = parseFlags(args);
    if (values.out !== undefined) throw new CliError('--out is a plan option', EXIT.usage);
    if (values.all !== undefined) throw new CliError('--all is a frontier option', EXIT.usage);
    const frames = wholeFlag(values.frames, '--frames', MAX_SIMULATED_EVENTS, 1) ?? 32;
    checkStdoutClaims(values.json === true, [{ flag: '--svg', path: values.svg }]);
    const { input, problem, options, result, inInputTerms } = await planFromFlags(values, positionals, warn);
    let simulation: Simulation;
    try {
      simulation = simulate(problem, result.stages, { ...options, frames });
    } catch (error) {
      if (error instanceof ProblemError) throw new CliError(`${input.label}: ${inInputTerms(error.message)}`, EXIT.usage);
      throw error;
    }
    const routed = routeOutputs([{ flag: '--svg', path: values.svg, text: () => renderSvg(problem, result, simulation, options) }]);
    let stdout: string;
    if (routed.stdout !== undefined) stdout = routed.stdout;
    else if (values.json) stdout = jsonText({ plan: result, simulation });
    else stdout = `${formatSimulation(result, simulation, `dnnpipe simulate: ${input.label}, ${frames} frame${frames === 1 ? '' : 's'}`)}\n`;
    return { stdout, writes: routed.writes, inputs: input.files };
  },
};
