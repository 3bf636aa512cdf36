/**
 * Standard objects and fields the package may point at. Salesforce defines these, not force-app, so the
 * lint needs its own short list to tell a standard reference from a typo.
 */
export const STANDARD_OBJECT_FIELDS: Record<string, string[]> = {
  Account: [
    'Id',
    'Name',
    'AccountNumber',
    'Type',
    'Industry',
    'OwnerId',
    'ParentId',
    'Website',
    'CreatedDate',
    'LastModifiedDate',
  ],
  Contact: ['Id', 'Name', 'FirstName', 'LastName', 'Email', 'AccountId', 'OwnerId'],
  Opportunity: ['Id', 'Name', 'AccountId', 'Amount', 'StageName', 'CloseDate', 'OwnerId'],
  User: ['Id', 'Name', 'Username', 'Email', 'IsActive'],
  Organization: ['Id', 'Name', 'IsSandbox', 'OrganizationType', 'InstanceName'],
};

/** Fields every custom object has besides Name. */
export const STANDARD_CUSTOM_OBJECT_FIELDS = [
  'Id',
  'Name',
  'OwnerId',
  'CreatedDate',
  'CreatedById',
  'LastModifiedDate',
  'LastModifiedById',
  'SystemModstamp',
  'IsDeleted',
];

/** Relationship names every custom object has (child → parent). */
export const STANDARD_RELATIONSHIPS: Record<string, string> = {
  Owner: 'User',
  CreatedBy: 'User',
  LastModifiedBy: 'User',
};

/** List-view column tokens for standard fields. */
export const STANDARD_LIST_VIEW_COLUMNS = [
  'NAME',
  'OWNER.ALIAS',
  'OWNER.FIRST_NAME',
  'OWNER.LAST_NAME',
  'CREATED_DATE',
  'LAST_UPDATE',
  'UPDATEDBY_USER.ALIAS',
  'CREATEDBY_USER.ALIAS',
];
