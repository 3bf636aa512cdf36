/**
 * `GET /search?q=<SOSL>` (what `sf data search` and jsforce's `conn.search` send), following the SOQL and SOSL
 * Reference's FIND syntax: `FIND {terms} [IN ALL|NAME|EMAIL|PHONE FIELDS] [RETURNING Object[(fields [WHERE …]
 * [ORDER BY …] [LIMIT n])], …] [LIMIT n]`. Terms are words (all must match), `OR` between words, "quoted phrases" and
 * the `*` / `?` wildcards, matched against whole words of the searchable fields: one pass over each field's text, so a
 * search takes time linear in the data. The rows found are rendered by the SOQL module, as a query would return them.
 */
import { requestError } from '../errors.ts';
import type { FieldModel, ObjectModel } from '../model.ts';
import type { Org } from '../org.ts';
import type { Reply } from '../rest.ts';
import type { Ctx, Route, RouteMaker, WriteRouteMaker } from '../routes.ts';
import { runQuery } from '../soql.ts';
import type { Values } from '../store.ts';

/** SOSL's default and largest number of rows a search returns ("LIMIT", SOQL and SOSL Reference). */
export const MAX_SEARCH_ROWS = 2000;

export function handleSearch(org: Org, ctx: Ctx, p: string[], r: RouteMaker, w: WriteRouteMaker): Route | undefined {
  void w;
  if (p.length !== 0 || ctx.method !== 'GET') return undefined;
  return r('search', () => search(org, ctx.url.searchParams.get('q') ?? '', ctx.version));
}

const malformed = (message: string) => requestError('MALFORMED_SEARCH', message);

interface Returning {
  object: ObjectModel;
  fields: string;
  where?: string;
  orderBy?: string;
  limit?: number;
}

interface Sosl {
  terms: Term[][];
  scope: 'ALL' | 'NAME' | 'EMAIL' | 'PHONE';
  returning: Returning[];
  limit: number;
}

/** A word or phrase, as the words it must match in order; a word may hold `*` and `?`. */
type Term = string[];

export function search(org: Org, sosl: string, version: string): Reply {
  const q = parseSosl(org, sosl);
  const out: Values[] = [];
  for (const target of q.returning) {
    if (out.length >= q.limit) break;
    // Like Salesforce's search index, the text match yields at most 2,000 rows per object; WHERE then filters those.
    const ids = matchingIds(org, target.object, q).slice(0, MAX_SEARCH_ROWS);
    if (ids.length === 0) continue;
    const quoted = ids.map((id) => `'${id}'`).join(',');
    const where = `Id IN (${quoted})${target.where ? ` AND (${target.where})` : ''}`;
    const limit = Math.min(target.limit ?? q.limit, q.limit - out.length);
    const soql = `SELECT ${target.fields} FROM ${target.object.name} WHERE ${where}${target.orderBy ? ` ORDER BY ${target.orderBy}` : ''} LIMIT ${limit}`;
    out.push(...runQuery(org, soql, { all: false, version }).records);
  }
  return { status: 200, body: { searchRecords: out } };
}

function parseSosl(org: Org, sosl: string): Sosl {
  const find = /^\s*FIND\s*\{((?:\\.|[^\\}])*)\}/i.exec(sosl);
  if (!find) throw malformed('SOSL must start with FIND {search terms}');
  const terms = parseTerms(find[1].replace(/\\(.)/g, '$1'));
  let rest = sosl.slice(find[0].length);
  let scope: Sosl['scope'] = 'ALL';
  const scopeMatch = /^\s*IN\s+(ALL|NAME|EMAIL|PHONE|SIDEBAR)\s+FIELDS/i.exec(rest);
  if (scopeMatch) {
    scope = (scopeMatch[1].toUpperCase() === 'SIDEBAR' ? 'ALL' : scopeMatch[1].toUpperCase()) as Sosl['scope'];
    rest = rest.slice(scopeMatch[0].length);
  }
  let returning: Returning[] = [];
  const ret = /^\s*RETURNING\s+/i.exec(rest);
  if (ret) {
    const parsed = parseReturning(org, rest.slice(ret[0].length));
    returning = parsed.items;
    rest = parsed.rest;
  } else {
    returning = org.model.objects.filter(searchable).map((object) => ({ object, fields: 'Id' }));
  }
  let limit = MAX_SEARCH_ROWS;
  const limitMatch = /^\s*LIMIT\s+(\d+)/i.exec(rest);
  if (limitMatch) {
    limit = Math.min(MAX_SEARCH_ROWS, Number(limitMatch[1]));
    rest = rest.slice(limitMatch[0].length);
  }
  if (rest.trim() !== '') throw malformed(`unexpected token: '${rest.trim().split(/\s+/)[0]}'`);
  return { terms, scope, returning, limit };
}

/** Objects a search without RETURNING looks in: the data objects, not setup ones. */
function searchable(o: ObjectModel): boolean {
  return o.createable && !['PermissionSetAssignment'].includes(o.name);
}

/** `a b` → both words; `a OR b` → either; `"a b"` → the phrase. Returns alternatives, each a list of terms all required. */
function parseTerms(text: string): Term[][] {
  const alternatives: Term[][] = [[]];
  for (const m of text.matchAll(/"([^"]*)"|(\S+)/g)) {
    if (m[2] === 'OR') alternatives.push([]);
    else if (m[2] !== 'AND') alternatives[alternatives.length - 1].push(words(m[1] ?? m[2]));
  }
  const usable = alternatives.filter((a) => a.length > 0 && a.every((term) => term.length > 0));
  if (usable.length === 0 || usable.flat(2).join('').replace(/[*?]/g, '').length < 2) {
    throw malformed('search term must be longer than one character');
  }
  return usable;
}

/**
 * The words of a text, lower-cased runs of letters and digits (and, in a search term, the wildcards): an e-mail
 * address or a hyphenated name is several words, which a term holding the same punctuation matches as a phrase.
 */
function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}*?]+/gu) ?? [];
}

function parseReturning(org: Org, text: string): { items: Returning[]; rest: string } {
  const items: Returning[] = [];
  let i = 0;
  for (;;) {
    const name = /^\s*([A-Za-z][\w]*)/.exec(text.slice(i));
    if (!name) throw malformed('RETURNING must name an object');
    const object = org.object(name[1]);
    if (!object) throw requestError('INVALID_TYPE', `sObject type '${name[1]}' is not supported.`);
    i += name[0].length;
    const item: Returning = { object, fields: 'Id' };
    if (/^\s*\(/.test(text.slice(i))) {
      const open = text.indexOf('(', i);
      const close = closingParen(text, open);
      Object.assign(item, parseObjectClause(text.slice(open + 1, close)));
      i = close + 1;
    }
    items.push(item);
    const comma = /^\s*,/.exec(text.slice(i));
    if (!comma) break;
    i += comma[0].length;
  }
  return { items, rest: text.slice(i) };
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i += 1;
    else if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth += 1;
    else if (!quoted && c === ')' && --depth === 0) return i;
  }
  throw malformed('unbalanced parentheses in RETURNING');
}

/** `Name, Phone WHERE … ORDER BY … LIMIT n`, keywords found outside quoted literals. */
function parseObjectClause(clause: string): Partial<Returning> {
  const masked = clause.replace(/'(?:\\.|[^'\\])*'/g, (s) => '_'.repeat(s.length));
  const at = (re: RegExp) => re.exec(masked)?.index ?? -1;
  const marks = [
    { key: 'where', index: at(/\bWHERE\b/i), skip: 5 },
    { key: 'orderBy', index: at(/\bORDER\s+BY\b/i), skip: 0 },
    { key: 'limit', index: at(/\bLIMIT\b/i), skip: 5 },
  ]
    .filter((m) => m.index >= 0)
    .sort((a, b) => a.index - b.index);
  const end = (index: number) => marks.find((m) => m.index > index)?.index ?? clause.length;
  const out: Partial<Returning> = { fields: clause.slice(0, marks[0]?.index ?? clause.length).trim() || 'Id' };
  for (const m of marks) {
    const body = clause.slice(m.index, end(m.index));
    if (m.key === 'where') out.where = body.slice(m.skip).trim();
    if (m.key === 'orderBy') out.orderBy = body.replace(/^ORDER\s+BY/i, '').trim();
    if (m.key === 'limit') out.limit = Number(body.slice(m.skip).trim());
  }
  if (out.limit !== undefined && !Number.isInteger(out.limit)) throw malformed('LIMIT must be a number');
  return out;
}

function scopeFields(o: ObjectModel, scope: Sosl['scope']): FieldModel[] {
  const text = ['string', 'textarea', 'email', 'phone', 'url'];
  return o.fields.filter((f) => {
    if (f.system || !text.includes(f.type)) return false;
    if (scope === 'NAME') return f.nameField || ['FirstName', 'LastName'].includes(f.name);
    if (scope === 'EMAIL') return f.type === 'email';
    if (scope === 'PHONE') return f.type === 'phone';
    return true;
  });
}

function matchingIds(org: Org, o: ObjectModel, q: Sosl): string[] {
  const fields = scopeFields(o, q.scope);
  if (fields.length === 0) return [];
  const ids: string[] = [];
  for (const row of org.store.rowsOf(o.name)) {
    if (row.v.IsDeleted) continue;
    const texts = fields.map((f) => words(String(org.fieldValue(row, o, f) ?? ''))).filter((w) => w.length > 0);
    if (q.terms.some((all) => all.every((term) => texts.some((w) => containsPhrase(w, term)))))
      ids.push(row.v.Id as string);
  }
  return ids;
}

function containsPhrase(text: string[], phrase: Term): boolean {
  for (let i = 0; i + phrase.length <= text.length; i++) {
    if (phrase.every((p, j) => wordMatches(p, text[i + j]))) return true;
  }
  return false;
}

/** Glob match of one word (`*` any run, `?` one character) by the greedy two-pointer method: no backtracking blow-up. */
export function wordMatches(pattern: string, word: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === word;
  let p = 0;
  let w = 0;
  let star = -1;
  let mark = 0;
  while (w < word.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === word[w])) {
      p += 1;
      w += 1;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = w;
    } else if (star >= 0) {
      p = star + 1;
      w = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p += 1;
  return p === pattern.length;
}
