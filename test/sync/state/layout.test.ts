import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { STATE_LAYOUT } from '../../../scripts/sync/state/layout.ts';
import { StateStore } from '../../../scripts/sync/state/index.ts';

const ORG = '00D000000000001AAA';
const OTHER_ORG = '00D000000000002AAA';
const CUSTOMER = 'NOME__Metronome_Customer__c';
const INVOICE = 'NOME__Metronome_Invoice__c';

/** The tables as nome wrote them before layouts were numbered (layout 1), verbatim. */
const LAYOUT_1 = `
CREATE TABLE IF NOT EXISTS orgs (org_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
  org_id TEXT NOT NULL, object TEXT NOT NULL, external_id TEXT NOT NULL, source_id TEXT NOT NULL,
  sf_id TEXT, hash TEXT, owned INTEGER NOT NULL DEFAULT 0, intent_run INTEGER, seen_run INTEGER,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, object, external_id)
);
CREATE INDEX IF NOT EXISTS records_source ON records (org_id, object, source_id);
CREATE INDEX IF NOT EXISTS records_seen ON records (org_id, object, seen_run);
CREATE TABLE IF NOT EXISTS record_errors (
  org_id TEXT NOT NULL, object TEXT NOT NULL, error_key TEXT NOT NULL, external_id TEXT, source_id TEXT NOT NULL,
  code TEXT NOT NULL, field TEXT, message TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, last_run INTEGER,
  PRIMARY KEY (org_id, object, error_key)
);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, environment TEXT NOT NULL, org_id TEXT NOT NULL, started_at TEXT NOT NULL,
  ended_at TEXT, status TEXT NOT NULL, dry_run INTEGER NOT NULL, summary TEXT, error TEXT, pid INTEGER
);
`;

const AT = '2026-11-28T10:00:00.000Z';
/** [org, object, external ID, source ID, Salesforce Id, digest, owned, intent run, seen run] */
type Row = [string, string, string, string, string | null, string | null, number, number | null, number | null];
const ROWS: Row[] = [
  [ORG, CUSTOMER, 'c1', 'c1', '001000000000001AAA', 'h-c1', 1, null, 2], // created by the sync, seen by run 2
  [ORG, CUSTOMER, 'c2', 'c2', '001000000000002AAA', 'h-c2', 0, null, 2], // found in the org, not the sync's
  [ORG, CUSTOMER, 'c3', 'c3', '001000000000003AAA', 'h-c3', 1, null, 1], // the sync's, gone from Metronome
  [ORG, CUSTOMER, 'c4', 'c4', null, null, 0, 2, 2], // sent by run 2, never answered
  [ORG, INVOICE, 'i1:abc:0', 'i1', '002000000000001AAA', null, 1, null, 2], // failed last time: no digest
  [OTHER_ORG, CUSTOMER, 'c1', 'c1', '001000000000009AAA', 'h-c1', 1, null, 2], // the same ID in another org
];

/** A state file as the earlier nome left it: two orgs, two runs, an unanswered send, an error. */
function writeLayout1File(file: string): void {
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL;');
  db.exec(LAYOUT_1);
  const org = db.prepare('INSERT INTO orgs VALUES (?, ?, ?, ?)');
  org.run(ORG, 'fp-1', AT, AT);
  org.run(OTHER_ORG, 'fp-2', AT, AT);
  const record = db.prepare('INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const row of ROWS) record.run(...row, AT);
  db.prepare('INSERT INTO record_errors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    ORG,
    INVOICE,
    'i1:abc:0',
    'i1:abc:0',
    'i1',
    'STRING_TOO_LONG',
    'Name',
    'too long',
    AT,
    AT,
    2,
  );
  const run = db.prepare(
    'INSERT INTO runs (environment, org_id, started_at, ended_at, status, dry_run, summary) VALUES (?, ?, ?, ?, ?, 0, ?)',
  );
  run.run('e', ORG, AT, AT, 'succeeded', JSON.stringify({ apiCalls: { salesforce: 40 }, fullSyncReason: 'first' }));
  run.run('e', ORG, AT, AT, 'partial', JSON.stringify({ apiCalls: { salesforce: 3 } }));
  db.close();
}

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nome-state-layout-'));
  dirs.push(dir);
  return path.join(dir, 'e.sqlite');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function layoutOf(file: string): { version: number; recordColumns: string[]; indexes: string[] } {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return {
      version: (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version,
      recordColumns: (db.prepare("SELECT name FROM pragma_table_info('records')").all() as { name: string }[]).map(
        (c) => c.name,
      ),
      indexes: (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records'").all() as {
          name: string;
        }[]
      ).map((i) => i.name),
    };
  } finally {
    db.close();
  }
}

describe('state file layout', () => {
  it('a new file is made in the current layout', () => {
    const file = tempFile();
    new StateStore(file).close();
    expect(layoutOf(file)).toMatchObject({ version: STATE_LAYOUT, recordColumns: expect.arrayContaining(['scope']) });
  });

  it('upgrades a file of the earlier layout in place, keeping every record, error and run', () => {
    const file = tempFile();
    writeLayout1File(file);
    const state = new StateStore(file);
    try {
      expect(layoutOf(file).recordColumns).not.toContain('org_id');
      expect(layoutOf(file).version).toBe(STATE_LAYOUT);
      const customers = state.getRows(ORG, CUSTOMER, ['c1', 'c2', 'c3', 'c4', 'missing']);
      expect([...customers.values()]).toEqual(
        ROWS.filter((r) => r[0] === ORG && r[1] === CUSTOMER).map(
          ([, object, externalId, sourceId, sfId, hash, owned, intentRun]) => ({
            object,
            externalId,
            sourceId,
            sfId,
            hash,
            owned: owned === 1,
            intentRun,
          }),
        ),
      );
      expect(state.getRows(ORG, INVOICE, ['i1:abc:0']).get('i1:abc:0')).toMatchObject({ sourceId: 'i1', hash: null });
      expect(state.getRows(OTHER_ORG, CUSTOMER, ['c1']).get('c1')!.sfId).toBe('001000000000009AAA');
      expect(state.recordCount(ORG)).toBe(5);
      expect(state.recordCount(OTHER_ORG)).toBe(1);
      // The org is known with its fingerprint: no full sync is due, nothing is void.
      expect(state.orgChange(ORG, 'fp-1')).toEqual({ stale: false });
      expect(state.errors(ORG)).toEqual([
        expect.objectContaining({ object: INVOICE, externalId: 'i1:abc:0', code: 'STRING_TOO_LONG', firstSeen: AT }),
      ]);
      expect(state.runs().map((r) => r.status)).toEqual(['partial', 'succeeded']);
      expect(state.lastRunCalls('e', ORG, true)).toBe(40);
      // The deletion phase of a run 3 that met none of them: what it deletes, what it must ask the org about.
      expect(state.unseenOwned(ORG, CUSTOMER, 3).map((r) => r.externalId)).toEqual(['c1', 'c3']);
      expect(state.unseenIntents(ORG, CUSTOMER, 3)).toEqual([{ externalId: 'c4', sourceId: 'c4', intentRun: 2 }]);
      expect(state.unseenOwned(ORG, CUSTOMER, 2).map((r) => r.externalId)).toEqual(['c3']);
      expect(state.sampleIds(ORG, 10)).toEqual(
        new Map([
          [CUSTOMER, expect.arrayContaining(['001000000000001AAA', '001000000000002AAA', '001000000000003AAA'])],
        ]),
      );
    } finally {
      state.close();
    }
  });

  it('an upgraded file goes on as before: new records, outcomes, deletions, another open', () => {
    const file = tempFile();
    writeLayout1File(file);
    let state = new StateStore(file);
    const run = state.startRun('e', ORG, false);
    state.markSeen(ORG, CUSTOMER, ['c1', 'c2', 'c4'], run);
    state.markSeenBySource(ORG, INVOICE, 'i1', run); // a line item, found by its invoice's ID
    expect(state.unseenOwned(ORG, INVOICE, run)).toEqual([]);
    state.markIntent(ORG, [{ object: CUSTOMER, externalId: 'c5', sourceId: 'c5' }], run);
    state.commitOutcomes(
      ORG,
      [
        {
          object: CUSTOMER,
          externalId: 'c5',
          sourceId: 'c5',
          hash: 'h-c5',
          success: true,
          sfId: '001C5',
          created: true,
        },
        {
          object: INVOICE,
          externalId: 'i1:abc:0',
          sourceId: 'i1',
          hash: 'h-i1',
          success: true,
          sfId: '002000000000001AAA',
        },
      ],
      run,
    );
    expect(state.errors(ORG)).toEqual([]);
    expect(state.forgetUnseenForeign(ORG, CUSTOMER, run)).toBe(0); // c3 is the sync's: deleted from the org, not forgotten
    state.removeRecords(ORG, CUSTOMER, ['c3']);
    state.close();
    state = new StateStore(file);
    try {
      expect([...state.getRows(ORG, CUSTOMER, ['c1', 'c2', 'c3', 'c4', 'c5']).keys()]).toEqual([
        'c1',
        'c2',
        'c4',
        'c5',
      ]);
      expect(state.getRows(ORG, CUSTOMER, ['c5']).get('c5')).toMatchObject({
        owned: true,
        sfId: '001C5',
        intentRun: null,
      });
      expect(state.getRows(OTHER_ORG, CUSTOMER, ['c1']).get('c1')!.hash).toBe('h-c1');
    } finally {
      state.close();
    }
  });

  it('refuses a file from a newer nome, naming it and its layout, and leaves it as it was', () => {
    const file = tempFile();
    new StateStore(file).close();
    const db = new DatabaseSync(file);
    db.exec(`PRAGMA user_version = ${STATE_LAYOUT + 1}`);
    db.close();
    expect(() => new StateStore(file)).toThrow(
      new RegExp(
        `state file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in layout ${STATE_LAYOUT + 1}.*newer version of nome`,
      ),
    );
    expect(layoutOf(file).version).toBe(STATE_LAYOUT + 1);
  });

  it('refuses a file whose records table nome did not write', () => {
    const file = tempFile();
    const db = new DatabaseSync(file);
    db.exec('CREATE TABLE records (id TEXT PRIMARY KEY, data TEXT)');
    db.close();
    expect(() => new StateStore(file)).toThrow(/holds a records table nome did not write/);
    expect(layoutOf(file).recordColumns).toEqual(['id', 'data']);
  });

  it('of several processes opening an earlier-layout file at the same instant, one upgrades it and all read it', async () => {
    const { spawn } = await import('node:child_process');
    const file = tempFile();
    writeLayout1File(file);
    const at = Date.now() + 1500;
    const script = `
      const { StateStore } = await import(${JSON.stringify(path.resolve(import.meta.dirname, '../../../scripts/sync/state/index.ts'))});
      while (Date.now() < ${at});
      const state = new StateStore(${JSON.stringify(file)});
      console.log(state.recordCount(${JSON.stringify(ORG)}));`;
    const node = path.resolve(import.meta.dirname, '../../../node_modules/.bin/node');
    const outputs = await Promise.all(
      Array.from(
        { length: 3 },
        () =>
          new Promise<string>((resolve) => {
            const child = spawn(node, ['--no-warnings', '--input-type=module', '-e', script], {
              stdio: ['ignore', 'pipe', 'pipe'],
            });
            let out = '';
            child.stdout.on('data', (d) => (out += d));
            child.stderr.on('data', (d) => (out += d));
            child.on('exit', () => resolve(out.trim()));
          }),
      ),
    );
    expect(outputs).toEqual(['5', '5', '5']);
    expect(layoutOf(file).version).toBe(STATE_LAYOUT);
  }, 15_000);
});
