/**
 * Bulk API 2.0 CSV as the benchmark of bulk-csv.ts sees it: a result set shaped like Salesforce's (every field
 * quoted, `sf__Id`, `sf__Created`, then each column the job was sent), and the chunks an HTTP answer arrives in.
 * Deterministic: the same rows every run, so two runs measure the same work.
 */
import { Readable } from 'node:stream';

/** The columns of an upsert's upload besides the external ID: what the sync's bigger objects send. */
const ECHOED = [
  'Name',
  'NOME__Customer__r.NOME__Metronome_Customer_ID__c',
  'NOME__Contract__r.NOME__Metronome_Contract_ID__c',
  'NOME__Status__c',
  'NOME__Type__c',
  'NOME__Currency__c',
  'NOME__Total__c',
  'NOME__Subtotal__c',
  'NOME__Start__c',
  'NOME__End__c',
  'NOME__Issued_At__c',
  'NOME__Description__c',
  'NOME__Product_Name__c',
  'NOME__Quantity__c',
  'NOME__Unit_Price__c',
  'NOME__Billable__c',
  'NOME__Credit_Type__c',
  'NOME__Custom_Fields__c',
];

export const EXTERNAL_ID = 'NOME__Metronome_ID__c';

/** What the sync keeps of a result row (bulk-upsert.ts's `resultColumns`). */
export const PICKED = [EXTERNAL_ID, 'sf__Id', 'sf__Created', 'sf__Error'];

/** Text a user types: now and then a comma, a quote, a line break (LF or CRLF) or characters beyond ASCII. */
const AWKWARD = [
  'Acme, Inc.',
  'The "gold" plan',
  'first line\nsecond line',
  'Windows\r\nline',
  'Zürich café',
  '東京 office',
  'rocket 🚀 launch',
  '',
];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;

function uuid(next: () => number): string {
  const hex = () => Math.floor(next() * 16).toString(16);
  return Array.from({ length: 32 }, hex)
    .join('')
    .replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}

/** The cells of one row of the upload, in `uploadColumns()` order. */
export function uploadRow(i: number, next = random(i + 1)): string[] {
  const awkward = () => (next() < 0.1 ? AWKWARD[Math.floor(next() * AWKWARD.length)]! : '');
  const amount = () => (next() * 10_000).toFixed(2);
  return [
    uuid(next),
    `Invoice ${i} ${awkward()}`.trim(),
    uuid(next),
    uuid(next),
    next() < 0.5 ? 'FINALIZED' : 'DRAFT',
    'USAGE',
    'USD',
    amount(),
    amount(),
    '2026-01-01T00:00:00.000Z',
    '2026-02-01T00:00:00.000Z',
    '2026-02-01T00:00:00.000Z',
    awkward() || `Usage for period ${i % 12}`,
    `Product ${i % 40} ${awkward()}`.trim(),
    String(Math.floor(next() * 1000)),
    amount(),
    next() < 0.8 ? 'true' : 'false',
    'Cloud credits',
    next() < 0.2 ? `{"region":"eu-${i % 3}","tier":"${awkward().replaceAll('"', '')}"}` : '',
  ];
}

export const uploadColumns = () => [EXTERNAL_ID, ...ECHOED];

/**
 * A `successfulResults` answer of `rows` rows as Salesforce writes one: its own two columns quoted, then the header
 * of the upload as sent; every field of every row quoted.
 */
export function successfulResults(rows: number): string {
  const lines = [`"sf__Id","sf__Created",${uploadColumns().join(',')}`];
  for (let i = 0; i < rows; i++) {
    const id = `a01Hs00000${i.toString(36).padStart(8, '0')}`.slice(0, 18);
    lines.push([id, i % 7 ? 'true' : 'false', ...uploadRow(i)].map(quote).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** `bytes` as an HTTP answer delivers them: `size`-byte chunks, a character split where one falls. */
export function answerOf(bytes: Buffer, size = 1 << 16): Readable {
  let at = 0;
  return new Readable({
    read() {
      this.push(at < bytes.length ? bytes.subarray(at, (at += size)) : null);
    },
  });
}
