/**
 * Composite resources (REST API Developer Guide, "Composite" and "sObject Tree"):
 * - `POST /composite`: up to 25 subrequests run in order in one call, later ones reading earlier results through
 *   `@{referenceId.field}`; with `allOrNone` one failure rolls every subrequest back.
 * - `POST /composite/tree/{sobject}`: record trees (what `sf data import tree` sends), at most 200 records, all
 *   saved or none.
 * Subrequests run through the server's own routes (`dispatch`), so they answer exactly as the direct calls do.
 */
import { jsonParserError, objectBody } from '../body.ts';
import { SfError } from '../errors.ts';
import type { Org } from '../org.ts';
import type { Reply } from '../rest.ts';
import type { Ctx, Route, RouteMaker, WriteRouteMaker } from '../routes.ts';
import type { Values } from '../store.ts';
import { saveTrees } from './tree.ts';

export interface CompositeDeps {
  org: Org;
  /** Runs one REST call inside the org (no separate API count); throws for routes that cannot run in a composite. */
  dispatch: (method: string, url: string, body: unknown) => Reply;
}

/** "Composite" resource limits: 25 subrequests, of which at most 5 are queries or sObject Collections calls. */
export const MAX_SUBREQUESTS = 25;
export const MAX_QUERY_OR_COLLECTION_SUBREQUESTS = 5;

export function handleComposite(
  deps: CompositeDeps,
  ctx: Ctx,
  p: string[],
  r: RouteMaker,
  w: WriteRouteMaker,
): Route | undefined {
  if (p.length === 0 && ctx.method === 'POST')
    return w('composite', () => runComposite(deps, objectBody(ctx.body, 'CompositeRequest')));
  if (p[0] === 'tree' && p.length === 2 && ctx.method === 'POST') {
    return w('composite.tree', () => saveTrees(deps.org, p[1], objectBody(ctx.body, 'SObjectTreeRequest')));
  }
  if ((p[0] === 'batch' || p[0] === 'graph') && p.length === 1) {
    return r(`composite.${p[0]}`, () => {
      throw new SfError(
        'NOT_FOUND',
        `The local org does not serve /composite/${p[0]}: send the subrequests to POST /composite (same @{ref} references, allOrNone) instead`,
        [],
        404,
      );
    });
  }
  return undefined;
}

/** A composite of GETs only (lookups, queries) changes nothing: the server counts it as a read. */
export function compositeOnlyReads(body: Buffer): boolean {
  try {
    const list = (JSON.parse(body.toString()) as { compositeRequest?: { method?: unknown }[] }).compositeRequest;
    return (
      Array.isArray(list) &&
      list.length > 0 &&
      list.every((s) => typeof s?.method === 'string' && s.method.toUpperCase() === 'GET')
    );
  } catch {
    return false;
  }
}

interface Subrequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
}

interface SubResponse {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

function subrequestsOf(body: Values): Subrequest[] {
  const list = body.compositeRequest;
  if (!Array.isArray(list)) throw jsonParserError('compositeRequest is required: a list of subrequests');
  if (list.length > MAX_SUBREQUESTS) {
    // Salesforce's words, typographic apostrophe included, as its answers carry them.
    throw new SfError('LIMIT_EXCEEDED', `The request can’t contain more than ${MAX_SUBREQUESTS} operations.`);
  }
  const seen = new Set<string>();
  const out = list.map((item: unknown, i: number) => {
    const s = item as Partial<Subrequest> | null;
    if (
      !s ||
      typeof s !== 'object' ||
      typeof s.method !== 'string' ||
      typeof s.url !== 'string' ||
      typeof s.referenceId !== 'string'
    ) {
      throw jsonParserError(`compositeRequest[${i}] must have method, url and referenceId`);
    }
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(s.referenceId)) {
      throw new SfError(
        'INVALID_INPUT',
        `referenceId ${s.referenceId} must start with a letter and hold only letters, digits and underscores`,
      );
    }
    if (seen.has(s.referenceId))
      throw new SfError('INVALID_INPUT', `Duplicate referenceId provided in the request: ${s.referenceId}`);
    seen.add(s.referenceId);
    return s as Subrequest;
  });
  const heavy = out.filter((s) => /\/(query|queryAll)\b|\/composite\/sobjects/.test(s.url)).length;
  if (heavy > MAX_QUERY_OR_COLLECTION_SUBREQUESTS) {
    throw new SfError(
      'LIMIT_EXCEEDED',
      `A composite request may hold at most ${MAX_QUERY_OR_COLLECTION_SUBREQUESTS} query or sObject Collections subrequests`,
    );
  }
  return out;
}

/** Deeper bodies than any record or collection needs are refused rather than walked. */
const MAX_BODY_DEPTH = 64;

const halted = (message: string) => [{ errorCode: 'PROCESSING_HALTED', message }];
const ROLLED_BACK_MESSAGE = 'The transaction was rolled back since another operation in the same transaction failed.';

function runComposite(deps: CompositeDeps, body: Values): Reply {
  const subrequests = subrequestsOf(body);
  const allOrNone = body.allOrNone === true;
  const store = deps.org.store;
  const start = store.savepoint();
  const results = new Map<string, SubResponse>();
  const responses: SubResponse[] = [];
  let failed = false;
  store.transaction(() => {
    for (const s of subrequests) {
      const answer = (status: number, out: unknown): SubResponse => ({
        body: out,
        httpHeaders: {},
        httpStatusCode: status,
        referenceId: s.referenceId,
      });
      let response: SubResponse;
      if (failed && allOrNone) {
        response = answer(400, halted(ROLLED_BACK_MESSAGE));
      } else {
        try {
          const url = resolveReferences(s.url, results, true) as string;
          const reply = deps.dispatch(s.method.toUpperCase(), url, resolveReferences(s.body, results, false));
          response = answer(reply.status, reply.body ?? null);
          if (reply.status === 201 && typeof reply.body === 'object' && reply.body && 'id' in reply.body) {
            response.httpHeaders = {
              Location: `${url.replace(/\/$/, '')}/${String((reply.body as { id: string }).id)}`,
            };
          }
        } catch (error) {
          if (!(error instanceof SfError)) throw error;
          response = answer(
            error.status,
            error.errorCode === 'PROCESSING_HALTED' ? halted(error.message) : error.toBody(),
          );
        }
      }
      if (response.httpStatusCode >= 400) failed = true;
      results.set(s.referenceId, response);
      responses.push(response);
    }
    if (failed && allOrNone) {
      store.rollbackTo(start);
      for (const r of responses)
        if (r.httpStatusCode < 400)
          Object.assign(r, { httpStatusCode: 400, body: halted(ROLLED_BACK_MESSAGE), httpHeaders: {} });
    }
  });
  store.commit();
  return { status: 200, body: { compositeResponse: responses } };
}

/** Replaces every `@{ref.path}` with the value an earlier subrequest answered (URL-encoded inside a URL). */
function resolveReferences(value: unknown, results: Map<string, SubResponse>, inUrl: boolean, depth = 0): unknown {
  if (depth > MAX_BODY_DEPTH) throw jsonParserError(`A subrequest body may nest at most ${MAX_BODY_DEPTH} levels`);
  if (typeof value === 'string') {
    const whole = /^@\{([^}]+)\}$/.exec(value);
    if (whole && !inUrl) return lookup(whole[1], results);
    return value.replace(/@\{([^}]+)\}/g, (_, expr: string) => {
      const found = lookup(expr, results);
      return inUrl ? encodeURIComponent(String(found)) : String(found);
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolveReferences(v, results, inUrl, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolveReferences(v, results, inUrl, depth + 1)]),
    );
  }
  return value;
}

function lookup(expr: string, results: Map<string, SubResponse>): unknown {
  const [ref, ...path] = expr.split(/\.|\[(\d+)\]/).filter((part) => part !== undefined && part !== '');
  const result = results.get(ref);
  // A known subrequest without the value: the words of the "Composite" page's example. An unknown referenceId also
  // says so (our words).
  const missing = () =>
    new SfError(
      'PROCESSING_HALTED',
      `Invalid reference specified. No value for ${expr} found in ${ref}.` +
        (result ? '' : ` Provided referenceId ('${ref}') not found or not unique.`),
    );
  if (!result || result.httpStatusCode >= 400) throw missing();
  let current: unknown = result.body;
  for (const key of path) {
    if (current === null || typeof current !== 'object') throw missing();
    current = (current as Record<string, unknown>)[key];
  }
  if (current === undefined) throw missing();
  return current;
}
