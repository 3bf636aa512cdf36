import jsforce from 'jsforce';
import { startLocalOrg, type LocalOrg, type LocalOrgOptions } from '../../scripts/local-org/index.ts';

// jsforce honours HTTP(S)_PROXY and has no NO_PROXY: loopback traffic must never go through a proxy.
for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy'])
  delete process.env[name];

export type Connection = InstanceType<typeof jsforce.Connection>;

export async function startOrg(options: LocalOrgOptions = {}): Promise<LocalOrg> {
  return startLocalOrg(options);
}

/** A jsforce connection logged in with the OAuth password grant. */
export async function login(org: LocalOrg, version?: string): Promise<Connection> {
  const conn = new jsforce.Connection({
    oauth2: { clientId: org.clientId, clientSecret: org.clientSecret, loginUrl: org.loginUrl },
    ...(version ? { version } : {}),
  });
  await conn.login(org.username, org.password);
  return conn;
}

/** A connection that uses the org's printed access token directly (what `nome local-org start --json` hands out). */
export function tokenConnection(org: LocalOrg, version?: string): Connection {
  return new jsforce.Connection({
    instanceUrl: org.instanceUrl,
    accessToken: org.accessToken,
    ...(version ? { version } : {}),
  });
}

export const CUSTOMER = 'NOME__Metronome_Customer__c';
export const PLAN = 'NOME__Metronome_Plan__c';
export const CUSTOMER_PLAN = 'NOME__Metronome_Customer_Plan__c';
export const INVOICE = 'NOME__Metronome_Invoice__c';
export const LINE_ITEM = 'NOME__Metronome_Invoice_Line_Item__c';
export const BILLABLE_METRIC = 'NOME__Metronome_Billable_Metric__c';

/** The error a jsforce promise rejects with (fails the test when it resolves). */
export async function errorOf(
  promise: PromiseLike<unknown>,
): Promise<{ errorCode: string; message: string; name: string; data?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { errorCode: string; message: string; name: string };
  }
  throw new Error('expected the call to fail');
}
