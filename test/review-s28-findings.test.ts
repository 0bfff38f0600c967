/**
 * Findings of the s28 outside review (a first-time user's pass) that its helper left open, fixed
 * by the lead: one `it` per finding, each failing before its fix. The helper's own fixes are in
 * review-s28-outsider.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeEdgeFiles } from '../bench/cases.js';
import { frontier, fromDnnpipeConfig, fromPipeEdge, ProblemError, renderFrontierSvg, type Problem } from '../src/index.js';
import { OnnxError, readPlanStages } from '../src/onnx/index.js';
import { cli } from './helpers/cli.js';

const FIXTURES = new URL('./fixtures', import.meta.url).pathname;

const small: Problem = {
  model: { time: [1, 2, 3, 4] },
  devices: [{ id: 'a' }, { id: 'b', speed: 2 }],
};

/** The error `work` throws (or fails the test). */
function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('s28 review findings', () => {
  it('onnx split refuses a plan that runs two stages on one device, naming both (README: each stage on its own device)', () => {
    const native = thrown(() => readPlanStages({ stages: [{ device: 'a', start: 0, end: 2 }, { device: 'b', start: 2, end: 3 }, { device: 'a', start: 3, end: 5 }] }));
    expect(native).toBeInstanceOf(OnnxError);
    expect((native as Error).message).toContain('stages[2] runs on device "a", which already runs stages[0]');
    const dnnpipe = thrown(() => readPlanStages({ pipeline_plan: [[1, 2, 1], [3, 5, 1]] }));
    expect((dnnpipe as Error).message).toContain('pipeline_plan[1] runs on device "1", which already runs pipeline_plan[0]');
    // A plan without devices (cut points only) and one of distinct devices are read as before.
    expect(readPlanStages({ stages: [{ start: 0, end: 2 }, { start: 2, end: 5 }] })).toHaveLength(2);
    expect(readPlanStages({ pipeline_plan: [[1, 2, 1], [3, 5, 2]] })).toHaveLength(2);
  });

  it('renderFrontierSvg names what is wrong instead of a TypeError, an empty picture or no mark', async () => {
    const plans = await frontier(small);
    const field = (work: () => unknown): string => {
      const error = thrown(work);
      expect(error).toBeInstanceOf(ProblemError);
      return (error as ProblemError).path;
    };
    expect(field(() => renderFrontierSvg([]))).toBe('plans');
    expect(field(() => renderFrontierSvg('plans' as never))).toBe('plans');
    expect(field(() => renderFrontierSvg([{}] as never))).toBe('plans[0]');
    expect(field(() => renderFrontierSvg([...plans, null] as never))).toBe(`plans[${plans.length}]`);
    expect(field(() => renderFrontierSvg(plans, 1.5))).toBe('chosen');
    expect(field(() => renderFrontierSvg(plans, plans.length))).toBe('chosen');
    expect(field(() => renderFrontierSvg(plans, -2))).toBe('chosen');
    // The documented calls still draw: the first plan marked by default, none with -1.
    expect(renderFrontierSvg(plans)).toContain('(chosen)');
    expect(renderFrontierSvg(plans, -1)).not.toContain('(chosen)');
  });

  it('renderFrontierSvg reads its input once: a getter that changes its mind is drawn as first read', async () => {
    const [plan] = await frontier(small);
    let reads = 0;
    const shifty = { ...plan, get latency() { reads++; return reads === 1 ? 7 : Number.NaN; } };
    const svg = renderFrontierSvg([shifty as never]);
    expect(reads).toBe(1);
    expect(svg).toContain('7.000 ms');
  });

  it('a list of one entry reads "1 entry", not "1 entries"', () => {
    const config = { model_config: { U: 2, E: [1], R: [1, 1] }, device_config: { N: 2, C: [1], M: [10, 10] } };
    const error = thrown(() => fromDnnpipeConfig(config));
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as Error).message).toMatch(/has 1 entry but/);
    expect((error as Error).message).not.toMatch(/1 entries/);
  });

  it('a PipeEdge batch size of 0 is refused as such, in the library and on the command line', async () => {
    const error = thrown(() => fromPipeEdge(pipeEdgeFiles(), { batchSize: 0 }));
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).path).toBe('batchSize');
    const run = await cli('plan', '--pipeedge', '-M', join(FIXTURES, 'pipeedge-models.yml'), '-T', join(FIXTURES, 'pipeedge-device_types.yml'), '-D', join(FIXTURES, 'pipeedge-devices.yml'), '-b', '0');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--batch-size must be at least 1');
    // Before, every device type was skipped with a warning first.
    expect(run.stderr).not.toContain('warning');
  });

  it("help describes --pipeedge's flags, with sched-pipeline's defaults, in every command that takes it", async () => {
    for (const command of ['plan', 'simulate', 'frontier']) {
      const help = (await cli(command, '--help')).stdout;
      for (const text of ['-M, -T, -D FILE', '-m MODEL', 'google/vit-base-patch16-224', '-b BATCH', '-d DTYPE', 'torch.float32', '-i N, -o N']) expect(help, `${command} --help`).toContain(text);
    }
    expect((await cli('--help')).stdout).toContain('-b BATCH  8 (at least 1)');
  });

  it('an unknown command close to a known one is named', async () => {
    const typo = await cli('--versoin');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('(did you mean --version?)');
    expect((await cli('plna')).stderr).toContain('(did you mean plan?)');
    expect((await cli('xyzzy')).stderr).not.toContain('did you mean');
  });
});
