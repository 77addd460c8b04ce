import fs from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain line, "N passed, N failed, N skipped", that any CI can read. Under `npm test`
 * (scripts/test.ts), which runs vitest more than once, the line names the run and the counts go to a file,
 * from which the script prints the plain line for all runs together.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    const label = process.env.TEST_RUN_LABEL;
    console.log(`\n${label ? `${label}: ` : ''}${passed} passed, ${failed} failed, ${skipped} skipped`);
    const file = process.env.TEST_SUMMARY_FILE;
    if (file) fs.appendFileSync(file, `${JSON.stringify({ passed, failed, skipped })}\n`);
  }
}
