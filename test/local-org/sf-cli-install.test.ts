import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { startOrg, tokenConnection } from './helpers.ts';

const run = promisify(execFile);
const BIN = path.resolve('node_modules/.bin');
const VERSION = '04t5g000000XYZ1AAO';

/** `sf org assign permset` and `sf package install`, the real sf CLI, against the local org (isolated HOME, Node 22 first on PATH). */
describe('local org: the sf CLI assigns permission sets and installs the package', () => {
  let org: LocalOrg;
  let home: string;
  let env: NodeJS.ProcessEnv;

  const sf = async (args: string[]) => {
    const { stdout } = await run(path.join(BIN, 'sf'), [...args, '--json'], { env, cwd: home, timeout: 40_000 }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }));
    return JSON.parse(stdout) as { status: number; result: Record<string, any>; name?: string; message?: string };
  };

  beforeAll(async () => {
    org = await startOrg({ packageVersionIds: [VERSION] });
    home = mkdtempSync(path.join(tmpdir(), 'local-org-sf-install-'));
    const xdg = (p: string) => path.join(home, 'xdg', p);
    for (const d of ['data', 'config', 'cache', 'state']) mkdirSync(xdg(d), { recursive: true });
    env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_proxy$/i.test(k)));
    Object.assign(env, {
      PATH: `${BIN}${path.delimiter}${process.env.PATH}`, HOME: home, SF_DATA_DIR: path.join(home, 'sf'), XDG_DATA_HOME: xdg('data'),
      XDG_CONFIG_HOME: xdg('config'), XDG_CACHE_HOME: xdg('cache'), XDG_STATE_HOME: xdg('state'), SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
      SF_DISABLE_TELEMETRY: 'true', SF_AUTOUPDATE_DISABLE: 'true', SF_HIDE_RELEASE_NOTES: 'true', SF_SKIP_NEW_VERSION_CHECK: 'true',
      SF_ACCESS_TOKEN: org.accessToken,
    });
    const login = await sf(['org', 'login', 'access-token', '--instance-url', org.instanceUrl, '--no-prompt', '--alias', 'local']);
    expect(login.status).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await org?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('sf org assign permset assigns a package permission set; assigning it again reports the duplicate', async () => {
    const first = await sf(['org', 'assign', 'permset', '--name', 'Metronome_User', '--target-org', 'local']);
    expect(first.status, JSON.stringify(first)).toBe(0);
    expect(first.result.successes).toEqual([{ name: org.username, value: 'Metronome_User' }]);
    const held = await tokenConnection(org).query<{ PermissionSet: { Name: string } }>(`SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = '${org.userId}'`);
    expect(held.records.map((r) => r.PermissionSet.Name)).toEqual(['Metronome_User']);

    const again = await sf(['org', 'assign', 'permset', '--name', 'Metronome_User', '--target-org', 'local']);
    expect(JSON.stringify(again)).toContain('duplicate value found: <unknown> duplicates value on record with id: <unknown>');
  }, 60_000);

  it('sf package install installs the version the org knows and waits for SUCCESS', async () => {
    const install = await sf(['package', 'install', '--package', VERSION, '--wait', '1', '--target-org', 'local', '--no-prompt']);
    expect(install.status, JSON.stringify(install)).toBe(0);
    expect(install.result).toMatchObject({ Status: 'SUCCESS', SubscriberPackageVersionKey: VERSION });
  }, 60_000);
});
