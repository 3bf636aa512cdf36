/** One org: its identity, model (schema) and store, plus reads that evaluate formulas and parent paths. */
import { applyNamespace, loadSchema } from '../metadata/index.ts';
import { evaluate, parseFormula } from './formula.ts';
import { customPrefix, KEY_PREFIX, newOrgId, recordId } from './ids.ts';
import { SfError, notFound, requestError } from './errors.ts';
import { buildOrgModel, type FieldModel, type ObjectModel, type OrgModel } from './model.ts';
import type { Row, Store, Values } from './store.ts';
import { formatDateTime } from './values.ts';
import { syncPermissionSets } from './permissions.ts';
import { STANDARD_OBJECTS } from './standard.ts';

export interface OrgIdentity {
  orgId: string;
  userId: string;
  username: string;
}

export class Org {
  readonly store: Store;
  model!: OrgModel;
  readonly orgId: string;
  readonly userId: string;
  private readonly instance: string;
  private sequence: number;
  private readonly formulas = new Map<string, ReturnType<typeof parseFormula>>();

  constructor(store: Store) {
    this.store = store;
    this.orgId = store.getMeta('orgId') ?? newOrgId();
    this.instance = this.orgId.slice(3, 5);
    this.sequence = Number(store.getMeta('sequence') ?? '0');
    if (!store.getMeta('orgId')) store.setMeta('orgId', this.orgId, true);
    this.userId = store.getMeta('userId') ?? this.newIdWithPrefix(KEY_PREFIX.User);
    store.setMeta('userId', this.userId);
  }

  /** (Re)reads force-app; custom objects keep the key prefix they got the first time this org saw them. */
  loadSchema(projectDir?: string): void {
    const schema = loadSchema(projectDir);
    const prefixes: Record<string, string> = JSON.parse(this.store.getMeta('keyPrefixes') ?? '{}');
    const prefixFor = (name: string) => (prefixes[name] ??= customPrefix(Object.keys(prefixes).length));
    this.model = buildOrgModel(
      schema,
      prefixFor,
      STANDARD_OBJECTS.map((make) => make()),
    );
    this.store.setMeta('keyPrefixes', JSON.stringify(prefixes));
    this.formulas.clear();
    const indexed = new Map<string, { field: string; caseSensitive: boolean }[]>();
    for (const o of this.model.objects) {
      // Reference fields are indexed too, so deletes find child rows without a scan.
      const keys = o.fields.filter(
        (f) => f.unique || f.externalId || (f.idLookup && !f.system) || (f.type === 'reference' && !f.system),
      );
      indexed.set(
        o.name,
        keys.map((f) => ({ field: f.name, caseSensitive: f.caseSensitive || f.type === 'reference' })),
      );
    }
    this.store.setIndexedFields(indexed);
    this.store.commit();
    syncPermissionSets(this, schema);
  }

  object(name: string): ObjectModel | undefined {
    return this.model.index.get(name.toLowerCase());
  }

  /** The object named in a URL or a call; unknown names answer as Salesforce does. */
  objectOrThrow(name: string): ObjectModel {
    const o = this.object(name);
    if (!o) throw notFound();
    return o;
  }

  prefixOf = (objectName: string): string | undefined => this.object(objectName)?.keyPrefix;

  objectOfId(id: string): ObjectModel | undefined {
    return this.model.byPrefix.get(id.slice(0, 3));
  }

  newId(o: ObjectModel): string {
    return this.newIdWithPrefix(o.keyPrefix);
  }

  private newIdWithPrefix(prefix: string): string {
    this.sequence += 1;
    this.store.setMeta('sequence', String(this.sequence));
    return recordId(prefix, this.instance, this.sequence);
  }

  /** An ID of something that is not a record (bulk jobs, query locators, deploys). */
  transientId(prefix: string): string {
    return this.newIdWithPrefix(prefix);
  }

  nextAutoNumber(o: ObjectModel, now: Date): string {
    const key = `autonumber:${o.name}`;
    const next = Number(this.store.getMeta(key) ?? String(o.autoNumber!.start));
    this.store.setMeta(key, String(next + 1));
    return o
      .autoNumber!.format.replace(/\{(0+)\}/, (_, zeros: string) => String(next).padStart(zeros.length, '0'))
      .replace('{YYYY}', String(now.getUTCFullYear()))
      .replace('{YY}', String(now.getUTCFullYear()).slice(2))
      .replace('{MM}', String(now.getUTCMonth() + 1).padStart(2, '0'))
      .replace('{DD}', String(now.getUTCDate()).padStart(2, '0'));
  }

  /** A field's value on a row, formulas evaluated now. */
  fieldValue(row: Row, o: ObjectModel, f: FieldModel): unknown {
    if (!f.calculated || !f.formula) return row.v[f.name] ?? (f.type === 'boolean' ? false : null);
    let parsed = this.formulas.get(`${o.name}.${f.name}`);
    if (!parsed) this.formulas.set(`${o.name}.${f.name}`, (parsed = parseFormula(f.formula)));
    const value = evaluate(parsed, (path) =>
      this.pathValue(
        row,
        o,
        path.map((p) => applyNamespace(this.model.namespace, p)),
      ),
    );
    if (value === '' || value === undefined) return null;
    return value;
  }

  /** Follows `Rel__r.Rel__r.Field` from a row; null when a parent is missing. Throws INVALID_FIELD on unknown names. */
  pathValue(row: Row | undefined, o: ObjectModel, path: string[]): unknown {
    let current = row;
    let object = o;
    for (const segment of path.slice(0, -1)) {
      const rel = object.relationshipIndex.get(segment.toLowerCase());
      if (!rel) throw invalidColumn(segment, object);
      const parentId = current?.v[rel.name] as string | undefined;
      current = parentId ? this.store.get(parentId) : undefined;
      object = this.object(rel.referenceTo[0])!;
    }
    const f = object.fieldIndex.get(path[path.length - 1].toLowerCase());
    if (!f) throw invalidColumn(path[path.length - 1], object);
    return current ? this.fieldValue(current, object, f) : null;
  }

  /** Seeds the login user and the Organization row the first time a data directory is used. */
  seed(identity: { username: string; orgName: string }): void {
    const now = formatDateTime(new Date());
    const audit = {
      IsDeleted: false,
      CreatedDate: now,
      CreatedById: this.userId,
      LastModifiedDate: now,
      LastModifiedById: this.userId,
      SystemModstamp: now,
    };
    const user = this.store.get(this.userId);
    if (!user || user.v.Username !== identity.username) {
      this.store.put({
        type: 'User',
        v: {
          ...(user?.v ?? {}),
          Id: this.userId,
          ...(user ? {} : audit),
          Username: identity.username,
          LastName: 'Admin',
          FirstName: 'Local',
          Name: 'Local Admin',
          Email: identity.username.includes('@') ? identity.username : `${identity.username}@example.com`,
          Alias: 'ladmin',
          CommunityNickname: 'local.admin',
          IsActive: true,
          TimeZoneSidKey: 'GMT',
          LocaleSidKey: 'en_US',
          LanguageLocaleKey: 'en_US',
          EmailEncodingKey: 'UTF-8',
          ProfileId: null,
          UserType: 'Standard',
        },
      });
    }
    if (!this.store.get(this.orgId)) {
      this.store.put({
        type: 'Organization',
        v: {
          Id: this.orgId,
          ...audit,
          Name: identity.orgName,
          OrganizationType: 'Developer Edition',
          IsSandbox: false,
          TrialExpirationDate: null,
          InstanceName: 'LOCAL',
          NamespacePrefix: null,
          Country: 'US',
          DefaultLocaleSidKey: 'en_US',
          LanguageLocaleKey: 'en_US',
          TimeZoneSidKey: 'GMT',
        },
      });
    }
    this.store.commit();
  }

  /** Every describe field of a row, in describe order (retrieve's answer). */
  fullRecord(row: Row, o: ObjectModel, version: string): Values {
    const out: Values = {
      attributes: { type: o.name, url: `/services/data/v${version}/sobjects/${o.name}/${row.v.Id}` },
    };
    for (const f of o.fields) out[f.name] = this.fieldValue(row, o, f);
    return out;
  }
}

export function invalidColumn(name: string, o: ObjectModel): SfError {
  return requestError(
    'INVALID_FIELD',
    `No such column '${name}' on entity '${o.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}
