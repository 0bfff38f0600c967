/**
 * Cut points of a graph. Nodes run in one topological order; a cut at position `p` lies between
 * node `p - 1` and node `p`. The tensors crossing it are those produced before it (or fed as graph
 * inputs) and read at or after it (or returned as graph outputs). Weights never cross: every part
 * carries its own copy of the weights it reads.
 */
import { OnnxError } from './errors.js';
import type { OnnxGraph, OnnxNode } from './model.js';

/** When a tensor lives, in node positions. */
interface TensorLife {
  /** Position of the node producing it; -1 for a graph input. */
  producer: number;
  /** Position of the last node reading it; the node count for a graph output. */
  lastReader: number;
}

/** A graph in execution order with the lifetime of every non-weight tensor. */
export interface CutGraph {
  /** Compute nodes in execution order (Constant nodes are weights and not listed). */
  nodes: OnnxNode[];
  /** Non-weight tensors by name, in order of first appearance. */
  lives: Map<string, TensorLife>;
  /** The graph outputs, in the model's order: what crosses the cut after the last node. */
  outputs: string[];
}

/**
 * Puts the nodes in execution order: the model's own order when it is topological (as ONNX
 * requires), else a stable topological sort, so names and positions follow the file.
 * @throws OnnxError `format` when a node reads a tensor that nothing produces, or on a cycle
 */
export function orderNodes(graph: OnnxGraph): OnnxNode[] {
  const available = new Set<string>([...graph.inputs.map((i) => i.name), ...graph.weights.keys()]);
  const producerOf = new Map<string, number>();
  graph.nodes.forEach((node, i) => node.outputs.forEach((name) => producerOf.set(name, i)));
  const readsOf = (node: OnnxNode): string[] => [...node.inputs, ...node.implicitInputs];
  for (const node of graph.nodes) {
    for (const name of readsOf(node)) {
      if (!available.has(name) && !producerOf.has(name)) throw new OnnxError('format', `node "${node.name}" reads tensor "${name}", which no node, input or weight provides`);
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
  if (order.length !== graph.nodes.length) throw new OnnxError('format', 'the graph has a cycle');
  return order;
}

/** Orders the nodes and records when each non-weight tensor is produced and last read. */
export function cutGraph(graph: OnnxGraph): CutGraph {
  const nodes = orderNodes(graph);
  const lives = new Map<string, TensorLife>();
  for (const input of graph.inputs) lives.set(input.name, { producer: -1, lastReader: -1 });
  nodes.forEach((node, position) => {
    for (const name of [...node.inputs, ...node.implicitInputs]) {
      const life = lives.get(name);
      if (life) life.lastReader = position;
    }
    for (const name of node.outputs) lives.set(name, { producer: position, lastReader: position });
  });
  for (const output of graph.outputs) {
    const life = lives.get(output.name);
    if (life) life.lastReader = nodes.length;
  }
  return { nodes, lives, outputs: graph.outputs.map((o) => o.name).filter((name) => lives.has(name)) };
}

/**
 * Tensors crossing the cut at `position` (0 = before the first node: the graph inputs read;
 * node count = after the last: the graph outputs), in order of first appearance.
 */
export function crossingAt(cut: CutGraph, position: number): string[] {
  if (position === cut.nodes.length) return [...cut.outputs];
  const crossing: string[] = [];
  for (const [name, life] of cut.lives) {
    if (life.producer < position && life.lastReader >= position) crossing.push(name);
  }
  return crossing;
}

/** Crossing tensors of every cut position 0..n, computed in one sweep. */
export function allCrossings(cut: CutGraph): string[][] {
  const n = cut.nodes.length;
  const crossings: string[][] = Array.from({ length: n + 1 }, () => []);
  for (const [name, life] of cut.lives) {
    for (let p = life.producer + 1; p <= Math.min(life.lastReader, n - 1); p++) (crossings[p] as string[]).push(name);
  }
  crossings[n] = [...cut.outputs];
  return crossings;
}

/**
 * Which cut positions bound the units when at most `maxUnits` are wanted: the cuts whose
 * crossing tensors are smallest are kept (a cheap cut is a cheap link of the pipeline); among
 * equally cheap cuts, the one that splits its unit most evenly by node count goes first, so ties
 * do not pile up at one end of the model.
 * @param cutBytes - bytes crossing each position 0..n
 * @param maxUnits - the most units wanted; undefined = one unit per node
 * @returns the unit boundaries, from 0 to n
 */
export function chooseBoundaries(cutBytes: readonly number[], maxUnits: number | undefined): number[] {
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
