/**
 * The WASM engine: instantiates the kernel (assembly/) from its embedded bytes and
 * marshals a prepared problem into it. Inputs are copied into sections the kernel sized
 * (`layout`), results copied out; no view into kernel memory outlives a call.
 *
 * We do not use `@assemblyscript/loader`: it needs `TextDecoder` when imported (so the core entry
 * would fail in bare runtimes), its array helpers allocate per call (≈3 µs against ≈0.4 µs for raw
 * copies, and a leak with the small runtimes), and the kernel's interface is numbers and pointers
 * only. The one thing it would give us, reading an abort message, is `readString` below.
 */
import { KernelError } from './errors.js';
import { decodeBase64 } from './base64.js';
import { KERNEL_BASE64 } from './kernel-bytes.js';
import type { PreparedProblem } from './prepare.js';
import { latencyTableFits, MAX_DNNPIPE_CELLS, MAX_KIND_COUNT, MAX_LATENCY_CELLS, MAX_STATES } from './prepare.js';
import { leastLatencyBound, MAX_TRANSFER_CELLS } from './search-transfers.js';
import { sweepFits, type FrontierSweep } from './frontier-sweep.js';
import { nextUp } from './search-threshold.js';
import { MAX_UNITS } from './validate.js';
import { ALGORITHM_CODE, SECONDARY_CODE, SearchLimitError, passLimit, transferPassWork, type GeneralSearch, type SearchCounters, type SearchRequest, type SearchResult } from './search.js';

interface KernelExports {
  memory: WebAssembly.Memory;
  layout(units: number, kinds: number, states: number, tableCells: number, transfers: number): number;
  pointer(section: number): number;
  solve(algorithm: number, secondary: number, latencyAllowed: number, lowerBound: number, paperUpperBound: number, transfers: number, serial: number, passWork: number): number;
  result(which: number): number;
  failForTest(): void;
  SECTION_TIME_PREFIX: WebAssembly.Global;
  SECTION_DIVISOR: WebAssembly.Global;
  SECTION_CAPACITY: WebAssembly.Global;
  SECTION_MEMORY_PREFIX: WebAssembly.Global;
  SECTION_MULTIPLICITY: WebAssembly.Global;
  SECTION_STRIDE: WebAssembly.Global;
  SECTION_STAGE_ENDS: WebAssembly.Global;
  SECTION_STAGE_KINDS: WebAssembly.Global;
  SECTION_COUNTERS: WebAssembly.Global;
  SECTION_IN_NEED: WebAssembly.Global;
  SECTION_OUT_NEED: WebAssembly.Global;
  SECTION_CUT_BYTES: WebAssembly.Global;
  SECTION_LINK_BANDWIDTH: WebAssembly.Global;
  SECTION_LINK_LATENCY: WebAssembly.Global;
  SECTION_SOURCE_COST: WebAssembly.Global;
  SECTION_SINK_COST: WebAssembly.Global;
  SECTION_NEXT_BLOCKED: WebAssembly.Global;
  configure(blocked: number, first: number, last: number, maxStages: number, strictMemory: number, activations: number): void;
  generalBegin(lowerBound: number, serial: number, transfers: number): number;
  generalPass(limit: number, exact: number, within: number, relevant: number): number;
  generalGuess(limit: number, bound: number, ceiling: number): number;
  nextStageTime(limit: number): number;
  sweepBegin(least: number): number;
  sweepAdvance(bound: number, budget: number): number;
  sweepAdmitThrough(limit: number, budget: number): number;
  sweepPoint(): number;
  passResult(which: number): number;
  MAX_TABLE_CELLS: WebAssembly.Global;
  MAX_STATES: WebAssembly.Global;
  MAX_UNITS: WebAssembly.Global;
  MAX_KINDS: WebAssembly.Global;
  COUNTER_COUNT: WebAssembly.Global;
}

/** The kernel's capacities, read once per instance. */
export interface KernelCapacities {
  maxStates: number;
  maxUnits: number;
  maxKinds: number;
  maxTableCells: number;
}

/** The kernel's counters section holds the SearchCounters fields in declaration order. */
const COUNTER_COUNT = 7;

const SECTION_NAMES = [
  'SECTION_TIME_PREFIX', 'SECTION_DIVISOR', 'SECTION_CAPACITY', 'SECTION_MEMORY_PREFIX', 'SECTION_MULTIPLICITY', 'SECTION_STRIDE',
  'SECTION_STAGE_ENDS', 'SECTION_STAGE_KINDS', 'SECTION_COUNTERS', 'SECTION_IN_NEED', 'SECTION_OUT_NEED', 'SECTION_CUT_BYTES',
  'SECTION_LINK_BANDWIDTH', 'SECTION_LINK_LATENCY', 'SECTION_SOURCE_COST', 'SECTION_SINK_COST', 'SECTION_NEXT_BLOCKED',
] as const;
type SectionName = (typeof SECTION_NAMES)[number];

/** Reads an AssemblyScript string (UTF-16, byte length stored just before it) without TextDecoder. */
function readString(memory: WebAssembly.Memory, pointer: number): string {
  if (pointer === 0) return '';
  const bytes = new Uint32Array(memory.buffer, pointer - 4, 1)[0] ?? 0;
  const units = new Uint16Array(memory.buffer, pointer, bytes >>> 1);
  let text = '';
  for (let i = 0; i < units.length; i += 1024) text += String.fromCharCode(...units.subarray(i, i + 1024));
  return text;
}

/**
 * A compiled kernel, a `WebAssembly.Module`. Published as `object` so that the package's types
 * need neither the DOM library nor Node's types, the only ones that declare `WebAssembly` (an
 * outside review's project with `lib: ["ES2022"]` read "Cannot find namespace 'WebAssembly'").
 */
export type CompiledKernel = object;

let compiled: WebAssembly.Module | undefined;
let compiling: Promise<WebAssembly.Module> | undefined;

/** Compiles the embedded kernel once per realm; later calls share the module. */
export async function compileKernel(): Promise<CompiledKernel> {
  if (compiled) return compiled;
  compiling ??= WebAssembly.compile(decodeBase64(KERNEL_BASE64)).then((module) => (compiled = module));
  return compiling;
}

/** Compiles synchronously (fine for our ~10 KB module on any thread). */
export function compileKernelSync(bytes: string = KERNEL_BASE64): CompiledKernel {
  if (bytes === KERNEL_BASE64 && compiled) return compiled;
  const module = new WebAssembly.Module(decodeBase64(bytes));
  if (bytes === KERNEL_BASE64) compiled = module;
  return module;
}

/** One kernel instance. After a failure it re-instantiates itself on the next call. */
export class Kernel {
  private instance: KernelExports | undefined;
  private capacities: KernelCapacities | undefined;
  /** The section numbers (kernel constants), read once: a Global's `value` is a slow call. */
  private sections: Record<SectionName, number> | undefined;
  private abortMessage = '';
  private readonly module: WebAssembly.Module;
  /**
   * Views of the whole linear memory, made again only when it grows (the old buffer is then
   * detached) or the instance is replaced: a view per section and call cost ~60 ns each.
   */
  private heap: { buffer: ArrayBuffer; f64: Float64Array; i32: Int32Array } | undefined;

  /** @param module - a compiled kernel (`compileKernel`) */
  constructor(module: CompiledKernel) {
    this.module = module as WebAssembly.Module;
  }

  private exports(): KernelExports {
    if (this.instance) return this.instance;
    const imports = {
      env: {
        abort: (message: number, file: number, line: number, column: number): never => {
          const memory = this.instance?.memory;
          this.abortMessage = memory ? `${readString(memory, message)} (${readString(memory, file)}:${line}:${column})` : 'abort';
          throw new Error(this.abortMessage);
        },
      },
    };
    const instance = new WebAssembly.Instance(this.module, imports).exports as unknown as KernelExports;
    // The facade refuses problems beyond its limits before calling the kernel; those limits must
    // fit the kernel's own capacities, or a problem could pass the check and overrun a section.
    const capacities = {
      maxStates: instance.MAX_STATES.value as number,
      maxUnits: instance.MAX_UNITS.value as number,
      maxKinds: instance.MAX_KINDS.value as number,
      maxTableCells: instance.MAX_TABLE_CELLS.value as number,
    };
    if (capacities.maxStates < MAX_STATES || capacities.maxUnits < MAX_UNITS || capacities.maxKinds < MAX_KIND_COUNT
      || capacities.maxTableCells < Math.max(MAX_DNNPIPE_CELLS, MAX_LATENCY_CELLS, MAX_TRANSFER_CELLS)) {
      throw new KernelError(`the kernel's capacities ${JSON.stringify(capacities)} are below the facade's limits`);
    }
    if (instance.COUNTER_COUNT.value !== COUNTER_COUNT) throw new KernelError(`the kernel keeps ${instance.COUNTER_COUNT.value} counters; the facade reads ${COUNTER_COUNT}`);
    this.capacities = capacities;
    this.sections = Object.fromEntries(SECTION_NAMES.map((name) => [name, instance[name].value as number])) as Record<SectionName, number>;
    this.instance = instance;
    return instance;
  }

  /** The kernel's capacities (instantiates it if needed). */
  kernelCapacities(): KernelCapacities {
    this.exports();
    return this.capacities as KernelCapacities;
  }

  /** Bytes of linear memory the kernel holds now. */
  memoryBytes(): number {
    return this.exports().memory.buffer.byteLength;
  }

  /** Runs `failForTest` in the kernel: the error path, for tests. */
  failForTest(): void {
    this.guard(() => this.exports().failForTest());
  }

  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      // The step limit is an answer, not a failure: the instance is fine.
      if (error instanceof SearchLimitError) throw error;
      // A trap leaves the instance in an unknown state: drop it and start clean next time (and
      // the views of its memory, which would keep that memory alive).
      this.instance = undefined;
      this.heap = undefined;
      const message = this.abortMessage || (error instanceof Error ? error.message : String(error));
      this.abortMessage = '';
      throw new KernelError(message);
    }
  }

  /** The views of the memory as it is now (see `heap`). */
  private views(k: KernelExports): { f64: Float64Array; i32: Int32Array } {
    const buffer = k.memory.buffer;
    if (this.heap?.buffer !== buffer) this.heap = { buffer, f64: new Float64Array(buffer), i32: new Int32Array(buffer) };
    return this.heap;
  }

  /** Sizes the kernel's sections for `p` and copies its arrays in. */
  private load(k: KernelExports, p: PreparedProblem, tableCells: number): void {
    if (!k.layout(p.unitCount, p.kindCount, p.stateCount, tableCells, p.transfers ? 1 : 0)) {
      throw new Error(`cannot grow WebAssembly memory to ${tableCells * 8} bytes`);
    }
    const sections = this.sections as Record<SectionName, number>;
    // Sections are 8-byte aligned (assembly/layout.ts `align8`), so a byte offset / 8 or / 4 is exact.
    const { f64: heapF64, i32: heapI32 } = this.views(k);
    const f64 = (name: SectionName, values: Float64Array): void => heapF64.set(values, k.pointer(sections[name]) >>> 3);
    f64('SECTION_TIME_PREFIX', p.timePrefix);
    f64('SECTION_DIVISOR', p.divisor);
    f64('SECTION_CAPACITY', p.capacity);
    f64('SECTION_MEMORY_PREFIX', p.memoryPrefix);
    heapI32.set(p.multiplicity, k.pointer(sections.SECTION_MULTIPLICITY) >>> 2);
    heapI32.set(p.stride, k.pointer(sections.SECTION_STRIDE) >>> 2);
    if (p.activations) {
      // Without activations these are all zeros: the kernel reads its own zeros instead.
      f64('SECTION_IN_NEED', p.inNeed);
      f64('SECTION_OUT_NEED', p.outNeed);
      f64('SECTION_CUT_BYTES', p.cutBytes);
    }
    if (p.transfers) {
      // Only the general DP reads links and ends; the fast path never does.
      f64('SECTION_LINK_BANDWIDTH', p.linkBandwidth);
      f64('SECTION_LINK_LATENCY', p.linkLatency);
      f64('SECTION_SOURCE_COST', p.sourceCost);
      f64('SECTION_SINK_COST', p.sinkCost);
    }
    if (p.hasBlocked) heapI32.set(p.nextBlocked, k.pointer(sections.SECTION_NEXT_BLOCKED) >>> 2);
    k.configure(p.hasBlocked ? 1 : 0, p.firstKind, p.lastKind, p.maxStages, p.strictMemory ? 1 : 0, p.activations ? 1 : 0);
  }

  /** The plan the kernel wrote into its output sections, and its counters. */
  private output(k: KernelExports): { ends: number[]; kinds: number[]; counters: SearchCounters } {
    const n = k.result(1);
    // Plain loops into plain arrays: this runs on every solve and every latency pass.
    const sections = this.sections as Record<SectionName, number>;
    const heap = this.views(k).i32;
    const endsAt = k.pointer(sections.SECTION_STAGE_ENDS) >>> 2;
    const kindsAt = k.pointer(sections.SECTION_STAGE_KINDS) >>> 2;
    const ends = new Array<number>(n);
    const kinds = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      ends[i] = heap[endsAt + i] as number;
      kinds[i] = heap[kindsAt + i] as number;
    }
    return { ends, kinds, counters: this.counters(k) };
  }

  /** The kernel's counters alone (calls that leave no plan need nothing else). */
  private counters(k: KernelExports): SearchCounters {
    const sections = this.sections as Record<SectionName, number>;
    const heap = this.views(k).f64;
    const at = k.pointer(sections.SECTION_COUNTERS) >>> 3;
    return {
      states: heap[at] as number, transitions: heap[at + 1] as number, probes: heap[at + 2] as number, prunedUpperBound: heap[at + 3] as number,
      prunedUnderUtilized: heap[at + 4] as number, boundRetries: heap[at + 5] as number, latencyCells: heap[at + 6] as number,
    };
  }

  /**
   * Searches a prepared problem.
   * @param p - the problem, already checked against the limits
   * @param request - algorithm and secondary objective
   */
  search(p: PreparedProblem, request: SearchRequest): SearchResult {
    return this.guard(() => {
      const k = this.exports();
      const cells = p.stateCount * (p.unitCount + 1);
      const latencyAllowed = request.secondary === 'latency' && latencyTableFits(p);
      this.load(k, p, p.transfers ? cells * p.kindCount : request.algorithm === 'dnnpipe' || latencyAllowed ? cells : 0);
      const status = k.solve(ALGORITHM_CODE[request.algorithm], SECONDARY_CODE[request.secondary], latencyAllowed ? 1 : 0,
        p.lowerBound, p.paperUpperBound, p.transfers ? 1 : 0, p.serial ? 1 : 0, transferPassWork(p));
      if (status === 2) throw new SearchLimitError();
      const feasible = status === 1;
      const { ends, kinds, counters } = this.output(k);
      return {
        feasible,
        least: k.result(0),
        stageEnds: feasible ? ends : [],
        stageKinds: feasible ? kinds : [],
        latencyOptimal: feasible && k.result(2) === 1,
        counters,
      };
    });
  }

  /**
   * The kernel's frontier sweep (assembly/frontier-sweep.ts) on the problem `general` loaded; it
   * adds its work to `counters`. Valid until the next call of `search` or `general`.
   */
  private sweep(k: KernelExports, least: number, counters: SearchCounters): FrontierSweep {
    return this.guard(() => {
      if (!k.sweepBegin(least)) throw new Error('cannot grow WebAssembly memory for the frontier sweep');
      Object.assign(counters, this.counters(k));
      return {
        point: () => this.guard(() => {
          k.sweepPoint();
          const out = this.output(k);
          Object.assign(counters, out.counters);
          return { latency: k.passResult(0), bottleneck: k.passResult(1), planLatency: k.passResult(2), ends: out.ends, kinds: out.kinds };
        }),
        // The counters are read with each point (every advance that finds one is followed by
        // one); an advance that stops the sweep ends it with an error, which reports none.
        advance: (bound, budget) => this.guard(() => k.sweepAdvance(bound, budget)),
        admitThrough: (limit, budget) => this.guard(() => k.sweepAdmitThrough(limit, budget) === 1),
      };
    });
  }

  /**
   * Starts a general search (src/search.ts `generalSearch`) on this instance: the problem stays
   * loaded for the passes that follow, until the next call of `search` or `general`.
   * @param p - a problem prepared for the general DP (`transfers` set), checked against the limits
   */
  general(p: PreparedProblem): GeneralSearch {
    return this.guard(() => {
      const k = this.exports();
      const cells = p.stateCount * (p.unitCount + 1);
      // Monotone problems: the second half of the table holds the guesses' backward latencies.
      this.load(k, p, p.transfers ? cells * p.kindCount : 2 * cells);
      const lowerBound = k.generalBegin(p.lowerBound, p.serial ? 1 : 0, p.transfers ? 1 : 0);
      const counters = this.output(k).counters;
      return {
        lowerBound,
        counters,
        guesses: !p.transfers,
        // Computed here from the prepared problem, as the TypeScript engine does (the same code).
        ...(p.transfers ? { latencyBound: leastLatencyBound(p) } : {}),
        // Twin of src/search.ts `nextStageTime`.
        // Counters read after the scan too, which counts towards the budget as in the TS engine.
        nextLimit: p.transfers ? nextUp : (limit) => this.guard(() => {
          const next = k.nextStageTime(limit);
          Object.assign(counters, this.counters(k));
          return next;
        }),
        guess: (limit, bound, ceiling) => this.guard(() => {
          const guess = k.generalGuess(limit, bound, ceiling);
          Object.assign(counters, this.counters(k));
          return guess;
        }),
        ...(!p.transfers && sweepFits(p) ? { sweep: (least: number) => this.sweep(k, least, counters) } : {}),
        pass: (limit, exact, within = Infinity, relevant = Infinity) => this.guard(() => {
          const status = k.generalPass(passLimit(limit, relevant), exact ? 1 : 0, within, relevant);
          if (status === 2) throw new SearchLimitError();
          const found = status === 1;
          const out = this.output(k);
          Object.assign(counters, out.counters);
          if (!found) return { latency: Infinity, bottleneck: Infinity, planLatency: Infinity, ends: [], kinds: [] };
          return { latency: k.passResult(0), bottleneck: k.passResult(1), planLatency: k.passResult(2), ends: out.ends, kinds: out.kinds };
        }),
      };
    });
  }
}
