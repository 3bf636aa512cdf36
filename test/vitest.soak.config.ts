/**
 * The proof soaks (`npm run test:soak`, also run by .ci/run): runs killed at random points and faults at a rate
 * over several runs. Minutes, not seconds, so apart from `npm test`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default defineConfig({
  root,
  test: {
    include: ['test/**/*.soak.test.ts'],
    setupFiles: ['test/setup/quiet-warnings.ts'],
    testTimeout: 600_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
