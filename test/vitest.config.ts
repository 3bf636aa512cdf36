import { globSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Most tests wait on HTTP between an in-process server and a client, not on the CPU: four workers keep two cores
 * busy where Vitest's default (cores − 1, so one worker here) leaves them idle. NOME_TEST_WORKERS overrides it.
 */
const workers = Number(process.env.NOME_TEST_WORKERS) || 4;

/**
 * The files that point HOME at a throwaway sf home (test/org/support/sf-home.ts, or HOME set for the commands they
 * run): @salesforce/core keeps what it read from the first HOME it saw (aliases, config), so each needs modules of its
 * own. Found by what they call, so a new such file is isolated without a list to keep.
 */
const SETS_HOME = /prepareSfHome\(|process\.env\.HOME =|runNomeInProcess\(/;
const OWN_MODULES = globSync('test/**/*.test.ts', { cwd: root }).filter((file) =>
  SETS_HOME.test(readFileSync(path.join(root, file), 'utf8')),
);

// Run apart: the proof soaks (npm run test:soak, vitest.soak.config.ts) and the tests that drive real external
// clients as processes, the sf CLI, Chromium, SFDMU (npm run test:nuts, vitest.nuts.config.ts).
const APART = ['**/node_modules/**', 'test/**/*.soak.test.ts', 'test/**/*.nut.test.ts'];

const common = {
  setupFiles: ['test/setup/quiet-warnings.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
};

export default defineConfig({
  root,
  test: {
    maxWorkers: workers,
    reporters: ['default', ['./test/summary-reporter.ts', { suite: 'test' }]],
    projects: [
      {
        // Loading the module graph (jsforce, @salesforce/core, the SDK, the local org) was most of the CPU of a run
        // when every file loaded its own: here the files of one worker share it. Each file still starts and stops
        // its own servers and leaves process.env as it found it.
        extends: true,
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: [...APART, ...OWN_MODULES], isolate: false },
      },
      {
        extends: true,
        test: { name: 'isolated', include: OWN_MODULES, exclude: APART, isolate: true },
      },
    ],
    ...common,
  },
});
