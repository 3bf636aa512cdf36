/** describeGlobal and sObject describe in the shape jsforce, the sf CLI and SDR read. */
import type { FieldModel, ObjectModel, OrgModel } from './model.ts';

function urls(o: ObjectModel, version: string) {
  const base = `/services/data/v${version}/sobjects/${o.name}`;
  return {
    sobject: base,
    describe: `${base}/describe`,
    rowTemplate: `${base}/{ID}`,
    compactLayouts: `${base}/describe/compactLayouts`,
    layouts: `${base}/describe/layouts`,
    quickActions: `${base}/quickActions`,
  };
}

function objectFlags(o: ObjectModel) {
  return {
    activateable: false,
    associateEntityType: null,
    associateParentEntity: null,
    createable: o.createable,
    custom: o.custom,
    customSetting: false,
    deepCloneable: false,
    deletable: o.deletable,
    deprecatedAndHidden: false,
    feedEnabled: false,
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: o.keyPrefix,
    label: o.label,
    labelPlural: o.labelPlural,
    layoutable: true,
    mergeable: o.name === 'Account',
    mruEnabled: true,
    name: o.name,
    queryable: true,
    replicateable: true,
    retrieveable: true,
    searchable: true,
    triggerable: true,
    undeletable: o.deletable,
    updateable: o.updateable,
  };
}

export function describeGlobal(model: OrgModel, version: string) {
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: model.objects.map((o) => ({ ...objectFlags(o), urls: urls(o, version) })),
  };
}

const SOAP: Record<string, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  picklist: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  int: 'xsd:int',
  boolean: 'xsd:boolean',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
};

function describeField(f: FieldModel) {
  const text = ['string', 'textarea', 'picklist', 'email', 'phone', 'url', 'id', 'reference'].includes(f.type);
  return {
    aggregatable: f.type !== 'textarea',
    aiPredictionField: false,
    autoNumber: f.autoNumber,
    byteLength: text ? f.length * 3 : 0,
    calculated: f.calculated,
    calculatedFormula: f.formula ?? null,
    cascadeDelete: false,
    caseSensitive: f.caseSensitive,
    compoundFieldName: null,
    controllerName: null,
    createable: f.createable,
    custom: f.custom,
    defaultValue: f.type === 'boolean' ? (f.defaultValue ?? false) : null,
    defaultValueFormula: null,
    defaultedOnCreate: f.type === 'boolean' || f.autoNumber || f.system || f.name === 'OwnerId',
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: f.digits,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: f.externalId,
    extraTypeInfo: f.extraTypeInfo ?? null,
    filterable: f.type !== 'textarea' || f.length <= 255,
    filteredLookupInfo: null,
    formulaTreatNullNumberAsZero: false,
    groupable: !['double', 'currency', 'percent', 'textarea', 'datetime'].includes(f.type),
    highScaleNumber: false,
    htmlFormatted: false,
    idLookup: f.idLookup,
    inlineHelpText: null,
    label: f.label,
    length: f.length,
    mask: null,
    maskType: null,
    name: f.name,
    nameField: f.nameField,
    namePointing: false,
    nillable: f.nillable,
    permissionable: f.custom && f.nillable && !f.calculated,
    picklistValues: f.picklistValues.map((p) => ({ ...p, validFor: null })),
    polymorphicForeignKey: false,
    precision: f.precision,
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: f.referenceTo,
    relationshipName: f.relationshipName,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: f.restrictedPicklist,
    scale: f.scale,
    searchPrefilterable: false,
    soapType: SOAP[f.type],
    sortable: f.type !== 'textarea' || f.length <= 255,
    type: f.type,
    unique: f.unique,
    updateable: f.updateable,
    writeRequiresMasterRead: false,
  };
}

export function describeSObject(o: ObjectModel, version: string) {
  return {
    ...objectFlags(o),
    actionOverrides: [],
    childRelationships: o.childRelationships.map((c) => ({
      cascadeDelete: c.cascadeDelete,
      childSObject: c.childSObject,
      deprecatedAndHidden: false,
      field: c.field,
      junctionIdListNames: [],
      junctionReferenceTo: [],
      relationshipName: c.relationshipName,
      restrictedDelete: c.restrictedDelete,
    })),
    compactLayoutable: true,
    defaultImplementation: null,
    extendedBy: null,
    extendsInterfaces: null,
    fields: o.fields.map(describeField),
    implementedBy: null,
    implementsInterfaces: null,
    listviewable: null,
    lookupLayoutable: null,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [],
    searchLayoutable: true,
    sobjectDescribeOption: 'FULL',
    supportedScopes: [{ label: 'All records', name: 'everything' }],
    urls: urls(o, version),
  };
}

export function basicInfo(o: ObjectModel, version: string) {
  return { objectDescribe: { ...objectFlags(o), urls: urls(o, version) }, recentItems: [] };
}
