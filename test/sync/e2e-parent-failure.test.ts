/**
 * One bad record never fails a run, including a parent Salesforce refuses: its children are not sent (they would
 * fail on the lookup) and each is reported with the lookup field and its own Metronome ID, stored, and retried.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_DIR } from '../../scripts/metadata/index.ts';
import { syncObjects } from '../../scripts/sync/objects.ts';
import { StateStore } from '../../scripts/sync/state/index.ts';
import type { SyncReport } from '../../scripts/sync/types.ts';
import { orgExternalIds, startWorld, type World } from './world.ts';

const CUSTOMER = 'NOME__Metronome_Customer__c';

/**
 * The org holds an older schema than the mapping's (Name__c of 100 characters, not 255): Salesforce refuses the
 * customer whose name the mapping cut to 255, and only that one. Returns the project directory to remove.
 */
async function olderSchema(world: World): Promise<string> {
  const project = mkdtempSync(path.join(tmpdir(), 'nome-older-schema-'));
  cpSync(path.join(PROJECT_DIR, 'force-app'), path.join(project, 'force-app'), { recursive: true });
  cpSync(path.join(PROJECT_DIR, 'sfdx-project.json'), path.join(project, 'sfdx-project.json'));
  const nameField = path.join(
    project,
    'force-app/main/default/objects/Metronome_Customer__c/fields/Name__c.field-meta.xml',
  );
  writeFileSync(nameField, readFileSync(nameField, 'utf8').replace('<length>255</length>', '<length>100</length>'));
  await world.org.reloadSchema(project);
  return project;
}

describe('a parent Salesforce refuses', () => {
  let world: World;
  let report: SyncReport;
  let customerId: string;

  let project: string;

  beforeAll(async () => {
    world = await startWorld({ customers: 10, seed: 31 });
    customerId = world.sandbox.known.longNameCustomerId;
    project = await olderSchema(world);
    report = await world.sync();
  });
  afterAll(async () => {
    await world?.stop();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('reports the parent with its code and Metronome ID, and every child it blocked with the lookup field', async () => {
    expect(report.status).toBe('partial');
    const parentError = report.recordErrors.find((e) => e.object === CUSTOMER && e.metronomeId === customerId);
    expect(parentError?.code).toMatch(/^[A-Z_]+$/);
    const blocked = report.recordErrors.filter((e) => e.code === 'PARENT_NOT_SYNCED');
    expect(blocked.length).toBeGreaterThan(0);
    const objects = syncObjects(world.schema);
    const lookups = (object: string) =>
      [...objects.find((o) => o.apiName === object)!.parents.values()].map((p) => p.field.apiName);
    // Children of the customer, and in turn their children (line items of its invoices): each names its blocked parent.
    const blockedKeys = new Set([customerId, ...blocked.map((e) => e.externalId!)]);
    expect(new Set(blocked.map((e) => e.object)).size).toBeGreaterThan(1);
    for (const e of blocked) {
      expect(lookups(e.object), e.object).toContain(e.field);
      expect(
        [...blockedKeys].some((key) => key !== e.externalId && e.message.endsWith(` ${key})`)),
        e.message,
      ).toBe(true);
      expect(e.metronomeId).toBeTruthy();
    }
  });

  it('writes every other record, and none of the blocked ones', async () => {
    const inOrg = await orgExternalIds(world);
    expect(inOrg.get(CUSTOMER)!.has(customerId)).toBe(false);
    expect(inOrg.get(CUSTOMER)!.size).toBe(report.objects[CUSTOMER]!.created);
    for (const e of report.recordErrors.filter((r) => r.code === 'PARENT_NOT_SYNCED'))
      expect(inOrg.get(e.object)!.has(e.externalId!), e.externalId).toBe(false);
  });

  it('keeps the blocked children as outstanding errors, to be retried', () => {
    const state = StateStore.forEnvironment('e2e', world.stateDirectory);
    try {
      const stored = state.errors().filter((e) => e.code === 'PARENT_NOT_SYNCED');
      expect(stored.length).toBe(report.recordErrors.filter((e) => e.code === 'PARENT_NOT_SYNCED').length);
      expect(stored.every((e) => e.field && e.externalId)).toBe(true);
    } finally {
      state.close();
    }
  });
});

describe('a parent Salesforce refuses in a Bulk job, while its children are already being prepared', () => {
  let world: World;
  let project: string;
  afterAll(async () => {
    await world?.stop();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('holds back the same children as a run that waited, each reported once, none written', async () => {
    world = await startWorld({ customers: 10, seed: 31 });
    const customerId = world.sandbox.known.longNameCustomerId;
    project = await olderSchema(world);
    // Every object goes by Bulk: its CSV is written while its parents' jobs run, and written again after one failed.
    const report = await world.sync({ options: { bulkThreshold: 1 } });
    expect(report.recordErrors.some((e) => e.object === CUSTOMER && e.metronomeId === customerId)).toBe(true);
    const blocked = report.recordErrors.filter((e) => e.code === 'PARENT_NOT_SYNCED');
    expect(blocked.length).toBeGreaterThan(0);
    const keys = blocked.map((e) => `${e.object} ${e.externalId}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(blocked.some((e) => e.message.endsWith(` ${customerId})`))).toBe(true);
    const inOrg = await orgExternalIds(world);
    for (const e of blocked) expect(inOrg.get(e.object)!.has(e.externalId!), e.externalId).toBe(false);
    const state = StateStore.forEnvironment('e2e', world.stateDirectory);
    try {
      expect(state.errors().filter((e) => e.code === 'PARENT_NOT_SYNCED').length).toBe(blocked.length);
    } finally {
      state.close();
    }
  });
});
