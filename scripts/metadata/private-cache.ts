/**
 * A folder for what `nome` keeps between starts (stripped TypeScript, the parsed schema), beside Node's compile
 * cache. That cache lives in the shared temp directory by default, where another user could have made the folder
 * first: a folder (or its parent) that is not this user's own, or that others may write to, is not used, since what
 * is read back from it is run or trusted.
 */
import { lstatSync, mkdirSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';

export function privateCacheDir(name: string, base = module.getCompileCacheDir?.()): string | undefined {
  if (!base) return undefined;
  const dir = path.join(base, name);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return [dir, base].every(ownedPrivately) ? dir : undefined;
  } catch {
    return undefined;
  }
}

function ownedPrivately(dir: string): boolean {
  const stat = lstatSync(dir);
  const uid = process.getuid?.();
  return stat.isDirectory() && (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0;
}
