/**
 * The pure mapping from Metronome API objects (SDK types) to records of the package's objects. No I/O: the
 * source reads, the sync writes; this decides every field value and every external ID.
 */
export {
  mapBillableMetric,
  mapCustomerBundle,
  mapCustomerList,
  mapCustomerOnly,
  mapPlan,
  invoiceName,
  CATALOG_OBJECTS,
  CUSTOMER_PARTS,
  type CustomerBundle,
  type CustomerListKind,
} from './objects.ts';
export {
  customerAccounts,
  isLinked,
  isSelected,
  DEFAULT_EXTRA_ACCOUNTS_FIELD,
  type AccountLink,
  type CustomerAccounts,
  type CustomerSelection,
} from './accounts.ts';
export { ingestAliasId, lineItemIds, lineItemIdentity, toSalesforceId18, canonicalJson } from './ids.ts';
export { toOrgMoney, fiatMinorUnits, shiftDecimalPoint, type OrgMoney } from './money.ts';
export { truncateText, toSalesforceNumber, toSalesforceDate, toSalesforceDateTime } from './values.ts';
export type { FieldValue, MappedRecord, MappingResult, RecordError } from './records.ts';
export type * from './sdk-types.ts';
