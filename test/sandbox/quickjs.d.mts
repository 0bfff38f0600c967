/** Types for test/sandbox/quickjs.mjs (plain JavaScript so `node` runs the heap bisection as is). */
export declare const root: string;
export declare function singleFile(): string;
export declare function exampleConfigText(): string;
export declare const PLAN_EXAMPLE: string;
export declare const STACK_BYTES: number;
export declare function runInQuickJS(options: {
  script: string;
  program: string;
  heapBytes: number;
  stackBytes: number;
  globals?: Record<string, string>;
}): Promise<{ output: string; error?: undefined } | { output?: undefined; error: string }>;
export declare function planExampleWithHeap(heapBytes: number, stackBytes?: number): Promise<string>;
export declare function withTransfers<P extends { model: { time?: readonly number[] }; devices: readonly object[] }>(problem: P): P;
