/**
 * Subgraphs nested thousands deep (s28 hunt): 2,000 levels of If, a 150 KB file, overflowed the
 * stack and `dnnpipe onnx inspect` printed "internal error, please report it" (exit 3). Now more
 * than 100 levels are refused with an OnnxError naming the node; 100 still inspect.
 */
import { describe, expect, it } from 'vitest';
import { inspectOnnx, OnnxError } from '../src/onnx/index.js';
import { MessageWriter } from '../src/onnx/protobuf.js';
import { buildModel, FLOAT, type ModelSpec } from './fixtures/onnx/build.js';

/** `levels` nested If nodes, the innermost an Identity of the outer input x. */
function nested(levels: number): ModelSpec {
  let graph: ModelSpec['graph'] = { name: 'g0', inputs: [], outputs: [{ name: 'o0', type: FLOAT, dims: [1] }], nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['o0'] }] };
  for (let d = 1; d < levels; d++) {
    graph = { name: `g${d}`, inputs: [], outputs: [{ name: `o${d}`, type: FLOAT, dims: [1] }], nodes: [{ op: 'If', name: `if${d}`, inputs: ['c'], outputs: [`o${d}`], attributes: { then_branch: { graph } } }] };
  }
  return {
    graph: {
      name: 'nested',
      inputs: [{ name: 'x', type: FLOAT, dims: [1] }, { name: 'c', type: 9, dims: [] }],
      outputs: [{ name: 'y', type: FLOAT, dims: [1] }],
      nodes: [{ op: 'If', name: 'top', inputs: ['c'], outputs: ['y'], attributes: { then_branch: { graph }, else_branch: { graph } } }],
    },
  };
}

describe('deeply nested subgraphs', () => {
  it('100 levels inspect; the outer input read innermost crosses into the top node', async () => {
    const units = await inspectOnnx(buildModel(nested(100)));
    expect(units.units).toHaveLength(1);
    expect(units.units[0]?.crossing).toEqual(['y']);
  });

  it('2,000 levels are refused with an OnnxError naming the node, not a stack overflow', async () => {
    // Encoded inside out here (the fixture builder recurses as deep as the nesting).
    const info = (name: string, type = FLOAT): MessageWriter => new MessageWriter().bytes(1, name).bytes(2, new MessageWriter().bytes(1, new MessageWriter().int(1, type).bytes(2, new MessageWriter())));
    let inner = new MessageWriter().bytes(1, new MessageWriter().bytes(1, 'x').bytes(2, 'o0').bytes(3, 'id').bytes(4, 'Identity')).bytes(2, 'g0').bytes(12, info('o0')).finish();
    for (let d = 1; d <= 2000; d++) {
      const node = new MessageWriter().bytes(1, 'c').bytes(2, `o${d}`).bytes(3, `if${d}`).bytes(4, 'If').bytes(5, new MessageWriter().bytes(1, 'then_branch').int(20, 5).bytes(6, inner));
      inner = d === 2000 ? inner : new MessageWriter().bytes(1, node).bytes(2, `g${d}`).bytes(12, info(`o${d}`)).finish();
      if (d === 2000) inner = new MessageWriter().bytes(1, node).bytes(2, 'nested').bytes(11, info('x')).bytes(11, info('c', 9)).bytes(12, info(`o${d}`)).finish();
    }
    const bytes = new MessageWriter().int(1, 8).bytes(2, 'hunt').bytes(7, inner).bytes(8, new MessageWriter().bytes(1, '').int(2, 17)).finish();
    const error = await inspectOnnx(bytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OnnxError);
    expect((error as OnnxError).kind).toBe('unsupported');
    expect((error as Error).message).toMatch(/nested more than 100 deep/);
  });
});
