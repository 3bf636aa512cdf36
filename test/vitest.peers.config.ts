import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `npm run test:peers`: real third-party clients installed on demand (SFDMU) against local orgs. */
export default defineConfig({
  root,
  test: {
    include: ['test/**/*.peer.test.ts'],
    setupFiles: ['test/setup/quiet-warnings.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
