/**
 * The proof soaks (`npm run test:soak`, also run by .ci/run): runs killed at random points and faults at a rate
 * over several runs, the reader's memory bound over 10,000 customers, and the hostile-data proof at its full 500
 * customers (`npm test` runs it with 100: NOME_PROOF_CUSTOMERS). Minutes, not seconds, so apart from `npm test`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default defineConfig({
  root,
  test: {
    include: ['test/**/*.soak.test.ts', 'test/sync/proof/hostile-data.test.ts'],
    env: { NOME_PROOF_CUSTOMERS: process.env.NOME_PROOF_CUSTOMERS || '500' },
    setupFiles: ['test/setup/quiet-warnings.ts'],
    testTimeout: 600_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', ['./test/summary-reporter.ts', { suite: 'soak' }]],
  },
});
