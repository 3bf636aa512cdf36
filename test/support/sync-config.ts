/** A sync config file (config/sync.config.json's shape) for a test's environments. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes `sync.config.json` with these environments into `dir`; returns its path. */
export function writeSyncConfig(dir: string, environments: Record<string, Record<string, unknown>>): string {
  const file = path.join(dir, 'sync.config.json');
  writeFileSync(file, JSON.stringify({ environments }));
  return file;
}
