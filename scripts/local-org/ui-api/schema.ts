/**
 * The GraphQL API schema of the org, generated from its object model (force-app through the schema module plus
 * the standard objects): `Query.uiapi.query.<Object>` connections, one node type per object with a
 * `<Type>Value` field per field, parent relationships as nested nodes, child relationships as connections,
 * and the `<Object>_Filter` / `<Object>_OrderBy` inputs. Names and shapes follow Salesforce's GraphQL API
 * guide ("Query Records with GraphQL", "Field Operators", "Order By Schema", "Paginate Results").
 * Resolvers are not here: the executor attaches them (executor.ts).
 */
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  Kind,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLInputType,
  type GraphQLOutputType,
  type ValueNode,
} from 'graphql';
import type { FieldModel, ObjectModel, OrgModel, SoapFieldType } from '../model.ts';

/** How a field of one SOAP type appears in the schema. */
interface TypeFamily {
  /** `String` → `StringValue` and `StringOperators`. */
  name: string;
  scalar: GraphQLScalarType;
  /** Operators beyond eq/ne (comparisons, like, in/nin). */
  operators: ('order' | 'like' | 'set')[];
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A scalar serialized as stored; literals and variables checked by `accept`. */
function scalar(name: string, description: string, accept: (value: unknown) => boolean): GraphQLScalarType {
  const check = (value: unknown) => {
    if (!accept(value)) throw new TypeError(`${name} cannot represent value: ${JSON.stringify(value)}`);
    return value;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (value) => value,
    parseValue: check,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind === Kind.STRING) return check(ast.value);
      if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return check(Number(ast.value));
      if (ast.kind === Kind.BOOLEAN) return check(ast.value);
      throw new TypeError(`${name} cannot represent a ${ast.kind} literal`);
    },
  });
}

const isString = (v: unknown) => typeof v === 'string';
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

const SCALARS = {
  Currency: scalar('Currency', 'A currency amount, in the record currency.', isNumber),
  Double: scalar('Double', 'A floating-point number.', isNumber),
  Percent: scalar('Percent', 'A percentage, 12.5 for 12.5%.', isNumber),
  Long: scalar('Long', 'A 64-bit integer.', (v) => Number.isInteger(v)),
  Date: scalar('Date', 'A date, YYYY-MM-DD.', (v) => isString(v) && DATE_RE.test(v as string)),
  DateTime: scalar(
    'DateTime',
    'An ISO 8601 date and time with zone.',
    (v) => isString(v) && DATETIME_RE.test(v as string),
  ),
  Picklist: scalar('Picklist', 'A picklist API value.', isString),
  TextArea: scalar('TextArea', 'Multi-line text.', isString),
  LongTextArea: scalar('LongTextArea', 'Long multi-line text.', isString),
  Email: scalar('Email', 'An email address.', isString),
  PhoneNumber: scalar('PhoneNumber', 'A phone number.', isString),
  Url: scalar('Url', 'A URL.', isString),
};

const FAMILIES: Record<SoapFieldType, TypeFamily> = {
  id: { name: 'ID', scalar: GraphQLID as unknown as GraphQLScalarType, operators: ['order', 'like', 'set'] },
  reference: { name: 'ID', scalar: GraphQLID as unknown as GraphQLScalarType, operators: ['order', 'like', 'set'] },
  string: { name: 'String', scalar: GraphQLString, operators: ['order', 'like', 'set'] },
  textarea: { name: 'TextArea', scalar: SCALARS.TextArea, operators: ['order', 'like', 'set'] },
  picklist: { name: 'Picklist', scalar: SCALARS.Picklist, operators: ['order', 'like', 'set'] },
  email: { name: 'Email', scalar: SCALARS.Email, operators: ['order', 'like', 'set'] },
  phone: { name: 'PhoneNumber', scalar: SCALARS.PhoneNumber, operators: ['order', 'like', 'set'] },
  url: { name: 'Url', scalar: SCALARS.Url, operators: ['order', 'like', 'set'] },
  double: { name: 'Double', scalar: SCALARS.Double, operators: ['order', 'set'] },
  currency: { name: 'Currency', scalar: SCALARS.Currency, operators: ['order', 'set'] },
  percent: { name: 'Percent', scalar: SCALARS.Percent, operators: ['order', 'set'] },
  int: { name: 'Int', scalar: GraphQLInt, operators: ['order', 'set'] },
  boolean: { name: 'Boolean', scalar: GraphQLBoolean, operators: [] },
  date: { name: 'Date', scalar: SCALARS.Date, operators: ['order', 'set'] },
  datetime: { name: 'DateTime', scalar: SCALARS.DateTime, operators: ['order', 'set'] },
};

/** Long text areas can be neither filtered nor sorted in SOQL, so they have no operators and no order clause. */
export const isLongText = (f: FieldModel) => f.type === 'textarea' && f.length > 255;

export function familyOf(f: FieldModel): TypeFamily {
  if (isLongText(f)) return { name: 'LongTextArea', scalar: SCALARS.LongTextArea, operators: [] };
  return FAMILIES[f.type];
}

/** What the executor needs to find its way back from a GraphQL type to the org's model. */
export interface UiApiSchema {
  schema: GraphQLSchema;
  /** Node type name → object. */
  objectOfType: Map<string, ObjectModel>;
}

const DATE_LITERALS = [
  'TODAY',
  'YESTERDAY',
  'TOMORROW',
  'THIS_WEEK',
  'LAST_WEEK',
  'NEXT_WEEK',
  'THIS_MONTH',
  'LAST_MONTH',
  'NEXT_MONTH',
  'THIS_QUARTER',
  'LAST_QUARTER',
  'NEXT_QUARTER',
  'THIS_YEAR',
  'LAST_YEAR',
  'NEXT_YEAR',
  'LAST_90_DAYS',
  'NEXT_90_DAYS',
];

const cache = new WeakMap<OrgModel, UiApiSchema>();

/** The schema of a model, built once per model (a schema reload makes a new model, hence a new schema). */
export function uiApiSchema(model: OrgModel): UiApiSchema {
  let built = cache.get(model);
  if (!built) cache.set(model, (built = buildSchema(model)));
  return built;
}

function buildSchema(model: OrgModel): UiApiSchema {
  const objectOfType = new Map<string, ObjectModel>();
  const objectOf = (name: string) => model.index.get(name.toLowerCase());

  const valueTypes = new Map<string, GraphQLObjectType>();
  const valueType = (family: TypeFamily) => {
    let t = valueTypes.get(family.name);
    if (!t) {
      const numeric = ['Currency', 'Double', 'Percent', 'Int', 'Long', 'Date', 'DateTime'].includes(family.name);
      t = new GraphQLObjectType({
        name: `${family.name}Value`,
        fields: {
          value: { type: family.scalar },
          displayValue: { type: GraphQLString },
          label: { type: GraphQLString },
          ...(numeric ? { format: { type: GraphQLString } } : {}),
        },
      });
      valueTypes.set(family.name, t);
    }
    return t;
  };

  const dateLiteral = new GraphQLEnumType({
    name: 'DateLiteral',
    values: Object.fromEntries(DATE_LITERALS.map((v) => [v, { value: v }])),
  });
  const dateInputs = new Map<string, GraphQLInputObjectType>();
  const dateInput = (family: TypeFamily) => {
    let t = dateInputs.get(family.name);
    if (!t) {
      t = new GraphQLInputObjectType({
        name: `${family.name}Input`,
        fields: { value: { type: family.scalar }, literal: { type: dateLiteral } },
      });
      dateInputs.set(family.name, t);
    }
    return t;
  };

  const operatorTypes = new Map<string, GraphQLInputObjectType>();
  const operatorsType = (family: TypeFamily) => {
    let t = operatorTypes.get(family.name);
    if (!t) {
      const operand: GraphQLInputType =
        family.name === 'Date' || family.name === 'DateTime' ? dateInput(family) : family.scalar;
      const fields: GraphQLInputFieldConfigMap = { eq: { type: operand }, ne: { type: operand } };
      if (family.operators.includes('order'))
        for (const op of ['lt', 'gt', 'lte', 'gte']) fields[op] = { type: operand };
      if (family.operators.includes('like')) fields.like = { type: GraphQLString };
      if (family.operators.includes('set')) {
        fields.in = { type: new GraphQLList(operand) };
        fields.nin = { type: new GraphQLList(operand) };
      }
      t = new GraphQLInputObjectType({ name: `${family.name}Operators`, fields });
      operatorTypes.set(family.name, t);
    }
    return t;
  };

  const resultOrder = new GraphQLEnumType({
    name: 'ResultOrder',
    values: { ASC: { value: 'ASC' }, DESC: { value: 'DESC' } },
  });
  const nullOrder = new GraphQLEnumType({
    name: 'NullOrder',
    values: { FIRST: { value: 'FIRST' }, LAST: { value: 'LAST' } },
  });
  const orderByClause = new GraphQLInputObjectType({
    name: 'OrderByClause',
    fields: { order: { type: resultOrder }, nulls: { type: nullOrder } },
  });

  const pageInfo = new GraphQLObjectType({
    name: 'PageInfo',
    fields: {
      hasNextPage: { type: new GraphQLNonNull(GraphQLBoolean) },
      hasPreviousPage: { type: new GraphQLNonNull(GraphQLBoolean) },
      startCursor: { type: GraphQLString },
      endCursor: { type: GraphQLString },
    },
  });

  const recordInterface = new GraphQLInterfaceType({
    name: 'Record',
    fields: {
      Id: { type: new GraphQLNonNull(GraphQLID) },
      ApiName: { type: new GraphQLNonNull(GraphQLString) },
      WeakEtag: { type: new GraphQLNonNull(SCALARS.Long) },
      DisplayValue: { type: GraphQLString },
    },
  });

  const nodes = new Map<string, GraphQLObjectType>();
  const filters = new Map<string, GraphQLInputObjectType>();
  const orderBys = new Map<string, GraphQLInputObjectType>();
  const connections = new Map<string, GraphQLObjectType>();
  const scopes = new Map<string, GraphQLEnumType>();

  const parentOf = (f: FieldModel) => (f.relationshipName ? objectOf(f.referenceTo[0] ?? '') : undefined);

  const filterType = (o: ObjectModel): GraphQLInputObjectType => {
    let t = filters.get(o.name);
    if (t) return t;
    t = new GraphQLInputObjectType({
      name: `${o.name}_Filter`,
      fields: () => {
        const fields: GraphQLInputFieldConfigMap = {
          and: { type: new GraphQLList(filterType(o)) },
          or: { type: new GraphQLList(filterType(o)) },
          not: { type: filterType(o) },
        };
        for (const f of o.fields) {
          if (!isLongText(f)) fields[f.name] = { type: operatorsType(familyOf(f)) };
          const parent = parentOf(f);
          if (parent) fields[f.relationshipName!] = { type: filterType(parent) };
        }
        return fields;
      },
    });
    filters.set(o.name, t);
    return t;
  };

  const orderByType = (o: ObjectModel): GraphQLInputObjectType => {
    let t = orderBys.get(o.name);
    if (t) return t;
    t = new GraphQLInputObjectType({
      name: `${o.name}_OrderBy`,
      fields: () => {
        const fields: GraphQLInputFieldConfigMap = {};
        for (const f of o.fields) {
          if (!isLongText(f)) fields[f.name] = { type: orderByClause };
          const parent = parentOf(f);
          if (parent) fields[f.relationshipName!] = { type: orderByType(parent) };
        }
        return fields;
      },
    });
    orderBys.set(o.name, t);
    return t;
  };

  const scopeType = (o: ObjectModel): GraphQLEnumType => {
    let t = scopes.get(o.name);
    if (!t) {
      const values: Record<string, { value: string }> = { EVERYTHING: { value: 'EVERYTHING' } };
      if (o.fieldIndex.has('ownerid')) values.MINE = { value: 'MINE' };
      scopes.set(o.name, (t = new GraphQLEnumType({ name: `${o.name}_Scope`, values })));
    }
    return t;
  };

  const connectionArgs = (o: ObjectModel) => ({
    first: { type: GraphQLInt },
    after: { type: GraphQLString },
    where: { type: filterType(o) },
    orderBy: { type: orderByType(o) },
    upperBound: { type: GraphQLInt },
  });

  const connectionType = (o: ObjectModel): GraphQLObjectType => {
    let t = connections.get(o.name);
    if (t) return t;
    const edge = new GraphQLObjectType({
      name: `${o.name}Edge`,
      fields: () => ({ node: { type: nodeType(o) }, cursor: { type: new GraphQLNonNull(GraphQLString) } }),
    });
    t = new GraphQLObjectType({
      name: `${o.name}Connection`,
      fields: () => ({
        edges: { type: new GraphQLList(edge) },
        pageInfo: { type: new GraphQLNonNull(pageInfo) },
        totalCount: { type: new GraphQLNonNull(GraphQLInt) },
        pageResultCount: { type: new GraphQLNonNull(GraphQLInt) },
      }),
    });
    connections.set(o.name, t);
    return t;
  };

  const nodeType = (o: ObjectModel): GraphQLObjectType => {
    let t = nodes.get(o.name);
    if (t) return t;
    t = new GraphQLObjectType({
      name: o.name,
      interfaces: [recordInterface],
      fields: () => {
        const fields: GraphQLFieldConfigMap<unknown, unknown> = {
          Id: { type: new GraphQLNonNull(GraphQLID) },
          ApiName: { type: new GraphQLNonNull(GraphQLString) },
          WeakEtag: { type: new GraphQLNonNull(SCALARS.Long) },
          DisplayValue: { type: GraphQLString },
        };
        for (const f of o.fields) {
          if (f.name !== 'Id') fields[f.name] = { type: valueType(familyOf(f)) };
          const parent = parentOf(f);
          if (parent) fields[f.relationshipName!] = { type: nodeType(parent) as GraphQLOutputType };
        }
        for (const c of o.childRelationships) {
          const child = c.relationshipName ? objectOf(c.childSObject) : undefined;
          if (child) fields[c.relationshipName!] = { type: connectionType(child), args: connectionArgs(child) };
        }
        return fields;
      },
    });
    nodes.set(o.name, t);
    objectOfType.set(o.name, o);
    return t;
  };

  const recordQuery = new GraphQLObjectType({
    name: 'RecordQuery',
    fields: () =>
      Object.fromEntries(
        model.objects.map((o) => [
          o.name,
          { type: connectionType(o), args: { ...connectionArgs(o), scope: { type: scopeType(o) } } },
        ]),
      ),
  });
  const uiapi = new GraphQLObjectType({ name: 'UIAPI', fields: { query: { type: new GraphQLNonNull(recordQuery) } } });
  const query = new GraphQLObjectType({ name: 'Query', fields: { uiapi: { type: new GraphQLNonNull(uiapi) } } });
  const schema = new GraphQLSchema({ query, types: model.objects.map(nodeType) });
  return { schema, objectOfType };
}
