/**
 * `GET ui-api/object-info/{objectApiName}` and `object-info/batch/{names}`: the UI API's Object Info, built from
 * the org's model (what `getObjectInfo` in lightning/uiObjectInfoApi reads to label columns and fields).
 */
import { createHash } from 'node:crypto';
import { SfError } from '../errors.ts';
import type { FieldModel, ObjectModel, SoapFieldType } from '../model.ts';
import type { Org } from '../org.ts';
import type { Values } from '../store.ts';
import { MASTER_RECORD_TYPE_ID } from './records.ts';
import { isLongText } from './schema.ts';

/** UI API `dataType` of each SOAP type. */
const DATA_TYPES: Record<SoapFieldType, string> = {
  id: 'Id',
  reference: 'Reference',
  string: 'String',
  textarea: 'TextArea',
  picklist: 'Picklist',
  email: 'Email',
  phone: 'Phone',
  url: 'Url',
  double: 'Double',
  currency: 'Currency',
  percent: 'Percent',
  int: 'Int',
  boolean: 'Boolean',
  date: 'Date',
  datetime: 'DateTime',
};

export const dataTypeOf = (f: FieldModel) => DATA_TYPES[f.type];

const nameFieldsOf = (o: ObjectModel) => o.fields.filter((f) => f.nameField).map((f) => f.name);

export function fieldInfo(org: Org, f: FieldModel): Values {
  return {
    apiName: f.name,
    calculated: f.calculated,
    compound: false,
    compoundComponentName: null,
    compoundFieldName: null,
    controllerName: null,
    controllingFields: [],
    createable: f.createable,
    custom: f.custom,
    dataType: dataTypeOf(f),
    externalId: f.externalId,
    extraTypeInfo: f.extraTypeInfo ?? null,
    filterable: !isLongText(f),
    filteredLookupInfo: null,
    highScaleNumber: false,
    htmlFormatted: false,
    inlineHelpText: f.inlineHelpText ?? null,
    label: f.label,
    length: f.length,
    nameField: f.nameField,
    polymorphicForeignKey: f.referenceTo.length > 1,
    precision: f.precision,
    reference: f.type === 'reference',
    referenceTargetField: null,
    referenceToInfos: f.referenceTo.map((name) => {
      const target = org.object(name);
      return { apiName: target?.name ?? name, nameFields: target ? nameFieldsOf(target) : ['Name'] };
    }),
    relationshipName: f.relationshipName,
    required: f.required,
    scale: f.scale,
    searchPrefilterable: false,
    sortable: !isLongText(f),
    unique: f.unique,
    updateable: f.updateable,
  };
}

export function objectInfo(org: Org, o: ObjectModel): Values {
  const info: Values = {
    apiName: o.name,
    associateEntityType: null,
    associateParentEntity: null,
    childRelationships: o.childRelationships
      .filter((c) => c.relationshipName)
      .map((c) => ({
        childObjectApiName: c.childSObject,
        fieldName: c.field,
        junctionIdListNames: [],
        junctionReferenceTo: [],
        relationshipName: c.relationshipName,
      })),
    compactLayoutable: true,
    createable: o.createable,
    custom: o.custom,
    defaultRecordTypeId: MASTER_RECORD_TYPE_ID,
    deletable: o.deletable,
    dependentFields: {},
    feedEnabled: false,
    fields: Object.fromEntries(o.fields.map((f) => [f.name, fieldInfo(org, f)])),
    keyPrefix: o.keyPrefix,
    label: o.label,
    labelPlural: o.labelPlural,
    layoutable: true,
    mruEnabled: true,
    nameFields: nameFieldsOf(o),
    queryable: true,
    recordTypeInfos: {
      [MASTER_RECORD_TYPE_ID]: {
        available: true,
        defaultRecordTypeMapping: true,
        master: true,
        name: 'Master',
        recordTypeId: MASTER_RECORD_TYPE_ID,
      },
    },
    searchLayoutable: true,
    searchable: true,
    themeInfo: null,
    updateable: o.updateable,
  };
  info.eTag = createHash('md5').update(JSON.stringify(info)).digest('hex');
  return info;
}

/** The object named in a UI API path; unknown names answer as the UI API does. */
export function objectNamed(org: Org, name: string): ObjectModel {
  const o = org.object(name);
  if (!o) throw new SfError('NOT_FOUND', `The requested resource does not exist`, [], 404);
  return o;
}

export function objectInfos(org: Org, names: string[]): Values {
  return {
    results: names.map((name) => {
      const o = org.object(name);
      return o
        ? { statusCode: 200, result: objectInfo(org, o) }
        : { statusCode: 404, result: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
    }),
  };
}
