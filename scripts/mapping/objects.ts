/**
 * The mapping of each Metronome API object onto the package's objects, field by field as package-spec.md lists
 * them. Field properties (API names, lengths, scale, picklists, parents) come from the schema; this file only
 * says which Metronome value feeds which field.
 */
import type { PackageSchema } from '../metadata/index.ts';
import { customerAccounts, type CustomerSelection } from './accounts.ts';
import { compare, ingestAliasId, lineItemIds } from './ids.ts';
import { toOrgMoney } from './money.ts';
import { depthsOf, fieldOf, keyOf, objectOf } from './schema-index.ts';
import { utcDay } from './values.ts';
import { RecordBuilder, emptyResult, type MappedRecord, type MappingResult, type RecordError } from './records.ts';
import type {
  BillableMetric,
  CreditGrant,
  CustomerDetail,
  CustomerPlan,
  Invoice,
  PlanDetail,
  PlanListResponse,
} from './sdk-types.ts';

export interface CustomerBundle {
  customer: CustomerDetail;
  plans: CustomerPlan[];
  invoices: Invoice[];
  creditGrants: CreditGrant[];
}

/** A Metronome ID as the API promises it: non-empty text. Anything else cannot key a record. */
const isId = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

/**
 * A record Metronome sent malformed (no usable ID, a null entry in a list): reported against its object, naming
 * where it was (`where`: the parent and position) and the field, so the rest of the customer still lands.
 */
function malformed(
  schema: PackageSchema,
  result: MappingResult,
  objectName: string,
  where: string,
  field: string,
  value: unknown,
): void {
  const object = objectOf(schema, objectName);
  result.errors.push({
    object: object.apiName,
    sourceId: where,
    field: keyOf(object)?.apiName,
    code: 'MALFORMED_RECORD',
    message: `${where}: Metronome sent ${field} = ${JSON.stringify(value) ?? String(value)}, so the record cannot be synced`,
  });
}

/**
 * Maps one item; a value of an unexpected shape anywhere inside (which no check above foresaw) becomes that
 * record's error instead of ending the run. `whereOf` names the item, only for an error.
 */
function guarded(
  schema: PackageSchema,
  result: MappingResult,
  objectName: string,
  whereOf: () => string,
  map: () => void,
  externalId?: string,
): void {
  try {
    map();
  } catch (error) {
    const object = objectOf(schema, objectName);
    const where = whereOf();
    result.errors.push({
      object: object.apiName,
      sourceId: externalId ?? where,
      // Still in Metronome: with its external ID known, the sync keeps (does not delete) what the org holds of it.
      ...(externalId ? { externalId } : {}),
      code: 'MALFORMED_RECORD',
      message: `${where}: Metronome sent a value of an unexpected shape (${error instanceof Error ? error.message : String(error)}), so the record cannot be synced`,
    });
  }
}

export function mapBillableMetric(schema: PackageSchema, metric: BillableMetric): MappingResult {
  const result = emptyResult();
  const object = 'Metronome_Billable_Metric__c';
  if (!metric || !isId(metric.id)) {
    malformed(schema, result, object, 'billable metric', 'id', metric ? metric.id : metric);
    return result;
  }
  guarded(
    schema,
    result,
    object,
    () => `billable metric ${metric.id}`,
    () => {
      new RecordBuilder(schema, object, metric.id, metric.id).set('Name', metric.name).finish(result);
    },
    metric.id,
  );
  return result;
}

export function mapPlan(schema: PackageSchema, plan: PlanListResponse, details?: PlanDetail): MappingResult {
  const result = emptyResult();
  if (!plan || !isId(plan.id)) {
    malformed(schema, result, 'Metronome_Plan__c', 'plan', 'id', plan ? plan.id : plan);
    return result;
  }
  new RecordBuilder(schema, 'Metronome_Plan__c', plan.id, plan.id)
    .set('Name__c', details?.name ?? plan.name)
    .set('Description__c', details?.description ?? plan.description)
    .finish(result);
  return result;
}

function mapCustomer(
  schema: PackageSchema,
  customer: CustomerDetail,
  selection: CustomerSelection,
  result: MappingResult,
): void {
  const { links, invalid } = customerAccounts(customer, selection);
  const primary = links.find((l) => l.primary);
  const record = new RecordBuilder(schema, 'Metronome_Customer__c', customer.id, customer.id)
    .set('Name__c', customer.name)
    .set('Account__c', primary?.accountId ?? null);
  const customerRecord = record.finish(result);
  const accountField = fieldOf(objectOf(schema, 'Metronome_Customer__c'), 'Account__c').apiName;
  if (customerRecord && primary) customerRecord.origins = { [accountField]: primary.source };
  const junction = objectOf(schema, 'Metronome_Customer_Account__c');
  for (const bad of invalid) {
    // The customer is still synced; only the link that cannot be made is reported.
    result.errors.push({
      object: junction.apiName,
      sourceId: customer.id,
      field: fieldOf(junction, 'Account__c').apiName,
      code: 'INVALID_ACCOUNT_ID',
      message: `${bad.source} of customer ${customer.id}: ${JSON.stringify(bad.value)} is not a 15- or 18-character Salesforce Account ID`,
    });
  }
  if (!customerRecord) return;
  for (const link of links) {
    const linkRecord = new RecordBuilder(
      schema,
      'Metronome_Customer_Account__c',
      `${customer.id}:${link.accountId}`,
      customer.id,
    )
      .setParent('Customer__c', customer.id)
      .set('Account__c', link.accountId)
      .set('Is_Primary__c', link.primary)
      .finish(result);
    if (linkRecord) linkRecord.origins = { [fieldOf(junction, 'Account__c').apiName]: link.source };
  }
  const aliases = customer.ingest_aliases ?? [];
  aliases.forEach((alias, i) => {
    if (typeof alias !== 'string')
      malformed(
        schema,
        result,
        'Metronome_Ingest_Alias__c',
        `customer ${customer.id} ingest_aliases[${i}]`,
        'ingest_aliases[]',
        alias,
      );
  });
  for (const alias of new Set(aliases.filter((a) => typeof a === 'string'))) {
    new RecordBuilder(schema, 'Metronome_Ingest_Alias__c', ingestAliasId(customer.id, alias), customer.id)
      .setParent('Customer_ID__c', customer.id)
      .set('Ingest_Alias__c', alias)
      .finish(result);
  }
}

function mapCustomerPlan(schema: PackageSchema, customerId: string, plan: CustomerPlan, result: MappingResult): void {
  new RecordBuilder(schema, 'Metronome_Customer_Plan__c', plan.id, plan.id)
    .setParent('Customer__c', customerId)
    .set('Metronome_Plan_ID__c', plan.plan_id)
    .setParent('Plan__c', plan.plan_id)
    .set('Starting_On__c', plan.starting_on)
    .set('Ending_On__c', plan.ending_before)
    .finish(result);
}

/** The UTC day of an invoice's timestamp, when it is one (a value that is not text is read as Date reads it). */
function invoiceDay(ts: unknown): string | undefined {
  if (typeof ts === 'string') return ts ? utcDay(ts) : undefined;
  const given = ts as string;
  return given && !Number.isNaN(Date.parse(given)) ? new Date(given).toISOString().slice(0, 10) : undefined;
}

/** Invoices have no name in Metronome: "<plan name or invoice type> <start>–<end>" (UTC days), else the invoice ID. */
export function invoiceName(invoice: Invoice): string {
  const label = invoice.plan_name || (invoice.contract_id ? `Contract ${invoice.type}` : invoice.type) || 'Invoice';
  const start = invoiceDay(invoice.start_timestamp);
  const end = invoiceDay(invoice.end_timestamp);
  if (!start && !end) return `${label} ${invoice.id}`;
  return `${label} ${start ?? '…'}–${end ?? '…'}`;
}

function mapInvoice(schema: PackageSchema, customerId: string, invoice: Invoice, result: MappingResult): void {
  const total = toOrgMoney(invoice.total, invoice.credit_type?.name);
  const record = new RecordBuilder(schema, 'Metronome_Invoice__c', invoice.id, invoice.id)
    .set('Name', invoiceName(invoice))
    .setParent('Customer__c', customerId)
    .setParent('Metronome_Plan__c', invoice.plan_id)
    .set('Status__c', invoice.status)
    .set('Total__c', total.amount)
    .set('Currency__c', total.unit)
    .set('Start__c', invoice.start_timestamp)
    .set('End__c', invoice.end_timestamp);
  const emitted = record.finish(result);
  const given = Array.isArray(invoice.line_items) ? invoice.line_items : [];
  given.forEach((line, i) => {
    if (!line || typeof line !== 'object')
      malformed(
        schema,
        result,
        'Metronome_Invoice_Line_Item__c',
        `invoice ${invoice.id} line_items[${i}]`,
        'line_items[]',
        line,
      );
  });
  const lines = given.filter((line) => line && typeof line === 'object');
  const ids = lineItemIds(invoice.id, lines);
  lines.forEach((line, i) => {
    if (!emitted) {
      // Without its invoice a line item could not be attached: report it rather than send a doomed upsert.
      result.errors.push({
        object: objectOf(schema, 'Metronome_Invoice_Line_Item__c').apiName,
        sourceId: invoice.id,
        externalId: ids[i],
        code: 'PARENT_NOT_MAPPED',
        message: `line item ${JSON.stringify(line.name)} skipped: its invoice ${invoice.id} could not be mapped`,
      });
      return;
    }
    const lineTotal = toOrgMoney(line.total, line.credit_type?.name);
    new RecordBuilder(schema, 'Metronome_Invoice_Line_Item__c', ids[i], invoice.id)
      .setParent('Invoice__c', invoice.id)
      .set('Metronome_Invoice_ID__c', invoice.id)
      .set('Name__c', line.name)
      .set('Quantity__c', line.quantity)
      .set('Total__c', lineTotal.amount)
      .set('Credit_Type_Name__c', lineTotal.unit)
      .finish(result);
  });
}

function mapCreditGrant(schema: PackageSchema, customerId: string, grant: CreditGrant, result: MappingResult): void {
  // The balance is counted in the grant's own credit type; what was paid may be in another.
  const granted = toOrgMoney(grant.grant_amount?.amount, grant.grant_amount?.credit_type?.name);
  const balance = toOrgMoney(grant.balance?.including_pending, grant.grant_amount?.credit_type?.name);
  const paid = toOrgMoney(grant.paid_amount?.amount, grant.paid_amount?.credit_type?.name);
  new RecordBuilder(schema, 'Metronome_Credit_Grant__c', grant.id, grant.id)
    .set('Name', grant.name)
    .setParent('Customer__c', grant.customer_id || customerId)
    .set('Initial_Balance__c', granted.amount)
    .set('Credit_Type__c', granted.unit)
    .set('Balance_Including_Pending__c', balance.amount)
    .set('Paid_Amount__c', paid.amount)
    .set('Paid_Amount_Currency__c', paid.unit)
    .set('Effective_Date__c', grant.effective_at)
    .set('Expiration_Date__c', grant.expires_at)
    .set('Reason__c', grant.reason)
    .finish(result);
}

/** A customer's lists, each read and mapped on its own in a phased read (see CUSTOMER_PARTS). */
export type CustomerListKind = 'plans' | 'invoices' | 'creditGrants';

/**
 * The objects each part of a customer's records belongs to (schema names), in the order a phased read brings
 * them: when a part has been read for every customer, its objects are complete and can be written.
 */
export const CUSTOMER_PARTS: readonly { part: 'customer' | CustomerListKind; objects: readonly string[] }[] = [
  {
    part: 'customer',
    objects: ['Metronome_Customer__c', 'Metronome_Customer_Account__c', 'Metronome_Ingest_Alias__c'],
  },
  { part: 'creditGrants', objects: ['Metronome_Credit_Grant__c'] },
  { part: 'invoices', objects: ['Metronome_Invoice__c', 'Metronome_Invoice_Line_Item__c'] },
  { part: 'plans', objects: ['Metronome_Customer_Plan__c'] },
];

/** The catalog's objects (plans, billable metrics): complete when the catalog has been read. */
export const CATALOG_OBJECTS: readonly string[] = ['Metronome_Plan__c', 'Metronome_Billable_Metric__c'];

/**
 * The customer's own records: the customer, its account links and ingest aliases. `mapped` says whether the
 * customer record itself could be built (its lists' records hang on it).
 */
export function mapCustomerOnly(
  schema: PackageSchema,
  customer: CustomerDetail,
  selection: CustomerSelection,
): MappingResult & { mapped: boolean } {
  const result = emptyResult();
  const customerId = customer?.id;
  if (!isId(customerId)) {
    malformed(schema, result, 'Metronome_Customer__c', 'customer', 'id', customer ? customerId : customer);
    return { ...sortResult(schema, result), mapped: false };
  }
  guarded(
    schema,
    result,
    'Metronome_Customer__c',
    () => `customer ${customerId}`,
    () => mapCustomer(schema, customer, selection, result),
    customerId,
  );
  const customerObject = objectOf(schema, 'Metronome_Customer__c').apiName;
  const mapped = result.records.some((r) => r.externalId === customerId && r.object === customerObject);
  return { ...sortResult(schema, result), mapped };
}

type ListMapper = (schema: PackageSchema, customerId: string, item: unknown, result: MappingResult) => void;

const LISTS: Record<CustomerListKind, { object: string; label: string; map: ListMapper }> = {
  plans: {
    object: 'Metronome_Customer_Plan__c',
    label: 'plans',
    map: (schema, customerId, item, result) => mapCustomerPlan(schema, customerId, item as CustomerPlan, result),
  },
  invoices: {
    object: 'Metronome_Invoice__c',
    label: 'invoices',
    map: (schema, customerId, item, result) => mapInvoice(schema, customerId, item as Invoice, result),
  },
  creditGrants: {
    object: 'Metronome_Credit_Grant__c',
    label: 'credit grants',
    map: (schema, customerId, item, result) => mapCreditGrant(schema, customerId, item as CreditGrant, result),
  },
};

/**
 * One of a customer's lists (plans, invoices with their line items, or credit grants). When the customer itself
 * could not be mapped (`customerMapped` false), every record is reported as an orphan instead of sent.
 */
export function mapCustomerList(
  schema: PackageSchema,
  customerId: string,
  kind: CustomerListKind,
  items: readonly unknown[] | undefined,
  customerMapped: boolean,
): MappingResult {
  const result = emptyResult();
  mapListInto(schema, customerId, kind, items, result);
  if (!customerMapped) skipOrphans(customerId, result);
  return sortResult(schema, result);
}

function mapListInto(
  schema: PackageSchema,
  customerId: string,
  kind: CustomerListKind,
  items: readonly unknown[] | undefined,
  result: MappingResult,
): void {
  const { object, label, map } = LISTS[kind];
  (items ?? []).forEach((item, i) => {
    const id = (item as { id?: unknown } | null)?.id;
    if (!isId(id))
      return malformed(
        schema,
        result,
        object,
        `customer ${customerId} ${label}[${i}]`,
        item && typeof item === 'object' ? 'id' : `${label}[]`,
        item && typeof item === 'object' ? id : item,
      );
    guarded(
      schema,
      result,
      object,
      () => `customer ${customerId} ${label}[${i}] (${id})`,
      () => map(schema, customerId, item, result),
      id,
    );
  });
}

/**
 * All records of one customer: the customer, its account links, ingest aliases, customer plans, invoices with
 * line items, and credit grants. Selection only decides the extra-accounts field here; which customers are
 * mapped at all is the source's business. Output is sorted, so the input's order never shows.
 */
export function mapCustomerBundle(
  schema: PackageSchema,
  bundle: CustomerBundle,
  selection: CustomerSelection,
): MappingResult {
  const { mapped, ...result } = mapCustomerOnly(schema, bundle.customer, selection);
  const customerId = bundle.customer?.id;
  if (!isId(customerId)) return result;
  const lists = emptyResult();
  mapListInto(schema, customerId, 'plans', bundle.plans, lists);
  mapListInto(schema, customerId, 'invoices', bundle.invoices, lists);
  mapListInto(schema, customerId, 'creditGrants', bundle.creditGrants, lists);
  if (!mapped) skipOrphans(customerId, lists);
  result.records.push(...lists.records);
  result.errors.push(...lists.errors);
  result.warnings.push(...lists.warnings);
  return sortResult(schema, result);
}

/** Without its customer no record of the bundle could be attached: each is reported instead of sent. */
function skipOrphans(customerId: string, result: MappingResult): void {
  for (const record of result.records) {
    result.errors.push({
      object: record.object,
      sourceId: record.sourceId,
      externalId: record.externalId,
      code: 'PARENT_NOT_MAPPED',
      message: `skipped: its customer ${customerId} could not be mapped`,
    });
  }
  result.records.length = 0;
}

function sortResult(schema: PackageSchema, result: MappingResult): MappingResult {
  const depth = depthsOf(schema);
  const byRecord = (a: MappedRecord, b: MappedRecord) =>
    depth.get(a.object)! - depth.get(b.object)! || compare(a.object, b.object) || compare(a.externalId, b.externalId);
  const byError = (a: RecordError, b: RecordError) =>
    compare(a.object, b.object) ||
    compare(a.externalId ?? a.sourceId, b.externalId ?? b.sourceId) ||
    compare(a.field ?? '', b.field ?? '') ||
    compare(a.code, b.code) ||
    compare(a.message, b.message);
  result.records.sort(byRecord);
  result.errors.sort(byError);
  result.warnings.sort(byError);
  return result;
}
