/**
 * The HTTP face of the local org: routes Salesforce's REST paths to the handlers, authenticates, counts
 * API usage (DailyApiRequests, Sforce-Limit-Info), records stats by request kind and applies faults.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Auth, OAuthError } from './auth.ts';
import { Bulk } from './bulk.ts';
import { describeGlobal, describeSObject, basicInfo } from './describe.ts';
import { bodyLimit, BodyTooLarge, jsonParserError, objectBody, readBody, stringList } from './body.ts';
import { SfError, notFound, requestError } from './errors.ts';
import { faultAdmin } from '../fault-injection/index.ts';
import {
  FaultInjector,
  matchesRequest,
  type FaultKind,
  type FaultRule,
  type RequestInfo,
  type RequestMatcher,
} from './faults.ts';
import { KEY_PREFIX } from './ids.ts';
import type { Org } from './org.ts';
import * as rest from './rest.ts';
import type { Ctx, Route, RouteMaker, WriteRouteMaker } from './routes.ts';
import { queryColumns, runQuery } from './soql.ts';
import type { Values } from './store.ts';
import { handleMetadata, type MetadataDeploys } from './deploy.ts';
import { MetadataSoap } from './metadata-soap.ts';
import { compositeOnlyReads, handleComposite } from './routes/composite.ts';
import { recordCounts } from './routes/record-counts.ts';
import { handleSearch } from './routes/search.ts';
import { versions } from './routes/versions.ts';
import { Tooling } from './tooling.ts';
import { handleUiApi } from './ui-api/index.ts';

export const MIN_VERSION = 31;
export const MAX_VERSION = 66;

export class LocalOrgServer {
  readonly org: Org;
  readonly auth: Auth;
  readonly bulk: Bulk;
  readonly faults = new FaultInjector();
  readonly deploys: MetadataDeploys;
  private readonly metadataSoap: MetadataSoap;
  /** Set by startLocalOrg with the versions the org knows; a default one is made on first use. */
  tooling?: Tooling;
  private readonly server: Server;
  private readonly cursors = new Map<string, { records: Values[]; created: number }>();
  private statsTotal = 0;
  private statsByKind: Record<string, number> = {};
  dailyApiLimit: number;
  baseUrl = '';

  constructor(org: Org, auth: Auth, dailyApiLimit: number, deploys: MetadataDeploys) {
    this.org = org;
    this.auth = auth;
    this.bulk = new Bulk(org);
    this.deploys = deploys;
    this.metadataSoap = new MetadataSoap(deploys, (token) => auth.isValid(token));
    this.dailyApiLimit = dailyApiLimit;
    this.bulk.rowFault = () => {
      const rule = this.faults.pick({ kind: 'bulk2.ingest.row', write: true, method: 'PUT', path: '' });
      return rule?.fault === 'UNABLE_TO_LOCK_ROW' ? lockError() : undefined;
    };
    this.server = createServer((req, res) => {
      this.serve(req, res).catch((error: unknown) => {
        if (!res.headersSent)
          send(res, { status: 500, body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: (error as Error).message }] });
        else res.destroy();
      });
    });
    this.server.keepAliveTimeout = 5_000;
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    const { port: actual } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${actual}`;
  }

  async close(): Promise<void> {
    this.bulk.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  stats(): { total: number; byKind: Record<string, number>; writes: number } {
    const writes = Object.entries(this.statsByKind)
      .filter(([k]) => WRITE_KINDS.has(k))
      .reduce((a, [, n]) => a + n, 0);
    return { total: this.statsTotal, byKind: { ...this.statsByKind }, writes };
  }

  /** Calls received whose kind matches (`'bulk2.ingest'`, `'write'`, `['query', 'queryMore']`, …). */
  callCount(matcher: RequestMatcher): number {
    return Object.entries(this.statsByKind)
      .filter(([kind]) => matchesRequest(matcher, { kind, write: WRITE_KINDS.has(kind), method: '', path: '' }))
      .reduce((sum, [, n]) => sum + n, 0);
  }

  resetStats(): void {
    this.statsTotal = 0;
    this.statsByKind = {};
  }

  /** API calls counted today (UTC), persisted with the org. */
  apiUsage(): number {
    const [day, count] = (this.org.store.getMeta('apiUsage') ?? '').split(' ');
    return day === today() ? Number(count) : 0;
  }

  private countApiCall(): void {
    this.org.store.setMeta('apiUsage', `${today()} ${this.apiUsage() + 1}`, true);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Clients that join an instance URL ending in '/' send '//services/…': a path, not a host.
    const url = new URL((req.url ?? '/').replace(/^\/{2,}/, '/'), this.baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const segments = safeSegments(url.pathname);
    if (!segments)
      return send(res, {
        status: 404,
        body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
      });
    const ctx: Ctx = { req, url, method, segments, version: '', body: Buffer.alloc(0) };
    try {
      ctx.body = await readBody(req, bodyLimit(segments, method));
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      send(
        res,
        {
          status: 413,
          body: [{ errorCode: 'REQUEST_ENTITY_TOO_LARGE', message: `${error.message}: send less in one request` }],
        },
        { Connection: 'close' },
      );
      return;
    }
    if (segments[0] === '__admin') return this.admin(res, method, segments.slice(1), ctx.body);
    let route = this.route(ctx);
    if (route?.kind === 'composite' && compositeOnlyReads(ctx.body))
      route = { ...route, kind: 'composite.read', write: false };
    if (process.env.NOME_LOCAL_ORG_LOG)
      process.stderr.write(`local-org ${method} ${loggableUrl(url)} → ${route?.kind ?? 'NOT_FOUND'}\n`);
    if (!route)
      return send(res, {
        status: 404,
        body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
      });
    const info: RequestInfo = { kind: route.kind, write: route.write, method, path: url.pathname };
    this.statsTotal += 1;
    this.statsByKind[route.kind] = (this.statsByKind[route.kind] ?? 0) + 1;
    if (route.write) WRITE_KINDS.add(route.kind);

    // A call without a valid session is refused before it reaches the org, so it counts against no org's limits.
    if (route.auth && !this.auth.isValid(bearer(req))) {
      return send(res, {
        status: 401,
        body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }],
      });
    }
    const headers: Record<string, string> = {};
    if (route.api) {
      if (this.apiUsage() >= this.dailyApiLimit) {
        return send(
          res,
          { status: 403, body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] },
          this.limitHeader(),
        );
      }
      this.countApiCall();
      Object.assign(headers, this.limitHeader());
    }
    const fault = this.faults.pick(info);
    if (fault) {
      const handled = await this.applyFault(fault, route, ctx, res, headers);
      if (handled) return;
    }
    try {
      const reply = await route.handle(ctx);
      send(res, reply, { ...headers, ...reply.headers });
    } catch (error) {
      if (error instanceof SfError) return send(res, { status: error.status, body: error.toBody() }, headers);
      if (error instanceof OAuthError)
        return send(res, { status: error.status, body: { error: error.error, error_description: error.message } });
      // A JSON body some handler parses itself (Tooling, Metadata): malformed text is the caller's error, as elsewhere.
      if (error instanceof SyntaxError)
        return send(res, { status: 400, body: jsonParserError(error.message).toBody() }, headers);
      throw error;
    }
  }

  /** Returns true when the fault answered the call itself. */
  private async applyFault(
    rule: FaultRule,
    route: Route,
    ctx: Ctx,
    res: ServerResponse,
    headers: Record<string, string>,
  ): Promise<boolean> {
    const kind: FaultKind = rule.fault;
    switch (kind) {
      case 'slow':
        await new Promise((r) => setTimeout(r, rule.delayMs ?? 2000));
        return false;
      case 'drop':
        res.socket?.destroy();
        return true;
      case 'late': {
        const reply = await route.handle(ctx);
        await new Promise((r) => setTimeout(r, rule.delayMs ?? 2000));
        send(res, reply, { ...headers, ...reply.headers });
        return true;
      }
      case 'lost':
        await Promise.resolve()
          .then(() => route.handle(ctx))
          .catch(() => undefined);
        res.socket?.destroy();
        return true;
      case 'UNKNOWN_EXCEPTION':
        send(
          res,
          {
            status: 500,
            body: [
              {
                message:
                  'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)',
                errorCode: 'UNKNOWN_EXCEPTION',
              },
            ],
          },
          headers,
        );
        return true;
      case 'JOB_FAILED': {
        const reply = await route.handle(ctx);
        const body =
          reply.body && typeof reply.body === 'object' && 'state' in reply.body
            ? { ...reply.body, state: 'Failed', errorMessage: 'InternalServerError' }
            : reply.body;
        send(res, { ...reply, body }, { ...headers, ...reply.headers });
        return true;
      }
      case '503':
        send(res, { status: 503, body: [{ message: 'Server Unavailable', errorCode: 'SERVER_UNAVAILABLE' }] }, headers);
        return true;
      case 'INVALID_SESSION_ID':
        send(
          res,
          { status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] },
          headers,
        );
        return true;
      case 'REQUEST_LIMIT_EXCEEDED':
        send(
          res,
          { status: 403, body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] },
          headers,
        );
        return true;
      case 'UNABLE_TO_LOCK_ROW': {
        if (route.kind.startsWith('composite.sobjects.') && route.kind !== 'composite.sobjects.retrieve') {
          const size =
            route.kind === 'composite.sobjects.delete'
              ? (ctx.url.searchParams.get('ids') ?? '').split(',').filter(Boolean).length
              : collectionSize(safeJson(ctx.body));
          const locked = Array.from({ length: size }, () => ({
            success: false,
            errors: [lockError().toRecordError()],
          }));
          send(res, { status: 200, body: locked }, headers);
        } else {
          send(res, { status: 400, body: lockError().toBody() }, headers);
        }
        return true;
      }
    }
  }

  private limitHeader(): Record<string, string> {
    return { 'Sforce-Limit-Info': `api-usage=${this.apiUsage()}/${this.dailyApiLimit}` };
  }

  private route(ctx: Ctx): Route | undefined {
    const s = ctx.segments;
    const m = ctx.method;
    const r = (kind: string, handle: Route['handle'], more: Partial<Route> = {}): Route => ({
      kind,
      handle,
      write: false,
      api: true,
      auth: true,
      ...more,
    });
    const w = (kind: string, handle: Route['handle']) => r(kind, handle, { write: true });

    if (s[0] === 'services' && s[1] === 'oauth2') {
      if (s[2] === 'token' && m === 'POST') {
        return r(
          'auth.token',
          async () => ({
            status: 200,
            body: await this.auth.token(new URLSearchParams(ctx.body.toString()), {
              instanceUrl: this.baseUrl,
              loginUrl: this.baseUrl,
            }),
          }),
          { api: false, auth: false },
        );
      }
      // The UI Bridge API's single-use front door: the local org's user interface is the Metronome app preview.
      if (s[2] === 'singleaccess' && (m === 'GET' || m === 'POST'))
        return r('auth.singleaccess', () => this.frontDoor(ctx.url.searchParams.get('redirect_uri')), { api: false });
      if (s[2] === 'userinfo')
        return r(
          'auth.userinfo',
          () => ({ status: 200, body: this.auth.userinfo(this.baseUrl, this.baseUrl, `${MAX_VERSION}.0`) }),
          { api: false },
        );
      if (s[2] === 'revoke') {
        return r(
          'auth.revoke',
          () => {
            this.auth.revoke(
              new URLSearchParams(ctx.body.toString()).get('token') ?? ctx.url.searchParams.get('token') ?? '',
            );
            return { status: 200 };
          },
          { api: false, auth: false },
        );
      }
      return undefined;
    }
    if (s[0] === 'id' && s.length === 3 && m === 'GET') {
      return r(
        'auth.identity',
        () => {
          if (s[1] !== this.org.orgId || s[2] !== this.org.userId) throw notFound('Bad_Id');
          return { status: 200, body: this.auth.identity(this.baseUrl, this.baseUrl, `${MAX_VERSION}.0`) };
        },
        { api: false },
      );
    }
    if (s[0] === 'services' && s[1] === 'Soap' && s[2] === 'u' && m === 'POST') {
      return r('auth.soap', () => this.soapLogin(ctx), { api: false, auth: false });
    }
    if (s[0] === 'services' && s[1] === 'Soap' && s[2] === 'm' && m === 'POST')
      return this.metadataSoap.route(ctx, r, w);
    if (s[0] !== 'services' || s[1] !== 'data') return undefined;
    if (s.length === 2)
      return r('versions', () => ({ status: 200, body: versions(MIN_VERSION, MAX_VERSION) }), {
        auth: false,
        api: false,
      });
    const v = /^v(\d+)\.0$/.exec(s[2]);
    if (!v || Number(v[1]) < MIN_VERSION || Number(v[1]) > MAX_VERSION) return undefined;
    ctx.version = `${v[1]}.0`;
    const version = ctx.version;
    const p = s.slice(3);
    const json = () => objectBody(ctx.body, 'SObject');
    const text = () => ctx.body.toString('utf8');
    const q = ctx.url.searchParams;

    if (p.length === 0) return r('resources', () => ({ status: 200, body: resources(version, this.identityUrl()) }));
    switch (p[0]) {
      case 'limits':
        return p[1] === 'recordCount'
          ? r('limits.recordCount', () => ({ status: 200, body: recordCounts(this.org, q) }))
          : r('limits', () => ({ status: 200, body: this.limits() }));
      case 'query':
      case 'queryAll': {
        const all = p[0] === 'queryAll';
        if (p[1]) return r('queryMore', () => this.queryMore(p[1], version));
        return r(all ? 'queryAll' : 'query', () => this.query(ctx, q.get('q') ?? '', all));
      }
      case 'sobjects':
        return this.sobjectRoute(ctx, p.slice(1), r, w, json);
      case 'search':
        return handleSearch(this.org, ctx, p.slice(1), r, w);
      case 'composite': {
        if (p[1] !== 'sobjects')
          return handleComposite({ org: this.org, dispatch: (...a) => this.dispatch(...a) }, ctx, p.slice(1), r, w);
        if (p.length === 2) {
          if (m === 'POST')
            return w('composite.sobjects.create', () => rest.collectionCreate(this.org, json(), text()));
          if (m === 'PATCH')
            return w('composite.sobjects.update', () => rest.collectionUpdate(this.org, json(), text()));
          if (m === 'DELETE') return w('composite.sobjects.delete', () => rest.collectionDelete(this.org, q));
        }
        if (p.length === 3 && (m === 'GET' || m === 'POST')) {
          return r('composite.sobjects.retrieve', () => {
            const b =
              m === 'POST'
                ? json()
                : { ids: (q.get('ids') ?? '').split(','), fields: (q.get('fields') ?? '').split(',') };
            return rest.collectionRetrieve(
              this.org,
              p[2],
              stringList(b.ids, 'ids'),
              stringList(b.fields, 'fields'),
              version,
            );
          });
        }
        if (p.length === 4 && m === 'PATCH')
          return w('composite.sobjects.upsert', () => rest.collectionUpsert(this.org, p[2], p[3], json(), text()));
        return undefined;
      }
      case 'jobs':
        return this.jobsRoute(ctx, p.slice(1), r, w, json);
      case 'metadata':
        return handleMetadata(this.deploys, ctx, p.slice(1), r, w);
      case 'tooling':
        return this.toolingRoute(ctx, p.slice(1), r, w);
      case 'graphql':
      case 'ui-api':
        return handleUiApi(this.org, ctx, p, r);
    }
    return undefined;
  }

  private sobjectRoute(
    ctx: Ctx,
    p: string[],
    r: RouteMaker,
    w: WriteRouteMaker,
    json: () => Values,
  ): Route | undefined {
    const m = ctx.method;
    const text = () => ctx.body.toString('utf8');
    const version = ctx.version;
    if (p.length === 0)
      return r('describeGlobal', () => ({ status: 200, body: describeGlobal(this.org.model, version) }));
    const type = () => this.org.objectOrThrow(p[0]);
    if (p.length === 1) {
      if (m === 'GET') return r('sobject.basic', () => ({ status: 200, body: basicInfo(type(), version) }));
      if (m === 'POST') return w('sobject.create', () => rest.createRow(this.org, type(), json(), text()));
      return notAllowed(r, m, 'GET,HEAD,POST');
    }
    if (p.length === 2 && p[1] === 'describe')
      return r('sobject.describe', () => ({ status: 200, body: describeSObject(type(), version) }));
    if (p.length === 2) {
      if (m === 'GET' || m === 'HEAD')
        return r('sobject.retrieve', () =>
          rest.retrieveRow(this.org, type(), p[1], ctx.url.searchParams.get('fields'), version),
        );
      if (m === 'PATCH') return w('sobject.update', () => rest.updateRow(this.org, type(), p[1], json(), text()));
      if (m === 'DELETE') return w('sobject.delete', () => rest.deleteRow(this.org, type(), p[1]));
      return notAllowed(r, m, 'HEAD,GET,PATCH,DELETE');
    }
    if (p.length === 3) {
      // jsforce does not URL-encode the external ID value: take the raw path segment.
      const raw = ctx.url.pathname.split('/').filter(Boolean).at(-1)!;
      if (m === 'PATCH')
        return w('sobject.upsert', () => rest.upsertRow(this.org, type(), p[1], raw, json(), Number(version), text()));
      if (m === 'GET')
        return r('sobject.retrieve', () => rest.retrieveByExternalId(this.org, type(), p[1], raw, version));
      if (m === 'DELETE') {
        return w('sobject.delete', () => rest.deleteByExternalId(this.org, type(), p[1], raw, version));
      }
      return notAllowed(r, m, 'HEAD,GET,PATCH,DELETE');
    }
    return undefined;
  }

  private jobsRoute(ctx: Ctx, p: string[], r: RouteMaker, w: WriteRouteMaker, json: () => Values): Route | undefined {
    const m = ctx.method;
    const version = ctx.version;
    if (p[0] === 'ingest') {
      if (p.length === 1) {
        if (m === 'POST')
          return w('bulk2.ingest.create', () => ({ status: 200, body: this.bulk.createIngest(json(), version) }));
        if (m === 'GET') return r('bulk2.ingest.list', () => ({ status: 200, body: this.bulk.listIngest(version) }));
      }
      const id = p[1];
      if (p.length === 2) {
        if (m === 'GET')
          return r('bulk2.ingest.status', () => ({
            status: 200,
            body: this.bulk.ingestInfo(this.bulk.getIngest(id), version),
          }));
        if (m === 'PATCH')
          return w('bulk2.ingest.state', () => ({
            status: 200,
            body: this.bulk.setIngestState(id, String(json().state), version),
          }));
        if (m === 'DELETE')
          return w('bulk2.ingest.delete', () => {
            this.bulk.deleteIngest(id);
            return { status: 204 };
          });
      }
      if (p.length === 3 && p[2] === 'batches' && m === 'PUT') {
        return w('bulk2.ingest.upload', () => {
          this.bulk.upload(id, ctx.body.toString('utf8'));
          return { status: 201 };
        });
      }
      if (
        p.length === 3 &&
        m === 'GET' &&
        ['successfulResults', 'failedResults', 'unprocessedrecords'].includes(p[2])
      ) {
        return r('bulk2.ingest.results', () => ({
          status: 200,
          body: this.bulk.results(id, p[2] as 'failedResults'),
          headers: { 'Content-Type': 'text/csv' },
        }));
      }
      return undefined;
    }
    if (p[0] === 'query') {
      if (p.length === 1) {
        if (m === 'POST')
          return r('bulk2.query.create', () => ({ status: 200, body: this.bulk.createQuery(json(), version) }));
        if (m === 'GET') return r('bulk2.query.list', () => ({ status: 200, body: this.bulk.listQuery() }));
      }
      const id = p[1];
      if (p.length === 2) {
        if (m === 'GET')
          return r('bulk2.query.status', () => ({ status: 200, body: this.bulk.queryInfo(this.bulk.getQuery(id)) }));
        if (m === 'PATCH') return r('bulk2.query.state', () => ({ status: 200, body: this.bulk.abortQuery(id) }));
        if (m === 'DELETE')
          return r('bulk2.query.delete', () => {
            this.bulk.deleteQuery(id);
            return { status: 204 };
          });
      }
      if (p.length === 3 && p[2] === 'results' && m === 'GET') {
        return r('bulk2.query.results', () => {
          const q = ctx.url.searchParams;
          const page = this.bulk.queryResults(id, q.get('locator'), Number(q.get('maxRecords') ?? 50_000) || 50_000);
          return {
            status: 200,
            body: page.csv,
            headers: {
              'Content-Type': 'text/csv',
              'Sforce-Locator': page.locator,
              'Sforce-NumberOfRecords': String(page.count),
            },
          };
        });
      }
    }
    return undefined;
  }

  /** The Tooling API: package installs (tooling.ts), and no rows for the other queries clients make on login. */
  private toolingRoute(ctx: Ctx, p: string[], r: RouteMaker, w: WriteRouteMaker): Route | undefined {
    this.tooling ??= new Tooling(this.org, {
      ...this.deploys,
      packageProjectDir: this.deploys.projectDir,
      extraVersionIds: [],
    });
    return this.tooling.route(ctx, p, r, w);
  }

  private identityUrl(): string {
    return `${this.baseUrl}/id/${this.org.orgId}/${this.org.userId}`;
  }

  /**
   * One call run inside the org (a Composite subrequest): the same routes and answers as over HTTP, counted as part of
   * the enclosing call. Only calls that finish at once can join a composite transaction.
   */
  dispatch(method: string, path: string, body: unknown): rest.Reply {
    const url = new URL(path, this.baseUrl);
    const segments = safeSegments(url.pathname);
    const ctx: Ctx = {
      req: { headers: {} } as IncomingMessage,
      url,
      method,
      segments: segments ?? [],
      version: '',
      body: Buffer.from(body === undefined ? '' : JSON.stringify(body)),
    };
    const route =
      segments && segments[0] === 'services' && segments[1] === 'data' && segments.length > 2
        ? this.route(ctx)
        : undefined;
    if (!route) throw notFound();
    if (route.kind.startsWith('composite') && !route.kind.startsWith('composite.sobjects')) {
      throw new SfError('INVALID_INPUT', `${route.kind} cannot be a subrequest of a composite request`);
    }
    this.statsByKind[route.kind] = (this.statsByKind[route.kind] ?? 0) + 1;
    if (route.write) WRITE_KINDS.add(route.kind);
    const reply = route.handle(ctx);
    if (reply instanceof Promise)
      throw new SfError('INVALID_INPUT', `${route.kind} cannot be a subrequest of a composite request`);
    return reply;
  }

  private query(ctx: Ctx, soql: string, all: boolean): rest.Reply {
    if (ctx.url.searchParams.get('columns') === 'true') return { status: 200, body: queryColumns(this.org, soql) };
    const result = runQuery(this.org, soql, { all, version: ctx.version });
    const options = String(ctx.req.headers['sforce-query-options'] ?? '');
    const batch = /batchSize=(\d+)/i.exec(options);
    const pageSize = batch ? Math.min(2000, Math.max(200, Number(batch[1]))) : 2000;
    return { status: 200, body: this.page(result.totalSize, result.records, 0, pageSize, ctx.version) };
  }

  private page(
    totalSize: number,
    records: Values[],
    offset: number,
    pageSize: number,
    version: string,
    cursorId?: string,
  ): Values {
    const slice = records.slice(offset, offset + pageSize);
    const done = offset + slice.length >= records.length;
    let nextRecordsUrl: string | undefined;
    if (!done) {
      let id = cursorId;
      if (!id) {
        id = this.org.transientId(KEY_PREFIX.QueryLocator);
        this.cursors.set(id, { records, created: Date.now() });
        this.expireCursors();
      }
      nextRecordsUrl = `/services/data/v${version}/query/${id}-${offset + slice.length}:${pageSize}`;
    }
    return { totalSize, done, ...(nextRecordsUrl ? { nextRecordsUrl } : {}), records: slice };
  }

  private queryMore(locator: string, version: string): rest.Reply {
    const match = /^(\w+)-(\d+)(?::(\d+))?$/.exec(locator);
    const cursor = match && this.cursors.get(match[1]);
    if (!match || !cursor) throw requestError('INVALID_QUERY_LOCATOR', 'invalid query locator');
    const offset = Number(match[2]);
    const pageSize = Number(match[3] ?? 2000);
    return { status: 200, body: this.page(cursor.records.length, cursor.records, offset, pageSize, version, match[1]) };
  }

  private expireCursors(): void {
    const cutoff = Date.now() - 15 * 60_000;
    for (const [id, c] of this.cursors) if (c.created < cutoff) this.cursors.delete(id);
  }

  limits(): Values {
    const used = this.apiUsage();
    const limit = (max: number, remaining = max) => ({ Max: max, Remaining: remaining });
    return {
      DailyApiRequests: limit(this.dailyApiLimit, Math.max(0, this.dailyApiLimit - used)),
      ...this.bulkQueryLimits(limit),
      DailyBulkApiBatches: limit(15000),
      DataStorageMB: limit(5),
      FileStorageMB: limit(20),
      ConcurrentAsyncGetReportInstances: limit(200),
      ConcurrentSyncReportRuns: limit(20),
      DailyAsyncApexExecutions: limit(250000),
      HourlyODataCallout: limit(10000),
      SingleEmail: limit(15),
      MassEmail: limit(10),
      StreamingApiConcurrentClients: limit(1000),
    };
  }

  /** The query-job limits move with every Bulk API 2.0 query job (Bulk API 2.0 Developer Guide, query limits). */
  private bulkQueryLimits(limit: (max: number, remaining?: number) => Values): Values {
    const usage = this.bulk.queryJobUsage();
    return {
      DailyBulkV2QueryJobs: limit(10000, Math.max(0, 10000 - usage.jobs)),
      DailyBulkV2QueryFileStorageMB: limit(976562, Math.max(0, 976562 - usage.storageMB)),
    };
  }

  private soapLogin(ctx: Ctx): rest.Reply {
    const xml = ctx.body.toString();
    const tag = (name: string) => new RegExp(`<(?:\\w+:)?${name}>([^<]*)</(?:\\w+:)?${name}>`).exec(xml)?.[1] ?? '';
    const unescape = (s: string) =>
      s
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&');
    const username = unescape(tag('username'));
    const password = unescape(tag('password'));
    const headers = { 'Content-Type': 'text/xml; charset=utf-8' };
    if (username !== this.auth.config.username || password !== this.auth.config.password) {
      const fault =
        '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com"><soapenv:Body><soapenv:Fault><faultcode>INVALID_LOGIN</faultcode><faultstring>INVALID_LOGIN: Invalid username, password, security token; or user locked out.</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>';
      return { status: 500, body: fault, headers };
    }
    const token = this.auth.issueAccessToken();
    const version = ctx.segments[3] ?? '50.0';
    const ok = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com"><soapenv:Body><loginResponse><result><metadataServerUrl>${this.baseUrl}/services/Soap/m/${version}/${this.org.orgId}</metadataServerUrl><passwordExpired>false</passwordExpired><sandbox>false</sandbox><serverUrl>${this.baseUrl}/services/Soap/u/${version}/${this.org.orgId}</serverUrl><sessionId>${token}</sessionId><userId>${this.org.userId}</userId><userInfo><organizationId>${this.org.orgId}</organizationId><userName>${this.auth.config.username}</userName><userId>${this.org.userId}</userId></userInfo></result></loginResponse></soapenv:Body></soapenv:Envelope>`;
    return { status: 200, body: ok, headers };
  }

  /** `nome preview` announces its URL here (PUT /__admin/front-door); Salesforce answers with its own UI's front door. */
  private frontDoor(redirect: string | null): rest.Reply {
    const base = this.org.store.getMeta('frontDoorUrl');
    if (!base) {
      return {
        status: 404,
        body: [
          {
            errorCode: 'NOT_FOUND',
            message:
              'The local org has no user interface running: start one with `npx nome preview start` (npm start does).',
          },
        ],
      };
    }
    // Only paths inside the app: an absolute redirect_uri elsewhere is not followed.
    const target = redirect && /^\/lightning\//.test(redirect) ? new URL(redirect, base).toString() : `${base}/`;
    return { status: 200, body: { frontdoor_uri: target } };
  }

  private admin(res: ServerResponse, method: string, p: string[], body: Buffer): void {
    const json = () => (body.length ? JSON.parse(body.toString()) : {});
    try {
      const faults = p[0] === 'faults' ? faultAdmin(this.faults, method, p.slice(1), json()) : undefined;
      if (faults) return send(res, faults);
      if (p[0] === 'stats') {
        if (method === 'GET') return send(res, { status: 200, body: this.stats() });
        if (method === 'DELETE') {
          this.resetStats();
          return send(res, { status: 204 });
        }
      }
      if (p[0] === 'front-door' && method === 'PUT') {
        const url = new URL(String(json().url ?? ''));
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('front-door url must be http(s)');
        this.org.store.setMeta('frontDoorUrl', url.origin, true);
        return send(res, { status: 204 });
      }
      if (p[0] === 'info' && method === 'GET') {
        return send(res, {
          status: 200,
          body: {
            orgId: this.org.orgId,
            userId: this.org.userId,
            instanceUrl: this.baseUrl,
            apiUsage: this.apiUsage(),
            dailyApiLimit: this.dailyApiLimit,
          },
        });
      }
      send(res, { status: 404, body: { error: 'unknown admin endpoint' } });
    } catch (error) {
      send(res, { status: 400, body: { error: (error as Error).message } });
    }
  }
}

/** Every kind ever seen as a write, so stats can total writes. */
const WRITE_KINDS = new Set<string>();

const lockError = () => new SfError('UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access to this record', []);

function collectionSize(body: unknown): number {
  const records = (body as { records?: unknown[] } | undefined)?.records;
  return Array.isArray(records) ? records.length : 0;
}

function safeJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString());
  } catch {
    return undefined;
  }
}

/** Query parameters that carry credentials (a token to revoke, a session in a frontdoor link): never logged. */
const SECRET_PARAMS = /token|secret|password|^sid$|^code$|assertion/i;

/** Path and query of a request for the log, with credential values replaced by `***`. */
export function loggableUrl(url: URL): string {
  const query = [...url.searchParams].map(
    ([k, v]) => `${encodeURIComponent(k)}=${SECRET_PARAMS.test(k) ? '***' : encodeURIComponent(v)}`,
  );
  return query.length > 0 ? `${url.pathname}?${query.join('&')}` : url.pathname;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ') || h?.startsWith('OAuth ')) return h.slice(h.indexOf(' ') + 1).trim();
  return undefined;
}

function send(res: ServerResponse, reply: rest.Reply, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const isText = typeof reply.body === 'string';
  const payload = reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...(reply.body === undefined
      ? {}
      : { 'Content-Type': isText ? 'text/plain; charset=UTF-8' : 'application/json;charset=UTF-8' }),
    ...headers,
    'Content-Length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

/** The 405 Salesforce answers for a method a resource does not support ("Status Codes and Error Responses"). */
function notAllowed(r: RouteMaker, method: string, allowed: string): Route {
  return r(
    'method.notAllowed',
    () => {
      throw requestError('METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are ${allowed}`, 405);
    },
    { api: false },
  );
}

/** Path segments, or undefined when one is not valid percent-encoding (a 404, never a 500). */
function safeSegments(pathname: string): string[] | undefined {
  try {
    return pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** The versioned resources; `identity` is the absolute identity URL jsforce's `identity()` reads. */
function resources(version: string, identity: string) {
  const base = `/services/data/v${version}`;
  const names = ['sobjects', 'query', 'queryAll', 'search', 'limits', 'composite', 'jobs', 'tooling', 'metadata'];
  return { ...Object.fromEntries(names.map((n) => [n, `${base}/${n}`])), identity };
}
