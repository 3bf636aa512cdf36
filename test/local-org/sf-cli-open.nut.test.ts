import { beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { isolatedSfCli, localOrgWithSfCli } from './sf-cli-home.ts';

/**
 * `sf org open --url-only`, the real sf CLI: it asks the org for a single-use front-door URL
 * (`/services/oauth2/singleaccess`, "Generate a Frontdoor URL" in Salesforce's OAuth documentation), which the local
 * org answers with the app preview that registered itself, and refuses with a hint while none runs.
 */
describe('local org: sf org open', () => {
  const session = localOrgWithSfCli('local-org-sf-open-');
  let org: LocalOrg;
  let cli: ReturnType<typeof isolatedSfCli>;

  beforeAll(() => ({ org, cli } = session));

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
