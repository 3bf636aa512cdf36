import { PassThrough, Readable } from 'node:stream';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvRowBatches } from '../../scripts/salesforce/index.ts';

type Row = Record<string, string>;

const rowsOf = async (input: Readable, columns?: string[], batchSize?: number) => {
  const rows: Row[] = [];
  for await (const batch of csvRowBatches(input, columns, batchSize)) rows.push(...batch);
  return rows;
};

/** An answer's bytes in the chunks given, cut wherever the cuts fall (inside a character too). */
const answer = (bytes: Buffer, cuts: number[]) =>
  Readable.from(
    [0, ...cuts].map((at, i, all) => bytes.subarray(at, all[i + 1] ?? bytes.length)),
    { objectMode: false },
  );

/**
 * A result set as Salesforce writes one: the header's `sf__` columns quoted, then the upload's header as sent; every
 * field of every row quoted.
 */
const quoted = ([header, ...rows]: string[][], eol = '\n') =>
  [
    header!.map((name) => (name.startsWith('sf__') ? `"${name}"` : name)),
    ...rows.map((cells) => cells.map((cell) => `"${cell.replaceAll('"', '""')}"`)),
  ]
    .map((cells) => cells.join(',') + eol)
    .join('');

const AWKWARD = ['Acme, Inc.', 'say "hi"', 'two\nlines', 'crlf\r\ninside', 'rocket 🚀 é€', '""', ',', ''];

describe('reading a Bulk result set', () => {
  it('reads every awkward value whole wherever one chunk ends and the next begins', async () => {
    const header = ['sf__Id', 'sf__Created', 'Name', 'Key__c'];
    const rows = AWKWARD.map((name, i) => [`a0${i}`, 'true', name, `k${i}`]);
    const expected = rows.map(([sf__Id, , Name, Key__c]) => ({ Key__c: Key__c!, sf__Id: sf__Id!, Name: Name! }));
    const texts = [quoted, (all: string[][], eol: string) => `${Papa.unparse(all, { newline: eol })}${eol}`];
    for (const [text, eol] of texts.flatMap((text) => ['\n', '\r\n'].map((eol) => [text, eol] as const))) {
      const bytes = Buffer.from(text([header, ...rows], eol));
      for (let cut = 1; cut < bytes.length; cut++) {
        const read = await rowsOf(answer(bytes, [cut]), ['Key__c', 'sf__Id', 'Name']);
        expect(read, `${JSON.stringify(eol)} cut at byte ${cut}`).toEqual(expected);
      }
      const everyByte = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
      expect(await rowsOf(answer(bytes, everyByte), ['Key__c', 'sf__Id', 'Name'])).toEqual(expected);
    }
  });

  it('reads what papaparse reads from the whole text, for CSVs of any shape cut into any chunks', async () => {
    let seed = 7;
    const next = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    const pieces = ['a', 'Zé', '🚀', ' ', ',', '"', '\n', '\r\n', 'x1', ''];
    const cell = () => Array.from({ length: next(4) }, () => pieces[next(pieces.length)]).join('');
    for (let round = 0; round < 150; round++) {
      const width = 2 + next(5);
      const header = ['sf__Id', 'sf__Created', 'Col0', 'Col1', 'Col2', 'Col3', 'Col4'].slice(0, width);
      // Quoted everywhere, as Salesforce answers (a row of two cells at least), or only where it must be, as our
      // uploads are; now and then a row shorter than the header, or no line ending after the last row.
      const salesforce = round % 2 === 1;
      const length = () => (next(5) ? width : (salesforce ? 2 : 1) + next(width - 1));
      const rows = Array.from({ length: next(30) }, () => Array.from({ length: length() }, cell));
      const csv = salesforce ? quoted([header, ...rows]) : `${Papa.unparse([header, ...rows], { newline: '\n' })}\n`;
      const text = next(4) ? csv : csv.slice(0, -1);
      const whole = Papa.parse<string[]>(text, { newline: '\n', skipEmptyLines: true }).data;
      const expected = whole.slice(1).map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
      const bytes = Buffer.from(text);
      const cuts = [...new Set(Array.from({ length: next(8) }, () => 1 + next(Math.max(1, bytes.length - 1))))];
      cuts.sort((x, y) => x - y);
      const read = await rowsOf(answer(bytes, cuts));
      expect(read, `round ${round}: ${JSON.stringify(text)} cut at ${cuts.join(', ')}`).toEqual(expected);
    }
  });

  it('keeps only the columns asked for, in batches of the size asked for', async () => {
    const text = quoted([
      ['sf__Id', 'sf__Error', 'Name'],
      ...Array.from({ length: 5 }, (_, i) => [`a0${i}`, '', `n${i}`]),
    ]);
    const batches: Row[][] = [];
    for await (const batch of csvRowBatches(Readable.from([text]), ['Name', 'Missing', 'sf__Id'], 2)) {
      batches.push(batch);
    }
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(batches.flat()[4]).toEqual({ Name: 'n4', sf__Id: 'a04' });
    expect(await rowsOf(Readable.from([text]))).toContainEqual({ sf__Id: 'a01', sf__Error: '', Name: 'n1' });
  });

  it('has no rows for an answer of only a header, with or without its line ending, or for an empty one', async () => {
    for (const text of ['"sf__Id","sf__Created","Name"\n', '"sf__Id","sf__Created","Name"', 'sf__Id,Name\r\n', '']) {
      expect(await rowsOf(Readable.from([text]), ['sf__Id']), JSON.stringify(text)).toEqual([]);
    }
  });

  it('skips empty lines, reads a last row without a line ending and a short row with empty cells', async () => {
    const text = '\n"sf__Id","sf__Created","Name"\n\n"a01","true","first"\n"a02","false"\n\n"a03","true","last"';
    expect(await rowsOf(answer(Buffer.from(text), [20, 40]))).toEqual([
      { sf__Id: 'a01', sf__Created: 'true', Name: 'first' },
      { sf__Id: 'a02', sf__Created: 'false', Name: '' },
      { sf__Id: 'a03', sf__Created: 'true', Name: 'last' },
    ]);
  });

  it('reads the first column of an answer that starts with a byte order mark', async () => {
    const bytes = Buffer.from('\ufeff"sf__Id","sf__Created",Name\n"a01","true","n"\n');
    expect(await rowsOf(answer(bytes, [1, 2]), ['sf__Id'])).toEqual([{ sf__Id: 'a01' }]);
  });

  it('reads a CSV of one column', async () => {
    expect(await rowsOf(answer(Buffer.from('Name\n"a\nb"\nc\n'), [3, 7]))).toEqual([{ Name: 'a\nb' }, { Name: 'c' }]);
  });

  it('ends with the stream error of an answer broken off midway, after the rows that arrived whole', async () => {
    const input = new PassThrough();
    input.write('"sf__Id","sf__Created","Name"\n"a01","true","one"\n"a02","true","tw');
    const seen: Row[] = [];
    const reading = (async () => {
      for await (const batch of csvRowBatches(input, ['sf__Id'], 1)) {
        seen.push(...batch);
        if (seen.length === 1) input.write('o"\n"a03","true","thr');
        else input.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      }
    })();
    await expect(reading).rejects.toMatchObject({ code: 'ECONNRESET', message: 'socket hang up' });
    expect(seen).toEqual([{ sf__Id: 'a01' }, { sf__Id: 'a02' }]);
  });

  it('lets go of the answer when the reader stops early', async () => {
    const text = quoted([['sf__Id', 'Name'], ...Array.from({ length: 50 }, (_, i) => [`a${i}`, 'n'])]);
    const input = answer(Buffer.from(text), [100, 200, 300]);
    for await (const batch of csvRowBatches(input, undefined, 1)) {
      expect(batch).toEqual([{ sf__Id: 'a0', Name: 'n' }]);
      break;
    }
    expect(input.destroyed).toBe(true);
  });
});
