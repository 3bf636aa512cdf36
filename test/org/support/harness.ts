/** Runs `nome` commands in-process against a recorded-response server, with a copy of the SFDX project. */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuthInfo, Config, OrgConfigProperties } from '@salesforce/core';
import { main } from '../../../scripts/cli/main.ts';
import { loadFixture, type Route } from './recorded-server.ts';

export const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function fixture(capability: 'org' | 'packaging', name: string): Route[] {
  return loadFixture(path.join(REPO_DIR, 'test', capability, 'fixtures', `${name}.json`));
}

/** A private copy of the project (sfdx-project.json is rewritten by the release commands). */
export function copyProject(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nome-project-'));
  for (const entry of ['sfdx-project.json', 'force-app', 'config', '.forceignore']) {
    cpSync(path.join(REPO_DIR, entry), path.join(dir, entry), { recursive: true });
  }
  return dir;
}

export function readProjectJson(dir: string): { packageAliases: Record<string, string>; [key: string]: unknown } {
  return JSON.parse(readFileSync(path.join(dir, 'sfdx-project.json'), 'utf8'));
}

/** Stores an access-token authorization as `sf org login access-token` would, under an alias. */
export async function authorize(
  instanceUrl: string,
  token: string,
  alias: string,
  options: { defaultDevHub?: boolean } = {},
): Promise<string> {
  const authInfo = await AuthInfo.create({
    accessTokenOptions: { accessToken: token, instanceUrl, loginUrl: instanceUrl },
  });
  await authInfo.save();
  await authInfo.setAlias(alias);
  if (options.defaultDevHub) {
    const config = await Config.create({ isGlobal: true });
    config.set(OrgConfigProperties.TARGET_DEV_HUB, alias);
    await config.write();
  }
  return authInfo.getUsername() ?? '';
}

export interface CommandRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The `--json` document, when stdout holds one. */
  json: {
    status: number;
    result?: any;
    warnings?: string[];
    name?: string;
    message?: string;
    actions?: string[];
    data?: any;
  };
}

/** Runs `nome <args>` in this process, capturing what it prints. */
export async function nome(...args: string[]): Promise<CommandRun> {
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  process.exitCode = 0;
  process.stdout.write = ((chunk: string | Uint8Array) => (
    out.push(String(chunk)),
    true
  )) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (
    err.push(String(chunk)),
    true
  )) as typeof process.stderr.write;
  try {
    await main(['node', 'nome', ...args]);
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  const stdout = out.join('');
  let json: CommandRun['json'] = { status: -1 };
  try {
    json = JSON.parse(stdout);
  } catch {
    // not a --json run
  }
  return { exitCode, stdout, stderr: err.join(''), json };
}
