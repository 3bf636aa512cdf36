/**
 * The Tooling API calls a package install makes (@salesforce/packaging's SubscriberPackageVersion.install,
 * so `nome package install` and `sf package install`): queries of SubscriberPackageVersion by ID and of
 * InstalledSubscriberPackage, `POST tooling/sobjects/PackageInstallRequest` and `GET …/PackageInstallRequest/{id}`.
 * Other Tooling queries (clients make a few on login) answer with no rows, as an org with no Apex would.
 */
import { parseQuery, type FieldType, type WhereClause } from '@jetstreamapp/soql-parser-js';
import { SfError, notFound, requestError } from './errors.ts';
import type { Org } from './org.ts';
import {
  INSTALL_REQUEST_PREFIX,
  findVersion,
  installedPackage,
  knownVersions,
  runInstall,
  subscriberPackageId,
  versionFields,
  type InstallRequest,
  type PackageSource,
} from './packages.ts';
import type { Ctx, Route, RouteMaker, WriteRouteMaker } from './routes.ts';
import type { Values } from './store.ts';
import { formatDateTime } from './values.ts';

export class Tooling {
  private readonly org: Org;
  private readonly source: PackageSource;
  private readonly requests = new Map<string, InstallRequest>();

  constructor(org: Org, source: PackageSource) {
    this.org = org;
    this.source = source;
  }

  route(ctx: Ctx, p: string[], r: RouteMaker, w: WriteRouteMaker): Route | undefined {
    const m = ctx.method;
    if (p[0] === 'query' && p.length === 1 && m === 'GET') {
      return r('tooling.query', () => ({
        status: 200,
        body: this.query(ctx.url.searchParams.get('q') ?? '', ctx.version),
      }));
    }
    if (p[0] === 'sobjects' && p[1] === 'PackageInstallRequest') {
      if (p.length === 2 && m === 'POST') return w('tooling.sobject.create', () => this.createInstallRequest(ctx));
      if (p.length === 3 && m === 'GET')
        return r('tooling.sobject.retrieve', () => ({
          status: 200,
          body: this.installRequestRecord(p[2], ctx.version),
        }));
    }
    return undefined;
  }

  private query(soql: string, version: string): Values {
    let parsed;
    try {
      parsed = parseQuery(soql);
    } catch (error) {
      throw requestError('MALFORMED_QUERY', `unexpected token: ${(error as Error).message.split('\n')[0]}`);
    }
    const entity = parsed.sObject ?? '';
    const fields = (parsed.fields ?? []).map((f) => fieldName(f, entity));
    let rows: Values[];
    if (entity.toLowerCase() === 'subscriberpackageversion') rows = this.versionRows(parsed.where, fields, version);
    else if (entity.toLowerCase() === 'installedsubscriberpackage')
      rows = this.installedRows(parsed.where, fields, version);
    else return { size: 0, totalSize: 0, done: true, queryLocator: null, entityTypeName: null, records: [] };
    return {
      size: rows.length,
      totalSize: rows.length,
      done: true,
      queryLocator: null,
      entityTypeName: canonical(entity),
      records: rows,
    };
  }

  /** Salesforce answers SubscriberPackageVersion queries only for one ID (and, when protected, its installation key). */
  private versionRows(where: WhereClause | undefined, fields: string[], version: string): Values[] {
    const filters = equalities(where);
    const id = filters?.get('id');
    if (!filters || id === undefined || [...filters.keys()].some((k) => k !== 'id' && k !== 'installationkey')) {
      throw requestError(
        'MALFORMED_QUERY',
        "Implementation restriction: You can only perform queries of the form Id='<some_value>'.",
      );
    }
    const known = findVersion(this.source, id);
    if (!known) return [];
    const all = versionFields(this.org, known);
    return [project('SubscriberPackageVersion', known.id, all, fields, version)];
  }

  private installedRows(where: WhereClause | undefined, fields: string[], version: string): Values[] {
    const filters = where ? equalities(where) : new Map<string, string>();
    if (!filters)
      throw requestError(
        'MALFORMED_QUERY',
        "The local org filters InstalledSubscriberPackage only by equalities joined with AND (Field = 'value')",
      );
    const installed = installedPackage(this.org);
    const known =
      installed &&
      knownVersions(this.source.packageProjectDir(), this.source.extraVersionIds).find(
        (v) => v.id === installed.versionId,
      );
    if (!installed || !known) return [];
    const versionValues = versionFields(this.org, known);
    const packageId = subscriberPackageId(this.org);
    const namespace = this.org.model.namespace || null;
    const values: Values = {
      Id: installed.id,
      SubscriberPackageId: packageId,
      SubscriberPackageVersionId: known.id,
      SubscriberPackage: {
        Id: packageId,
        Name: known.packageName,
        NamespacePrefix: namespace,
        Description: known.description,
      },
      SubscriberPackageVersion: versionValues,
    };
    const matches = [...filters].every(
      ([path, value]) => String(valueAt(values, path, 'InstalledSubscriberPackage') ?? '') === value,
    );
    return matches ? [project('InstalledSubscriberPackage', installed.id, values, fields, version)] : [];
  }

  private createInstallRequest(ctx: Ctx): { status: number; body: unknown } {
    const input = (ctx.body.length ? JSON.parse(ctx.body.toString()) : {}) as Values;
    const unknown = Object.keys(input).find((k) => !INSTALL_REQUEST_FIELDS.has(k) && k !== 'attributes');
    if (unknown)
      throw new SfError('INVALID_FIELD', `No such column '${unknown}' on sobject of type PackageInstallRequest`);
    if (!input.SubscriberPackageVersionKey) {
      throw new SfError('REQUIRED_FIELD_MISSING', 'Required fields are missing: [SubscriberPackageVersionKey]', [
        'SubscriberPackageVersionKey',
      ]);
    }
    const now = formatDateTime(new Date());
    const request: InstallRequest = {
      id: this.org.transientId(INSTALL_REQUEST_PREFIX),
      input,
      status: 'IN_PROGRESS',
      errors: [],
      createdDate: now,
      lastModifiedDate: now,
    };
    this.requests.set(request.id, request);
    // Installs run in the background, as on Salesforce: clients poll the request's Status.
    setImmediate(() => void runInstall(this.org, this.source, request));
    return { status: 201, body: { id: request.id, success: true, errors: [] } };
  }

  private installRequestRecord(id: string, version: string): Values {
    const request = [...this.requests.values()].find((q) => q.id === id || (id.length === 15 && q.id.startsWith(id)));
    if (!request) throw notFound();
    const input = request.input;
    return {
      attributes: {
        type: 'PackageInstallRequest',
        url: `/services/data/v${version}/tooling/sobjects/PackageInstallRequest/${request.id}`,
      },
      Id: request.id,
      IsDeleted: false,
      CreatedDate: request.createdDate,
      CreatedById: this.org.userId,
      LastModifiedDate: request.lastModifiedDate,
      LastModifiedById: this.org.userId,
      SystemModstamp: request.lastModifiedDate,
      SubscriberPackageVersionKey: input.SubscriberPackageVersionKey,
      NameConflictResolution: input.NameConflictResolution ?? 'Block',
      SecurityType: input.SecurityType ?? 'None',
      PackageInstallSource: input.PackageInstallSource ?? 'U',
      ProfileMappings: input.ProfileMappings ?? null,
      // The installation key is write-only.
      Password: null,
      EnableRss: input.EnableRss ?? false,
      UpgradeType: input.UpgradeType ?? 'mixed-mode',
      ApexCompileType: input.ApexCompileType ?? 'all',
      Status: request.status,
      Errors: request.errors.length ? { errors: request.errors.map((message) => ({ message })) } : null,
    };
  }
}

const INSTALL_REQUEST_FIELDS = new Set([
  'SubscriberPackageVersionKey',
  'Password',
  'SecurityType',
  'NameConflictResolution',
  'PackageInstallSource',
  'EnableRss',
  'UpgradeType',
  'ApexCompileType',
  'ProfileMappings',
  'SkipHandlers',
]);

const CANONICAL = ['SubscriberPackageVersion', 'InstalledSubscriberPackage'];
const canonical = (entity: string) => CANONICAL.find((c) => c.toLowerCase() === entity.toLowerCase()) ?? entity;

function fieldName(f: FieldType, entity: string): string {
  if (f.type === 'Field') return f.field;
  if (f.type === 'FieldRelationship') return f.rawValue ?? [...f.relationships, f.field].join('.');
  throw requestError('MALFORMED_QUERY', `The local org's Tooling API only selects plain fields from ${entity}`);
}

/** `Id = 'x' AND InstallationKey = 'y'` → lower-cased field → value; undefined for anything else. */
function equalities(where: WhereClause | undefined): Map<string, string> | undefined {
  const out = new Map<string, string>();
  let clause: WhereClause | undefined = where;
  while (clause) {
    const left = clause.left as { field?: string; operator?: string; value?: unknown; openParen?: number } | null;
    if (!left?.field || left.operator !== '=' || typeof left.value !== 'string') return undefined;
    out.set(left.field.toLowerCase(), left.value.replace(/^'|'$/g, ''));
    const next = clause as { operator?: string; right?: WhereClause };
    if (next.right && next.operator !== 'AND') return undefined;
    clause = next.right;
  }
  return out.size ? out : undefined;
}

/** The selected columns of a record, with parent fields (`SubscriberPackage.Name`) as nested records. */
function project(type: string, id: string, values: Values, fields: string[], version: string): Values {
  const base = `/services/data/v${version}/tooling/sobjects`;
  const out: Values = { attributes: { type, url: `${base}/${type}/${id}` } };
  for (const path of fields) {
    const segments = path.split('.');
    let source: Values = values;
    let target = out;
    for (const segment of segments.slice(0, -1)) {
      const key = Object.keys(source).find((k) => k.toLowerCase() === segment.toLowerCase());
      const parent = key ? source[key] : undefined;
      if (!key || parent === null || typeof parent !== 'object') throw invalidField(segment, type);
      target[key] ??= { attributes: { type: key, url: `${base}/${key}/${String((parent as Values).Id)}` } };
      target = target[key] as Values;
      source = parent as Values;
    }
    const last = segments.at(-1)!;
    const key = Object.keys(source).find((k) => k.toLowerCase() === last.toLowerCase());
    if (!key) throw invalidField(last, type);
    target[key] = source[key];
  }
  return out;
}

/** The value at a dotted path (`SubscriberPackage.NamespacePrefix`), matched case-insensitively. */
function valueAt(values: Values, path: string, entity: string): unknown {
  let current: unknown = values;
  for (const segment of path.split('.')) {
    const record = current as Values | null;
    const key =
      record && typeof record === 'object'
        ? Object.keys(record).find((k) => k.toLowerCase() === segment.toLowerCase())
        : undefined;
    if (!key) throw invalidField(segment, entity);
    current = record![key];
  }
  return current;
}

function invalidField(name: string, entity: string): SfError {
  return requestError(
    'INVALID_FIELD',
    `No such column '${name}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}
