/** DNNPipe's published EfficientNetV2-B0 configuration through the API (SPEC §5). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluatePlan, fromDnnpipeConfig, solve, solveReference } from '../src/index.js';

const config = JSON.parse(readFileSync(new URL('./fixtures/effnetv2b0.dnnpipe.json', import.meta.url), 'utf8'));
const PUBLISHED_BOTTLENECK = 3.1664891242980944;
// DNNPipe's published plan, [first, last, device], 1-based inclusive.
const PUBLISHED_PLAN = [[1, 71, 1], [72, 112, 4], [113, 200, 2], [201, 273, 3]] as const;

describe('EfficientNetV2-B0 (DNNPipe fixture)', () => {
  const problem = fromDnnpipeConfig(config);

  it('converts the config: 273 units, devices "1".."4" with C as speed and M as memory', () => {
    expect(problem.model.time).toHaveLength(273);
    expect(problem.devices.map((d) => [d.id, d.speed, d.memory])).toEqual([['1', 1, 8998], ['2', 0.33, 1452], ['3', 0.21, 562], ['4', 0.21, 582]]);
  });

  it("the published plan costs exactly the published bottleneck", () => {
    const stages = PUBLISHED_PLAN.map(([first, last, device]) => ({ device: String(device), start: first - 1, end: last }));
    expect(evaluatePlan(problem, stages).bottleneck).toBe(PUBLISHED_BOTTLENECK);
  });

  for (const algorithm of ['auto', 'dnnpipe'] as const) {
    it(`plans to the published bottleneck (${algorithm}, wasm and ts)`, async () => {
      const wasm = await solve(problem, { algorithm });
      const ts = solveReference(problem, { algorithm });
      expect(wasm.bottleneck).toBe(PUBLISHED_BOTTLENECK);
      expect(ts.bottleneck).toBe(PUBLISHED_BOTTLENECK);
      const published = evaluatePlan(problem, PUBLISHED_PLAN.map(([f, l, d]) => ({ device: String(d), start: f - 1, end: l })));
      expect(wasm.latency).toBeLessThanOrEqual(published.latency);
      expect(wasm.stats.latencyOptimal).toBe(true);
      expect(wasm.bestSingle?.device).toBe('1');
      expect(wasm.speedup).toBeCloseTo((wasm.bestSingle?.time ?? 0) / PUBLISHED_BOTTLENECK, 12);
    });
  }
});
