/** Statements over many records at once: keys a chunk at a time, rows in multi-row VALUES lists, an object each. */

const CHUNK = 500;

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `(?, ?, …)` for one row of `n` values, `count` times: a multi-row VALUES list. */
export const valuesList = (row: string, count: number) => Array.from({ length: count }, () => row).join(', ');
export const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(',');

/** Items grouped by object (one statement per object and chunk). */
export function byObject<T extends { object: string }>(items: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(item.object);
    if (list) list.push(item);
    else out.set(item.object, [item]);
  }
  return out;
}
