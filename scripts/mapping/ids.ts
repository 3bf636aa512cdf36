/**
 * Identifiers: Salesforce record IDs (15 → 18 characters) and the deterministic external IDs for the Metronome
 * items that have no ID of their own (invoice line items, ingest aliases).
 */
import { hash as sha } from 'node:crypto';
import type { Invoice } from './sdk-types.ts';

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_CHARS = /^[a-zA-Z0-9]+$/;

function caseSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15[chunk * 5 + i];
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/**
 * The 18-character form of a Salesforce ID, or undefined when the text is not one. A 15-character ID gains its
 * case-checksum suffix; an 18-character ID must carry a suffix consistent with its first 15 characters once
 * their case is restored from it (Salesforce accepts 18-character IDs case-insensitively).
 */
export function toSalesforceId18(text: string): string | undefined {
  if (!ID_CHARS.test(text)) return undefined;
  if (text.length === 15) return text + caseSuffix(text);
  if (text.length !== 18) return undefined;
  const suffix = text.slice(15).toUpperCase();
  const id15 = text.slice(0, 15);
  // As Salesforce writes it (the case the suffix says): nothing to restore.
  if (caseSuffix(id15) === suffix) return id15 + suffix;
  let restored = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX_ALPHABET.indexOf(suffix[chunk]);
    if (bits < 0) return undefined;
    for (let i = 0; i < 5; i++) {
      const c = text[chunk * 5 + i];
      const upper = (bits & (1 << i)) !== 0;
      if (upper && !/[a-zA-Z]/.test(c)) return undefined;
      restored += upper ? c.toUpperCase() : c.toLowerCase();
    }
  }
  // Digits are caseless: a set bit on a digit was rejected above; a letter's case now follows the suffix.
  return restored + suffix;
}

const hash = (text: string) => sha('sha256', text, 'hex').slice(0, 32);

/**
 * A line's identity names no invoice (the same charge of the same period recurs on every customer's invoice),
 * so the hashes of identities are remembered, up to a bound.
 */
const IDENTITY_HASHES = new Map<string, string>();
const MAX_IDENTITY_HASHES = 4_096;

function identityHash(identity: string): string {
  let known = IDENTITY_HASHES.get(identity);
  if (known === undefined) {
    known = hash(identity);
    if (IDENTITY_HASHES.size < MAX_IDENTITY_HASHES) IDENTITY_HASHES.set(identity, known);
  }
  return known;
}

/** JSON with object keys sorted, so equal content always serializes equally. */
export function canonicalJson(value: unknown): string {
  try {
    return sortedJson(value) ?? (JSON.stringify(value) as string);
  } catch (error) {
    if (error !== UNUSUAL) throw error;
    return sortedJsonByReplacer(value);
  }
}

/** The definition: JSON.stringify with every object's entries sorted. Slow (a sorted copy of every object). */
function sortedJsonByReplacer(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** Thrown by sorted for a value it does not handle (toJSON, class instances, index-like keys, BigInt, depth). */
const UNUSUAL = Symbol('unusual value');
/** Keys an object orders before all others whatever their insertion, so sorting the entries would not show. */
const INDEX_KEY = /^(?:0|[1-9]\d*)$/;

/**
 * JSON.stringify of the value with every plain object's keys in sorted order: the same text as
 * sortedJsonByReplacer for what JSON.parse makes (plain objects, arrays, strings, numbers, booleans, null), with a
 * copy only of the objects whose keys are out of order (and of what holds them), so the native JSON.stringify
 * writes the text. Anything else throws UNUSUAL, and the definition is used.
 */
function sortedJson(value: unknown): string | undefined {
  return JSON.stringify(sorted(value, 0));
}

/** Deeper than this is left to the definition (which also names a cycle for what it is). */
const MAX_DEPTH = 200;

function sorted(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') throw UNUSUAL;
    return value;
  }
  if (depth > MAX_DEPTH) throw UNUSUAL;
  return Array.isArray(value) ? sortedArray(value, depth + 1) : sortedObject(value, depth + 1);
}

function sortedArray(array: unknown[], depth: number): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < array.length; i++) {
    const item: unknown = array[i];
    const done = sorted(item, depth);
    if (done !== item && !copy) copy = array.slice(0, i);
    copy?.push(done);
  }
  return copy ?? array;
}

function sortedObject(value: object, depth: number): object {
  const proto = Object.getPrototypeOf(value) as unknown;
  if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function')
    throw UNUSUAL;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  let inOrder = true;
  // The members that change (objects sorted inside), by key; made at the first one.
  let changed: Map<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const first = key.charCodeAt(0);
    if ((first >= 48 && first <= 57 && INDEX_KEY.test(key)) || key === '__proto__') throw UNUSUAL;
    if (i > 0 && keys[i - 1]! > key) inOrder = false;
    const member = object[key];
    if (member === null || typeof member !== 'object') {
      if (typeof member === 'bigint') throw UNUSUAL;
      continue;
    }
    const done = sorted(member, depth);
    if (done !== member) (changed ??= new Map()).set(key, done);
  }
  if (inOrder && !changed) return object;
  const copy: Record<string, unknown> = {};
  for (const key of inOrder ? keys : sortedKeys(keys)) copy[key] = changed?.has(key) ? changed.get(key) : object[key];
  return copy;
}

/**
 * Objects of one shape (a record's fields, an SDK type) list the same keys in the same order: their sorted order is
 * remembered per key list, up to a bound, and found by the first key and a comparison of the keys.
 */
const SORTED_KEYS = new Map<string, { keys: string[]; sorted: string[] }[]>();
const MAX_SHAPES = 1_000;
const MAX_SHAPES_PER_FIRST_KEY = 8;

function sortedKeys(keys: string[]): string[] {
  const shapes = SORTED_KEYS.get(keys[0]!);
  const known = shapes?.find((shape) => sameKeys(shape.keys, keys));
  if (known) return known.sorted;
  // The default sort compares strings by UTF-16 code units, as `<` does.
  const sorted = [...keys].sort();
  if (shapes) {
    if (shapes.length < MAX_SHAPES_PER_FIRST_KEY) shapes.push({ keys, sorted });
  } else if (SORTED_KEYS.size < MAX_SHAPES) SORTED_KEYS.set(keys[0]!, [{ keys, sorted }]);
  return sorted;
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Ingest alias ID: `<customer id>:<first 32 hex of sha256(alias)>`. Hashing keeps IDs short and distinct for aliases
 * that differ only in case (the field is matched case-insensitively by Salesforce).
 */
export function ingestAliasId(customerId: string, alias: string): string {
  return `${customerId}:${hash(alias)}`;
}

/**
 * What identifies a line item on its invoice: everything that says WHICH charge it is (kind, product, commit,
 * credit, schedule, group, tier, period, name, credit type), and not the amounts (total, quantity, prices), so a
 * draft invoice whose usage grows keeps its line IDs.
 */
export function lineItemIdentity(line: Invoice.LineItem): string {
  return canonicalJson([
    line.type,
    line.name,
    line.credit_type?.id ?? null,
    line.product_id ?? null,
    line.commit_id ?? null,
    line.commit_segment_id ?? null,
    line.postpaid_commit?.id ?? null,
    line.applied_commit_or_credit?.id ?? null,
    line.scheduled_charge_id ?? null,
    line.subscription_id ?? null,
    line.professional_service_id ?? null,
    line.discount_id ?? null,
    line.group_key ?? null,
    line.group_value ?? null,
    line.presentation_group_values ?? null,
    line.pricing_group_values ?? null,
    line.tier?.level ?? null,
    line.starting_at ?? null,
    line.ending_before ?? null,
  ]);
}

/**
 * Line item IDs for one invoice: `<invoice id>:<first 32 hex of sha256(identity)>:<n>`. Lines sharing an identity are
 * numbered n = 0, 1, … in the order of their full content (canonical JSON), so the numbering depends on what the
 * lines are, never on their list position; truly identical lines are interchangeable, so which gets which n
 * does not matter. Returns the IDs in the order of `lines`.
 */
export function lineItemIds(invoiceId: string, lines: readonly Invoice.LineItem[]): string[] {
  const entries = lines.map((line, index) => ({ index, line, identity: lineItemIdentity(line), content: '' }));
  // The full content only breaks ties between lines of one identity: serialized only for those.
  const contentOf = (entry: (typeof entries)[number]) => (entry.content ||= canonicalJson(entry.line));
  const sorted = [...entries].sort((a, b) => compare(a.identity, b.identity) || compare(contentOf(a), contentOf(b)));
  const ids: string[] = new Array(lines.length);
  let previous = '';
  let occurrence = 0;
  for (const entry of sorted) {
    occurrence = entry.identity === previous ? occurrence + 1 : 0;
    previous = entry.identity;
    ids[entry.index] = `${invoiceId}:${identityHash(entry.identity)}:${occurrence}`;
  }
  return ids;
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
