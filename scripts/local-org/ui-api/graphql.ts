/**
 * `POST /services/data/vNN.N/graphql`: parsed and validated by graphql-js against the schema generated from the
 * org's model (schema.ts), executed by translating each `uiapi.query.<Object>` connection — its fields, parent
 * relationships and child relationships — into ONE SOQL query run by the org's SOQL engine (soql.ts).
 *
 * Errors follow Salesforce's "Status Codes and Error Responses": HTTP 200 with `errors[]`, each carrying
 * `extensions.ErrorType` (InvalidSyntax, ValidationError, DataFetchingException, OperationNotSupported).
 */
import {
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLObjectType,
  GraphQLSkipDirective,
  Kind,
  execute,
  getArgumentValues,
  getDirectiveValues,
  parse,
  validate,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { SfError } from '../errors.ts';
import type { ChildRelationship, FieldModel, ObjectModel } from '../model.ts';
import type { Org } from '../org.ts';
import { runQuery } from '../soql.ts';
import type { Values } from '../store.ts';
import { displayContext, displayValue, wireValue, type DisplayContext } from './display.ts';
import { uiApiSchema } from './schema.ts';
import { FilterError, orderByTerms, soqlString, whereClause } from './translate.ts';

export interface GraphqlRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface GraphqlResponse {
  data: unknown;
  errors: Record<string, unknown>[];
}

type ErrorType =
  'InvalidSyntax' | 'ValidationError' | 'DataFetchingException' | 'OperationNotSupported' | 'ExecutionAborted';

/** The default page size: "GraphQL API returns the first 10 results of a query by default" (Paginate Results). */
const DEFAULT_FIRST = 10;
const MAX_FIRST = 2000;
/** Bounds the work one request can ask of the parser: a malformed or hostile query fails fast. */
const MAX_TOKENS = 20_000;

function errorOf(error: GraphQLError | { message: string }, type: ErrorType): Record<string, unknown> {
  const e = error as GraphQLError;
  return {
    message: e.message,
    locations: e.locations ?? [],
    ...(e.path ? { path: e.path } : {}),
    extensions: { ErrorType: type, classification: type },
  };
}

const failed = (type: ErrorType, errors: readonly (GraphQLError | { message: string })[]): GraphqlResponse => ({
  data: null,
  errors: errors.map((e) => errorOf(e, type)),
});

export function runGraphql(org: Org, request: GraphqlRequest, version: string): GraphqlResponse {
  if (!request || typeof request !== 'object' || typeof request.query !== 'string') {
    return failed('InvalidSyntax', [{ message: 'The request body must be a JSON object with a "query" string' }]);
  }
  const variables = request.variables ?? {};
  if (typeof variables !== 'object' || Array.isArray(variables)) {
    return failed('ValidationError', [{ message: '"variables" must be a JSON object' }]);
  }
  let document: DocumentNode;
  try {
    document = parse(request.query, { maxTokens: MAX_TOKENS });
  } catch (error) {
    return failed('InvalidSyntax', [error as GraphQLError]);
  }
  const { schema } = uiApiSchema(org.model);
  const invalid = validate(schema, document);
  if (invalid.length) return failed('ValidationError', invalid);
  const operationName = typeof request.operationName === 'string' ? request.operationName : undefined;
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName ? !operations.some((d) => d.name?.value === operationName) : operations.length !== 1) {
    const message = operationName
      ? `Unknown operation named "${operationName}".`
      : 'Must provide operation name if query contains multiple operations.';
    return failed('OperationNotSupported', [{ message }]);
  }
  const context: ExecContext = {
    org,
    version,
    rawVariables: variables as Record<string, unknown>,
    display: displayContext(org),
  };
  const result = execute({
    schema,
    document,
    variableValues: variables as Record<string, unknown>,
    operationName,
    contextValue: context,
    fieldResolver: resolve,
  }) as {
    data?: unknown;
    errors?: readonly GraphQLError[];
  };
  // Variables that do not fit their types fail before execution, without data: a validation error.
  if (!result.data) return failed('ValidationError', result.errors ?? []);
  return { data: result.data, errors: (result.errors ?? []).map((e) => errorOf(e, 'DataFetchingException')) };
}

interface ExecContext {
  org: Org;
  version: string;
  rawVariables: Record<string, unknown>;
  display: DisplayContext;
}

/** What a node resolves from: the SOQL record of one row of `object`. */
interface NodeSource {
  object: ObjectModel;
  record: Values;
  /** Child relationship name → how its subquery was fetched. */
  fetched: Fetched;
}

/** Child relationship name → the arguments its subquery used and what its own children used. */
type Fetched = Map<string, { signature: string; children: Fetched }>;

interface Connection {
  edges: { cursor: string; node: NodeSource }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  pageResultCount: number;
  totalCount: () => number;
}

function resolve(source: unknown, args: Record<string, unknown>, ctx: ExecContext, info: GraphQLResolveInfo): unknown {
  const parent = info.parentType.name;
  if (parent === 'Query' || parent === 'UIAPI') return {};
  if (parent === 'RecordQuery') return rootConnection(ctx, info, args);
  const node = source as NodeSource;
  if (node && typeof node === 'object' && 'record' in node && 'object' in node)
    return resolveNodeField(ctx, node, info, args);
  const value = (source as Record<string, unknown>)[info.fieldName];
  return typeof value === 'function' ? (value as () => unknown)() : value;
}

function resolveNodeField(
  ctx: ExecContext,
  node: NodeSource,
  info: GraphQLResolveInfo,
  args: Record<string, unknown>,
): unknown {
  const { object: o, record } = node;
  const name = info.fieldName;
  switch (name) {
    case 'Id':
      return record.Id;
    case 'ApiName':
      return o.name;
    case 'WeakEtag':
      return Date.parse(String(record.SystemModstamp ?? '').replace(/\+0000$/, 'Z')) || 0;
    case 'DisplayValue': {
      const nameField = o.fields.find((f) => f.nameField);
      return nameField ? (record[nameField.name] ?? null) : null;
    }
  }
  const child = o.childRelationships.find((c) => c.relationshipName === name);
  if (child) return childConnection(ctx, node, child, info, args);
  const f = o.fieldIndex.get(name.toLowerCase());
  if (f && f.name === name) return valueObject(f, record[f.name], ctx.display);
  const rel = o.relationshipIndex.get(name.toLowerCase());
  if (rel) {
    const parentRecord = record[rel.relationshipName!] as Values | null | undefined;
    const parentObject = ctx.org.object(rel.referenceTo[0]);
    return parentRecord && parentObject ? { object: parentObject, record: parentRecord, fetched: new Map() } : null;
  }
  return null;
}

function valueObject(f: FieldModel, raw: unknown, display: DisplayContext) {
  const value = raw === undefined ? null : raw;
  return { value: wireValue(f, value), displayValue: displayValue(f, value, display), label: f.label, format: null };
}

// ---- Planning: the selection set of a connection becomes SOQL ----

function included(node: FieldNode | { directives?: FieldNode['directives'] }, info: GraphQLResolveInfo): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, info.variableValues);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues);
  return include?.if !== false;
}

/** The fields a selection set asks for, through fragments and @skip/@include. */
function fieldsOf(set: SelectionSetNode | undefined, info: GraphQLResolveInfo): FieldNode[] {
  const out: FieldNode[] = [];
  const visit = (s: SelectionSetNode | undefined) => {
    for (const sel of s?.selections ?? []) {
      if (!included(sel, info)) continue;
      if (sel.kind === Kind.FIELD) out.push(sel);
      else if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet);
      else visit(info.fragments[sel.name.value]?.selectionSet);
    }
  };
  visit(set);
  return out;
}

/** The node selections of connection fields: `edges { node { … } }`. */
function nodeFieldsOf(connectionFields: readonly FieldNode[], info: GraphQLResolveInfo): FieldNode[] {
  return connectionFields
    .flatMap((c) => fieldsOf(c.selectionSet, info))
    .filter((f) => f.name.value === 'edges')
    .flatMap((e) => fieldsOf(e.selectionSet, info))
    .filter((f) => f.name.value === 'node')
    .flatMap((n) => fieldsOf(n.selectionSet, info));
}

interface Page {
  first: number;
  offset: number;
  where?: string;
  orderBy: string[];
}

/** `first`, `after` (a cursor `v1:<index>` in base64, as Salesforce's `djE6OQ==`), `where` and `orderBy`. */
function pageOf(ctx: ExecContext, o: ObjectModel, args: Record<string, unknown>, fieldNode: FieldNode): Page {
  const first = args.first == null ? DEFAULT_FIRST : Number(args.first);
  if (!Number.isInteger(first) || first < 0 || first > MAX_FIRST)
    throw new GraphQLError(`first must be between 0 and ${MAX_FIRST}, got ${String(args.first)}`);
  let offset = 0;
  if (args.after != null) {
    const m = /^v1:(\d+)$/.exec(Buffer.from(String(args.after), 'base64').toString('utf8'));
    if (!m) throw new GraphQLError(`after is not a cursor of this query: ${String(args.after)}`);
    offset = Number(m[1]) + 1;
  }
  const objectOf = (name: string) => ctx.org.object(name);
  const writtenOrder = fieldNode.arguments?.find((a) => a.name.value === 'orderBy');
  try {
    const conditions = [whereClause(o, args.where as Record<string, unknown>, objectOf)];
    if (args.scope === 'MINE') conditions.push(`OwnerId = ${soqlString(ctx.org.userId)}`);
    const where = conditions.filter(Boolean).join(' AND ') || undefined;
    const written = writtenOrder ? valueFromASTUntyped(writtenOrder.value, ctx.rawVariables) : undefined;
    const orderBy = orderByTerms(o, args.orderBy as Record<string, unknown>, written, objectOf);
    return { first, offset, where, orderBy };
  } catch (error) {
    if (error instanceof FilterError) throw new GraphQLError(error.message);
    throw error;
  }
}

const cursorOf = (index: number) => Buffer.from(`v1:${index}`).toString('base64');

function pageClauses(page: Page): string {
  const parts: string[] = [];
  if (page.where) parts.push(`WHERE ${page.where}`);
  if (page.orderBy.length) parts.push(`ORDER BY ${page.orderBy.join(', ')}`);
  // One row beyond the page tells whether there is a next page.
  parts.push(`LIMIT ${page.first + 1}`);
  if (page.offset) parts.push(`OFFSET ${page.offset}`);
  return parts.join(' ');
}

interface Selection {
  items: string[];
  fetched: Fetched;
}

/** The SOQL select list of a node's fields; parents are followed by path, children become subqueries. */
function selectList(
  ctx: ExecContext,
  o: ObjectModel,
  fields: FieldNode[],
  info: GraphQLResolveInfo,
  prefix: string,
  sel: Selection,
): void {
  const add = (item: string) => {
    if (!sel.items.includes(item)) sel.items.push(item);
  };
  add(`${prefix}Id`);
  const nodeType = info.schema.getType(o.name) as GraphQLObjectType;
  for (const node of fields) {
    const name = node.name.value;
    if (name === '__typename' || name === 'Id' || name === 'ApiName') continue;
    if (name === 'WeakEtag') {
      if (o.fieldIndex.has('systemmodstamp')) add(`${prefix}SystemModstamp`);
      continue;
    }
    if (name === 'DisplayValue') {
      const nameField = o.fields.find((f) => f.nameField);
      if (nameField) add(`${prefix}${nameField.name}`);
      continue;
    }
    const child = o.childRelationships.find((c) => c.relationshipName === name);
    if (child) {
      if (prefix)
        throw new GraphQLError(
          `The local org cannot read child relationship ${name} through a parent relationship (${prefix.slice(0, -1)})`,
          { nodes: node },
        );
      const childObject = ctx.org.object(child.childSObject)!;
      const fieldDef = nodeType.getFields()[name];
      const args = getArgumentValues(fieldDef as GraphQLField<unknown, unknown>, node, info.variableValues);
      const page = pageOf(ctx, childObject, args, node);
      const signature = JSON.stringify(args);
      // SOQL reads a child relationship once per row: the first arguments seen are prefetched, an alias with
      // others is read on its own when resolved (childConnection).
      if (!sel.fetched.has(name)) {
        const inner: Selection = { items: [], fetched: new Map() };
        selectList(ctx, childObject, nodeFieldsOf([node], info), info, '', inner);
        sel.items.push(`(SELECT ${inner.items.join(', ')} FROM ${name} ${pageClauses(page)})`);
        sel.fetched.set(name, { signature, children: inner.fetched });
      }
      continue;
    }
    const f = o.fieldIndex.get(name.toLowerCase());
    if (f && f.name === name) {
      add(`${prefix}${f.name}`);
      continue;
    }
    const rel = o.relationshipIndex.get(name.toLowerCase());
    if (rel) {
      const parent = ctx.org.object(rel.referenceTo[0])!;
      selectList(ctx, parent, fieldsOf(node.selectionSet, info), info, `${prefix}${rel.relationshipName}.`, sel);
    }
  }
}

function soql(ctx: ExecContext, text: string) {
  try {
    return runQuery(ctx.org, text, { all: false, version: ctx.version });
  } catch (error) {
    if (error instanceof SfError) throw new GraphQLError(`${error.errorCode}: ${error.message}`);
    throw error;
  }
}

function connectionOf(
  records: Values[],
  o: ObjectModel,
  page: Page,
  fetched: Fetched,
  count: () => number,
): Connection {
  const rows = records.slice(0, page.first);
  const edges = rows.map((record, i) => ({ cursor: cursorOf(page.offset + i), node: { object: o, record, fetched } }));
  let total: number | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage: records.length > page.first,
      hasPreviousPage: page.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    pageResultCount: edges.length,
    totalCount: () => (total ??= count()),
  };
}

function rootConnection(ctx: ExecContext, info: GraphQLResolveInfo, args: Record<string, unknown>): Connection {
  const o = ctx.org.object(info.fieldName)!;
  const page = pageOf(ctx, o, args, info.fieldNodes[0]);
  const sel: Selection = { items: [], fetched: new Map() };
  selectList(ctx, o, nodeFieldsOf(info.fieldNodes, info), info, '', sel);
  const out = soql(ctx, `SELECT ${sel.items.join(', ')} FROM ${o.name} ${pageClauses(page)}`);
  const count = () => soql(ctx, `SELECT COUNT() FROM ${o.name}${page.where ? ` WHERE ${page.where}` : ''}`).totalSize;
  return connectionOf(out.records, o, page, sel.fetched, count);
}

function childConnection(
  ctx: ExecContext,
  node: NodeSource,
  rel: ChildRelationship,
  info: GraphQLResolveInfo,
  args: Record<string, unknown>,
): Connection {
  const child = ctx.org.object(rel.childSObject)!;
  const page = pageOf(ctx, child, args, info.fieldNodes[0]);
  const parentCondition = `${rel.field} = ${soqlString(String(node.record.Id))}`;
  const where = `${parentCondition}${page.where ? ` AND (${page.where})` : ''}`;
  const count = () => soql(ctx, `SELECT COUNT() FROM ${child.name} WHERE ${where}`).totalSize;
  const known = node.fetched.get(rel.relationshipName!);
  if (known && known.signature === JSON.stringify(args)) {
    const sub = node.record[rel.relationshipName!] as { records: Values[] } | null | undefined;
    return connectionOf(sub?.records ?? [], child, page, known.children, count);
  }
  // An alias asking for other arguments (or a node reached without a prefetch): one query for this parent.
  const sel: Selection = { items: [], fetched: new Map() };
  selectList(ctx, child, nodeFieldsOf(info.fieldNodes, info), info, '', sel);
  const out = soql(ctx, `SELECT ${sel.items.join(', ')} FROM ${child.name} ${pageClauses({ ...page, where })}`);
  return connectionOf(out.records, child, page, sel.fetched, count);
}
