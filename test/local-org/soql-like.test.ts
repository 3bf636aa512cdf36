import { describe, expect, it } from 'vitest';
import { compileLike, type LikeToken } from '../../scripts/local-org/soql/like.ts';

/** The obvious (backtracking) meaning of a LIKE pattern, usable as a reference on tiny inputs. */
function reference(tokens: LikeToken[]): RegExp {
  const body = tokens
    .map((t) => (typeof t === 'string' ? t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : t.wildcard === '%' ? '.*' : '.'))
    .join('');
  return new RegExp(`^${body}$`, 'isu');
}

function* strings(alphabet: string[], maxLength: number): Generator<string[]> {
  yield [];
  if (maxLength === 0) return;
  for (const rest of strings(alphabet, maxLength - 1))
    if (rest.length === maxLength - 1) for (const c of alphabet) yield [...rest, c];
}

describe('LIKE matcher (soql/like.ts)', () => {
  it('agrees with the backtracking definition on every pattern up to 5 elements and text up to 4 characters', () => {
    const texts = [...strings(['a', 'b', 'A', '%'], 4)].map((t) => t.join(''));
    const disagreements: string[] = [];
    let checked = 0;
    for (const p of strings(['a', 'b', '%', '_', '\\%'], 5)) {
      const tokens: LikeToken[] = p.map((c) => (c === '%' || c === '_' ? { wildcard: c } : c === '\\%' ? '%' : c));
      const match = compileLike(tokens);
      const re = reference(tokens);
      for (const text of texts) {
        if (match(text) !== re.test(text)) disagreements.push(`${p.join('')} ~ ${text}`);
        checked += 1;
      }
    }
    expect(disagreements).toEqual([]);
    expect(checked).toBeGreaterThan(800_000);
  });

  it('treats _ as one character, not one UTF-16 unit', () => {
    expect(compileLike(['a', { wildcard: '_' }, 'b'])('a😀b')).toBe(true);
  });
});
