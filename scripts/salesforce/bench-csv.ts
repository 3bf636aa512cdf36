/**
 * CPU cost of Bulk API 2.0 CSV in the sync's client, both ways, against papaparse as it was used before:
 * - reading a `successfulResults` answer of 13,000 and 66,000 rows (Salesforce's quoting, 21 columns, a few
 *   values with commas, quotes, line breaks, characters beyond ASCII) that arrives in 64 KiB chunks, keeping the
 *   four columns the sync reads;
 * - writing the same rows as an upload, 500 rows a call as the sync spools them (the output must be identical).
 *
 * Run: `npm run bench:csv [-- runs]` (7 by default, after one warm-up; a collection before each where node
 * runs with --expose-gc, as there). CPU ms is user + system of this process (median and fastest of the
 * runs), so other work on the machine inflates it less than wall time.
 */
import { pipeline, type Readable } from 'node:stream';
import Papa from 'papaparse';
import { answerOf, PICKED, successfulResults, uploadColumns, uploadRow } from './bench-csv-data.ts';
import { bulkCsvLines, csvRowBatches, pickColumns, pickedCells } from './bulk-csv.ts';

const SIZES = [13_000, 66_000];
const RUNS = Number(process.argv[2] ?? 7);
const SPOOL_BATCH = 500;

type RowBatches = (input: Readable, columns?: readonly string[]) => AsyncIterable<Record<string, string>[]>;

/** The reader before: papaparse's Node stream, an object-mode item and an async-iterator step per row. */
async function* papaStreamRows(input: Readable, columns?: readonly string[]): AsyncGenerator<Record<string, string>[]> {
  input.setEncoding('utf8');
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter: ',', skipEmptyLines: true });
  pipeline(input, parser, () => undefined);
  let picked: [string, number][] | undefined;
  const batch: Record<string, string>[] = [];
  for await (const cells of parser as AsyncIterable<string[]>) {
    if (!picked) {
      picked = pickColumns(cells, columns);
      continue;
    }
    batch.push(pickedCells(picked, cells));
    if (batch.length >= 500) yield batch.splice(0);
  }
  if (batch.length) yield batch;
}

const READERS: [string, RowBatches][] = [
  ['papaparse Node stream, a step per row (before)', papaStreamRows],
  ['csvRowBatches: uDSV, a chunk at a time (now)', csvRowBatches],
];

const WRITERS: [string, (rows: string[][]) => string][] = [
  ['Papa.unparse (before)', (rows) => `${Papa.unparse(rows, { delimiter: ',', newline: '\n' })}\n`],
  ['bulkCsvLines (now)', bulkCsvLines],
];

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function measure(work: () => Promise<unknown> | unknown): Promise<{ median: number; min: number }> {
  const times: number[] = [];
  await work(); // warm-up: compiled code, not the compiling, is measured
  for (let run = 0; run < RUNS; run++) {
    globalThis.gc?.();
    const start = cpuMs();
    await work();
    times.push(cpuMs() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]! };
}

async function readAll(read: RowBatches, bytes: Buffer): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  for await (const batch of read(answerOf(bytes), PICKED)) for (const row of batch) rows.push(row);
  return rows;
}

const line = (name: string, rows: number, { median, min }: { median: number; min: number }) =>
  `  ${name.padEnd(48)} ${String(rows).padStart(6)} rows  ${median.toFixed(0).padStart(5)} ms CPU (fastest ` +
  `${min.toFixed(0)})  ${((rows / median) * 1000).toFixed(0).padStart(7)} rows/s`;

async function benchReading(): Promise<void> {
  console.log(`Reading a successfulResults answer (64 KiB chunks, ${PICKED.length} columns kept):`);
  for (const size of SIZES) {
    const bytes = Buffer.from(successfulResults(size));
    const expected = JSON.stringify(await readAll(READERS[0]![1], bytes));
    for (const [name, read] of READERS) {
      if (JSON.stringify(await readAll(read, bytes)) !== expected) throw new Error(`${name}: different rows`);
      console.log(line(name, size, await measure(() => readAll(read, bytes))));
    }
  }
}

async function benchWriting(): Promise<void> {
  console.log(`Writing an upload (${SPOOL_BATCH} rows a call):`);
  for (const size of SIZES) {
    const rows = [uploadColumns(), ...Array.from({ length: size }, (_, i) => uploadRow(i))];
    const calls = Array.from({ length: Math.ceil(rows.length / SPOOL_BATCH) }, (_, i) =>
      rows.slice(i * SPOOL_BATCH, (i + 1) * SPOOL_BATCH),
    );
    const expected = calls.map(WRITERS[0]![1]).join('');
    for (const [name, write] of WRITERS) {
      if (calls.map(write).join('') !== expected) throw new Error(`${name}: different text`);
      // As the sync spools them: each call's text measured in bytes, then dropped.
      console.log(line(name, size, await measure(() => calls.forEach((rows) => Buffer.byteLength(write(rows))))));
    }
  }
}

await benchReading();
await benchWriting();
