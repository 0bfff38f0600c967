/**
 * Memory in a small engine: the single-file build plans EfficientNetV2-B0 in QuickJS within the
 * heap the README documents. Allocation is deterministic (unlike time), so this is a budget, not a
 * benchmark. `node test/sandbox/quickjs-heap.mjs` measures the least heap (972 KiB when documented).
 */
import { describe, expect, it } from 'vitest';
import { planExampleWithHeap } from './sandbox/quickjs.mjs';

const KIB = 1024;
/**
 * The documented budget (README "Runs everywhere", docs/runtimes.md): the measured least plus a
 * margin; issue 16 asked for under 4 MB. 1.5 MiB until the review fixes of the frontier-ties
 * round, when loading the library alone came to 1,513 KiB and planning to 1,539 KiB.
 */
const HEAP_BUDGET = 2048 * KIB;

describe('QuickJS heap', () => {
  it('plans EfficientNetV2-B0 within the documented 2 MiB heap, with the same bottleneck as the example publishes', async () => {
    expect(await planExampleWithHeap(HEAP_BUDGET)).toBe('planned ts 3.1664891242980944');
  });

  it('the cap is real: with half of it (below the least) the same program fails', async () => {
    // Where it fails moves with the code (QuickJS's parser even reports some failed allocations
    // as a SyntaxError), so only "it did not plan" is asserted.
    const result = await planExampleWithHeap(HEAP_BUDGET / 2);
    expect(result).toMatch(/^error /);
  });
});
