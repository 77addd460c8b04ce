import fs from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/** One failed test as the summary names it: file, test name and the first line of its error. */
interface Failure {
  file: string;
  test: string;
  error: string;
}

/**
 * Ends the run with one plain line, "N passed, N failed, N skipped", that any CI can read, after the name and
 * first error line of each failed test (so a CI log cut to its last lines still says what failed). Under
 * `npm test` (scripts/test.ts), which runs vitest more than once, the line names the run and the counts go to
 * a file, from which the script prints the failures and the plain line for all runs together.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0;
    let skipped = 0;
    const failures: Failure[] = unhandledErrors.map((error) => ({
      file: '(outside any test)',
      test: 'unhandled error',
      error: firstLine(error),
    }));
    for (const module of testModules) {
      const file = module.relativeModuleId;
      const tests = [...module.children.allTests()];
      if (module.state() === 'failed' && tests.length === 0) {
        failures.push({ file, test: '(the file did not load)', error: firstLine(module.errors()[0]) });
      }
      for (const test of tests) {
        const result = test.result();
        if (result.state === 'passed') passed++;
        else if (result.state === 'failed') {
          failures.push({ file, test: test.fullName, error: firstLine(result.errors?.[0]) });
        } else skipped++;
      }
    }
    const label = process.env.TEST_RUN_LABEL;
    if (failures.length > 0) console.log(`\n${describeFailures(failures)}`);
    console.log(
      `\n${label ? `${label}: ` : ''}${passed} passed, ${failures.length} failed, ${skipped} skipped`,
    );
    const file = process.env.TEST_SUMMARY_FILE;
    if (file) {
      fs.appendFileSync(
        file,
        `${JSON.stringify({ label, passed, failed: failures.length, skipped, failures })}\n`,
      );
    }
  }
}

function firstLine(error: unknown): string {
  const message =
    error && typeof error === 'object' && 'message' in error ? String(error.message) : String(error ?? '');
  return message.split('\n')[0]?.slice(0, 300) ?? '';
}

/** The failures as lines of text: "✗ file › test" and the error's first line under it. */
export function describeFailures(failures: ReadonlyArray<Failure>, label?: string): string {
  return failures
    .map(
      (failure) => `✗ ${label ? `[${label}] ` : ''}${failure.file} › ${failure.test}\n    ${failure.error}`,
    )
    .join('\n');
}
