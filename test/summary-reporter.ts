import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule, TestSpecification, Vitest } from 'vitest/node';

/** The suites that record timings: `npm test`, `npm run test:nuts`, `npm run test:soak`. */
export const SUITES = ['test', 'nuts', 'soak'] as const;
export type Suite = (typeof SUITES)[number];

/** Where a suite's last run leaves its test durations, for `npm run test:slowest` (one file per suite). */
export const timingsFile = (suite: Suite) =>
  path.resolve(import.meta.dirname, '..', '.nome', `test-timings${suite === 'test' ? '' : `.${suite}`}.json`);

/**
 * Ends the run with one plain "vitest: N passed, N failed, N skipped" line that any CI log reader understands, and
 * records every test's duration of a whole-suite run so the next slowdown is visible without making the run itself louder. Each suite
 * writes its own file (`['./test/summary-reporter.ts', { suite: 'nuts' }]`), so a soak run never hides npm test's.
 */
export default class SummaryReporter implements Reporter {
  private readonly suite: Suite;
  private partial = false;

  constructor(options: { suite?: Suite } = {}) {
    this.suite = options.suite ?? 'test';
  }

  private vitest?: Vitest;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  async onTestRunStart(specifications: ReadonlyArray<TestSpecification>): Promise<void> {
    // A run of some files or tests (`vitest run … test/sync`, `-t`) would replace the suite's slowest with its own.
    const all = (await this.vitest?.globTestSpecifications()) ?? [];
    this.partial = specifications.length < all.length || this.vitest?.config.testNamePattern !== undefined;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const timings: { file: string; test: string; ms: number }[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
        const ms = test.diagnostic()?.duration;
        if (ms !== undefined) timings.push({ file: module.relativeModuleId, test: test.fullName, ms: Math.round(ms) });
      }
    }
    if (!this.partial) {
      const file = timingsFile(this.suite);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), timings }, null, 1)}\n`);
    }
    process.stdout.write(`\nvitest: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
