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
  // Kahn's algorithm, always taking the earliest ready node of the file: the ready nodes in a
  // binary min-heap, each tensor's readers appended in place (sorting the ready list and copying a
  // reader list per reader were quadratic: 20,000 nodes out of order took 40 s to inspect).
  const waiting = graph.nodes.map((node) => new Set(readsOf(node).filter((name) => !available.has(name))));
  const readers = new Map<string, number[]>();
  waiting.forEach((names, i) =>
    names.forEach((name) => {
      const list = readers.get(name);
      if (list) list.push(i);
      else readers.set(name, [i]);
    }),
  );
  const ready: number[] = [];
  const push = (i: number): void => {
    let at = ready.length;
    ready.push(i);
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if ((ready[parent] as number) <= i) break;
      ready[at] = ready[parent] as number;
      at = parent;
    }
    ready[at] = i;
  };
  const popLeast = (): number => {
    const least = ready[0] as number;
    const last = ready.pop() as number;
    if (ready.length > 0) {
      let at = 0;
      for (;;) {
        let child = 2 * at + 1;
        if (child >= ready.length) break;
        if (child + 1 < ready.length && (ready[child + 1] as number) < (ready[child] as number)) child++;
        if ((ready[child] as number) >= last) break;
        ready[at] = ready[child] as number;
        at = child;
      }
      ready[at] = last;
    }
    return least;
  };
  waiting.forEach((names, i) => {
    if (names.size === 0) push(i);
  });
  const order: OnnxNode[] = [];
  while (ready.length > 0) {
    const i = popLeast();
    const node = graph.nodes[i] as OnnxNode;
    order.push(node);
    for (const name of node.outputs) {
      for (const reader of readers.get(name) ?? []) {
        const set = waiting[reader] as Set<string>;
        set.delete(name);
        if (set.size === 0) push(reader);
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

/**
 * Where a tensor crosses cuts: positions `from`..`to` (inclusive; empty when from > to), the
 * positions 0..n − 1 after its producer up to its last reader. The cut after the last node (n)
 * carries the graph outputs only.
 */
function crossSpan(life: TensorLife, n: number): [number, number] {
  return [life.producer + 1, Math.min(life.lastReader, n - 1)];
}

/*
 * The three functions below replace one that listed the tensors of every cut position: the sum of
 * the tensors' lifetimes, quadratic in the nodes when many tensors live long (20,000 nodes summed
 * by one last node took over 60 s and 4.4 GB to inspect, even with --max-units 10). Each is
 * linear in the nodes and tensors, plus what it returns.
 */

/**
 * Names of the tensors crossing some cut, in order of first appearance over the positions 0..n
 * (within a position in `lives` order, then the graph outputs): a tensor first crosses right
 * after its producer.
 */
export function crossingNames(cut: CutGraph): string[] {
  const n = cut.nodes.length;
  const byFirst: string[][] = Array.from({ length: n }, () => []);
  for (const [name, life] of cut.lives) {
    const [from, to] = crossSpan(life, n);
    if (from <= to) (byFirst[from] as string[]).push(name);
  }
  const names = byFirst.flat();
  const seen = new Set(names);
  for (const output of cut.outputs) {
    if (!seen.has(output)) {
      seen.add(output);
      names.push(output);
    }
  }
  return names;
}

/**
 * Bytes crossing each cut position 0..n: each tensor's size added where its span starts and taken
 * away after it ends. Sizes are whole bytes (`tensorBytes` rounds up); while they add up to at
 * most 2^53 every partial sum is exact, so these equal the sums of each position's tensors in any
 * order, bit for bit. Past that they are summed as BigInts and rounded once (a sum over 8 PB).
 * The last position sums the graph outputs in their order.
 */
export function cutBytes(cut: CutGraph, size: (name: string) => number): number[] {
  const n = cut.nodes.length;
  const spans: [number, number, number][] = [];
  let total = 0;
  for (const [name, life] of cut.lives) {
    const [from, to] = crossSpan(life, n);
    if (from > to) continue;
    const bytes = size(name);
    spans.push([from, to, bytes]);
    total += bytes;
  }
  const out = new Array<number>(n + 1);
  if (total <= Number.MAX_SAFE_INTEGER) {
    const change = new Float64Array(n + 1);
    for (const [from, to, bytes] of spans) {
      change[from] = (change[from] as number) + bytes;
      change[to + 1] = (change[to + 1] as number) - bytes;
    }
    let running = 0;
    for (let p = 0; p < n; p++) out[p] = running += change[p] as number;
  } else {
    const change = Array.from({ length: n + 1 }, () => 0n);
    for (const [from, to, bytes] of spans) {
      change[from] = (change[from] as bigint) + BigInt(bytes);
      change[to + 1] = (change[to + 1] as bigint) - BigInt(bytes);
    }
    let running = 0n;
    for (let p = 0; p < n; p++) out[p] = Number((running += change[p] as bigint));
  }
  out[n] = cut.outputs.reduce((sum, name) => sum + size(name), 0);
  return out;
}

/**
 * `crossingAt` for each of `positions` (ascending), in one sweep: the tensors alive at the sweep's
 * position are kept in a list in `lives` order (a tensor joins at the start of its span, leaves
 * after its end), so each position costs what it returns.
 */
export function crossingsAt(cut: CutGraph, positions: readonly number[]): string[][] {
  const n = cut.nodes.length;
  const names: string[] = [];
  const ends: number[] = [];
  const startsAt: number[][] = Array.from({ length: n }, () => []);
  let ordered = true;
  let lastFrom = -Infinity;
  for (const [name, life] of cut.lives) {
    const [from, to] = crossSpan(life, n);
    if (from > to) continue;
    if (from < lastFrom) ordered = false;
    lastFrom = from;
    (startsAt[from] as number[]).push(names.length);
    names.push(name);
    ends.push(to);
  }
  // A file that produces one name twice can leave `lives` out of span order: then, as defined.
  if (!ordered) return positions.map((p) => crossingAt(cut, p));
  // A doubly linked list of the alive tensors, by index; -1 ends it.
  const next = new Int32Array(names.length).fill(-1);
  const previous = new Int32Array(names.length).fill(-1);
  let head = -1;
  let tail = -1;
  const leavesAfter: number[][] = Array.from({ length: n }, () => []);
  let at = 0;
  return positions.map((position) => {
    if (position >= n) return [...cut.outputs];
    for (; at <= position; at++) {
      if (at > 0) {
        for (const i of leavesAfter[at - 1] as number[]) {
          const before = previous[i] as number;
          const after = next[i] as number;
          if (before >= 0) next[before] = after;
          else head = after;
          if (after >= 0) previous[after] = before;
          else tail = before;
        }
      }
      for (const i of startsAt[at] as number[]) {
        previous[i] = tail;
        if (tail >= 0) next[tail] = i;
        else head = i;
        tail = i;
        (leavesAfter[ends[i] as number] as number[]).push(i);
      }
    }
    const crossing: string[] = [];
    for (let i = head; i >= 0; i = next[i] as number) crossing.push(names[i] as string);
    return crossing;
  });
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
  // The kept cuts, as a Fenwick tree over the positions 0..n (a count per position), so the
  // kept cuts around a position are found, and a cut kept, in log(n) steps. The rule is the one
  // stated above; it was a scan of the whole tie group per cut kept, and an insertion into a
  // sorted array: quadratic, so 20,000 nodes of equal crossing bytes took 7 s to inspect with
  // --max-units 10000, 100,000 nodes hours.
  const tree = new Int32Array(n + 2);
  const keep = (position: number): void => {
    for (let i = position + 1; i <= n + 1; i += i & -i) tree[i] = (tree[i] as number) + 1;
  };
  const keptUpTo = (position: number): number => {
    let count = 0;
    for (let i = position + 1; i > 0; i -= i & -i) count += tree[i] as number;
    return count;
  };
  let top = 1;
  while (top * 2 <= n + 1) top *= 2;
  /** The position of the k-th kept cut (1-based). */
  const kth = (k: number): number => {
    let at = 0;
    for (let step = top; step > 0; step >>= 1) {
      if (at + step <= n + 1 && (tree[at + step] as number) < k) {
        at += step;
        k -= tree[at] as number;
      }
    }
    return at;
  };
  keep(0);
  keep(n);
  let units = 1;
  let next = 0;
  while (units < maxUnits && next < candidates.length) {
    const bytes = cutBytes[candidates[next] as number];
    let groupEnd = next;
    while (groupEnd < candidates.length && cutBytes[candidates[groupEnd] as number] === bytes) groupEnd++;
    // The tie group, ascending (candidates of equal bytes are sorted by position).
    const group = candidates.slice(next, groupEnd);
    // Kept cuts only split units, so each unit's best candidate (the one nearest its middle, the
    // earlier on a tie: balance rises to the middle and falls after it) stays its best until it
    // is kept itself; the best of all is the best of the units' bests, the earlier on a tie, as
    // the scan of the group in order found it.
    const heap: [number, number, number, number][] = [];
    const better = (a: [number, number, number, number], b: [number, number, number, number]): boolean => a[0] > b[0] || (a[0] === b[0] && a[1] < b[1]);
    const push = (entry: [number, number, number, number]): void => {
      heap.push(entry);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!better(heap[i] as [number, number, number, number], heap[parent] as [number, number, number, number])) break;
        [heap[i], heap[parent]] = [heap[parent] as [number, number, number, number], heap[i] as [number, number, number, number]];
        i = parent;
      }
    };
    const pop = (): [number, number, number, number] => {
      const best = heap[0] as [number, number, number, number];
      const last = heap.pop() as [number, number, number, number];
      if (heap.length > 0) {
        heap[0] = last;
        for (let i = 0; ; ) {
          const left = 2 * i + 1;
          const right = left + 1;
          let most = i;
          if (left < heap.length && better(heap[left] as [number, number, number, number], heap[most] as [number, number, number, number])) most = left;
          if (right < heap.length && better(heap[right] as [number, number, number, number], heap[most] as [number, number, number, number])) most = right;
          if (most === i) break;
          [heap[i], heap[most]] = [heap[most] as [number, number, number, number], heap[i] as [number, number, number, number]];
          i = most;
        }
      }
      return best;
    };
    /** The first index of `group` at or above `position`. */
    const firstAtLeast = (position: number): number => {
      let low = 0;
      let high = group.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if ((group[mid] as number) < position) low = mid + 1;
        else high = mid;
      }
      return low;
    };
    /** Queues the best candidate of the group strictly inside the unit (left, right), if any. */
    const queueBest = (left: number, right: number): void => {
      const first = firstAtLeast(left + 1);
      const end = firstAtLeast(right);
      if (first >= end) return;
      const middle = firstAtLeast((left + right) / 2);
      let best = -1;
      let bestBalance = -1;
      for (const i of [middle - 1, middle]) {
        if (i < first || i >= end) continue;
        const position = group[i] as number;
        const balance = Math.min(position - left, right - position);
        if (balance > bestBalance) {
          best = position;
          bestBalance = balance;
        }
      }
      push([bestBalance, best, left, right]);
    };
    // Each unit holding some of the group, once: group members in one unit are consecutive.
    let unitRight = -1;
    for (const position of group) {
      if (position < unitRight) continue;
      const below = keptUpTo(position);
      const left = kth(below);
      const right = kth(below + 1);
      queueBest(left, right);
      unitRight = right;
    }
    while (units < maxUnits && heap.length > 0) {
      const [, chosen, left, right] = pop();
      keep(chosen);
      units++;
      queueBest(left, chosen);
      queueBest(chosen, right);
    }
    next = groupEnd;
  }
  const kept: number[] = [];
  for (let k = 1; k <= units + 1; k++) kept.push(kth(k));
  return kept;
}
