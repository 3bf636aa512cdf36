import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/** Where each run leaves its test durations, for `npm run test:slowest`. */
export const TIMINGS_FILE = path.resolve(import.meta.dirname, '..', '.nome', 'test-timings.json');

/**
 * Ends the run with one plain "vitest: N passed, N failed, N skipped" line that any CI log reader understands, and
 * records every test's duration so the next slowdown is visible without making the run itself louder.
 */
export default class SummaryReporter implements Reporter {
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
    mkdirSync(path.dirname(TIMINGS_FILE), { recursive: true });
    writeFileSync(TIMINGS_FILE, `${JSON.stringify({ at: new Date().toISOString(), timings }, null, 1)}\n`);
    process.stdout.write(`\nvitest: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
