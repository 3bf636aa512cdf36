import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { errorOf, startOrg, tokenConnection, type Connection } from './helpers.ts';

const VERSION = '04t5g000000XYZ1AAO';

/** What a recorded Salesforce sandbox answered to the same install (test/packaging/fixtures/install.json). */
const recorded = JSON.parse(readFileSync('test/packaging/fixtures/install.json', 'utf8')) as {
  routes: { name: string; soql?: string; response: { body: any } }[];
};
const route = (name: string) => recorded.routes.find((r) => r.name === name)!;

async function waitForStatus(conn: Connection, id: string): Promise<Record<string, any>> {
  for (;;) {
    const request = (await conn.tooling.retrieve('PackageInstallRequest', id)) as Record<string, any>;
    if (request.Status !== 'IN_PROGRESS') return request;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The Tooling API calls of a package install, through jsforce's tooling client, shaped as Salesforce answers them. */
describe('local org: Tooling API package install', () => {
  let org: LocalOrg;
  let conn: Connection;
  let project: string;
  beforeAll(async () => {
    project = mkdtempSync(path.join(tmpdir(), 'local-org-tooling-'));
    cpSync('force-app', path.join(project, 'force-app'), { recursive: true });
    const sfdx = JSON.parse(readFileSync('sfdx-project.json', 'utf8'));
    writeFileSync(
      path.join(project, 'sfdx-project.json'),
      JSON.stringify({ ...sfdx, packageAliases: { 'Metronome@1.0.0-1': VERSION } }),
    );
    org = await startOrg({ projectDir: project });
    conn = tokenConnection(org);
  });
  afterAll(async () => {
    await org.stop();
    rmSync(project, { recursive: true, force: true });
  });

  it('answers the recorded SubscriberPackageVersion queries with the same shape and fields', async () => {
    for (const name of ['version availability', 'version record']) {
      const expected = route(name).response.body;
      const soql =
        name === 'version availability'
          ? route(name).soql!.replace('04t5g000000XYZ1AAA', VERSION)
          : `SELECT ${Object.keys(expected.records[0])
              .filter((k) => k !== 'attributes')
              .join(', ')} FROM SubscriberPackageVersion WHERE Id ='${VERSION}'`;
      const result = await conn.request<Record<string, any>>(
        `/services/data/v${conn.version}/tooling/query?q=${encodeURIComponent(soql)}`,
      );
      expect(Object.keys(result).sort()).toEqual(Object.keys(expected).sort());
      expect(result).toMatchObject({ size: 1, totalSize: 1, done: true, entityTypeName: 'SubscriberPackageVersion' });
      expect(Object.keys(result.records[0]).sort()).toEqual(Object.keys(expected.records[0]).sort());
      expect(result.records[0]).toMatchObject({
        Id: VERSION,
        InstallValidationStatus: 'NO_ERRORS_DETECTED',
        attributes: { type: 'SubscriberPackageVersion' },
      });
      expect(result.records[0].SubscriberPackageId).toMatch(/^033\w{15}$/);
    }
  });

  it('an install request runs in the background and ends SUCCESS, with the recorded record shape', async () => {
    const created = await conn.tooling.create('PackageInstallRequest', {
      SubscriberPackageVersionKey: VERSION,
      SecurityType: 'None',
      NameConflictResolution: 'Block',
      Password: 'never-echoed',
    });
    expect(created).toMatchObject({ success: true, errors: [] });
    expect(created.id).toMatch(/^0Hf\w{15}$/);
    const request = await waitForStatus(conn, created.id!);
    expect(Object.keys(request).sort()).toEqual(Object.keys(route('install: success').response.body).sort());
    expect(request).toMatchObject({
      Id: created.id,
      Status: 'SUCCESS',
      Errors: null,
      Password: null,
      SubscriberPackageVersionKey: VERSION,
    });

    const installed = (namespace: string) =>
      conn.tooling.query<Record<string, any>>(
        `SELECT Id, SubscriberPackageVersion.Id FROM InstalledSubscriberPackage WHERE SubscriberPackage.NamespacePrefix = '${namespace}'`,
      );
    expect((await installed('NOME')).records.map((r) => r.SubscriberPackageVersion.Id)).toEqual([VERSION]);
    expect((await installed('OTHER')).records).toEqual([]);
  });

  it('an install request for a version the org does not know ends ERROR with the reason', async () => {
    const created = await conn.tooling.create('PackageInstallRequest', {
      SubscriberPackageVersionKey: '04t5g000000ZZZ9AAO',
    });
    const request = await waitForStatus(conn, created.id!);
    expect(request.Status).toBe('ERROR');
    expect(request.Errors.errors[0].message).toContain('04t5g000000ZZZ9AAO is not available');
  });

  it('refuses a request without a version, an unknown field and an unknown request ID as Salesforce does', async () => {
    expect((await errorOf(conn.tooling.create('PackageInstallRequest', { SecurityType: 'None' }))).errorCode).toBe(
      'REQUIRED_FIELD_MISSING',
    );
    expect(
      (
        await errorOf(
          conn.tooling.create('PackageInstallRequest', { SubscriberPackageVersionKey: VERSION, Colour: 'red' }),
        )
      ).errorCode,
    ).toBe('INVALID_FIELD');
    expect((await errorOf(conn.tooling.retrieve('PackageInstallRequest', '0Hf5g000000AAAAAAA'))).errorCode).toBe(
      'NOT_FOUND',
    );
  });

  it('counts Tooling calls against DailyApiRequests like every other API call', async () => {
    const used = org.apiUsage();
    await conn.tooling.query(`SELECT Id FROM SubscriberPackageVersion WHERE Id = '${VERSION}'`);
    expect(org.apiUsage()).toBe(used + 1);
    const limits = await conn.request<{ DailyApiRequests: { Max: number; Remaining: number } }>('/limits');
    expect(limits.DailyApiRequests.Max - limits.DailyApiRequests.Remaining).toBe(used + 2);
  });
});
