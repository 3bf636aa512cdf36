/** The summary a person reads: errors a demo expects are marked, and alone they read as the success they are. */
import { describe, expect, it } from 'vitest';
import { runSummary, summaryTable } from '../../scripts/sync/terminal.ts';
import type { SyncRecordError, SyncReport } from '../../scripts/sync/types.ts';

const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

function report(errors: SyncRecordError[]): SyncReport {
  return {
    environment: 'local',
    orgId: '00D000000000001',
    target: 'http://127.0.0.1:1',
    dryRun: false,
    status: errors.length ? 'partial' : 'succeeded',
    startedAt: '2026-11-28T00:00:00.000Z',
    endedAt: '2026-11-28T00:00:02.000Z',
    durationMs: 2000,
    objects: {
      NOME__Metronome_Invoice__c: { read: 3, created: 2, updated: 0, deleted: 0, unchanged: 0, failed: errors.length },
    },
    apiCalls: { salesforce: 4, salesforceByKind: {}, metronome: 9, metronomeByEndpoint: {} },
    recordErrors: errors,
    recordErrorCount: errors.length,
    warnings: [],
    warningCount: 0,
  };
}

const error = (metronomeId: string, code = 'NUMBER_OUTSIDE_VALID_RANGE'): SyncRecordError => ({
  object: 'NOME__Metronome_Invoice__c',
  metronomeId,
  code,
  message: `bad ${metronomeId}`,
});
const expected = {
  matches: (e: SyncRecordError) => e.metronomeId.startsWith('demo-'),
  why: 'the demo serves them malformed on purpose.',
};

describe('summaryTable with expected errors', () => {
  it('reads as a success when every error is expected, and says why', () => {
    const text = plain(runSummary(report([error('demo-1'), error('demo-1', 'PARENT_NOT_MAPPED')]), { expected }));
    expect(text).toMatch(/: succeeded in 2\.0 s \(2 expected record errors, below\)/);
    expect(text).not.toContain('partial');
    expect(text).toContain('Record errors: 2, all expected — the demo serves them malformed on purpose.');
    expect(text).toMatch(/Expected/);
  });

  it('stays partial when one error is not expected, and lists it first, marked NO', () => {
    const text = plain(runSummary(report([error('demo-1'), error('real-7')]), { expected }));
    expect(text).toMatch(/: partial in 2\.0 s/);
    expect(text).toContain('1 of them expected');
    const rows = text.split('\n').filter((l) => /│ (yes|NO) /.test(l));
    expect(rows[0]).toMatch(/real-7.*│ NO /);
    expect(rows[1]).toMatch(/demo-1.*│ yes /);
  });

  it("without expectations the summary is the sync's own: partial, no Expected column", () => {
    const text = plain(summaryTable(report([error('demo-1')])));
    expect(text).toMatch(/: partial in 2\.0 s/);
    expect(text).not.toContain('Expected');
  });
});
