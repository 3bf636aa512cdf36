/**
 * Which Salesforce accounts a Metronome customer is linked to, and whether the customer is selected for sync.
 * The primary account is customer_config.salesforce_account_id; further accounts come from a customer custom
 * field (default `salesforce_account_ids`) holding IDs separated by commas, semicolons or whitespace.
 */
import { toSalesforceId18 } from './ids.ts';
import type { CustomerDetail } from './sdk-types.ts';

export const DEFAULT_EXTRA_ACCOUNTS_FIELD = 'salesforce_account_ids';

export interface CustomerSelection {
  mode: 'all' | 'linked';
  /** Customer custom field carrying further Salesforce account IDs (default `salesforce_account_ids`). */
  extraAccountsField?: string;
}

export type AccountIdSource = 'customer_config.salesforce_account_id' | `custom_fields.${string}`;

export interface AccountLink {
  accountId: string;
  primary: boolean;
  /** Where the ID was read (the primary one's source when it appears in both). */
  source: AccountIdSource;
}

export interface InvalidAccountId {
  value: string;
  source: AccountIdSource;
}

export interface CustomerAccounts {
  /** Valid links, deduplicated on the 18-character ID, primary first then by ID. */
  links: AccountLink[];
  invalid: InvalidAccountId[];
}

const ACCOUNT_KEY_PREFIX = '001';

function normalizeAccountId(raw: string): string | undefined {
  const id = toSalesforceId18(raw.trim());
  return id && id.startsWith(ACCOUNT_KEY_PREFIX) ? id : undefined;
}

function extraAccountValues(customer: CustomerDetail, selection: CustomerSelection): string[] {
  const field = selection.extraAccountsField ?? DEFAULT_EXTRA_ACCOUNTS_FIELD;
  const raw = customer.custom_fields?.[field];
  return typeof raw === 'string' ? raw.split(/[\s,;]+/).filter((s) => s.length > 0) : [];
}

export function customerAccounts(customer: CustomerDetail, selection: CustomerSelection): CustomerAccounts {
  const field = selection.extraAccountsField ?? DEFAULT_EXTRA_ACCOUNTS_FIELD;
  const links = new Map<string, AccountLink>();
  const invalid: InvalidAccountId[] = [];
  const primaryRaw = customer.customer_config?.salesforce_account_id?.trim();
  if (primaryRaw) {
    const id = normalizeAccountId(primaryRaw);
    if (id) links.set(id, { accountId: id, primary: true, source: 'customer_config.salesforce_account_id' });
    else invalid.push({ value: primaryRaw, source: 'customer_config.salesforce_account_id' });
  }
  for (const raw of extraAccountValues(customer, selection)) {
    const id = normalizeAccountId(raw);
    if (!id) invalid.push({ value: raw, source: `custom_fields.${field}` });
    else if (!links.has(id)) links.set(id, { accountId: id, primary: false, source: `custom_fields.${field}` });
  }
  const sorted = [...links.values()].sort(
    (a, b) => Number(b.primary) - Number(a.primary) || (a.accountId < b.accountId ? -1 : 1),
  );
  return { links: sorted, invalid };
}

/** Linked = an account ID is present (primary or in the custom field), valid or not; invalid ones are reported by the mapping. */
export function isLinked(customer: CustomerDetail, selection: CustomerSelection): boolean {
  return (
    Boolean(customer.customer_config?.salesforce_account_id?.trim()) ||
    extraAccountValues(customer, selection).length > 0
  );
}

export function isSelected(customer: CustomerDetail, selection: CustomerSelection): boolean {
  return selection.mode === 'all' || isLinked(customer, selection);
}
