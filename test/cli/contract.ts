/**
 * Pins a command's `--json` output in test/cli/contracts/<command>.json, as the sf CLI pins its command contracts:
 * a change to a document's shape (or, for recorded responses, its values) is a visible diff in review, accepted
 * with `npx vitest run --config test/vitest.config.ts -u`.
 *
 * Two modes. `values`: the document as printed, with what differs between runs replaced (times, ports, temporary
 * paths, secrets). `shape`: every leaf replaced by its type, arrays by the merged shape of their elements (a key
 * missing from some elements gets a `?`), for documents whose values come from generated or evolving data.
 */
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';

const REPO_DIR = path.resolve(import.meta.dirname, '../..');
const CONTRACTS_DIR = path.join(import.meta.dirname, 'contracts');

export interface ContractOptions {
  mode: 'values' | 'shape';
  /** Dotted paths of objects keyed by data (object names, API kinds): pinned as `{"<key>": shape of the values}`. */
  maps?: string[];
}

const SECRET_KEY = /token|password|secret/i;
const DURATION_KEY = /(Ms|Seconds)$/;

function normalizeString(value: string): string {
  return value
    .replaceAll(REPO_DIR, '<repo>')
    .replace(new RegExp(`${os.tmpdir().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[^/"\\s]+`, 'g'), '<tmp>')
    .replace(/(127\.0\.0\.1|localhost):\d+/g, '$1:<port>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<datetime>');
}

function normalizeValues(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return SECRET_KEY.test(key) ? '<secret>' : normalizeString(value);
  if (typeof value === 'number' && DURATION_KEY.test(key)) return '<duration>';
  if (Array.isArray(value)) return value.map((item) => normalizeValues(item));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeValues(v, k)]));
  }
  return value;
}

type Shape = string | Shape[] | { [key: string]: Shape };

function typeName(value: unknown): string {
  return value === null ? 'null' : typeof value;
}

/** One shape for several values: the union of their keys (optional where some lack them) and of their types. */
function mergeShapes(shapes: Shape[]): Shape {
  if (shapes.length === 0) return [];
  if (shapes.every((s) => s && typeof s === 'object' && !Array.isArray(s))) {
    const objects = shapes as { [key: string]: Shape }[];
    const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))].sort();
    return Object.fromEntries(
      keys.map((k) => {
        const present = objects.filter((o) => k in o);
        return [present.length < objects.length ? `${k}?` : k, mergeShapes(present.map((o) => o[k]!))];
      }),
    );
  }
  if (shapes.every(Array.isArray)) {
    const items = (shapes as Shape[][]).flat();
    return items.length ? [mergeShapes(items)] : [];
  }
  return [...new Set(shapes.map((s) => (typeof s === 'string' ? s : JSON.stringify(s))))].sort().join('|');
}

function shapeOf(value: unknown, at: string, maps: Set<string>): Shape {
  if (Array.isArray(value)) {
    const elements = value.map((item) => shapeOf(item, `${at}[]`, maps));
    return elements.length ? [mergeShapes(elements)] : [];
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (maps.has(at)) return { '<key>': mergeShapes(entries.map(([k, v]) => shapeOf(v, `${at}.${k}`, maps))) };
    return Object.fromEntries(entries.map(([k, v]) => [k, shapeOf(v, at ? `${at}.${k}` : k, maps)]));
  }
  return typeName(value);
}

/** The document as pinned (exported for the tests of this helper). */
export function contractOf(document: unknown, options: ContractOptions): unknown {
  if (options.mode === 'values') return normalizeValues(document);
  // The exit status is part of the contract in both modes.
  const status = (document as { status?: unknown })?.status;
  const shape = shapeOf(document, '', new Set(options.maps ?? []));
  return typeof status === 'number' && shape && typeof shape === 'object' ? { ...shape, status } : shape;
}

/** Asserts that `document` matches test/cli/contracts/<command, dashed>.json (written on the first run). */
export async function expectContract(command: string, document: unknown, options: ContractOptions): Promise<void> {
  const file = path.join(CONTRACTS_DIR, `${command.replaceAll(' ', '-')}.json`);
  await expect(`${JSON.stringify(contractOf(document, options), null, 2)}\n`).toMatchFileSnapshot(file);
}
