/**
 * `dnnpipe onnx inspect` in time on large graphs (found by the s28 hunt, bench/worst-hunt-s28.ts):
 * listing every cut's tensors was quadratic in long-lived tensors (20,000 nodes summed by one
 * last node: over 60 s and 4.4 GB, even with --max-units 10), sorting the ready nodes per node
 * and copying reader lists was quadratic in nodes out of file order (20,000: 43 s, then an
 * internal error), and choosing among tied cuts scanned the whole tie (20,000 nodes of equal
 * crossing bytes with --max-units 10000: 7 s). The linear replacements must give exactly what the
 * old functions gave: checked here against them (test/helpers/onnx-cuts-s27.ts) on random graphs,
 * and end to end on the hunt's shapes at a size a test can afford. No time is asserted.
 */
import { describe, expect, it } from 'vitest';
import { chooseBoundaries, crossingAt, crossingNames, crossingsAt, cutBytes, cutGraph, orderNodes } from '../src/onnx/cuts.js';
import type { OnnxGraph, OnnxNode, OnnxValueInfo } from '../src/onnx/model.js';
import { inspectOnnx, splitOnnxParts } from '../src/onnx/index.js';
import { parseOnnx } from '../src/onnx/model.js';
import { MessageWriter } from '../src/onnx/protobuf.js';
import { oldAllCrossings, oldChooseBoundaries, oldOrderNodes } from './helpers/onnx-cuts-s27.js';
import { rng } from './helpers/random.js';

function node(name: string, inputs: string[], outputs: string[], implicitInputs: string[] = []): OnnxNode {
  return { name, opType: 'Op', domain: '', inputs, implicitInputs, outputs, raw: new Uint8Array() };
}

/** A random DAG: each node reads a few earlier tensors (inputs, weights, node outputs), stored shuffled or in order. */
function randomGraph(seed: number): OnnxGraph {
  const r = rng(seed);
  const inputCount = 1 + Math.floor(r() * 3);
  const inputs: OnnxValueInfo[] = Array.from({ length: inputCount }, (_, i) => ({ name: `in${i}` }) as OnnxValueInfo);
  const weights = new Map(Array.from({ length: Math.floor(r() * 3) }, (_, i) => [`w${i}`, { name: `w${i}`, bytes: 4 }] as const));
  const tensors = [...inputs.map((i) => i.name), ...weights.keys()];
  const n = 1 + Math.floor(r() * (r() < 0.2 ? 60 : 14));
  const nodes: OnnxNode[] = [];
  for (let k = 0; k < n; k++) {
    const reads = Array.from({ length: 1 + Math.floor(r() * 3) }, () => tensors[Math.floor(r() * tensors.length)] as string);
    const implicit = r() < 0.1 ? [tensors[Math.floor(r() * tensors.length)] as string] : [];
    const outputs = Array.from({ length: 1 + Math.floor(r() * 2) }, (_, o) => `t${k}_${o}`);
    nodes.push(node(`n${k}`, reads, outputs, implicit));
    // Recent tensors more often, and sometimes one of long ago: long and short lives both.
    tensors.push(...outputs);
  }
  if (r() < 0.6) {
    for (let i = nodes.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [nodes[i], nodes[j]] = [nodes[j] as OnnxNode, nodes[i] as OnnxNode];
    }
  }
  const produced = nodes.flatMap((x) => x.outputs);
  const outputNames = [...new Set(Array.from({ length: 1 + Math.floor(r() * 3) }, () => (r() < 0.1 ? (inputs[0]?.name as string) : (produced[Math.floor(r() * produced.length)] as string))))];
  return { name: 'g', nodes, constants: [], weights, inputs, weightInputs: new Map(), outputs: outputNames.map((name) => ({ name }) as OnnxValueInfo), valueInfo: new Map() } as unknown as OnnxGraph;
}

describe('the linear cut functions equal the quadratic ones they replace', () => {
  it('order, crossing names, bytes per cut and tensors at chosen cuts: 1,500 random graphs', () => {
    for (let seed = 1; seed <= 1500; seed++) {
      const graph = randomGraph(seed);
      expect(orderNodes(graph).map((x) => x.name), `seed ${seed}`).toEqual(oldOrderNodes(graph).map((x) => x.name));
      const cut = cutGraph(graph);
      const all = oldAllCrossings(cut);
      expect(crossingNames(cut), `seed ${seed}`).toEqual([...new Set(all.flat())]);
      const r = rng(seed * 31);
      const sizes = new Map(crossingNames(cut).map((name) => [name, Math.floor(r() * 4) * (r() < 0.1 ? 2 ** 40 : 1)]));
      const size = (name: string): number => sizes.get(name) as number;
      expect(cutBytes(cut, size), `seed ${seed}`).toEqual(all.map((names) => names.reduce((sum, name) => sum + size(name), 0)));
      const positions = Array.from({ length: cut.nodes.length + 1 }, (_, p) => p).filter(() => r() < 0.5);
      expect(crossingsAt(cut, positions), `seed ${seed}`).toEqual(positions.map((p) => all[p]));
    }
  });

  it('a graph out of order whose ready nodes pile up, and one tensor read by every node', () => {
    const chain = Array.from({ length: 300 }, (_, i) => node(`c${i}`, [i === 0 ? 'x' : `t${i - 1}`], [`t${i}`]));
    const side = Array.from({ length: 300 }, (_, i) => node(`s${i}`, ['x'], [`s${i}`]));
    const shared = [...Array.from({ length: 300 }, (_, i) => node(`r${i}`, ['h'], [`r${i}`])), node('h', ['x'], ['h'])];
    for (const nodes of [[...chain, ...side].reverse(), shared]) {
      const graph = { name: 'g', nodes, constants: [], weights: new Map(), inputs: [{ name: 'x' }], weightInputs: new Map(), outputs: nodes.slice(0, 50).map((x) => ({ name: x.outputs[0] })), valueInfo: new Map() } as unknown as OnnxGraph;
      expect(orderNodes(graph)).toEqual(oldOrderNodes(graph));
    }
  });

  it('chosen cuts: 3,000 random byte profiles with many ties and any maxUnits', () => {
    const r = rng(77);
    for (let t = 0; t < 3000; t++) {
      const n = 1 + Math.floor(r() * (r() < 0.2 ? 200 : 25));
      const levels = 1 + Math.floor(r() * 4);
      const bytes = Array.from({ length: n + 1 }, () => Math.floor(r() * levels));
      const maxUnits = 1 + Math.floor(r() * (n + 1));
      expect(chooseBoundaries(bytes, maxUnits), `trial ${t}: ${JSON.stringify(bytes)} max ${maxUnits}`).toEqual(oldChooseBoundaries(bytes, maxUnits));
    }
    for (const maxUnits of [1, 2, 3, 7, 500, 999, 1000, undefined]) {
      const ties = new Array<number>(1001).fill(4);
      expect(chooseBoundaries(ties, maxUnits)).toEqual(oldChooseBoundaries(ties, maxUnits));
    }
  });
});

/** An ONNX model with every tensor's shape declared (no run): the hunt's shapes. */
function model(shape: 'fan-in' | 'tied-chain', n: number): Uint8Array {
  const info = (name: string): MessageWriter =>
    new MessageWriter().bytes(1, name).bytes(2, new MessageWriter().bytes(1, new MessageWriter().int(1, 1).bytes(2, new MessageWriter().bytes(1, new MessageWriter().int(1, 1)).bytes(1, new MessageWriter().int(1, 1)))));
  const op = (type: string, inputs: string[], output: string, name: string): MessageWriter => {
    const m = new MessageWriter();
    for (const i of inputs) m.bytes(1, i);
    return m.bytes(2, output).bytes(3, name).bytes(4, type);
  };
  const g = new MessageWriter();
  const names: string[] = [];
  if (shape === 'fan-in') {
    for (let i = 0; i < n - 1; i++) {
      g.bytes(1, op('Relu', ['x'], `t${i}`, `n${i}`));
      names.push(`t${i}`);
    }
    g.bytes(1, op('Sum', names, 'y', 'sum'));
  } else {
    for (let i = 0; i < n; i++) {
      const out = i === n - 1 ? 'y' : `t${i}`;
      g.bytes(1, op('Relu', [i === 0 ? 'x' : `t${i - 1}`], out, `n${i}`));
      if (out !== 'y') names.push(out);
    }
  }
  g.bytes(2, shape).bytes(11, info('x')).bytes(12, info('y'));
  for (const name of names) g.bytes(13, info(name));
  return new MessageWriter().int(1, 8).bytes(2, 'hunt').bytes(7, g).bytes(8, new MessageWriter().bytes(1, '').int(2, 17)).finish();
}

describe('inspect on the hunt shapes', () => {
  it('3,000 nodes summed by the last: 10 units, each cut carrying the input and every branch made before it', async () => {
    const units = await inspectOnnx(model('fan-in', 3000), { maxUnits: 10 });
    expect(units.sizesFrom).toBe('model');
    expect(units.units).toHaveLength(10);
    for (const unit of units.units.slice(0, -1)) {
      expect(unit.crossing).toEqual(['x', ...Array.from({ length: unit.end }, (_, i) => `t${i}`)]);
      expect(unit.outputBytes).toBe(4 * (unit.end + 1));
    }
    expect(units.units.at(-1)?.crossing).toEqual(['y']);
  });

  it('3,000 nodes of equal crossing bytes into 1,500 units: evenly, as the tie rule spreads them', async () => {
    const units = await inspectOnnx(model('tied-chain', 3000), { maxUnits: 1500 });
    const bytes = [4, ...units.units.map(() => 4)];
    expect(units.units).toHaveLength(1500);
    expect(units.units.map((u) => u.end)).toEqual(oldChooseBoundaries(new Array<number>(3001).fill(4), 1500).slice(1));
    expect(units.model.outputBytes).toEqual(bytes.slice(1));
  });

  it('split: each part reads and sends the tensors crossing its ends, as crossingAt defines them', async () => {
    const bytes = model('fan-in', 500);
    const stages = [{ start: 0, end: 7 }, { start: 7, end: 200 }, { start: 200, end: 201 }, { start: 201, end: 500 }];
    const { parts } = await splitOnnxParts(bytes, stages);
    const cut = cutGraph(parseOnnx(bytes).graph);
    parts.forEach((part, i) => {
      expect(part.inputs, `part ${i + 1}`).toEqual(crossingAt(cut, stages[i]?.start as number));
      expect(part.outputs, `part ${i + 1}`).toEqual(crossingAt(cut, stages[i]?.end as number));
    });
  });
});
