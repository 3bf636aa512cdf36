import { hash } from 'node:crypto';
import { canonicalJson } from '../mapping/index.ts';
import type { MappedRecord } from './types.ts';

/**
 * A digest of what the sync would send for a record: equal digests mean nothing to write. The text hashed is
 * `[object, externalId, fields]` as JSON with the fields' keys sorted (parent references' too), so the digest
 * does not depend on the order the mapping set the fields in; the state keeps these digests, so the text must
 * never change.
 */
export function recordHash(record: MappedRecord): string {
  return hash('sha256', canonicalJson([record.object, record.externalId, record.fields]), 'base64url').slice(0, 22);
}
