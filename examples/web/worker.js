// Plans in a Web Worker: the same core entry, off the main thread. Answers a request
// `{ id, text }` twice: first `{ id, plan }` (or `{ id, error }`, and stops), then
// `{ id, frontier }` (or `{ id, frontierError }`), so the page can show the plan while the
// frontier, which can take a second on large problems, is still being computed.
import { frontier, solve } from '/dist/index.js';
import { describeError, toProblem } from './shared.js';

self.onmessage = async ({ data: { id, text } }) => {
  let problem;
  try {
    problem = toProblem(text);
    self.postMessage({ id, plan: await solve(problem) });
  } catch (error) {
    self.postMessage({ id, error: describeError(error) });
    return;
  }
  try {
    self.postMessage({ id, frontier: await frontier(problem) });
  } catch (error) {
    self.postMessage({ id, frontierError: describeError(error) });
  }
};
