import { createHash } from 'node:crypto';
import type { MappedRecord } from './types.ts';

function canonical(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** A digest of what the sync would send for a record: equal digests mean nothing to write. */
export function recordHash(record: MappedRecord): string {
  return createHash('sha256')
    .update(JSON.stringify([record.object, record.externalId, canonical(record.fields)]))
    .digest('base64url')
    .slice(0, 22);
}
