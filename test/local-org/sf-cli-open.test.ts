import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { startOrg } from './helpers.ts';
import { isolatedSfCli } from './sf-cli-home.ts';

/**
 * `sf org open --url-only`, the real sf CLI: it asks the org for a single-use front-door URL
 * (`/services/oauth2/singleaccess`, "Generate a Frontdoor URL" in Salesforce's OAuth documentation), which the local
 * org answers with the app preview that registered itself, and refuses with a hint while none runs.
 */
describe('local org: sf org open', () => {
  let org: LocalOrg;
  let cli: ReturnType<typeof isolatedSfCli>;

  beforeAll(async () => {
    org = await startOrg();
    cli = isolatedSfCli(org, 'local-org-sf-open-');
    const login = await cli.sf([
      'org',
      'login',
      'access-token',
      '--instance-url',
      org.instanceUrl,
      '--no-prompt',
      '--alias',
      'local',
    ]);
    expect(login.status).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await org?.stop();
    cli?.remove();
  });

  it('without a running app it fails and says how to start one', async () => {
    const open = await cli.sf(['org', 'open', '--url-only', '--target-org', 'local']);
    expect(open.status).not.toBe(0);
    expect(JSON.stringify(open)).toContain('nome preview start');
  }, 120_000);

  it('prints the front-door URL of the app the preview registered', async () => {
    const put = await fetch(`${org.instanceUrl}/__admin/front-door`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: 'http://127.0.0.1:4999' }),
    });
    expect(put.status).toBe(204);
    const open = await cli.sf(['org', 'open', '--url-only', '--target-org', 'local']);
    expect(open.status, JSON.stringify(open)).toBe(0);
    expect(open.result.url).toMatch(/^http:\/\/127\.0\.0\.1:4999\//);
  }, 120_000);
});
