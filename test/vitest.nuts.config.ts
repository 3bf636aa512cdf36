/**
 * `npm run test:nuts` (also run by .ci/run): the "non-unit tests" of Salesforce's plugin convention, which drive real
 * external clients as processes against local orgs: the sf CLI (`*.nut.test.ts` beside the local org's tests),
 * headless Chromium (test/preview) and SFDMU, which the npm script installs on demand into .nome/peers. Each client
 * call costs a process start (the sf CLI: about 1.3 s of CPU), so they run apart from `npm test`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default defineConfig({
  root,
  test: {
    include: ['test/**/*.nut.test.ts'],
    setupFiles: ['test/setup/quiet-warnings.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The clients are CPU-bound processes: one file per core.
    maxWorkers: Number(process.env.NOME_TEST_WORKERS) || 2,
    reporters: ['default', ['./test/summary-reporter.ts', { suite: 'nuts' }]],
  },
});
