/**
 * LIKE benchmark (not part of the test suite): a 4,000-character pattern (the most Salesforce takes in WHERE) with twenty `%` against 2,000 rows, and a
 * request sent while it runs. The goal is an answer within 100 ms; exits 1 when the median misses it.
 * Usage: node --disable-warning=ExperimentalWarning scripts/local-org/soql/benchmark.ts [rows=2000]
 */
import { startLocalOrg } from '../index.ts';

const GOAL_MS = 100;
const rows = Number(process.argv[2] ?? 2000);
const INVOICE = 'NOME__Metronome_Invoice__c';
/** Twenty `%` among `_` wildcards: the shape that makes a backtracking matcher try every placement. */
const pathological = `${'%_'.repeat(19)}%${'_'.repeat(3960)}b`;
/** Twenty `%` that do match, so the matcher walks every segment of every row. */
const matching = `${'%a'.repeat(19)}%`;

const org = await startLocalOrg({});
try {
  const call = (url: string, init: RequestInit = {}) =>
    fetch(`${org.instanceUrl}/services/data/v62.0${url}`, {
      ...init,
      headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
    });
  for (let start = 0; start < rows; start += 200) {
    const records = Array.from({ length: Math.min(200, rows - start) }, (_, i) => ({
      attributes: { type: INVOICE },
      Name: Array.from({ length: 80 }, (_, j) => (((start + i) * 31 + j * 7) % 3 === 0 ? 'b' : 'a')).join(''),
    }));
    const res = await call('/composite/sobjects', {
      method: 'POST',
      body: JSON.stringify({ allOrNone: true, records }),
    });
    if (!res.ok) throw new Error(`seeding failed: ${res.status} ${await res.text()}`);
  }
  const timeQuery = async (pattern: string) => {
    const q = encodeURIComponent(`SELECT Id FROM ${INVOICE} WHERE Name LIKE '${pattern}'`);
    const started = performance.now();
    const [answer, limits] = await Promise.all([
      call(`/query?q=${q}`).then(async (r) => ({ status: r.status, body: (await r.json()) as { totalSize: number } })),
      call('/limits').then((r) => ({ status: r.status, at: performance.now() - started })),
    ]);
    if (answer.status !== 200 || limits.status !== 200)
      throw new Error(`unexpected answer: ${answer.status} / ${limits.status}`);
    return { ms: performance.now() - started, parallelMs: limits.at, totalSize: answer.body.totalSize };
  };
  const report = async (label: string, pattern: string) => {
    const runs = [];
    for (let i = 0; i < 7; i++) runs.push(await timeQuery(pattern));
    const median = runs.map((r) => r.ms).sort((a, b) => a - b)[3];
    const parallel = runs.map((r) => r.parallelMs).sort((a, b) => a - b)[3];
    console.log(
      `${label}: ${pattern.length} chars, ${pattern.split('%').length - 1} %, ${rows} rows → ${runs[0].totalSize} rows in ${median.toFixed(1)} ms (median of 7); /limits sent alongside answered in ${parallel.toFixed(1)} ms`,
    );
    return median;
  };
  const worst = Math.max(await report('pathological LIKE', pathological), await report('matching LIKE', matching));
  if (worst > GOAL_MS) {
    console.error(`LIKE took ${worst.toFixed(1)} ms, over the ${GOAL_MS} ms goal`);
    process.exitCode = 1;
  }
} finally {
  await org.stop();
}
