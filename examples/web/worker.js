// Solves in a Web Worker: the same core entry, off the main thread.
import { solve } from '/dist/index.js';
import { describeError, toProblem } from './shared.js';

self.onmessage = async (event) => {
  try {
    self.postMessage({ plan: await solve(toProblem(event.data)) });
  } catch (error) {
    self.postMessage({ error: describeError(error) });
  }
};
