/** The package's schema as read from force-app: what the lint checks, the local org serves and the sync writes. */

export interface PicklistValue {
  fullName: string;
  label: string;
  default: boolean;
}

export interface Picklist {
  restricted: boolean;
  sorted: boolean;
  values: PicklistValue[];
}

export interface FieldDef {
  /** Name as written in source, e.g. `Customer__c` or `Name`. */
  name: string;
  /** Name as an org with the package installed sees it, e.g. `NOME__Customer__c` or `Name`. */
  apiName: string;
  label: string;
  /** The metadata <type>: Text, Number, Date, DateTime, LongTextArea, Lookup, Picklist, Checkbox, AutoNumber, … */
  type: string;
  description?: string;
  /** What users see behind the field's info icon (<inlineHelpText>). */
  helpText?: string;
  length?: number;
  precision?: number;
  scale?: number;
  visibleLines?: number;
  required: boolean;
  externalId: boolean;
  unique: boolean;
  /** Meaningful only on unique Text fields: true when "ABC" and "abc" are different values. */
  caseSensitive: boolean;
  defaultValue?: string;
  /** Formula source as written in force-app (field names without namespace). */
  formula?: string;
  formulaTreatBlanksAs?: string;
  /** Lookup target as written in source (`Account`, `Metronome_Customer__c`). */
  referenceTo?: string;
  /** Lookup target as an org sees it (`Account`, `NOME__Metronome_Customer__c`). */
  referenceToApiName?: string;
  /** Child relationship name as declared in source (`Credit_Grants`). */
  relationshipName?: string;
  /** Child→parent path segment in SOQL and in upsert parent references (`NOME__Customer__r`). */
  parentRelationshipApiName?: string;
  /** Parent→child relationship name as an org sees it (`NOME__Credit_Grants__r`). */
  childRelationshipApiName?: string;
  relationshipLabel?: string;
  deleteConstraint?: string;
  picklist?: Picklist;
  /** Auto Number display format such as `CP-{000000}` (Name fields only). */
  displayFormat?: string;
  startingNumber?: number;
  /** False for formulas and auto numbers: Salesforce rejects writes to them. */
  writable: boolean;
  /** File the field is declared in, relative to the project directory. */
  file: string;
}

export interface ListViewFilterDef {
  /** Source field name (`Status__c`) or a standard column name. */
  field: string;
  /** equals, notEqual, lessThan, greaterThan, lessOrEqual, greaterOrEqual, contains, notContain, startsWith. */
  operation: string;
  /** Comma-separated values for equals / notEqual. */
  value?: string;
}

export interface ListViewDef {
  name: string;
  label?: string;
  filterScope?: string;
  /** Column names as written: `NAME`, `LAST_UPDATE`, or source field names (`Customer__c`). */
  columns: string[];
  filters: ListViewFilterDef[];
  booleanFilter?: string;
  file: string;
}

export interface ObjectDef {
  name: string;
  apiName: string;
  label: string;
  pluralLabel: string;
  description?: string;
  sharingModel?: string;
  externalSharingModel?: string;
  /** The standard Name field, Text(80) or Auto Number. */
  nameField: FieldDef;
  /** Custom fields, sorted by name. */
  fields: FieldDef[];
  listViews: ListViewDef[];
  file: string;
}

export interface ObjectPermission {
  object: string;
  allowCreate: boolean;
  allowRead: boolean;
  allowEdit: boolean;
  allowDelete: boolean;
  viewAllRecords: boolean;
  modifyAllRecords: boolean;
}

export interface FieldPermission {
  /** `Object__c.Field__c`, source names. */
  field: string;
  readable: boolean;
  editable: boolean;
}

export interface PermissionSetDef {
  name: string;
  label: string;
  description?: string;
  applicationVisibilities: { application: string; visible: boolean }[];
  objectPermissions: ObjectPermission[];
  fieldPermissions: FieldPermission[];
  tabSettings: { tab: string; visibility: string }[];
  file: string;
}

export interface TabDef {
  name: string;
  label?: string;
  motif?: string;
  customObject: boolean;
  lwcComponent?: string;
  flexiPage?: string;
  page?: string;
  url?: string;
  file: string;
}

export interface ApplicationDef {
  name: string;
  label?: string;
  navType?: string;
  uiType?: string;
  tabs: string[];
  actionOverrides?: ActionOverrideDef[];
  file: string;
}

export interface LwcBundleDef {
  name: string;
  isExposed: boolean;
  masterLabel?: string;
  targets: string[];
  /** Objects named in targetConfigs (record pages). */
  targetObjects: string[];
  /** The bundle's <apiVersion>. */
  apiVersion?: string;
  file: string;
}

export interface PackageSchema {
  projectDir: string;
  namespace: string;
  sourceApiVersion: string;
  packageDirectories: string[];
  objects: ObjectDef[];
  permissionSets: PermissionSetDef[];
  tabs: TabDef[];
  applications: ApplicationDef[];
  lwc: LwcBundleDef[];
  labels?: CustomLabelDef[];
  layouts?: LayoutDef[];
  flexiPages?: FlexiPageDef[];
}

/** A custom label (CustomLabels.labels-meta.xml): what `@salesforce/label/c.<name>` imports. */
export interface CustomLabelDef {
  name: string;
  value: string;
  language?: string;
  file: string;
}

/** One section of a page layout: its fields, column by column (source field names, `Name` for the name field). */
export interface LayoutSectionDef {
  label: string;
  /** Whether the section shows its heading on the detail page. */
  detailHeading: boolean;
  columns: string[][];
}

export interface LayoutRelatedListDef {
  /** `Child_Object__c.Lookup__c` as written in source. */
  relatedList: string;
  fields: string[];
  sortField?: string;
  sortOrder?: string;
}

/** A page layout (`<Object>-<Layout Name>.layout-meta.xml`). */
export interface LayoutDef {
  /** The object as written in source (`Metronome_Invoice__c`). */
  object: string;
  name: string;
  sections: LayoutSectionDef[];
  relatedLists: LayoutRelatedListDef[];
  file: string;
}

export interface FlexiPageComponentDef {
  /** `force:highlightsPanel`, `flexipage:tabset`, or an LWC of the package (`metronomeBilling`). */
  componentName: string;
  identifier?: string;
  properties: Record<string, string>;
}

export interface FlexiPageRegionDef {
  name: string;
  /** `Region` (a place on the template) or `Facet` (content a component such as a tab points at). */
  type: string;
  components: FlexiPageComponentDef[];
}

export interface FlexiPageDef {
  name: string;
  label?: string;
  type?: string;
  sobjectType?: string;
  template?: string;
  regions: FlexiPageRegionDef[];
  file: string;
}

/** An app's `actionOverrides`: e.g. the Account View action opening a flexipage in this app. */
export interface ActionOverrideDef {
  actionName: string;
  content?: string;
  formFactor?: string;
  type?: string;
  pageOrSobjectType: string;
}
