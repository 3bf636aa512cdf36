/** Where an environment's state file lives, and how it is made before SQLite opens it. */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_STATE_DIR = '.nome/state';

export function stateDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, env.NOME_STATE_DIR || DEFAULT_STATE_DIR);
}

export function stateFile(environment: string, dir = stateDir()): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(environment))
    throw new Error(`Environment name ${JSON.stringify(environment)} must be letters, digits, _ . or -`);
  return path.join(dir, `${environment}.sqlite`);
}

/**
 * The state names customers, records and orgs: readable by its owner only. The file is made 0600 before SQLite
 * opens it, since SQLite gives its -wal and -shm files the database file's permissions.
 */
export function createPrivately(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}
