/** What a person sees: a live line per object while the run goes (TTY only), then a summary table. */
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import type { ValidationReport } from './validate.ts';
import type { ProgressEvent, SyncRecordError, SyncReport } from './types.ts';

export interface ProgressDisplay {
  update(event: ProgressEvent): void;
  stop(): void;
}

const short = (apiName: string) => apiName.replace(/^NOME__Metronome_/, '').replace(/__c$/, '');

export function createProgress(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const multibar = new cliProgress.MultiBar(
    {
      stream,
      format: ' {object} | read {read} | written {written} | unchanged {unchanged} | failed {failed}',
      hideCursor: true,
      clearOnComplete: false,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    update({ object, counts }) {
      const payload = {
        object: short(object).padEnd(22),
        read: counts.read,
        written: counts.created + counts.updated + counts.deleted,
        unchanged: counts.unchanged,
        failed: counts.failed,
      };
      const bar = bars.get(object) ?? multibar.create(1, 0, payload);
      bars.set(object, bar);
      bar.update(0, payload);
    },
    stop: () => {
      // Draw the last state (bars added since the last frame included) before leaving it on screen.
      multibar.update();
      multibar.stop();
    },
  };
}

export interface SummaryOptions {
  /**
   * Record errors the caller knows are coming (a demo's deliberately malformed data): listed as expected, and when
   * they are the only ones the run reads as the success it is. The report itself is not changed.
   */
  expected?: { matches: (error: SyncRecordError) => boolean; why: string };
}

/** What the warnings are, by code, from the ones kept in the report: "12 TEXT_TRUNCATED, 2 ACCOUNT_NOT_IN_ORG". */
function warningKinds(report: SyncReport): string {
  const byCode = new Map<string, number>();
  for (const w of report.warnings) byCode.set(w.code, (byCode.get(w.code) ?? 0) + 1);
  const kinds = [...byCode].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${n} ${code}`);
  const unlisted = report.warningCount - report.warnings.length;
  return [...kinds, ...(unlisted > 0 ? [`${unlisted} more`] : [])].join(', ');
}

const isRootCause = (e: SyncRecordError) => !e.code.startsWith('PARENT_');

function headline(report: SyncReport, onlyExpected: boolean): string {
  const what = report.dryRun ? 'Dry run (nothing written)' : 'Sync';
  const seconds = `${(report.durationMs / 1000).toFixed(1)} s`;
  const outcome = onlyExpected
    ? `succeeded in ${seconds} (${report.recordErrorCount} expected record errors, below)`
    : `${report.status} in ${seconds}`;
  return `${what} of ${report.environment} → ${report.target} (org ${report.orgId}): ${outcome}`;
}

function errorTable(errors: SyncRecordError[], expected: SummaryOptions['expected']): string {
  const head = ['Object', 'Metronome ID', 'Code', 'Field', 'Message'];
  const table = new Table({
    head: expected ? [...head, 'Expected'] : head,
    colWidths: expected ? [20, 38, 24, 24, 42, 10] : [20, 38, 24, 24, 50],
    wordWrap: true,
    // Red headers say "something is wrong"; errors that are all expected are shown as information.
    ...(expected && errors.every(expected.matches) ? { style: { head: ['cyan'] } } : {}),
  });
  for (const e of errors) {
    const row = [short(e.object), e.metronomeId, e.code, e.field ?? '', e.message];
    table.push(expected ? [...row, expected.matches(e) ? 'yes' : 'NO'] : row);
  }
  return table.toString();
}

/** The run's summary as `nome sync run` prints it. */
export function summaryTable(report: SyncReport): string {
  return runSummary(report);
}

/** The run's summary, with the errors a caller expects (a demo's deliberately bad records) marked as such. */
export function runSummary(report: SyncReport, options: SummaryOptions = {}): string {
  const { expected } = options;
  const table = new Table({ head: ['Object', 'Read', 'Created', 'Updated', 'Deleted', 'Unchanged', 'Failed'] });
  for (const [object, c] of Object.entries(report.objects))
    table.push([object, c.read, c.created, c.updated, c.deleted, c.unchanged, c.failed]);
  // Every error was reported (the list is complete) and each one is expected: the run did all it could.
  const complete = report.recordErrors.length === report.recordErrorCount;
  const onlyExpected =
    report.status === 'partial' && Boolean(expected) && complete && report.recordErrors.every(expected!.matches);
  const lines = [headline(report, onlyExpected)];
  if (report.fullSyncReason) lines.push(`Full sync: ${report.fullSyncReason}`);
  if (report.message) lines.push(report.message);
  lines.push(table.toString());
  lines.push(
    `API calls: Salesforce ${report.apiCalls.salesforce}${report.apiBudget ? ` (budget for this run ${report.apiBudget.allowedForRun} of ${report.apiBudget.remaining} remaining)` : ''}, Metronome ${report.apiCalls.metronome}`,
  );
  if (report.recordErrorCount) {
    const expectedCount = expected ? report.recordErrors.filter(expected.matches).length : 0;
    if (onlyExpected) lines.push(`Record errors: ${report.recordErrorCount}, all expected — ${expected!.why}`);
    else if (expectedCount)
      lines.push(
        `Record errors: ${report.recordErrorCount} (retried on the next run), ${expectedCount} of them expected: ${expected!.why}`,
      );
    else lines.push(`Record errors: ${report.recordErrorCount} (retried on the next run)`);
    // Unexpected first, then root causes: a record skipped because its parent failed says less than the parent's own error.
    const rank = (e: SyncRecordError) => (expected?.matches(e) ? 2 : 0) + (isRootCause(e) ? 0 : 1);
    const shown = [...report.recordErrors].sort((a, b) => rank(a) - rank(b)).slice(0, 10);
    lines.push(errorTable(shown, expected));
    if (report.recordErrorCount > shown.length)
      lines.push(`… and ${report.recordErrorCount - shown.length} more (--json lists them)`);
  }
  if (report.warningCount) lines.push(`Warnings: ${report.warningCount} (${warningKinds(report)}); --json lists them`);
  return lines.join('\n');
}

export function validationTable(report: ValidationReport): string {
  const table = new Table({
    head: ['Object', 'In Metronome', 'In org', 'Matching', 'Missing', 'Stale', 'Orphaned', 'Unmappable'],
  });
  for (const [object, d] of Object.entries(report.objects))
    table.push([object, d.expected, d.actual, d.matching, d.missing, d.stale, d.orphaned, d.unmappable]);
  const lines = [
    report.inSync ? 'The org matches Metronome: no drift.' : 'The org has drifted from Metronome:',
    table.toString(),
  ];
  for (const item of report.stale.slice(0, 20)) {
    for (const d of item.differences ?? []) {
      lines.push(
        `  stale   ${item.object} ${item.externalId} (${item.salesforceId}): ${d.field} is ${JSON.stringify(d.actual)}, Metronome has ${JSON.stringify(d.expected)}`,
      );
    }
  }
  for (const item of report.missing.slice(0, 20)) lines.push(`  missing ${item.object} ${item.externalId}`);
  for (const item of report.orphaned.slice(0, 20))
    lines.push(`  orphan  ${item.object} ${item.externalId} (${item.salesforceId})`);
  return lines.join('\n');
}
