/**
 * The parsed schema kept between starts. Parsing force-app's XML costs about a tenth of a second at every start of
 * every `nome` command; when Node's compile cache is on (`nome` turns it on, tests do not), the schema is kept
 * beside it as JSON, named by a digest of what it was read from: the project file, the path, size and modification
 * time of every metadata file, and the same of this folder's own sources (a changed parser must not read an old
 * answer). Any change names another file; a cache that cannot be read or written only costs the parse.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { privateCacheDir } from './private-cache.js';
import type { PackageSchema } from './types.ts';

/** A file the schema is read from, as the digest sees it. */
export interface SourceFile {
  path: string;
  size: number;
  mtimeMs: number;
}

const HERE = import.meta.dirname;

function loaderSources(): SourceFile[] {
  return readdirSync(HERE)
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => {
      const stat = statSync(path.join(HERE, name));
      return { path: name, size: stat.size, mtimeMs: stat.mtimeMs };
    });
}

export function cachedSchema(
  source: { projectDir: string; project: unknown; files: SourceFile[] },
  parse: () => PackageSchema,
): PackageSchema {
  const cacheDir = privateCacheDir('nome-schema');
  const file = cacheDir && path.join(cacheDir, `${digestOf(source)}.json`);
  if (file) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as PackageSchema;
    } catch {
      // Not kept yet (or unreadable): parsed below.
    }
  }
  const text = JSON.stringify(parse());
  if (file) keep(file, text);
  // The same shape whether it was kept or not (JSON has no undefined values), with the cache on or off.
  return JSON.parse(text) as PackageSchema;
}

function digestOf(source: { projectDir: string; project: unknown; files: SourceFile[] }): string {
  return createHash('sha256')
    .update(JSON.stringify([source.projectDir, source.project, source.files, loaderSources()]))
    .digest('hex');
}

function keep(file: string, text: string): void {
  try {
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, text, { mode: 0o600 });
    renameSync(partial, file);
  } catch {
    // The next start parses again.
  }
}
