/**
 * `POST /composite/tree/{sobject}` ("sObject Tree", REST API Developer Guide): trees of new records, each child list
 * under its child relationship name, saved parents first with the children's lookups set. At most 200 records in
 * all, 5 types and 5 levels; one failing record rolls the whole request back and only the failures are reported.
 */
import { cannotDeserialize, jsonParserError } from '../body.ts';
import { checkDeserializable } from '../deserialize.ts';
import { createRecord } from '../dml.ts';
import { SfError } from '../errors.ts';
import type { ObjectModel } from '../model.ts';
import type { Org } from '../org.ts';
import type { Reply } from '../rest.ts';
import type { Values } from '../store.ts';

export const MAX_TREE_RECORDS = 200;
export const MAX_TREE_TYPES = 5;
export const MAX_TREE_DEPTH = 5;

/** A record the request could not save, as `results` reports it. */
type TreeFailure = { referenceId: string; errors: ReturnType<SfError['toRecordError']>[] };

interface TreeNode {
  object: ObjectModel;
  referenceId: string;
  fields: Values;
  /** Children under the lookup field that points at this node. */
  children: { field: string; nodes: TreeNode[] }[];
}

export function saveTrees(org: Org, typeName: string, body: Values): Reply {
  const root = org.objectOrThrow(typeName);
  if (!Array.isArray(body.records)) throw jsonParserError('records is required: a list of record trees');
  const seen: Seen = { count: 0, types: new Set<string>(), references: [] };
  const trees = body.records.map((r: unknown) => parseNode(org, root, r, 1, seen));
  const duplicates = duplicateReferences(seen.references);
  if (duplicates.length > 0) return { status: 400, body: { hasErrors: true, results: duplicates } };
  const failures: TreeFailure[] = [];
  const saved: { referenceId: string; id: string }[] = [];
  const store = org.store;
  const start = store.savepoint();
  store.transaction(() => {
    const save = (node: TreeNode, parent?: { field: string; id: string }) => {
      let id: string;
      try {
        id = createRecord(org, node.object, parent ? { ...node.fields, [parent.field]: parent.id } : node.fields).id;
      } catch (error) {
        if (!(error instanceof SfError)) throw error;
        failures.push({ referenceId: node.referenceId, errors: [error.toRecordError()] });
        return;
      }
      saved.push({ referenceId: node.referenceId, id });
      for (const group of node.children) for (const child of group.nodes) save(child, { field: group.field, id });
    };
    for (const tree of trees) save(tree);
    if (failures.length > 0) store.rollbackTo(start);
  });
  store.commit();
  if (failures.length > 0) return { status: 400, body: { hasErrors: true, results: failures } };
  return { status: 201, body: { hasErrors: false, results: saved } };
}

/** What parsing has met so far: records, types, and every reference ID in request order. */
interface Seen {
  count: number;
  types: Set<string>;
  references: string[];
}

/**
 * "sObject Tree Response Body": with duplicate reference IDs, `results` holds one item for each instance of a
 * duplicate ID, and nothing is saved.
 */
function duplicateReferences(references: string[]): TreeFailure[] {
  const counts = new Map<string, number>();
  for (const id of references) counts.set(id, (counts.get(id) ?? 0) + 1);
  return references
    .filter((id) => counts.get(id)! > 1)
    .map((id) => ({
      referenceId: id,
      errors: [new SfError('INVALID_INPUT', `Duplicate ReferenceId provided in the request: ${id}`).toRecordError()],
    }));
}

function parseNode(org: Org, o: ObjectModel, raw: unknown, depth: number, seen: Seen): TreeNode {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw cannotDeserialize('SObject', raw);
  if (depth > MAX_TREE_DEPTH)
    throw new SfError('INVALID_INPUT', `A record tree may be at most ${MAX_TREE_DEPTH} levels deep`);
  seen.count += 1;
  seen.types.add(o.name);
  if (seen.count > MAX_TREE_RECORDS) {
    throw new SfError(
      'LIMIT_EXCEEDED',
      `A tree request may hold at most ${MAX_TREE_RECORDS} records: split the data into several requests`,
    );
  }
  if (seen.types.size > MAX_TREE_TYPES)
    throw new SfError('LIMIT_EXCEEDED', `A tree request may hold records of at most ${MAX_TREE_TYPES} types`);
  const record = raw as Values;
  const attributes = (record.attributes ?? {}) as { type?: unknown; referenceId?: unknown };
  if (typeof attributes.referenceId !== 'string' || attributes.referenceId === '') {
    throw new SfError(
      'INVALID_INPUT',
      'Include a reference ID for each record in the request (attributes.referenceId)',
    );
  }
  seen.references.push(attributes.referenceId);
  if (attributes.type !== undefined && String(attributes.type).toLowerCase() !== o.name.toLowerCase()) {
    throw new SfError(
      'INVALID_INPUT',
      `Record ${attributes.referenceId} has type ${String(attributes.type)} where ${o.name} was expected`,
    );
  }
  const fields: Values = {};
  const children: TreeNode['children'] = [];
  for (const [key, value] of Object.entries(record)) {
    if (key === 'attributes') continue;
    const rel = o.childRelationships.find((c) => c.relationshipName?.toLowerCase() === key.toLowerCase());
    if (rel && value && typeof value === 'object' && !Array.isArray(value)) {
      const list = (value as Values).records;
      if (!Array.isArray(list)) throw jsonParserError(`${key} must hold a records list`);
      const child = org.object(rel.childSObject)!;
      children.push({ field: rel.field, nodes: list.map((c) => parseNode(org, child, c, depth + 1, seen)) });
    } else {
      fields[key] = value;
    }
  }
  checkDeserializable(o, fields, '');
  return { object: o, referenceId: attributes.referenceId, fields, children };
}
