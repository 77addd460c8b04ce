import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The fault suite (`npm run test:faults`): real server processes, a private PostgreSQL, kill -9, full disks.
// Its files end in .fault.ts so the main suite's `test/**/*.test.ts` never picks them up.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/faults/**/*.fault.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // One scenario at a time: each runs servers and a storm of its own, and two cores are all there is.
    fileParallelism: false,
    reporters: ['default', './test/support/summary-reporter.ts', './test/faults/support/figures-reporter.ts'],
  },
});
