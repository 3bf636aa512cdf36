/**
 * LIKE patterns. The pattern's `%` split it into segments (literal characters and `_`); the first is anchored
 * at the start, the last at the end, and each middle one is matched at its leftmost place after the one
 * before. That is exact for `%`, which absorbs anything between segments, and it never backtracks: a match
 * costs at most text × pattern character comparisons, and text longer than the segments need is never
 * tried (so no pattern, however many `%` it holds, can stall the server as a backtracking regex does).
 */

/** One pattern element: a literal character (already unescaped), `_` (any one character) or `%`. */
export type LikeToken = string | { wildcard: '%' | '_' };

type Segment = (string | null)[];

/** A case-insensitive matcher for the pattern (SOQL text comparison ignores case). */
export function compileLike(tokens: LikeToken[]): (text: string) => boolean {
  const segments: Segment[] = [[]];
  for (const t of tokens) {
    if (typeof t === 'string') segments[segments.length - 1].push(t.toLowerCase());
    else if (t.wildcard === '_') segments[segments.length - 1].push(null);
    else segments.push([]);
  }
  const needed = segments.reduce((n, s) => n + s.length, 0);
  return (text) => {
    if (text.length < needed) return false; // UTF-16 units ≥ characters: too short either way
    const chars = Array.from(text.toLowerCase());
    if (chars.length < needed) return false;
    const first = segments[0];
    if (segments.length === 1) return chars.length === first.length && matchesAt(chars, 0, first);
    const last = segments[segments.length - 1];
    const end = chars.length - last.length;
    if (!matchesAt(chars, 0, first) || !matchesAt(chars, end, last)) return false;
    let pos = first.length;
    for (let i = 1; i < segments.length - 1; i++) {
      const found = leftmost(chars, pos, end, segments[i]);
      if (found < 0) return false;
      pos = found + segments[i].length;
    }
    return pos <= end;
  };
}

function matchesAt(chars: string[], at: number, segment: Segment): boolean {
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c !== null && chars[at + i] !== c) return false;
  }
  return true;
}

/** The first index in [from, end − segment length] where the segment matches, or −1. */
function leftmost(chars: string[], from: number, end: number, segment: Segment): number {
  for (let at = from; at + segment.length <= end; at++) if (matchesAt(chars, at, segment)) return at;
  return -1;
}
