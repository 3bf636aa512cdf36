import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect } from 'vitest';
import { startLocalOrg, type LocalOrg, type LocalOrgOptions } from '../../scripts/local-org/index.ts';

const run = promisify(execFile);
const BIN = path.resolve('node_modules/.bin');

export interface SfDocument {
  status: number;
  result: Record<string, any>;
  name?: string;
  message?: string;
}

/**
 * The real sf CLI in a temporary HOME of its own, with the project's Node 22 first on PATH, no proxy variables
 * (jsforce has no NO_PROXY) and the org's access token in SF_ACCESS_TOKEN for `sf org login access-token`.
 */
export function isolatedSfCli(org: LocalOrg, prefix: string) {
  const home = mkdtempSync(path.join(tmpdir(), prefix));
  const xdg = (p: string) => path.join(home, 'xdg', p);
  for (const d of ['data', 'config', 'cache', 'state']) mkdirSync(xdg(d), { recursive: true });
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_proxy$/i.test(k)));
  Object.assign(env, {
    PATH: `${BIN}${path.delimiter}${process.env.PATH}`,
    HOME: home,
    SF_DATA_DIR: path.join(home, 'sf'),
    XDG_DATA_HOME: xdg('data'),
    XDG_CONFIG_HOME: xdg('config'),
    XDG_CACHE_HOME: xdg('cache'),
    XDG_STATE_HOME: xdg('state'),
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    // What oclif's update hook reads (`<BIN>_DISABLE_AUTOUPDATE`): without it each sf run may leave an updater behind.
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_HIDE_RELEASE_NOTES: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_ACCESS_TOKEN: org.accessToken,
  });
  return {
    home,
    /** Runs `sf … --json` (in `cwd`, default the HOME) and returns its document, from a failing command too; output that is no JSON throws. */
    async sf(args: string[], options: { cwd?: string } = {}): Promise<SfDocument> {
      const { stdout } = await run(path.join(BIN, 'sf'), [...args, '--json'], {
        env,
        cwd: options.cwd ?? home,
        timeout: 120_000,
      }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }));
      try {
        return JSON.parse(stdout) as SfDocument;
      } catch {
        throw new Error(`sf ${args.join(' ')} printed no JSON document: ${stdout}`);
      }
    },
    /** Runs `sf …` as typed (for commands with no `--json`, like `api request rest`) and returns what it printed on stdout. */
    async raw(args: string[]): Promise<string> {
      const { stdout } = await run(path.join(BIN, 'sf'), args, { env, cwd: home, timeout: 40_000 }).catch(
        (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
      );
      return stdout;
    },
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}

/**
 * For one test file (call it inside its describe): a local org started with `options`, `prepare` run on it (seeding,
 * say), and the real sf CLI in a HOME of its own, logged in to it as `local`; both are stopped after the file.
 */
export function localOrgWithSfCli(
  prefix: string,
  options: LocalOrgOptions = {},
  prepare: (org: LocalOrg) => Promise<unknown> = async () => undefined,
) {
  const session = {} as { org: LocalOrg; cli: ReturnType<typeof isolatedSfCli> };
  beforeAll(async () => {
    session.org = await startLocalOrg(options);
    await prepare(session.org);
    session.cli = isolatedSfCli(session.org, prefix);
    const login = await session.cli.sf([
      'org',
      'login',
      'access-token',
      '--instance-url',
      session.org.instanceUrl,
      '--no-prompt',
      '--alias',
      'local',
    ]);
    expect(login.status, JSON.stringify(login)).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await session.org?.stop();
    session.cli?.remove();
  });
  return session;
}
