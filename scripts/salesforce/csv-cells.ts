/**
 * CSV parsed as it arrives: text written a chunk at a time, cut anywhere (inside a quoted field, between the CR
 * and LF of a line ending), each row's cells handed on as soon as the row is complete, the header row first.
 * Empty lines are skipped. The line ending (LF or CRLF) is the header's.
 *
 * A Bulk result set (its header starts with a quoted `"sf__Id"`; `sf__Created` or `sf__Error` follows it, then
 * the header of the upload as it was sent; Salesforce quotes every field of every row) is parsed by uDSV, in about
 * half papaparse's CPU (scripts/salesforce/bench-csv.ts). Any other CSV is papaparse's: uDSV drops a row that ends
 * after its first cell (it reads that line ending as an empty line) and runs an unquoted row shorter than the
 * header into the next, neither of which a result set has.
 */
import Papa from 'papaparse';
import { inferSchema, initParser } from 'udsv';

export interface CsvCellReader {
  write(text: string): void;
  end(): void;
}

/** What a row's cells are handed to (returning nothing: uDSV would stop at `false`). */
type OnCells = (cells: string[]) => void;

export function csvCellReader(onCells: OnCells): CsvCellReader {
  let before = '';
  let carried = '';
  let rows: CsvCellReader | undefined;
  const write = (text: string) => {
    if (rows) return rows.write(text);
    before += text;
    const start = before.search(/[^\r\n]/);
    const eol = start < 0 ? -1 : before.indexOf('\n', start);
    if (eol < 0) return;
    const header = before.slice(start, eol + 1);
    rows = rowsParser(header, header.endsWith('\r\n') ? '\r\n' : '\n', onCells);
    rows.write(before.slice(start));
    before = '';
  };
  return {
    write(text) {
      // A CR at the end may be half of a CRLF: it waits for what follows it.
      const all = carried + text;
      carried = all.endsWith('\r') ? '\r' : '';
      write(carried ? all.slice(0, -1) : all);
    },
    end() {
      write(carried);
      carried = '';
      // A header without a line ending: no rows, but the header all the same.
      if (!rows && before.trim()) write('\n');
      rows?.end();
    },
  };
}

const RESULT_SET_HEADER = /^"sf__Id","sf__\w+"[,\r\n]/;

function rowsParser(header: string, lineEnding: '\n' | '\r\n', onCells: OnCells): CsvCellReader {
  if (!RESULT_SET_HEADER.test(header)) return papaRows(lineEnding, onCells);
  const schema = inferSchema(header, { col: ',', row: lineEnding, encl: '"' }, 1);
  onCells(schema.cols.map((col) => col.name));
  const parser = initParser(schema);
  return {
    write: (text) => parser.chunk<string[]>(text, parser.stringArrs, onCells),
    end() {
      // uDSV ends a last row only when it has every column: a line ending ends it whatever its length.
      parser.chunk<string[]>(lineEnding, parser.stringArrs, onCells);
      parser.end();
    },
  };
}

function papaRows(lineEnding: '\n' | '\r\n', onCells: OnCells): CsvCellReader {
  const parser = new Papa.Parser({ delimiter: ',', newline: lineEnding });
  let partial = '';
  const parse = (text: string, last: boolean): number => {
    const { data, meta } = parser.parse(text, 0, !last) as Papa.ParseResult<string[]>;
    for (const cells of data) if (cells.length > 1 || cells[0]) onCells(cells);
    return meta.cursor;
  };
  return {
    write(text) {
      const all = partial + text;
      partial = all.slice(parse(all, false));
    },
    end() {
      if (partial) parse(partial, true);
      partial = '';
    },
  };
}
