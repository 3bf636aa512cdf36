/** `nome org login jwt`: authorizes an org (the Dev Hub in CI) with a connected app's certificate, no browser. */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AuthInfo, AuthRemover, Config, Global, OrgConfigProperties } from '@salesforce/core';
import { ActionableError, explainError } from './errors.ts';

export interface JwtLoginOptions {
  username: string;
  clientId: string;
  jwtKeyFile: string;
  /** The login URL: https://login.salesforce.com (production, Dev Hub) or https://test.salesforce.com (sandbox). */
  instanceUrl: string;
  alias?: string;
  setDefaultDevHub?: boolean;
}

export interface JwtLoginResult {
  username: string;
  orgId: string;
  instanceUrl: string;
  alias?: string;
  defaultDevHub: boolean;
}

/**
 * CI keeps the private key in a secret (SF_JWT_KEY); the sf auth file refers to a key *file* for later token
 * refreshes, so the key is written once, readable by the owner only, inside the sf state directory.
 */
export function writeKeyFromEnvironment(username: string, key: string): string {
  const dir = path.join(Global.SF_DIR, 'nome-jwt');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${username.replace(/[^A-Za-z0-9@._-]/g, '_')}.key`);
  writeFileSync(file, key.endsWith('\n') ? key : `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

async function authorize(options: JwtLoginOptions): Promise<AuthInfo> {
  const oauth2Options = {
    clientId: options.clientId,
    privateKeyFile: options.jwtKeyFile,
    loginUrl: options.instanceUrl,
  };
  try {
    return await AuthInfo.create({ username: options.username, oauth2Options });
  } catch (error) {
    // A previous login left an auth file: start fresh, as `sf org login jwt` does.
    if ((error as Error).name !== 'AuthInfoOverwriteError') throw error;
    await (await AuthRemover.create()).removeAuth(options.username);
    return AuthInfo.create({ username: options.username, oauth2Options });
  }
}

export async function loginJwt(options: JwtLoginOptions): Promise<JwtLoginResult> {
  if (!existsSync(options.jwtKeyFile)) {
    throw new ActionableError(`The JWT key file ${options.jwtKeyFile} does not exist.`, {
      name: 'JwtKeyFileNotFoundError',
      actions: ['In CI, write the SF_JWT_KEY secret to a file first (see .github/workflows/release.yml).'],
    });
  }
  let authInfo: AuthInfo;
  try {
    authInfo = await authorize(options);
  } catch (error) {
    throw explainError(error, { step: `log in to ${options.instanceUrl} as ${options.username} with JWT` });
  }
  await authInfo.save();
  if (options.alias) await authInfo.setAlias(options.alias);
  if (options.setDefaultDevHub) {
    // The global config: CI runners and laptops alike then find the Dev Hub from any directory.
    const config = await Config.create({ isGlobal: true });
    config.set(OrgConfigProperties.TARGET_DEV_HUB, options.alias ?? options.username);
    await config.write();
  }
  const fields = authInfo.getFields();
  return {
    username: options.username,
    orgId: fields.orgId ?? '',
    instanceUrl: fields.instanceUrl ?? '',
    alias: options.alias,
    defaultDevHub: Boolean(options.setDefaultDevHub),
  };
}
