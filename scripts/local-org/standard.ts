/** The standard objects the sync and the sf CLI touch, with their usual fields (a subset of Salesforce's). */
import { field, finishObject, systemFields, type FieldModel, type ObjectModel } from './model.ts';
import { KEY_PREFIX } from './ids.ts';
import { permissionSetAssignmentObject, permissionSetObject } from './permissions.ts';

const ro = { createable: false, updateable: false };
const picklist = (values: string[]) => ({ picklistValues: values.map((v) => ({ value: v, label: v, defaultValue: false, active: true })) });

function account(): ObjectModel {
  const text = (name: string, label: string, length = 255, more: Partial<FieldModel> = {}) => field(name, label, 'string', { length, ...more });
  return finishObject({
    name: 'Account', label: 'Account', labelPlural: 'Accounts', custom: false, keyPrefix: KEY_PREFIX.Account,
    createable: true, updateable: true, deletable: true, childRelationships: [],
    fields: [
      ...systemFields({ owner: true }),
      text('Name', 'Account Name', 255, { nameField: true, nillable: false, required: true, idLookup: true }),
      field('ParentId', 'Parent Account ID', 'reference', { referenceTo: ['Account'], relationshipName: 'Parent' }),
      text('AccountNumber', 'Account Number', 40),
      field('Type', 'Account Type', 'picklist', picklist(['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner', 'Other'])),
      field('Industry', 'Industry', 'picklist', picklist(['Technology', 'Finance', 'Retail', 'Other'])),
      field('BillingStreet', 'Billing Street', 'textarea'),
      text('BillingCity', 'Billing City', 40),
      text('BillingState', 'Billing State/Province', 80),
      text('BillingPostalCode', 'Billing Zip/Postal Code', 20),
      text('BillingCountry', 'Billing Country', 80),
      field('Phone', 'Account Phone', 'phone', { length: 40 }),
      field('Website', 'Website', 'url'),
      field('AnnualRevenue', 'Annual Revenue', 'currency', { precision: 18, scale: 0 }),
      field('NumberOfEmployees', 'Employees', 'int', { digits: 8 }),
      field('Description', 'Account Description', 'textarea', { length: 32000 }),
    ],
  });
}

function user(): ObjectModel {
  const text = (name: string, label: string, length: number, more: Partial<FieldModel> = {}) => field(name, label, 'string', { length, ...more });
  return finishObject({
    name: 'User', label: 'User', labelPlural: 'Users', custom: false, keyPrefix: KEY_PREFIX.User,
    createable: false, updateable: true, deletable: false, childRelationships: [],
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
      field('TimeZoneSidKey', 'Time Zone', 'picklist', { length: 40, ...picklist(['GMT', 'America/Los_Angeles', 'Europe/Paris']) }),
      field('LocaleSidKey', 'Locale', 'picklist', { length: 40, ...picklist(['en_US', 'en_GB', 'fr_FR']) }),
      field('LanguageLocaleKey', 'Language', 'picklist', { length: 40, ...picklist(['en_US', 'fr']) }),
      field('EmailEncodingKey', 'Email Encoding', 'picklist', { length: 40, ...picklist(['UTF-8']) }),
      text('ProfileId', 'Profile ID', 18, ro),
      field('UserType', 'User Type', 'picklist', { length: 40, ...ro, ...picklist(['Standard']) }),
    ],
  });
}

function organization(): ObjectModel {
  const text = (name: string, label: string, length: number, more: Partial<FieldModel> = {}) => field(name, label, 'string', { length, ...ro, ...more });
  return finishObject({
    name: 'Organization', label: 'Organization', labelPlural: 'Organizations', custom: false, keyPrefix: KEY_PREFIX.Organization,
    createable: false, updateable: false, deletable: false, childRelationships: [],
    fields: [
      ...systemFields({ owner: false }),
      text('Name', 'Name', 80, { nameField: true }),
      field('OrganizationType', 'Edition', 'picklist', { ...ro, ...picklist(['Developer Edition', 'Enterprise Edition']) }),
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

export const STANDARD_OBJECTS: (() => ObjectModel)[] = [account, user, organization, permissionSetObject, permissionSetAssignmentObject];
