/**
 * fromPipeEdge carries sched-pipeline's model in the problem (issue 11 item 16, issue 12 item 6):
 * the buffers as `options.slots`, and its strict memory test (`memoryTest: 'strict'`), so solving
 * the problem with no options decides memory exactly as sched-pipeline's is_layers_fit does —
 * also at the boundary, byte for byte, on a 4,000 MB device.
 */
import { describe, expect, it } from 'vitest';
import { fromPipeEdge, InfeasibleError, solveReference, createSolver } from '../src/index.js';

/** One host of 4,000 MB; two layers of 2,000 and 1,999 MB; uint8 activations of the given sizes. */
function files(parametersIn: number, parametersOut: number) {
  return {
    models: { m: { layers: 2, mem_MB: [2000, 1999], parameters_in: parametersIn, parameters_out: [parametersOut, parametersOut] } },
    deviceTypes: { t: { bw_Mbps: 1000, mem_MB: 4000, model_profiles: { m: [{ batch_size: 1, dtype: 'torch.uint8', time_s: [0.001, 0.002] }] } } },
    devices: { t: ['host'] },
  };
}

/**
 * sched-pipeline's is_layers_fit for one stage holding every layer (layer_l = 1: the input without
 * receive buffers), in bytes, as its C++ computes it: weights as doubles, buffers as integers.
 */
function schedPipelineFits(parametersIn: number, parametersOut: number, buffersOut: number): boolean {
  const weights = 2000 * 1024 * 1024 + 1999 * 1024 * 1024;
  const buffers = parametersOut * buffersOut + parametersIn + parametersOut;
  return 4000 * 1024 * 1024 > weights + buffers;
}

describe('PipeEdge model in the problem', () => {
  it('options carry the buffers and the strict test; solving with no options applies them', () => {
    const problem = fromPipeEdge(files(1000, 1000), { modelName: 'm', batchSize: 1, dtype: 'torch.uint8', buffersIn: 3, buffersOut: 1 });
    expect(problem.options).toEqual({ slots: { in: 3, out: 1 }, memoryTest: 'strict' });
    const plan = solveReference(problem);
    expect(plan.options).toMatchObject({ slots: { in: 3, out: 1 }, memoryTest: 'strict' });
  });

  it('issue 11 item 16: a stage that needs exactly the device\'s 4,000 MB is refused, one byte less fits, as in sched-pipeline', async () => {
    const solver = await createSolver();
    // 2^20 bytes left after the weights: the input (parameters_in) plus the output three times
    // (processing buffer and two send buffers) fill it exactly at 262,144 + 3 × 262,144.
    for (const [parametersIn, expected] of [[262_144, false], [262_143, true], [262_145, false], [200_000, true]] as const) {
      expect(schedPipelineFits(parametersIn, 262_144, 2), `sched-pipeline, input ${parametersIn}`).toBe(expected);
      const problem = fromPipeEdge(files(parametersIn, 262_144), { modelName: 'm', batchSize: 1, dtype: 'torch.uint8' });
      for (const solve of [(p: typeof problem) => solveReference(p), (p: typeof problem) => solver.solve(p)]) {
        let fits = true;
        try {
          solve(problem);
        } catch (error) {
          if (!(error instanceof InfeasibleError)) throw error;
          fits = false;
        }
        expect(fits, `dnnpipe, input ${parametersIn}`).toBe(expected);
      }
    }
  });

  it('the tolerant test (the default for native problems) would accept the exact fit', () => {
    const problem = fromPipeEdge(files(262_144, 262_144), { modelName: 'm', batchSize: 1, dtype: 'torch.uint8' });
    expect(() => solveReference(problem)).toThrow(InfeasibleError);
    expect(solveReference(problem, { memoryTest: 'tolerant' }).stages).toHaveLength(1);
  });
});
