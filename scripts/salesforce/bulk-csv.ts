/**
 * Bulk API 2.0 CSV, both ways: what a job is sent (COMMA delimiter, LF line ending, RFC 4180 quoting, as the job
 * is created with) and the result sets it answers, parsed as they arrive.
 */
import type { Readable } from 'node:stream';
import { csvCellReader } from './csv-cells.ts';

/** A value that must be quoted: a comma, quote, line break or byte order mark in it, or a space at either end. */
const NEEDS_QUOTES = /[",\r\n\ufeff]|^ | $/;

const cellOf = (value: string | undefined) =>
  value == null ? '' : NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/**
 * Rows of cells as CSV lines, each ending with LF (a value with a comma, quote or line break is quoted). The same
 * text papaparse's `unparse` writes (the local org reads it with papaparse), without its per-cell checks of
 * options a Bulk upload never uses.
 */
export function bulkCsvLines(rows: readonly (readonly string[])[]): string {
  let text = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) text += i ? `,${cellOf(row[i])}` : cellOf(row[i]);
    text += '\n';
  }
  return text;
}

/** A whole CSV: the header, then each row's cells in column order (a missing cell stays empty). */
export function bulkCsv(columns: readonly string[], rows: readonly Record<string, string>[]): string {
  return bulkCsvLines([columns, ...rows.map((row) => columns.map((column) => row[column] ?? ''))]);
}

/** Each kept column (`columns`, or every one) with its place in the header; a column the header lacks is left out. */
export function pickColumns(header: readonly string[], columns?: readonly string[]): [string, number][] {
  return (columns ?? header).map((name): [string, number] => [name, header.indexOf(name)]).filter(([, i]) => i >= 0);
}

/** A row's kept cells by column name (a short row's missing cells empty). */
export function pickedCells(picked: readonly [string, number][], cells: readonly string[]): Record<string, string> {
  const row: Record<string, string> = {};
  for (const [name, i] of picked) row[name] = cells[i] ?? '';
  return row;
}

/**
 * An answer is parsed in pieces of at most this many characters (UTF-16: twice as many bytes): V8 keeps a string
 * past 128 KiB in its large-object space until a full collection, and a 64 KiB chunk of the answer, decoded or
 * joined with the partial row before it, would be one. A value kept of a row also holds on to its piece. TextDecoder
 * decodes in about half StringDecoder's CPU.
 */
const PIECE = 1 << 14;

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
  const full: Record<string, string>[][] = [];
  let batch: Record<string, string>[] = [];
  let picked: [string, number][] | undefined;
  // Rows are parsed a chunk of the answer at a time, synchronously: no stream step or promise per row.
  const reader = csvCellReader((cells) => {
    if (!picked) {
      picked = pickColumns(cells, columns);
      return;
    }
    if (batch.push(pickedCells(picked, cells)) >= batchSize) {
      full.push(batch);
      batch = [];
    }
  });
  // A character split between two chunks is decoded whole; a byte order mark at the start is dropped.
  const decoder = new TextDecoder();
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    for (let at = 0; at < chunk.length; at += PIECE) {
      reader.write(
        typeof chunk === 'string'
          ? chunk.slice(at, at + PIECE)
          : decoder.decode(chunk.subarray(at, at + PIECE), { stream: true }),
      );
    }
    yield* full.splice(0);
  }
  reader.write(decoder.decode());
  reader.end();
  yield* full.splice(0);
  if (batch.length) yield batch;
}
