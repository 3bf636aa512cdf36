// `npm run test:slowest`: the ten slowest tests of the last vitest run (read from what the summary reporter saved).
import { readFileSync } from 'node:fs';
import { TIMINGS_FILE } from './summary-reporter.ts';

let saved: { at: string; timings: { file: string; test: string; ms: number }[] };
try {
  saved = JSON.parse(readFileSync(TIMINGS_FILE, 'utf8'));
} catch {
  process.stderr.write(`No test timings yet (${TIMINGS_FILE}). Run \`npm test\` or \`npm run test:unit\` first.\n`);
  process.exit(1);
}
const slowest = [...saved.timings].sort((a, b) => b.ms - a.ms).slice(0, 10);
process.stdout.write(`The ten slowest tests of the run at ${saved.at}:\n`);
for (const t of slowest) process.stdout.write(`${(t.ms / 1000).toFixed(1).padStart(6)} s  ${t.file}  ${t.test}\n`);
