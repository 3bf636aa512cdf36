import { findField, findObject } from '../index.ts';
import type { FieldDef, ObjectDef, PackageSchema } from '../types.ts';
import type { Problem } from './problem.ts';
import {
  STANDARD_CUSTOM_OBJECT_FIELDS,
  STANDARD_LIST_VIEW_COLUMNS,
  STANDARD_OBJECT_FIELDS,
  STANDARD_RELATIONSHIPS,
} from './standard.ts';

/** Rules on what one component says of another: lookups, formulas and list-view columns. */

const DELETE_CONSTRAINTS = new Set(['SetNull', 'Restrict', 'Cascade']);

export function checkReferences(schema: PackageSchema): Problem[] {
  return schema.objects.flatMap((object) => [
    ...object.fields.flatMap((field) => checkRelationship(schema, object, field)),
    ...checkChildRelationshipNames(schema, object),
    ...object.fields.flatMap((field) => checkFormula(schema, object, field)),
    ...object.listViews.flatMap((view) => checkListView(object, view)),
  ]);
}

export function objectExists(schema: PackageSchema, name: string): boolean {
  return findObject(schema, name) !== undefined || name in STANDARD_OBJECT_FIELDS;
}

function checkRelationship(schema: PackageSchema, object: ObjectDef, field: FieldDef): Problem[] {
  if (field.type !== 'Lookup' && field.type !== 'MasterDetail') return [];
  const at = (message: string): Problem => ({
    rule: 'lookup',
    file: field.file,
    component: `${object.name}.${field.name}`,
    message,
  });
  const problems: Problem[] = [];
  if (!field.referenceTo) problems.push(at('a lookup needs a <referenceTo>'));
  else if (!objectExists(schema, field.referenceTo))
    problems.push(
      at(`the lookup points at "${field.referenceTo}", which is neither in the package nor a known standard object`),
    );
  if (!field.relationshipName) problems.push(at('a lookup needs a <relationshipName>'));
  if (field.type === 'Lookup') {
    if (!field.deleteConstraint) problems.push(at('a lookup needs a <deleteConstraint> (SetNull or Restrict)'));
    else if (!DELETE_CONSTRAINTS.has(field.deleteConstraint))
      problems.push(at(`unknown deleteConstraint "${field.deleteConstraint}"`));
    else if (field.deleteConstraint === 'SetNull' && field.required)
      problems.push(at('SetNull is not allowed on a required lookup'));
  }
  return problems;
}

/** Salesforce rejects two lookups onto one parent that share a child relationship name. */
function checkChildRelationshipNames(schema: PackageSchema, object: ObjectDef): Problem[] {
  const problems: Problem[] = [];
  const lookups = object.fields.filter((f) => f.relationshipName && f.referenceTo);
  for (const field of lookups) {
    const clash = schema.objects
      .flatMap((o) => o.fields.map((f) => ({ o, f })))
      .find(
        ({ o, f }) =>
          f !== field &&
          f.referenceTo === field.referenceTo &&
          f.relationshipName === field.relationshipName &&
          `${o.name}.${f.name}` < `${object.name}.${field.name}`,
      );
    if (clash) {
      problems.push({
        rule: 'lookup',
        file: field.file,
        component: `${object.name}.${field.name}`,
        message: `child relationship name "${field.relationshipName}" on ${field.referenceTo} is already used by ${clash.o.name}.${clash.f.name}`,
      });
    }
  }
  return problems;
}

/** Field paths a formula reads: identifiers not followed by "(", outside string literals. */
export function formulaFieldPaths(formula: string): string[] {
  const withoutStrings = formula.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  const paths: string[] = [];
  for (const match of withoutStrings.matchAll(/\$?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*(?=\s*(\()?)/g)) {
    const isCall = match[1] === '(';
    const token = match[0];
    if (isCall || token.startsWith('$') || /^(true|false|null|and|or|not)$/i.test(token)) continue;
    paths.push(token);
  }
  return paths;
}

function checkFormula(schema: PackageSchema, object: ObjectDef, field: FieldDef): Problem[] {
  if (field.formula === undefined) return [];
  return formulaFieldPaths(field.formula).flatMap((fieldPath) => {
    const unresolved = resolveFieldPath(schema, object, fieldPath);
    return unresolved
      ? [
          {
            rule: 'formula',
            file: field.file,
            component: `${object.name}.${field.name}`,
            message: `the formula reads "${fieldPath}", but ${unresolved}`,
          },
        ]
      : [];
  });
}

/** Follows `A__r.B__r.C__c` from an object; returns why it fails, or undefined when every step exists. */
function resolveFieldPath(schema: PackageSchema, start: ObjectDef, fieldPath: string): string | undefined {
  const segments = fieldPath.split('.');
  let objectName = start.name;
  for (const [index, segment] of segments.entries()) {
    const isLast = index === segments.length - 1;
    const packaged = findObject(schema, objectName);
    if (!packaged) {
      const standardFields = STANDARD_OBJECT_FIELDS[objectName] ?? [];
      return !isLast || standardFields.includes(segment) ? undefined : `${objectName} has no field ${segment}`;
    }
    if (isLast) {
      return findField(packaged, segment) || STANDARD_CUSTOM_OBJECT_FIELDS.includes(segment)
        ? undefined
        : `${packaged.name} has no field ${segment}`;
    }
    const next = segment.endsWith('__r')
      ? findField(packaged, segment.replace(/__r$/, '__c'))?.referenceTo
      : STANDARD_RELATIONSHIPS[segment];
    if (!next) return `${packaged.name} has no relationship ${segment}`;
    objectName = next;
  }
  return undefined;
}

function checkListView(object: ObjectDef, view: ObjectDef['listViews'][number]): Problem[] {
  return view.columns
    .filter((column) => !STANDARD_LIST_VIEW_COLUMNS.includes(column) && !findField(object, column))
    .map((column) => ({
      rule: 'list-view',
      file: view.file,
      component: `${object.name}.${view.name}`,
      message: `the list view shows column "${column}", which ${object.name} does not have`,
    }));
}
