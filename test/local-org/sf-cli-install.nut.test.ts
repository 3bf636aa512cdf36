import { beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { tokenConnection } from './helpers.ts';
import { isolatedSfCli, localOrgWithSfCli } from './sf-cli-home.ts';
const VERSION = '04t5g000000XYZ1AAO';

/** `sf org assign permset` and `sf package install`, the real sf CLI, against the local org (isolated HOME, Node 22 first on PATH). */
describe('local org: the sf CLI assigns permission sets and installs the package', () => {
  const session = localOrgWithSfCli('local-org-sf-install-', { packageVersionIds: [VERSION] });
  let org: LocalOrg;
  let cli: ReturnType<typeof isolatedSfCli>;
  const sf = (args: string[]) => cli.sf(args);

  beforeAll(() => ({ org, cli } = session));

  it('sf org assign permset assigns a package permission set; assigning it again reports the duplicate', async () => {
    const first = await sf(['org', 'assign', 'permset', '--name', 'Metronome_User', '--target-org', 'local']);
    expect(first.status, JSON.stringify(first)).toBe(0);
    expect(first.result.successes).toEqual([{ name: org.username, value: 'Metronome_User' }]);
    const held = await tokenConnection(org).query<{ PermissionSet: { Name: string } }>(
      `SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = '${org.userId}'`,
    );
    expect(held.records.map((r) => r.PermissionSet.Name)).toEqual(['Metronome_User']);

    const again = await sf(['org', 'assign', 'permset', '--name', 'Metronome_User', '--target-org', 'local']);
    const assignment = (
      await tokenConnection(org).query<{ Id: string }>(
        `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${org.userId}'`,
      )
    ).records[0];
    expect(JSON.stringify(again)).toContain(
      `duplicate value found: <unknown> duplicates value on record with id: ${assignment.Id!.slice(0, 15)}`,
    );
  }, 60_000);

  it('sf package install installs the version the org knows and waits for SUCCESS', async () => {
    const install = await sf([
      'package',
      'install',
      '--package',
      VERSION,
      '--wait',
      '1',
      '--target-org',
      'local',
      '--no-prompt',
    ]);
    expect(install.status, JSON.stringify(install)).toBe(0);
    expect(install.result).toMatchObject({ Status: 'SUCCESS', SubscriberPackageVersionKey: VERSION });
  }, 60_000);
});
