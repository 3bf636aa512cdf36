/**
 * Bulk API 2.0 CSV, both ways, with papaparse: what a job is sent (COMMA delimiter, LF line ending, RFC 4180
 * quoting, as the job is created with) and the result sets it answers, parsed as they arrive.
 */
import { pipeline, type Readable } from 'node:stream';
import Papa from 'papaparse';

const FORMAT = { delimiter: ',', newline: '\n' } as const;

/** Rows of cells as CSV lines, each ending with LF (a value with a comma, quote or line break is quoted). */
export function bulkCsvLines(rows: readonly (readonly string[])[]): string {
  return rows.length ? `${Papa.unparse(rows as string[][], FORMAT)}\n` : '';
}

/** A whole CSV: the header, then each row's cells in column order (a missing cell stays empty). */
export function bulkCsv(columns: readonly string[], rows: readonly Record<string, string>[]): string {
  return bulkCsvLines([columns, ...rows.map((row) => columns.map((column) => row[column] ?? ''))]);
}

/**
 * A CSV stream's rows as objects keyed by the header, a batch at a time; only `columns` are kept when given (a
 * result row echoes every column sent, and most are not read). An error of the stream (a dropped connection)
 * ends the rows with that error.
 */
export async function* csvRowBatches(
  input: Readable,
  columns?: readonly string[],
  batchSize = 500,
): AsyncGenerator<Record<string, string>[]> {
  // Decoded as a stream: a character split between two chunks arrives whole.
  input.setEncoding('utf8');
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter: FORMAT.delimiter, skipEmptyLines: true });
  pipeline(input, parser, () => undefined);
  let picked: [string, number][] | undefined;
  let batch: Record<string, string>[] = [];
  for await (const cells of parser as AsyncIterable<string[]>) {
    if (!picked) {
      picked = (columns ?? cells)
        .map((name): [string, number] => [name, cells.indexOf(name)])
        .filter(([, i]) => i >= 0);
      continue;
    }
    const row: Record<string, string> = {};
    for (const [name, i] of picked) row[name] = cells[i] ?? '';
    batch.push(row);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
