import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Most tests wait on HTTP between an in-process server and a client, not on the CPU: four workers keep two cores
 * busy where Vitest's default (cores − 1, so one worker here) leaves them idle. NOME_TEST_WORKERS overrides it.
 */
const workers = Number(process.env.NOME_TEST_WORKERS) || 4;

export default defineConfig({
  root,
  test: {
    include: ['test/**/*.test.ts'],
    // Run apart: the proof soaks (npm run test:soak, vitest.soak.config.ts) and the tests that drive real external
    // clients as processes, the sf CLI, Chromium, SFDMU (npm run test:nuts, vitest.nuts.config.ts).
    exclude: ['**/node_modules/**', 'test/**/*.soak.test.ts', 'test/**/*.nut.test.ts'],
    setupFiles: ['test/setup/quiet-warnings.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: workers,
    reporters: ['default', ['./test/summary-reporter.ts', { suite: 'test' }]],
  },
});
