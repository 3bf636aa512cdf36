/**
 * LIKE patterns. The pattern's `%` split it into segments (literal characters and `_`); the first is anchored
 * at the start, the last at the end, and each middle one is matched at its leftmost place after the one
 * before. That is exact for `%`, which absorbs anything between segments, and it never backtracks: a match
 * costs at most text × pattern character comparisons (a segment without `_` is found by the engine's substring
 * search, and `_` positions are never compared), and text shorter than the segments need is refused at once. So
 * no pattern, however many `%` it holds, can stall the server as a backtracking regex does.
 */

/** One pattern element: a literal character (already unescaped), `_` (any one character) or `%`. */
export type LikeToken = string | { wildcard: '%' | '_' };

interface Segment {
  length: number;
  /** [offset, lower-cased character] of each literal position; `_` positions match anything. */
  literals: [number, string][];
  /** The segment as text when it holds no `_`, for substring search. */
  text?: string;
}

function segmentsOf(tokens: LikeToken[]): Segment[] {
  const raw: (string | null)[][] = [[]];
  for (const t of tokens) {
    if (typeof t === 'string') raw[raw.length - 1].push(t.toLowerCase());
    else if (t.wildcard === '_') raw[raw.length - 1].push(null);
    else raw.push([]);
  }
  return raw.map((chars) => {
    const literals = chars.flatMap((c, i): [number, string][] => (c === null ? [] : [[i, c]]));
    const text = literals.length === chars.length ? (chars as string[]).join('') : undefined;
    return { length: chars.length, literals, text };
  });
}

/** A case-insensitive matcher for the pattern (SOQL text comparison ignores case). */
export function compileLike(tokens: LikeToken[]): (text: string) => boolean {
  const segments = segmentsOf(tokens);
  const needed = segments.reduce((n, s) => n + s.length, 0);
  const first = segments[0];
  const last = segments[segments.length - 1];
  return (text) => {
    if (text.length < needed) return false; // UTF-16 units ≥ characters: too short either way
    const lower = text.toLowerCase();
    const chars = Array.from(lower);
    if (chars.length < needed) return false;
    if (segments.length === 1) return chars.length === first.length && matchesAt(chars, 0, first);
    const end = chars.length - last.length;
    if (!matchesAt(chars, 0, first) || !matchesAt(chars, end, last)) return false;
    // Substring search works on UTF-16 offsets: usable when every character is one unit.
    const flat = chars.length === lower.length ? lower : undefined;
    let pos = first.length;
    for (let i = 1; i < segments.length - 1; i++) {
      const found = leftmost(chars, flat, pos, end, segments[i]);
      if (found < 0) return false;
      pos = found + segments[i].length;
    }
    return pos <= end;
  };
}

function matchesAt(chars: string[], at: number, segment: Segment): boolean {
  for (const [offset, c] of segment.literals) if (chars[at + offset] !== c) return false;
  return true;
}

/** The first index in [from, end − segment length] where the segment matches, or −1. */
function leftmost(chars: string[], flat: string | undefined, from: number, end: number, segment: Segment): number {
  if (flat !== undefined && segment.text !== undefined) {
    const at = flat.indexOf(segment.text, from);
    return at >= 0 && at + segment.length <= end ? at : -1;
  }
  for (let at = from; at + segment.length <= end; at++) if (matchesAt(chars, at, segment)) return at;
  return -1;
}
