// `npm run test:slowest [nuts|soak]`: the ten slowest tests of a suite's last run (default `npm test`'s), read from
// what the summary reporter saved.
import { readFileSync } from 'node:fs';
import { SUITES, timingsFile, type Suite } from './summary-reporter.ts';

const suite = (process.argv[2] ?? 'test') as Suite;
if (!SUITES.includes(suite)) {
  process.stderr.write(`Unknown suite "${suite}": one of ${SUITES.join(', ')}.\n`);
  process.exit(1);
}
const file = timingsFile(suite);
let saved: { at: string; timings: { file: string; test: string; ms: number }[] };
try {
  saved = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  const command = suite === 'test' ? '`npm test` or `npm run test:unit`' : `\`npm run test:${suite}\``;
  process.stderr.write(`No test timings yet (${file}). Run ${command} first.\n`);
  process.exit(1);
}
const slowest = [...saved.timings].sort((a, b) => b.ms - a.ms).slice(0, 10);
process.stdout.write(`The ten slowest tests of the ${suite} run at ${saved.at}:\n`);
for (const t of slowest) process.stdout.write(`${(t.ms / 1000).toFixed(1).padStart(6)} s  ${t.file}  ${t.test}\n`);
