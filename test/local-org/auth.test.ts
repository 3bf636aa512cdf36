import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsforce from 'jsforce';
import { SignJWT, exportSPKI, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { CUSTOMER, errorOf, login, startOrg, tokenConnection } from './helpers.ts';

describe('local org: login grants and identity', () => {
  let org: LocalOrg;
  let privateKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey as CryptoKey;
    org = await startOrg({
      jwtCertificate: await exportSPKI(pair.publicKey),
      username: 'sync@example.com',
      password: 's3cret!',
    });
  });
  afterAll(() => org.stop());

  it('password grant: jsforce login gets a session with the org and user IDs from the identity URL', async () => {
    const conn = await login(org);
    expect(conn.userInfo?.organizationId).toBe(org.orgId);
    expect(conn.userInfo?.id).toBe(org.userId);
    expect(org.orgId).toMatch(/^00D[A-Za-z0-9]{15}$/);
    expect(org.userId.slice(0, 3)).toBe('005');
    const identity = await conn.identity();
    expect(identity.username).toBe('sync@example.com');
    expect(identity.organization_id).toBe(org.orgId);
  });

  it('password grant rejects a wrong password and a wrong client secret as Salesforce does', async () => {
    const bad = new jsforce.Connection({
      oauth2: { clientId: org.clientId, clientSecret: org.clientSecret, loginUrl: org.loginUrl },
    });
    const e1 = await errorOf(bad.login(org.username, 'nope'));
    expect(e1.name).toBe('invalid_grant');
    expect(e1.message).toMatch(/authentication failure/);
    const wrongSecret = new jsforce.Connection({
      oauth2: { clientId: org.clientId, clientSecret: 'x', loginUrl: org.loginUrl },
    });
    expect((await errorOf(wrongSecret.login(org.username, org.password))).name).toBe('invalid_client');
  });

  it('SOAP login (jsforce without a client ID) works too', async () => {
    const conn = new jsforce.Connection({ loginUrl: org.loginUrl });
    const info = await conn.login(org.username, org.password);
    expect(info.organizationId).toBe(org.orgId);
    expect((await conn.query('SELECT Id FROM User')).totalSize).toBe(1);
  });

  it('refresh_token grant: an expired session is refreshed by jsforce and the call retried', async () => {
    const conn = new jsforce.Connection({
      oauth2: { clientId: org.clientId, clientSecret: org.clientSecret, loginUrl: org.loginUrl },
      instanceUrl: org.instanceUrl,
      accessToken: `${org.orgId.slice(0, 15)}!expired`,
      refreshToken: org.refreshToken,
    });
    let refreshed = '';
    conn.on('refresh', (token: string) => (refreshed = token));
    const result = await conn.query(`SELECT COUNT() FROM ${CUSTOMER}`);
    expect(result.totalSize).toBe(0);
    expect(refreshed).toMatch(/^00D\w+!/);
    const bad = new jsforce.Connection({
      oauth2: { clientId: org.clientId, clientSecret: org.clientSecret, loginUrl: org.loginUrl },
    });
    expect((await errorOf(bad.oauth2.refreshToken('not-a-token'))).name).toBe('invalid_grant');
  });

  it('JWT bearer grant: a JWT signed with the connected app key logs in; another key is refused', async () => {
    const jwt = (key: CryptoKey, sub = 'sync@example.com') =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuer(org.clientId)
        .setSubject(sub)
        .setAudience(org.loginUrl)
        .setExpirationTime('3m')
        .sign(key);
    const conn = new jsforce.Connection({ oauth2: { clientId: org.clientId, loginUrl: org.loginUrl } });
    const info = await conn.authorize({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: await jwt(privateKey),
    });
    expect(info.organizationId).toBe(org.orgId);
    expect((await conn.query('SELECT Id FROM Organization')).records[0].Id).toBe(org.orgId);
    const other = (await generateKeyPair('RS256')).privateKey as CryptoKey;
    const e = await errorOf(
      conn.authorize({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: await jwt(other) }),
    );
    expect(e.name).toBe('invalid_grant');
    const wrongUser = await errorOf(
      conn.authorize({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: await jwt(privateKey, 'someone@else'),
      }),
    );
    expect(wrongUser.name).toBe('invalid_grant');
  });

  it('an unknown token answers 401 INVALID_SESSION_ID; the versions list needs no token', async () => {
    const conn = new jsforce.Connection({ instanceUrl: org.instanceUrl, accessToken: 'bogus' });
    const e = await errorOf(conn.query('SELECT Id FROM User'));
    expect(e.errorCode).toBe('INVALID_SESSION_ID');
    const versions = (await (await fetch(`${org.instanceUrl}/services/data/`)).json()) as {
      version: string;
      url: string;
    }[];
    expect(versions.map((v) => v.version)).toEqual(expect.arrayContaining(['42.0', '50.0', '66.0']));
    expect(versions.find((v) => v.version === '50.0')?.url).toBe('/services/data/v50.0');
  });

  it('the printed access token works with jsforce directly and userinfo describes the user', async () => {
    const conn = tokenConnection(org);
    const me = (await conn.request('/services/oauth2/userinfo')) as {
      user_id: string;
      organization_id: string;
      preferred_username: string;
    };
    expect(me).toMatchObject({
      user_id: org.userId,
      organization_id: org.orgId,
      preferred_username: 'sync@example.com',
    });
  });
});

describe('local org: data directories', () => {
  it('each new data directory is a new org; restarting on one keeps its ID, credentials and data', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'local-org-'));
    try {
      const first = await startOrg({ dataDir: path.join(dir, 'a') });
      const conn = tokenConnection(first);
      const created = await conn.sobject('Account').create({ Name: 'Persisted' });
      await first.stop();
      const again = await startOrg({ dataDir: path.join(dir, 'a') });
      expect(again.orgId).toBe(first.orgId);
      expect(again.password).toBe(first.password);
      expect(again.accessToken).toBe(first.accessToken);
      const rows = await tokenConnection(again).query<{ Id: string; Name: string }>('SELECT Id, Name FROM Account');
      expect(rows.records.map((r) => [r.Id, r.Name])).toEqual([[created.id, 'Persisted']]);
      const other = await startOrg({ dataDir: path.join(dir, 'b') });
      expect(other.orgId).not.toBe(first.orgId);
      expect((await tokenConnection(other).query('SELECT Id FROM Account')).totalSize).toBe(0);
      await Promise.all([again.stop(), other.stop()]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
