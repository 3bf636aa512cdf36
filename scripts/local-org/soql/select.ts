/**
 * The SELECT list of a record query: field paths, FIELDS(), child relationship subqueries, and the projection
 * of rows into Salesforce's nested record shape. FIELDS(ALL)/FIELDS(CUSTOM) need LIMIT ≤ 200 and a field may
 * be selected once (SOQL and SOSL Reference, "SELECT" / FIELDS()).
 */
import type { FieldType, QueryBase } from '@jetstreamapp/soql-parser-js';
import type { ObjectModel } from '../model.ts';
import type { Org } from '../org.ts';
import type { Row, Values } from '../store.ts';
import { invalidField, malformed, noSuchRelationship } from './errors.ts';
import { isFieldsFn } from './parse.ts';
import { resolvePath, type Path } from './paths.ts';

export type Selection =
  { kind: 'path'; path: Path } | { kind: 'child'; name: string; child: ObjectModel; field: string; query: QueryBase };

export function selections(org: Org, o: ObjectModel, q: QueryBase): Selection[] {
  const out: Selection[] = [];
  const seen = new Set<string>();
  const add = (s: Selection) => {
    const key = (s.kind === 'path' ? s.path.segments.join('.') : s.name).toLowerCase();
    if (seen.has(key))
      throw invalidField(`duplicate field selected: ${s.kind === 'path' ? s.path.segments.join('.') : s.name}`);
    seen.add(key);
    out.push(s);
  };
  for (const f of q.fields ?? []) {
    if (isFieldsFn(f)) {
      for (const field of fieldsOf(o, f, q)) add({ kind: 'path', path: resolvePath(org, o, [field]) });
    } else if (f.type === 'FieldSubquery') {
      const name = f.subquery.relationshipName;
      const rel = o.childRelationships.find((c) => c.relationshipName?.toLowerCase() === name.toLowerCase());
      if (!rel) throw noSuchRelationship(name, 'FROM part of query call');
      add({
        kind: 'child',
        name: rel.relationshipName!,
        child: org.object(rel.childSObject)!,
        field: rel.field,
        query: f.subquery,
      });
    } else if (f.type === 'Field') {
      if (f.alias) throw malformed('Only aggregate expressions use field aliasing');
      add({ kind: 'path', path: resolvePath(org, o, [f.field]) });
    } else if (f.type === 'FieldRelationship') {
      add({ kind: 'path', path: resolvePath(org, o, [...f.relationships, f.field]) });
    } else {
      throw malformed(`unexpected token: ${'rawValue' in f ? String(f.rawValue) : f.type}`);
    }
  }
  return out;
}

/** FIELDS(ALL|CUSTOM|STANDARD): the unbounded forms need LIMIT of at most 200, as Salesforce requires. */
function fieldsOf(o: ObjectModel, f: FieldType, q: QueryBase): string[] {
  const which = String((f as { parameters: unknown[] }).parameters[0]).toUpperCase();
  if (which !== 'STANDARD' && (q.limit === undefined || q.limit > 200)) {
    throw malformed('The SOQL FIELDS function must have a LIMIT of at most 200');
  }
  return o.fields
    .filter((field) => which === 'ALL' || (which === 'CUSTOM') === field.custom)
    .map((field) => field.name);
}

export function attributes(o: ObjectModel, row: Row, version: string) {
  return { type: o.name, url: `/services/data/v${version}/sobjects/${o.name}/${row.v.Id}` };
}

/** A row in Salesforce's record shape: parents nested (null when missing), child subqueries via `children`. */
export function project(
  org: Org,
  o: ObjectModel,
  row: Row,
  selected: Selection[],
  version: string,
  children: (s: Extract<Selection, { kind: 'child' }>, row: Row) => unknown,
): Values {
  const out: Values = { attributes: attributes(o, row, version) };
  for (const s of selected) {
    if (s.kind === 'child') {
      out[s.name] = children(s, row);
      continue;
    }
    let target = out;
    let current: Row | undefined = row;
    let object = o;
    for (const rel of s.path.segments.slice(0, -1)) {
      const relField = object.relationshipIndex.get(rel.toLowerCase())!;
      object = org.object(relField.referenceTo[0])!;
      const parentId = current?.v[relField.name] as string | undefined;
      current = parentId ? org.store.get(parentId) : undefined;
      if (!current) {
        if (!(rel in target)) target[rel] = null;
        break;
      }
      if (!target[rel]) target[rel] = { attributes: attributes(object, current, version) };
      target = target[rel] as Values;
    }
    if (current) target[s.path.field.name] = org.fieldValue(current, object, s.path.field);
  }
  return out;
}
