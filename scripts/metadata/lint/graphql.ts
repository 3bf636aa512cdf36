import { findField, findObject } from '../index.ts';
import type { ObjectDef, PackageSchema } from '../types.ts';
import { STANDARD_CUSTOM_OBJECT_FIELDS, STANDARD_OBJECT_FIELDS, STANDARD_RELATIONSHIPS } from './standard.ts';

/**
 * Walks a UI API GraphQL query (`uiapi { query { Object(args) { edges { node { … } } } } }`) and checks each
 * name against the object it is selected on: a field, a parent relationship (`NOME__Account__r { … }`) or a
 * child relationship (`NOME__Invoices__r { edges { node { … } } }`) of that object. Names in the arguments
 * (`where`, `orderBy`) are checked against the object being queried. No org is needed, and a name that
 * exists only on another object is caught, which a deploy would only reveal at run time.
 */

export interface GraphqlIssue {
  /** Offset of the offending name in the query text. */
  offset: number;
  name: string;
  message: string;
}

type Context =
  | { kind: 'root' | 'uiapi' | 'query' | 'ignore' }
  | { kind: 'connection' | 'edges' | 'record'; object: ObjectDef | string };

interface Token {
  text: string;
  offset: number;
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  for (const match of query.matchAll(
    /"(?:[^"\\]|\\.)*"|#[^\n]*|\$?[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?|[{}():!,[\]=@]/g,
  )) {
    if (!match[0].startsWith('#')) tokens.push({ text: match[0], offset: match.index ?? 0 });
  }
  return tokens;
}

const objectName = (object: ObjectDef | string) => (typeof object === 'string' ? object : object.name);

export function checkGraphqlQuery(schema: PackageSchema, query: string): GraphqlIssue[] {
  const tokens = tokenize(query);
  const issues: GraphqlIssue[] = [];
  const stack: Context[] = [];
  let pending: Context | undefined; // what the next "{" opens
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    if (token.text === '{') {
      stack.push(pending ?? (stack.length === 0 ? { kind: 'root' } : { kind: 'ignore' }));
      pending = undefined;
    } else if (token.text === '}') {
      stack.pop();
    } else if (token.text === '(') {
      const end = closingParen(tokens, i);
      if (pending && pending.kind === 'connection')
        issues.push(...checkArguments(schema, pending.object, tokens.slice(i + 1, end)));
      i = end;
    } else if (/^[A-Za-z_]/.test(token.text) && stack.length > 0) {
      const context = stack[stack.length - 1];
      const next = tokens[i + 1]?.text;
      const opensSelection = next === '{' || next === '(';
      const result = step(schema, context, token, opensSelection);
      if (result.issue) issues.push(result.issue);
      pending = opensSelection ? result.next : undefined;
    }
  }
  return issues;
}

function closingParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    if (tokens[i].text === '(') depth += 1;
    else if (tokens[i].text === ')' && --depth === 0) return i;
  }
  return tokens.length - 1;
}

/** What a name means where it stands, and what the selection it opens is about. */
function step(
  schema: PackageSchema,
  context: Context,
  token: Token,
  opensSelection: boolean,
): { next?: Context; issue?: GraphqlIssue } {
  const name = token.text;
  const issue = (message: string) => ({ issue: { offset: token.offset, name, message } });
  switch (context.kind) {
    case 'root':
      return { next: name === 'uiapi' ? { kind: 'uiapi' } : { kind: 'ignore' } };
    case 'uiapi':
      return { next: name === 'query' ? { kind: 'query' } : { kind: 'ignore' } };
    case 'query': {
      const object = findObject(schema, name);
      if (object) return { next: { kind: 'connection', object } };
      if (name in STANDARD_OBJECT_FIELDS) return { next: { kind: 'connection', object: name } };
      return issue(`"${name}" is neither an object of the package nor a known standard object`);
    }
    case 'connection':
      return { next: name === 'edges' ? { kind: 'edges', object: context.object } : { kind: 'ignore' } };
    case 'edges':
      return { next: name === 'node' ? { kind: 'record', object: context.object } : { kind: 'ignore' } };
    case 'record':
      return recordStep(schema, context.object, name, opensSelection, issue);
    default:
      return {};
  }
}

function recordStep(
  schema: PackageSchema,
  object: ObjectDef | string,
  name: string,
  opensSelection: boolean,
  issue: (message: string) => { issue: GraphqlIssue },
): { next?: Context; issue?: GraphqlIssue } {
  if (typeof object === 'string') return { next: { kind: 'ignore' } }; // standard objects: too little known to judge
  if (name === 'Id' || name === '__typename' || name in STANDARD_RELATIONSHIPS) return { next: { kind: 'ignore' } };
  const field = findField(object, name);
  if (field || STANDARD_CUSTOM_OBJECT_FIELDS.includes(name)) {
    return opensSelection || !field
      ? { next: { kind: 'ignore' } }
      : issue(`${object.name}.${name} needs a selection such as { value }`);
  }
  if (name.endsWith('__r')) {
    const parent = object.fields.find((f) => f.parentRelationshipApiName?.toLowerCase() === name.toLowerCase());
    if (parent?.referenceTo) {
      const target = findObject(schema, parent.referenceTo);
      return { next: { kind: 'record', object: target ?? parent.referenceTo } };
    }
    for (const child of schema.objects) {
      const lookup = child.fields.find(
        (f) => f.childRelationshipApiName?.toLowerCase() === name.toLowerCase() && f.referenceTo === object.name,
      );
      if (lookup) return { next: { kind: 'connection', object: child } };
    }
  }
  return issue(`"${name}" is no field, parent relationship or child relationship of ${objectName(object)}`);
}

/** Namespaced names in `where` / `orderBy` must be fields or parent relationships of the queried object. */
function checkArguments(schema: PackageSchema, object: ObjectDef | string, tokens: Token[]): GraphqlIssue[] {
  if (typeof object === 'string' || !schema.namespace) return [];
  const prefix = `${schema.namespace.toLowerCase()}__`;
  return tokens
    .filter((t) => t.text.toLowerCase().startsWith(prefix))
    .filter(
      (t) =>
        !findField(object, t.text) &&
        !object.fields.some((f) => f.parentRelationshipApiName?.toLowerCase() === t.text.toLowerCase()),
    )
    .map((t) => ({
      offset: t.offset,
      name: t.text,
      message: `the arguments name "${t.text}", which is no field of ${object.name}`,
    }));
}
