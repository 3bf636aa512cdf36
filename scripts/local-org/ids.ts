/** Salesforce record IDs: 15 case-sensitive base62 characters plus a 3-character case-safe suffix. */
import { randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

export const KEY_PREFIX = {
  Organization: '00D',
  User: '005',
  Account: '001',
  Contact: '003',
  Opportunity: '006',
  Lead: '00Q',
  Case: '500',
  BulkJob: '750',
  QueryLocator: '01g',
} as const;

/** Appends the case-safety suffix: per group of 5, bit j set when character j is an uppercase letter. */
export function to18(id15: string): string {
  let suffix = '';
  for (let group = 0; group < 3; group++) {
    let bits = 0;
    for (let j = 0; j < 5; j++) {
      const c = id15.charCodeAt(group * 5 + j);
      if (c >= 65 && c <= 90) bits |= 1 << j;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return id15 + suffix;
}

const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;

/** The 18-character form of a well-formed 15- or 18-character ID, else undefined. */
export function normalizeId(value: string): string | undefined {
  if (!ID_PATTERN.test(value)) return undefined;
  const full = to18(value.slice(0, 15));
  if (value.length === 18 && full.toLowerCase() !== value.toLowerCase()) return undefined;
  return full;
}

export function base62(n: number, width: number): string {
  let out = '';
  let rest = n;
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

export function randomBase62(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[randomInt(62)];
  return out;
}

/** A new org ID: 00D + 12 random characters (case-safe suffixed). */
export function newOrgId(): string {
  return to18(`00D${randomBase62(2)}0${randomBase62(9)}`);
}

/** Record IDs: key prefix, the org's 2-character instance, a reserved 0 and a 9-digit base62 sequence. */
export function recordId(prefix: string, instance: string, sequence: number): string {
  return to18(`${prefix}${instance}0${base62(sequence, 9)}`);
}

/** Custom object key prefixes a00, a01, … a0z, a10, … in the order the org first saw each object. */
export function customPrefix(index: number): string {
  return `a${base62(index, 2)}`;
}
