/**
 * The cut functions of src/onnx/cuts.ts as they were before the s28 hunt (quadratic: every cut's
 * tensors listed, the ready nodes sorted per node, a tie group scanned per cut kept), kept as the
 * definition the linear ones are checked against (test/review-s28-onnx-cuts.test.ts).
 */
import type { CutGraph } from '../../src/onnx/cuts.js';
import type { OnnxGraph, OnnxNode } from '../../src/onnx/model.js';

export function oldOrderNodes(graph: OnnxGraph): OnnxNode[] {
  const available = new Set<string>([...graph.inputs.map((i) => i.name), ...graph.weights.keys()]);
  const producerOf = new Map<string, number>();
  graph.nodes.forEach((node, i) => node.outputs.forEach((name) => producerOf.set(name, i)));
  const readsOf = (node: OnnxNode): string[] => [...node.inputs, ...node.implicitInputs];
  for (const node of graph.nodes) {
    for (const name of readsOf(node)) {
      if (!available.has(name) && !producerOf.has(name)) throw new Error(`node "${node.name}" reads tensor "${name}", which no node, input or weight provides`);
    }
  }
  const inOrder = (() => {
    const seen = new Set(available);
    for (const node of graph.nodes) {
      if (!readsOf(node).every((name) => seen.has(name))) return false;
      node.outputs.forEach((name) => seen.add(name));
    }
    return true;
  })();
  if (inOrder) return graph.nodes;
  // Kahn's algorithm, always taking the earliest ready node of the file.
  const waiting = graph.nodes.map((node) => new Set(readsOf(node).filter((name) => !available.has(name))));
  const readers = new Map<string, number[]>();
  waiting.forEach((names, i) => names.forEach((name) => readers.set(name, [...(readers.get(name) ?? []), i])));
  const ready = waiting.flatMap((names, i) => (names.size === 0 ? [i] : []));
  const order: OnnxNode[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const i = ready.shift() as number;
    const node = graph.nodes[i] as OnnxNode;
    order.push(node);
    for (const name of node.outputs) {
      for (const reader of readers.get(name) ?? []) {
        const set = waiting[reader] as Set<string>;
        set.delete(name);
        if (set.size === 0) ready.push(reader);
      }
    }
  }
  if (order.length !== graph.nodes.length) throw new Error('the graph has a cycle');
  return order;
}

export function oldAllCrossings(cut: CutGraph): string[][] {
  const n = cut.nodes.length;
  const crossings: string[][] = Array.from({ length: n + 1 }, () => []);
  for (const [name, life] of cut.lives) {
    for (let p = life.producer + 1; p <= Math.min(life.lastReader, n - 1); p++) (crossings[p] as string[]).push(name);
  }
  crossings[n] = [...cut.outputs];
  return crossings;
}

export function oldChooseBoundaries(cutBytes: readonly number[], maxUnits: number | undefined): number[] {
  const n = cutBytes.length - 1;
  if (maxUnits === undefined || maxUnits >= n) return Array.from({ length: n + 1 }, (_, i) => i);
  const candidates = Array.from({ length: n - 1 }, (_, i) => i + 1).sort((a, b) => (cutBytes[a] as number) - (cutBytes[b] as number) || a - b);
  const kept = [0, n];
  const unitAround = (position: number): [number, number] => {
    let low = 0;
    let high = kept.length - 1;
    while (high - low > 1) {
      const mid = (low + high) >> 1;
      if ((kept[mid] as number) < position) low = mid;
      else high = mid;
    }
    return [kept[low] as number, kept[high] as number];
  };
  let next = 0;
  while (kept.length - 1 < maxUnits && next < candidates.length) {
    const bytes = cutBytes[candidates[next] as number];
    let groupEnd = next;
    while (groupEnd < candidates.length && cutBytes[candidates[groupEnd] as number] === bytes) groupEnd++;
    const group = candidates.slice(next, groupEnd);
    while (kept.length - 1 < maxUnits && group.length > 0) {
      let best = 0;
      let bestBalance = -1;
      group.forEach((position, i) => {
        const [left, right] = unitAround(position);
        const balance = Math.min(position - left, right - position);
        if (balance > bestBalance) {
          best = i;
          bestBalance = balance;
        }
      });
      const [chosen] = group.splice(best, 1) as [number];
      kept.splice(kept.findIndex((k) => k > chosen), 0, chosen);
    }
    next = groupEnd;
  }
  return kept;
}
