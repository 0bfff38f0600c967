// Measures, by bisection, the least QuickJS heap in which the single-file build plans the bundled
// EfficientNetV2-B0 example (to 1 KiB), the least in which it merely loads, and the least stack the
// plan needs. Run after `npm run build`:
//   node test/sandbox/quickjs-heap.mjs
// Success is monotone in the cap (the same allocations happen in the same order until one fails),
// so bisection finds the exact threshold. See test/sandbox/quickjs.mjs for how the cap is made.
import { exampleConfigText, planExampleWithHeap, runInQuickJS, singleFile, STACK_BYTES, withTransfers } from './quickjs.mjs';

/** The example as Node's core entry reads it (the transfers variant is built from it). */
async function exampleProblem() {
  const { fromDnnpipeConfig } = await import('../../dist/index.js');
  return fromDnnpipeConfig(JSON.parse(exampleConfigText()));
}

/** The least value in (fails, fits] for which `works` holds, to `step`. */
async function least(fails, fits, step, works) {
  while (fits - fails > step) {
    const middle = Math.floor((fails + fits) / 2 / step) * step;
    if (await works(middle)) fits = middle;
    else fails = middle;
  }
  return fits;
}

const KIB = 1024;
const loads = async (heapBytes) => (await runInQuickJS({
  script: singleFile(), program: 'globalThis.output = typeof globalThis.dnnpipe.solve;', heapBytes, stackBytes: STACK_BYTES,
})).output === 'function';
const plans = async (heapBytes) => (await planExampleWithHeap(heapBytes)).startsWith('planned');
// The same with activations and links: the transfer-aware DP keeps a table per kind of next stage.
const transfersText = JSON.stringify(withTransfers(JSON.parse(JSON.stringify(await exampleProblem()))));
const plansTransfers = async (heapBytes) => (await runInQuickJS({
  script: singleFile(), heapBytes, stackBytes: STACK_BYTES, globals: { transfersText },
  program: 'globalThis.dnnpipe.solve(JSON.parse(globalThis.transfersText)).then((plan) => { globalThis.output = String(plan.bottleneck); }, (error) => { globalThis.failure = String(error); });',
})).output !== undefined;
const plansWithStack = async (stackBytes) => (await planExampleWithHeap(4096 * KIB, stackBytes)).startsWith('planned');

const empty = await least(0, 4096 * KIB, KIB, async (heapBytes) => (await runInQuickJS({ script: '', program: 'globalThis.output = "";', heapBytes, stackBytes: STACK_BYTES })).output === '');
const loaded = await least(0, 4096 * KIB, KIB, loads);
const planned = await least(0, 4096 * KIB, KIB, plans);
const plannedTransfers = await least(0, 8192 * KIB, KIB, plansTransfers);
const stack = await least(0, STACK_BYTES, 256, plansWithStack);
console.log(JSON.stringify({
  emptyContextKiB: empty / KIB,
  loadedKiB: loaded / KIB,
  plannedKiB: planned / KIB,
  plannedWithTransfersKiB: plannedTransfers / KIB,
  plannedStackBytes: stack,
  singleFileKiB: Math.round(singleFile().length / KIB),
  configKiB: Math.round(exampleConfigText().length / KIB),
}));
