// @ts-check
/**
 * A folder for what `nome` keeps between starts (stripped TypeScript, the parsed schema), beside Node's compile
 * cache. That cache lives in the shared temp directory by default, where another user could have made the folder
 * first: a folder (or its parent) that is not this user's own, or that others may write to, is not used, since what
 * is read back from it is run or trusted. Plain JavaScript: the TypeScript cache (cli/strip-cache.js) needs it
 * before it is in place.
 */
import { lstatSync, mkdirSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';

/**
 * @param {string} name
 * @param {string | undefined} [base]
 * @returns {string | undefined}
 */
export function privateCacheDir(name, base = module.getCompileCacheDir?.()) {
  if (!base) return undefined;
  const dir = path.join(base, name);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return [dir, base].every(ownedPrivately) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** @param {string} dir */
function ownedPrivately(dir) {
  const stat = lstatSync(dir);
  const uid = process.getuid?.();
  return stat.isDirectory() && (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0;
}
