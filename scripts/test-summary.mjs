// Prints vitest's totals as one plain line ("tests: N passed, N failed, N skipped") for CI logs.
import { readFileSync } from 'node:fs';

try {
  const report = JSON.parse(readFileSync(new URL('../test-output/vitest.json', import.meta.url), 'utf8'));
  console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped`);
} catch {
  console.log('tests: no report (the test run did not start)');
}
