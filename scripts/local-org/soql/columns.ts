/** The `query?q=…&columns=true` answer the sf CLI reads to lay out `sf data query` output. */
import type { FieldModel } from '../model.ts';
import type { Org } from '../org.ts';
import type { Values } from '../store.ts';
import { isAggregate, parseSoql } from './parse.ts';
import { isAggregateQuery } from './aggregate.ts';
import { queriedObject } from './query.ts';
import { selections } from './select.ts';

interface ColumnMeta {
  aggregate: boolean;
  apexType: string | null;
  booleanType: boolean;
  columnName: string;
  custom: boolean;
  displayName: string;
  foreignKeyName: string | null;
  insertable: boolean;
  joinColumns: ColumnMeta[];
  numberType: boolean;
  textType: boolean;
  updatable: boolean;
}

const NUMBER_TYPES = ['double', 'currency', 'percent', 'int'];

function meta(name: string, f: FieldModel | undefined, aggregate = false): ColumnMeta {
  return {
    aggregate,
    apexType: null,
    booleanType: f?.type === 'boolean',
    columnName: name,
    custom: f?.custom ?? false,
    displayName: name,
    foreignKeyName: null,
    insertable: f?.createable ?? false,
    joinColumns: [],
    numberType: aggregate || NUMBER_TYPES.includes(f?.type ?? ''),
    textType: !aggregate && !!f && ![...NUMBER_TYPES, 'boolean'].includes(f.type),
    updatable: f?.updateable ?? false,
  };
}

export function queryColumns(org: Org, soql: string): Values {
  const parsed = parseSoql(soql);
  const o = queriedObject(org, parsed);
  const columns: ColumnMeta[] = [];
  let unaliased = 0;
  for (const field of parsed.fields ?? []) {
    if (isAggregate(field) && field.type === 'FieldFunctionExpression') {
      columns.push(meta(field.alias ?? `expr${unaliased++}`, undefined, true));
      continue;
    }
    for (const s of selections(org, o, { ...parsed, fields: [field] })) {
      if (s.kind === 'child') {
        const node = meta(s.name, undefined, true);
        node.joinColumns = selections(org, s.child, s.query).flatMap((c) =>
          c.kind === 'path' ? [meta(c.path.segments.join('.'), c.path.field)] : [],
        );
        columns.push(node);
        continue;
      }
      let level = columns;
      for (const rel of s.path.segments.slice(0, -1)) {
        let node = level.find((c) => c.columnName === rel);
        if (!node) level.push((node = meta(rel, undefined)));
        level = node.joinColumns;
      }
      level.push(meta(s.path.field.name, s.path.field));
    }
  }
  const aggregate = isAggregateQuery(parsed);
  return {
    columnMetadata: columns,
    entityName: aggregate ? 'AggregateResult' : o.name,
    groupBy: !!parsed.groupBy,
    idSelected: columns.some((c) => c.columnName === 'Id'),
    keyPrefix: aggregate ? null : o.keyPrefix,
  };
}
