/**
 * The local org: a Salesforce REST API double whose schema is read from force-app. Start it with
 * `startLocalOrg()` (tests, scripts) or `nome local-org start` (a separate process).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { PROJECT_DIR } from '../metadata/index.ts';
import { Auth, randomSecret } from './auth.ts';
import type { FaultInjector, RequestMatcher } from './faults.ts';
import { Org } from './org.ts';
import { LocalOrgServer } from './server.ts';
import { Store } from './store.ts';
import { Tooling } from './tooling.ts';

export type { FaultInjector, FaultKind, FaultSpec, FaultRule, RequestInfo, RequestMatcher } from './faults.ts';
export { FAULT_KINDS } from './faults.ts';

export interface LocalOrgOptions {
  /** 0 (default) = any free port. */
  port?: number;
  /** Directory holding the org's one SQLite file; omit for an org in memory. */
  dataDir?: string;
  /** SFDX project whose force-app gives the schema (default: this repository). */
  projectDir?: string;
  username?: string;
  password?: string;
  clientId?: string;
  clientSecret?: string;
  /** DailyApiRequests Max (default 100,000). */
  dailyApiLimit?: number;
  /** PEM certificate (or SPKI public key) of the connected app: enables the JWT bearer grant. */
  jwtCertificate?: string;
  /**
   * 04t IDs the org installs as its project's package, besides those in the project's sfdx-project.json
   * packageAliases; any other version is unknown to it (see packages.ts).
   */
  packageVersionIds?: string[];
}

export interface LocalOrg {
  instanceUrl: string;
  loginUrl: string;
  accessToken: string;
  /** The connected app's refresh token for the user (for the refresh_token grant). */
  refreshToken: string;
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
  orgId: string;
  userId: string;
  /** Every API call received since start or the last reset; `writes` totals the write kinds. */
  stats(): { total: number; byKind: Record<string, number>; writes: number };
  resetStats(): void;
  /** Calls since the last reset whose kind matches: a kind, a kind prefix (`'bulk2.ingest'`), `'write'`, `'read'`, `'any'`, a list or a predicate. */
  callCount(matcher: RequestMatcher): number;
  /** DailyApiRequests used today. */
  apiUsage(): number;
  faults: FaultInjector;
  reloadSchema(projectDir?: string): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_DAILY_API_LIMIT = 100_000;

export async function startLocalOrg(options: LocalOrgOptions = {}): Promise<LocalOrg> {
  const store = new Store(options.dataDir);
  const org = new Org(store);
  let projectDir = options.projectDir;
  org.loadSchema(projectDir);
  const remembered = (key: string, given: string | undefined, make: () => string) => {
    const value = given ?? store.getMeta(key) ?? make();
    store.setMeta(key, value, true);
    return value;
  };
  const username = remembered(
    'username',
    options.username,
    () => `admin@${org.orgId.slice(0, 15).toLowerCase()}.local-org.nome`,
  );
  const password = remembered('password', options.password, () => randomBytes(12).toString('base64url'));
  const clientId = remembered(
    'clientId',
    options.clientId,
    () => `3MVG9${randomBytes(30).toString('base64url').replace(/[-_]/g, 'x')}`,
  );
  const clientSecret = remembered('clientSecret', options.clientSecret, randomSecret);
  org.seed({ username, orgName: 'NOME Local Org' });
  const auth = new Auth(org, { username, password, clientId, clientSecret, jwtKey: options.jwtCertificate });
  const reloadSchema = async (dir?: string) => {
    if (dir) projectDir = dir;
    org.loadSchema(projectDir);
  };
  const tempDirs: string[] = [];
  const server = new LocalOrgServer(org, auth, options.dailyApiLimit ?? DEFAULT_DAILY_API_LIMIT, {
    tempDirs,
    reload: reloadSchema,
    projectDir: () => projectDir ?? PROJECT_DIR,
    newId: (prefix) => org.transientId(prefix),
    userId: org.userId,
  });
  server.tooling = new Tooling(org, {
    reload: reloadSchema,
    projectDir: () => projectDir ?? PROJECT_DIR,
    packageProjectDir: () => options.projectDir ?? PROJECT_DIR,
    extraVersionIds: options.packageVersionIds ?? [],
  });
  await server.listen(options.port ?? 0);
  let stopped = false;
  return {
    instanceUrl: server.baseUrl,
    loginUrl: server.baseUrl,
    accessToken: auth.defaultAccessToken(),
    refreshToken: auth.refreshToken(),
    username,
    password,
    clientId,
    clientSecret,
    orgId: org.orgId,
    userId: org.userId,
    stats: () => server.stats(),
    resetStats: () => server.resetStats(),
    callCount: (matcher) => server.callCount(matcher),
    apiUsage: () => server.apiUsage(),
    faults: server.faults,
    reloadSchema,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.close();
      store.close();
      for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}
