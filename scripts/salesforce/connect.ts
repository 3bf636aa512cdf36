/**
 * Connecting to an org, sf-CLI style: an alias or username from @salesforce/core's auth store (JWT bearer or web
 * login, production or sandbox, refreshed by @salesforce/core), or an explicit instance URL with SF_ACCESS_TOKEN.
 */
import { createRequire } from 'node:module';
import { readSfdxProject } from '../metadata/project.ts';
import type { SalesforceConnection } from './client.ts';

/**
 * jsforce without its API modules: its index also loads every one (Bulk, Metadata, SOAP, Streaming, Tooling…), none
 * of which the client uses, about 60 ms of each start. Its `jsforce` module, not `connection`: loaded first, the
 * connection module would leave their import cycle half made for a later `import 'jsforce'` in the same process.
 * Required, not imported: the module is CommonJS with a `default` export, which Node's ESM and the test runner's
 * interop hand out differently.
 */
const { Connection: JsforceConnection } = (
  createRequire(import.meta.url)('jsforce/lib/jsforce.js') as {
    default: typeof import('jsforce/lib/jsforce.js').default;
  }
).default;

export interface ConnectOptions {
  /** Alias or username known to the sf CLI. */
  targetOrg?: string;
  /** With `accessToken` (default: SF_ACCESS_TOKEN), bypasses the auth store. */
  instanceUrl?: string;
  accessToken?: string;
  apiVersion?: string;
}

export interface OrgConnection {
  conn: SalesforceConnection;
  /** How the org was reached, for messages (never the token). */
  description: string;
  username?: string;
}

/**
 * For `--instance-url` connections (jsforce would default to 50.0); auth-store connections use the org's own.
 * The project's one API version: sfdx-project.json's sourceApiVersion.
 */
export const DEFAULT_API_VERSION = readSfdxProject().sourceApiVersion;

export class ConnectError extends Error {
  readonly actions: string[];
  constructor(message: string, actions: string[] = []) {
    super(message);
    this.name = 'ConnectError';
    this.actions = actions;
  }
}

export async function connectToOrg(
  options: ConnectOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<OrgConnection> {
  if (options.instanceUrl) {
    const accessToken = options.accessToken ?? env.SF_ACCESS_TOKEN;
    if (!accessToken) {
      throw new ConnectError('--instance-url needs an access token in the SF_ACCESS_TOKEN environment variable.', [
        'export SF_ACCESS_TOKEN=<session id>  (for example from `sf org display --verbose`)',
      ]);
    }
    let url: URL;
    try {
      url = new URL(options.instanceUrl);
    } catch {
      throw new ConnectError(`--instance-url is not a URL: ${options.instanceUrl}`);
    }
    const conn = new JsforceConnection({
      instanceUrl: url.origin,
      accessToken,
      version: options.apiVersion ?? DEFAULT_API_VERSION,
    });
    return { conn: conn as unknown as SalesforceConnection, description: url.origin };
  }
  if (!options.targetOrg) {
    throw new ConnectError(
      'No org to sync to: give --target-org <alias|username>, --instance-url with SF_ACCESS_TOKEN, or --env naming an environment of the config file.',
    );
  }
  // Loaded lazily: @salesforce/core is heavy and only needed for the auth store.
  const { Org } = await import('@salesforce/core');
  let org;
  try {
    org = await Org.create({ aliasOrUsername: options.targetOrg });
  } catch (error) {
    throw new ConnectError(
      `No authenticated org named ${options.targetOrg}: ${error instanceof Error ? error.message : String(error)}`,
      [
        `sf org login jwt --username <user> --alias ${options.targetOrg} …  or  sf org login web --alias ${options.targetOrg}`,
        'sf org list  (shows the orgs the sf CLI knows)',
      ],
    );
  }
  const conn = org.getConnection(options.apiVersion);
  return {
    conn: conn as unknown as SalesforceConnection,
    description: `${options.targetOrg} (${conn.instanceUrl})`,
    username: org.getUsername(),
  };
}
