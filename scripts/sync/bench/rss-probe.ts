/**
 * Preloaded (`node --import`) into a command the benchmark runs as a user would (`nome sync run`): on exit, writes
 * the process's peak RSS, its CPU time (all threads) and when its first outgoing HTTP request was created to
 * NOME_BENCH_PROBE_FILE.
 */
import { channel } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';

const file = process.env.NOME_BENCH_PROBE_FILE;
if (file) {
  let firstRequestMs: number | undefined;
  const first = () => (firstRequestMs ??= performance.now());
  // Node's own HTTP client and undici (fetch) announce each request they create. The channels are held here:
  // a channel only referenced by its subscription may be collected, and its subscription with it.
  const channels = [channel('http.client.request.created'), channel('undici:request:create')];
  for (const c of channels) c.subscribe(first);
  process.on('exit', () => {
    void channels;
    const usage = process.resourceUsage();
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
    writeFileSync(file, JSON.stringify({ maxRssKiB: usage.maxRSS, cpuMs, firstRequestMs }));
  });
}
