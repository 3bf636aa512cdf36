/**
 * The standard objects the sync, the sf CLI and data tools touch, with their common fields and relationships (a subset
 * of Salesforce's: see the Object Reference for the full lists).
 */
import { field, finishObject, systemFields, type FieldModel, type ObjectModel } from './model.ts';
import { KEY_PREFIX } from './ids.ts';
import { permissionSetAssignmentObject, permissionSetObject } from './permissions.ts';

const ro = { createable: false, updateable: false };
const picklist = (values: string[]) => ({
  picklistValues: values.map((v) => ({ value: v, label: v, defaultValue: false, active: true })),
});

/**
 * A standard object as data: its identity and fields. A lookup's `childRelationshipName` names the list on the parent
 * (Account.Contacts, Account.ChildAccounts), as Salesforce's describe does.
 */
interface StandardSpec {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: FieldModel[];
  autoNumber?: { format: string; start: number };
}

function standardObject(spec: StandardSpec): ObjectModel {
  return finishObject({
    ...spec,
    custom: false,
    createable: true,
    updateable: true,
    deletable: true,
    childRelationships: [],
    fields: [...systemFields({ owner: true }).map((f) => labelId(f, spec.label)), ...spec.fields],
  });
}

/** A standard object's Id is labelled after the object ("Account ID"); a custom object's is "Record ID". */
function labelId(f: FieldModel, objectLabel: string): FieldModel {
  return f.name === 'Id' ? { ...f, label: `${objectLabel} ID` } : f;
}

const text = (name: string, label: string, length = 255, more: Partial<FieldModel> = {}) =>
  field(name, label, 'string', { length, ...more });
const longText = (name: string, label: string) =>
  field(name, label, 'textarea', { length: 32000, extraTypeInfo: 'plaintextarea' });
const choice = (name: string, label: string, values: string[], more: Partial<FieldModel> = {}) =>
  field(name, label, 'picklist', { ...picklist(values), ...more });
const lookup = (
  name: string,
  label: string,
  target: string,
  relationshipName: string,
  childRelationshipName: string | null,
) => field(name, label, 'reference', { referenceTo: [target], relationshipName, childRelationshipName });
const readOnly = (f: FieldModel): FieldModel => ({ ...f, createable: false, updateable: false });
/** Salesforce's compound person name (Contact.Name, Lead.Name): read-only, from FirstName and LastName. */
const fullName = () =>
  field('Name', 'Full Name', 'string', {
    length: 121,
    nameField: true,
    ...ro,
    calculated: true,
    formula: 'IF(ISBLANK(FirstName), LastName, FirstName & " " & LastName)',
  });
const address = (prefix: string, label: string) => [
  field(`${prefix}Street`, `${label} Street`, 'textarea'),
  text(`${prefix}City`, `${label} City`, 40),
  text(`${prefix}State`, `${label} State/Province`, 80),
  text(`${prefix}PostalCode`, `${label} Zip/Postal Code`, 20),
  text(`${prefix}Country`, `${label} Country`, 80),
];
const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];
const INDUSTRIES = ['Technology', 'Finance', 'Retail', 'Other'];

const ACCOUNT: StandardSpec = {
  name: 'Account',
  label: 'Account',
  labelPlural: 'Accounts',
  keyPrefix: KEY_PREFIX.Account,
  fields: [
    text('Name', 'Account Name', 255, { nameField: true, nillable: false, required: true, idLookup: true }),
    lookup('ParentId', 'Parent Account ID', 'Account', 'Parent', 'ChildAccounts'),
    text('AccountNumber', 'Account Number', 40),
    choice('Type', 'Account Type', ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner', 'Other']),
    choice('Industry', 'Industry', INDUSTRIES),
    ...address('Billing', 'Billing'),
    ...address('Shipping', 'Shipping'),
    field('Phone', 'Account Phone', 'phone', { length: 40 }),
    field('Website', 'Website', 'url'),
    field('AnnualRevenue', 'Annual Revenue', 'currency', { precision: 18, scale: 0 }),
    field('NumberOfEmployees', 'Employees', 'int', { digits: 8 }),
    field('Description', 'Account Description', 'textarea', { length: 32000 }),
  ],
};

const CONTACT: StandardSpec = {
  name: 'Contact',
  label: 'Contact',
  labelPlural: 'Contacts',
  keyPrefix: KEY_PREFIX.Contact,
  fields: [
    lookup('AccountId', 'Account ID', 'Account', 'Account', 'Contacts'),
    text('LastName', 'Last Name', 80, { nillable: false, required: true }),
    text('FirstName', 'First Name', 40),
    choice('Salutation', 'Salutation', ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.']),
    fullName(),
    lookup('ReportsToId', 'Reports To ID', 'Contact', 'ReportsTo', null),
    text('Title', 'Title', 128),
    text('Department', 'Department', 80),
    field('Email', 'Email', 'email', { length: 80, idLookup: true }),
    field('Phone', 'Business Phone', 'phone', { length: 40 }),
    field('MobilePhone', 'Mobile Phone', 'phone', { length: 40 }),
    field('Birthdate', 'Birthdate', 'date'),
    ...address('Mailing', 'Mailing'),
    choice('LeadSource', 'Lead Source', LEAD_SOURCES),
    longText('Description', 'Contact Description'),
  ],
};

const OPPORTUNITY: StandardSpec = {
  name: 'Opportunity',
  label: 'Opportunity',
  labelPlural: 'Opportunities',
  keyPrefix: KEY_PREFIX.Opportunity,
  fields: [
    lookup('AccountId', 'Account ID', 'Account', 'Account', 'Opportunities'),
    text('Name', 'Name', 120, { nameField: true, nillable: false, required: true }),
    choice(
      'StageName',
      'Stage',
      [
        'Prospecting',
        'Qualification',
        'Needs Analysis',
        'Value Proposition',
        'Id. Decision Makers',
        'Perception Analysis',
        'Proposal/Price Quote',
        'Negotiation/Review',
        'Closed Won',
        'Closed Lost',
      ],
      { nillable: false, required: true },
    ),
    field('CloseDate', 'Close Date', 'date', { nillable: false, required: true }),
    field('Amount', 'Amount', 'currency', { precision: 18, scale: 2 }),
    field('Probability', 'Probability (%)', 'percent', { precision: 3, scale: 0 }),
    choice('Type', 'Opportunity Type', [
      'Existing Customer - Upgrade',
      'Existing Customer - Replacement',
      'Existing Customer - Downgrade',
      'New Customer',
    ]),
    choice('LeadSource', 'Lead Source', LEAD_SOURCES),
    text('NextStep', 'Next Step', 255),
    readOnly(field('IsClosed', 'Closed', 'boolean')),
    readOnly(field('IsWon', 'Won', 'boolean')),
    longText('Description', 'Description'),
  ],
};

const LEAD: StandardSpec = {
  name: 'Lead',
  label: 'Lead',
  labelPlural: 'Leads',
  keyPrefix: KEY_PREFIX.Lead,
  fields: [
    text('LastName', 'Last Name', 80, { nillable: false, required: true }),
    text('FirstName', 'First Name', 40),
    fullName(),
    text('Company', 'Company', 255, { nillable: false, required: true }),
    text('Title', 'Title', 128),
    field('Email', 'Email', 'email', { length: 80, idLookup: true }),
    field('Phone', 'Phone', 'phone', { length: 40 }),
    choice('Status', 'Lead Status', [
      'Open - Not Contacted',
      'Working - Contacted',
      'Closed - Converted',
      'Closed - Not Converted',
    ]),
    choice('LeadSource', 'Lead Source', LEAD_SOURCES),
    choice('Industry', 'Industry', INDUSTRIES),
    choice('Rating', 'Rating', ['Hot', 'Warm', 'Cold']),
    field('AnnualRevenue', 'Annual Revenue', 'currency', { precision: 18, scale: 0 }),
    field('NumberOfEmployees', 'Employees', 'int', { digits: 8 }),
    ...address('', ''),
    readOnly(field('IsConverted', 'Converted', 'boolean')),
    readOnly(lookup('ConvertedAccountId', 'Converted Account ID', 'Account', 'ConvertedAccount', null)),
    readOnly(lookup('ConvertedContactId', 'Converted Contact ID', 'Contact', 'ConvertedContact', null)),
    readOnly(lookup('ConvertedOpportunityId', 'Converted Opportunity ID', 'Opportunity', 'ConvertedOpportunity', null)),
    longText('Description', 'Description'),
  ].map((f) => ({ ...f, label: f.label.trim() })),
};

const CASE: StandardSpec = {
  name: 'Case',
  label: 'Case',
  labelPlural: 'Cases',
  keyPrefix: KEY_PREFIX.Case,
  autoNumber: { format: '{00000000}', start: 1 },
  fields: [
    text('CaseNumber', 'Case Number', 30, { nameField: true, ...ro, autoNumber: true, idLookup: true }),
    lookup('AccountId', 'Account ID', 'Account', 'Account', 'Cases'),
    lookup('ContactId', 'Contact ID', 'Contact', 'Contact', 'Cases'),
    lookup('ParentId', 'Parent Case ID', 'Case', 'Parent', 'Cases'),
    text('Subject', 'Subject', 255),
    longText('Description', 'Description'),
    choice('Status', 'Status', ['New', 'Working', 'Escalated', 'Closed']),
    choice('Priority', 'Priority', ['High', 'Medium', 'Low']),
    choice('Origin', 'Case Origin', ['Phone', 'Email', 'Web']),
    choice('Type', 'Case Type', ['Mechanical', 'Electrical', 'Electronic', 'Structural', 'Other']),
    choice('Reason', 'Case Reason', ['Installation', 'Equipment Complexity', 'Performance', 'Breakdown', 'Other']),
    readOnly(field('IsClosed', 'Closed', 'boolean')),
    readOnly(field('ClosedDate', 'Closed Date', 'datetime')),
    text('SuppliedName', 'Web Name', 80),
    field('SuppliedEmail', 'Web Email', 'email', { length: 80 }),
    field('SuppliedPhone', 'Web Phone', 'phone', { length: 40 }),
  ],
};

const STANDARD_SPECS = [ACCOUNT, CONTACT, OPPORTUNITY, LEAD, CASE];

function user(): ObjectModel {
  const text = (name: string, label: string, length: number, more: Partial<FieldModel> = {}) =>
    field(name, label, 'string', { length, ...more });
  return finishObject({
    name: 'User',
    label: 'User',
    labelPlural: 'Users',
    custom: false,
    keyPrefix: KEY_PREFIX.User,
    createable: false,
    updateable: true,
    deletable: false,
    childRelationships: [],
    fields: [
      ...systemFields({ owner: false }),
      text('Username', 'Username', 80, { nillable: false, unique: true, idLookup: true, ...ro }),
      text('LastName', 'Last Name', 80, { nillable: false }),
      text('FirstName', 'First Name', 40),
      text('Name', 'Full Name', 121, { nameField: true, ...ro }),
      field('Email', 'Email', 'email', { length: 128, nillable: false }),
      text('Alias', 'Alias', 8, { nillable: false }),
      text('CommunityNickname', 'Nickname', 40),
      field('IsActive', 'Active', 'boolean'),
      field('TimeZoneSidKey', 'Time Zone', 'picklist', {
        length: 40,
        ...picklist(['GMT', 'America/Los_Angeles', 'Europe/Paris']),
      }),
      field('LocaleSidKey', 'Locale', 'picklist', { length: 40, ...picklist(['en_US', 'en_GB', 'fr_FR']) }),
      field('LanguageLocaleKey', 'Language', 'picklist', { length: 40, ...picklist(['en_US', 'fr']) }),
      field('EmailEncodingKey', 'Email Encoding', 'picklist', { length: 40, ...picklist(['UTF-8']) }),
      text('ProfileId', 'Profile ID', 18, ro),
      field('UserType', 'User Type', 'picklist', { length: 40, ...ro, ...picklist(['Standard']) }),
    ],
  });
}

function organization(): ObjectModel {
  const text = (name: string, label: string, length: number, more: Partial<FieldModel> = {}) =>
    field(name, label, 'string', { length, ...ro, ...more });
  return finishObject({
    name: 'Organization',
    label: 'Organization',
    labelPlural: 'Organizations',
    custom: false,
    keyPrefix: KEY_PREFIX.Organization,
    createable: false,
    updateable: false,
    deletable: false,
    childRelationships: [],
    fields: [
      ...systemFields({ owner: false }),
      text('Name', 'Name', 80, { nameField: true }),
      field('OrganizationType', 'Edition', 'picklist', {
        ...ro,
        ...picklist(['Developer Edition', 'Enterprise Edition']),
      }),
      field('IsSandbox', 'Is Sandbox', 'boolean', ro),
      field('TrialExpirationDate', 'Trial Expiration Date', 'datetime', ro),
      text('InstanceName', 'Instance Name', 5),
      text('NamespacePrefix', 'Namespace Prefix', 15),
      text('Country', 'Country', 80),
      text('DefaultLocaleSidKey', 'Locale', 40),
      text('LanguageLocaleKey', 'Language', 40),
      text('TimeZoneSidKey', 'Time Zone', 40),
    ],
  });
}

export const STANDARD_OBJECTS: (() => ObjectModel)[] = [
  ...STANDARD_SPECS.map((spec) => () => standardObject(spec)),
  user,
  organization,
  permissionSetObject,
  permissionSetAssignmentObject,
];
