import { describe, expect, it } from 'vitest';
import { loadSchema } from '../../../scripts/metadata/index.ts';
import { openRun } from '../../../scripts/sync/phases/open.ts';
import { resolveOptions } from '../../../scripts/sync/phases/options.ts';
import { StateStore } from '../../../scripts/sync/state/index.ts';
import { compositeAnswer, emptySource, healthyOrg, ORG_ID, scriptedClient, type Responder } from './fixtures.ts';

const schema = await loadSchema();
const PLAN = 'NOME__Metronome_Plan__c';

async function open(
  store: StateStore,
  options: { full?: boolean; dryRun?: boolean; responder?: Responder; apiUsage?: { used: number; limit: number } } = {},
) {
  const { client, sent } = scriptedClient(options.responder, options.apiUsage);
  const run = await openRun(
    { schema, client, source: emptySource(), state: store, target: 'test' },
    resolveOptions({ environment: 'e', refreshSampleSize: 2, ...options }),
  );
  return { run, sent };
}

/** A state that remembers two plans the sync wrote to the org. */
function rememberingStore() {
  const store = new StateStore(':memory:');
  store.openOrg(ORG_ID, '2026-01-01T00:00:00.000Z');
  const first = store.startRun('e', ORG_ID, false);
  const ok = (key: string) => ({
    object: PLAN,
    externalId: key,
    sourceId: key,
    hash: 'h',
    success: true,
    sfId: `a01${key}AAAAAAAAAAA`,
    created: true,
  });
  store.commitOutcomes(ORG_ID, [ok('p1'), ok('p2')], first);
  store.finishRun(first, 'succeeded', {});
  return store;
}

describe('open phase', () => {
  it('a first run is a full sync because the state knows nothing of the org; the run is claimed and the budget set', async () => {
    const { run } = await open(new StateStore(':memory:'));
    expect(run.fullSyncReason).toMatch(/no state for org/);
    expect(run.orgId).toBe(ORG_ID);
    expect(run.budget.allowedForRun).toBe(7500);
    expect(run.deps.state.runs(1)[0]).toMatchObject({ id: run.runId, status: 'running' });
    expect(run.objects[0]!.apiName).toBe('NOME__Metronome_Billable_Metric__c');
  });

  it("takes the budget from the identity answer's Sforce-Limit-Info, without a call to /limits", async () => {
    const { run, sent } = await open(new StateStore(':memory:'), { apiUsage: { used: 999, limit: 5000 } });
    expect(sent.map((r) => r.url)).not.toContainEqual(expect.stringMatching(/\/limits$/));
    expect(sent).toHaveLength(1);
    // 1,000 used of 5,000 once the identity query is counted; the run may use half of what is left.
    expect(run.budget.limits).toEqual({ max: 5000, remaining: 4000 });
    expect(run.budget.allowedForRun).toBe(2000);
  });

  it('asks /limits when the usage the connection remembers is not from this answer', async () => {
    const { client, sent } = scriptedClient();
    (client.conn as { limitInfo?: unknown }).limitInfo = { apiUsage: { used: 5, limit: 100 } };
    const run = await openRun(
      { schema, client, source: emptySource(), state: new StateStore(':memory:'), target: 'test' },
      resolveOptions({ environment: 'e' }),
    );
    expect(sent.map((r) => r.url)).toContainEqual(expect.stringMatching(/\/limits$/));
    expect(run.budget.limits).toEqual({ max: 15000, remaining: 15000 });
  });

  it('--full sends everything whatever the state remembers', async () => {
    const { run } = await open(rememberingStore(), { full: true });
    expect(run.fullSyncReason).toBe('requested (--full)');
    expect(run.ignoreHashes).toBe(true);
  });

  it('when sampled records the sync wrote are gone from the org, it forgets their digests and syncs in full', async () => {
    const store = rememberingStore();
    const { run, sent } = await open(store);
    // The org's identity and the sample in one request.
    expect(
      sent.filter((r) => r.method !== 'GET' || !r.url.endsWith('/limits')).map((r) => r.url.split('/v62.0')[1]),
    ).toEqual(['/composite']);
    const urls = (sent[0]!.body as { compositeRequest: { url: string }[] }).compositeRequest.map(
      (r) => r.url.split('/v62.0')[1],
    );
    expect(urls[0]).toMatch(/^\/query\?q=SELECT%20Id%2C%20CreatedDate%20FROM%20Organization/);
    expect(urls.slice(1).sort()).toEqual([
      `/sobjects/${PLAN}/a01p1AAAAAAAAAAA?fields=Id`,
      `/sobjects/${PLAN}/a01p2AAAAAAAAAAA?fields=Id`,
    ]);
    expect(run.fullSyncReason).toMatch(/2 of 2 sampled NOME__Metronome_Plan__c records .* gone/);
    expect(run.ignoreHashes).toBe(true);
    expect(store.getRows(ORG_ID, PLAN, ['p1']).get('p1')!.hash).toBeNull();
  });

  it('an org that still holds the sampled records gets an incremental run', async () => {
    const present: Responder = (request) =>
      request.url.endsWith('/composite') ? compositeAnswer(request.body, () => 200) : healthyOrg(request);
    const { run } = await open(rememberingStore(), { responder: present });
    expect(run.fullSyncReason).toBeUndefined();
    expect(run.ignoreHashes).toBe(false);
  });

  it('a dry run decides the same and leaves the digests as they are', async () => {
    const store = rememberingStore();
    const { run } = await open(store, { dryRun: true });
    expect(run.fullSyncReason).toMatch(/gone/);
    expect(store.getRows(ORG_ID, PLAN, ['p1']).get('p1')!.hash).toBe('h');
  });

  it('a failure while opening closes the run as failed and is raised', async () => {
    const store = new StateStore(':memory:');
    const noLimits: Responder = (request) => (request.url.endsWith('/limits') ? {} : healthyOrg(request));
    await expect(open(store, { responder: noLimits })).rejects.toThrow(/DailyApiRequests/);
    expect(store.runs(1)[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/DailyApiRequests/) });
  });
});

describe('refresh sample', () => {
  it('fits every object in one composite call beside the identity query: fewer Ids per object when there are many', async () => {
    const { refreshSample } = await import('../../../scripts/sync/phases/refresh.ts');
    const objects = Array.from({ length: 9 }, (_, i) => [`O${i}__c`, ['a', 'b', 'c', 'd']] as [string, string[]]);
    const sampleIds = (n: number) => new Map(objects.map(([o, ids]) => [o, ids.slice(0, n)]));
    expect(refreshSample(sampleIds, 3)).toHaveLength(18);
    expect(refreshSample(sampleIds, 0)).toEqual([]);
  });
});
