import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { bulkCsv, bulkCsvLines, csvRowBatches } from '../../scripts/salesforce/index.ts';

const rowsOf = async (input: Readable, columns?: string[], batchSize?: number) => {
  const batches: Record<string, string>[][] = [];
  for await (const batch of csvRowBatches(input, columns, batchSize)) batches.push(batch);
  return batches;
};

describe('Bulk API 2.0 CSV', () => {
  it('quotes only what needs it (comma, quote, line break, edge spaces), one LF per row', () => {
    expect(bulkCsvLines([['plain', 'a,b', 'say "hi"', 'two\nlines', ' padded', '#N/A']])).toBe(
      'plain,"a,b","say ""hi""","two\nlines"," padded",#N/A\n',
    );
    expect(bulkCsv(['Name', 'Key__c'], [{ Key__c: 'k1', Name: 'n1' }, { Key__c: 'k2' }])).toBe(
      'Name,Key__c\nn1,k1\n,k2\n',
    );
    expect(bulkCsvLines([])).toBe('');
  });

  it('writes what papaparse writes for any cells (the local org reads uploads with papaparse)', () => {
    const odd = ['', ' ', ' lead', 'trail ', '\ttab', 'a,b', '"', 'x""y', 'cr\r', 'lf\n', '\ufeffbom', '=1+1', 'é🚀'];
    const rows = odd.flatMap((a) => odd.map((b) => [a, b, `${a}${b}`]));
    const papa = (all: string[][]) => `${Papa.unparse(all, { delimiter: ',', newline: '\n' })}\n`;
    expect(bulkCsvLines(rows)).toBe(papa(rows));
    expect(bulkCsvLines([[], ['only'], [], ['', '']])).toBe(papa([[], ['only'], [], ['', '']]));
  });

  it('reads back what it writes, keeping only the columns asked for, in batches', async () => {
    const sent = ['x, "y"', 'multi\nline', 'é€'];
    const text = bulkCsvLines([['sf__Id', 'Name', 'Other'], ...sent.map((name, i) => [`a0${i}`, name, 'dropped'])]);
    const batches = await rowsOf(Readable.from([text]), ['Name', 'sf__Id', 'Missing'], 2);
    expect(batches.map((b) => b.length)).toEqual([2, 1]);
    expect(batches.flat()).toEqual(sent.map((Name, i) => ({ Name, sf__Id: `a0${i}` })));
  });

  it('decodes a character split between two chunks of the answer', async () => {
    const bytes = Buffer.from('Name\n€uro\n');
    const cut = bytes.indexOf(0xe2) + 1;
    const input = Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)], { objectMode: false });
    expect((await rowsOf(input)).flat()).toEqual([{ Name: '€uro' }]);
  });

  it('ends with the error of a stream that breaks off', async () => {
    const input = new Readable({
      read() {
        this.push('Name\nfirst\n');
        this.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      },
    });
    await expect(rowsOf(input)).rejects.toThrow(/socket hang up/);
  });
});
