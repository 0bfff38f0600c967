/**
 * Storage for the flat arrays of one solve. Allocating a typed array of a few KB costs V8 an
 * off-heap buffer (≈3 µs here, more than the whole search of a small problem), while a view of
 * an existing buffer costs ≈0.06 µs; so the facade lends `prepare` a `Scratch` whose buffers
 * outlive the solve and are reused by the next one.
 *
 * Invariant: arrays taken from a Scratch are valid until its next `reset`. The facade resets it
 * at the start of a call and never hands it to a nested call (`lendScratch`); plans copy what
 * they need into plain objects, so nothing a caller receives points into it.
 */

/** Where `prepare` takes its arrays from: zero-filled arrays of the given length. */
export interface ArrayStore {
  /** Says how much the next calls will take in all, so storage grows once, to what is needed. */
  reserve(float64s: number, int32s: number): void;
  float64(length: number): Float64Array;
  /**
   * An array the caller writes in full before anything reads it: not zero-filled (for the
   * per-unit tables, the fill was a tenth of `prepare`).
   */
  float64ToFill(length: number): Float64Array;
  int32(length: number): Int32Array;
}

/** Fresh arrays on every call: for callers outside the hot path. */
export const FRESH_ARRAYS: ArrayStore = {
  reserve: () => undefined,
  float64: (length) => new Float64Array(length),
  float64ToFill: (length) => new Float64Array(length),
  int32: (length) => new Int32Array(length),
};

/**
 * Reusable buffers carved into zero-filled views; they grow to the largest problem seen, and
 * start empty, so a runtime that never solves (or solves small problems) holds little.
 */
export class Scratch implements ArrayStore {
  private f64 = new Float64Array(0);
  private i32 = new Int32Array(0);
  private f64Used = 0;
  private i32Used = 0;

  reserve(float64s: number, int32s: number): void {
    // Views taken before keep an old buffer alive, so grow only when this call's arrays need it.
    if (this.f64Used + float64s > this.f64.length) {
      this.f64 = new Float64Array(float64s);
      this.f64Used = 0;
    }
    if (this.i32Used + int32s > this.i32.length) {
      this.i32 = new Int32Array(int32s);
      this.i32Used = 0;
    }
  }

  /** Makes every array taken so far invalid, and the buffers free for the next solve. */
  reset(): void {
    this.f64Used = 0;
    this.i32Used = 0;
  }

  float64(length: number): Float64Array {
    return this.float64ToFill(length).fill(0);
  }

  float64ToFill(length: number): Float64Array {
    if (this.f64Used + length > this.f64.length) {
      // Views taken before keep the old buffer alive; the next solve starts in the larger one.
      this.f64 = new Float64Array(Math.max(2 * this.f64.length, length, 1024));
      this.f64Used = 0;
    }
    const view = this.f64.subarray(this.f64Used, this.f64Used + length);
    this.f64Used += length;
    return view;
  }

  int32(length: number): Int32Array {
    if (this.i32Used + length > this.i32.length) {
      this.i32 = new Int32Array(Math.max(2 * this.i32.length, length, 256));
      this.i32Used = 0;
    }
    const view = this.i32.subarray(this.i32Used, this.i32Used + length);
    this.i32Used += length;
    return view.fill(0);
  }
}

let idle: Scratch | undefined = new Scratch();

/**
 * Runs `work` with a reset Scratch: the shared one when no other call holds it, a new one for a
 * nested call (an infeasibility explanation plans again while the outer solve is unwinding).
 */
export function lendScratch<T>(work: (scratch: Scratch) => T): T {
  const scratch = idle ?? new Scratch();
  idle = undefined;
  scratch.reset();
  try {
    return work(scratch);
  } finally {
    idle = scratch;
  }
}
