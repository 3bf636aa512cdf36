/**
 * Changes to the sandbox's data between sync runs: each deterministic (same seed, same sequence → same IDs) and
 * answering which Metronome IDs it changed.
 */
import type { Invoice } from '../../mapping/sdk-types.ts';

export class MutationError extends Error {}

/** What mutations change of one customer, over the generated data. */
export interface CustomerOverlay {
  archivedAt?: string;
  addedAliases: string[];
  addedInvoices: Invoice[];
  statuses: Map<string, string>;
  removedLines: Map<string, number>;
}

/** What a mutation reads and changes of the dataset (which applies them, so this module cannot import it). */
interface MutableDataset {
  readonly size: number;
  customerId(index: number): string;
  invoices(index: number): Invoice[];
  targetCustomer(customerId: string | undefined, accept?: (index: number) => boolean): number;
  overlayOf(index: number): CustomerOverlay;
  renamePlan(planId: string | undefined, name: string | undefined): { planId: string; name: string };
  generatedInvoiceFor(index: number, ordinal: number): Invoice;
  archiveTimestamp(n: number): string;
}

export type Mutation =
  | { kind: 'newInvoice'; customerId?: string }
  | { kind: 'statusChange'; invoiceId?: string; customerId?: string; status?: string }
  | { kind: 'archiveCustomer'; customerId?: string }
  | { kind: 'removeLineItem'; invoiceId?: string; customerId?: string }
  | { kind: 'renamePlan'; planId?: string; name?: string }
  | { kind: 'newAlias'; customerId?: string; alias?: string };

export interface MutationResult {
  kind: Mutation['kind'];
  /** Which Metronome IDs changed, by kind of object. */
  changed: { customers: string[]; invoices: string[]; plans: string[]; aliases: string[] };
  description: string;
}

export function applyMutation(data: MutableDataset, m: Mutation, count: number): MutationResult {
  const changed = {
    customers: [] as string[],
    invoices: [] as string[],
    plans: [] as string[],
    aliases: [] as string[],
  };
  const findInvoice = (
    invoiceId: string | undefined,
    customerId: string | undefined,
    accept: (inv: Invoice) => boolean,
  ) => {
    if (invoiceId) {
      const index = data.targetCustomer(customerId ?? invoiceOwner(data, invoiceId));
      const invoice = data.invoices(index).find((i) => i.id === invoiceId);
      if (!invoice) throw new MutationError(`no invoice ${invoiceId}`);
      return { index, invoice };
    }
    const index = data.targetCustomer(customerId, (i) => data.invoices(i).some(accept));
    const invoice = [...data.invoices(index)].sort((a, b) => (a.id < b.id ? -1 : 1)).find(accept) as Invoice;
    return { index, invoice };
  };
  switch (m.kind) {
    case 'newInvoice': {
      const index = data.targetCustomer(m.customerId);
      const overlay = data.overlayOf(index);
      const invoice = data.generatedInvoiceFor(index, overlay.addedInvoices.length);
      overlay.addedInvoices.push(invoice);
      changed.customers.push(data.customerId(index));
      changed.invoices.push(invoice.id);
      return {
        kind: m.kind,
        changed,
        description: `new DRAFT invoice ${invoice.id} for customer ${data.customerId(index)}`,
      };
    }
    case 'statusChange': {
      const { index, invoice } = findInvoice(m.invoiceId, m.customerId, (i) => i.status === 'DRAFT');
      const status = m.status ?? (invoice.status === 'DRAFT' ? 'FINALIZED' : 'VOID');
      data.overlayOf(index).statuses.set(invoice.id, status);
      changed.customers.push(data.customerId(index));
      changed.invoices.push(invoice.id);
      return { kind: m.kind, changed, description: `invoice ${invoice.id}: ${invoice.status} → ${status}` };
    }
    case 'archiveCustomer': {
      const index = data.targetCustomer(m.customerId);
      data.overlayOf(index).archivedAt = data.archiveTimestamp(count);
      changed.customers.push(data.customerId(index));
      return { kind: m.kind, changed, description: `customer ${data.customerId(index)} archived` };
    }
    case 'removeLineItem': {
      const { index, invoice } = findInvoice(m.invoiceId, m.customerId, (i) => i.line_items.length >= 2);
      if (invoice.line_items.length < 1) throw new MutationError(`invoice ${invoice.id} has no line item left`);
      const overlay = data.overlayOf(index);
      overlay.removedLines.set(invoice.id, (overlay.removedLines.get(invoice.id) ?? 0) + 1);
      changed.customers.push(data.customerId(index));
      changed.invoices.push(invoice.id);
      return { kind: m.kind, changed, description: `one line item removed from invoice ${invoice.id}` };
    }
    case 'renamePlan': {
      const { planId, name } = data.renamePlan(m.planId, m.name);
      changed.plans.push(planId);
      return { kind: m.kind, changed, description: `plan ${planId} renamed to ${JSON.stringify(name)}` };
    }
    case 'newAlias': {
      const index = data.targetCustomer(m.customerId);
      const alias = m.alias ?? `added-alias-${count + 1}@example.com`;
      data.overlayOf(index).addedAliases.push(alias);
      changed.customers.push(data.customerId(index));
      changed.aliases.push(alias);
      return {
        kind: m.kind,
        changed,
        description: `alias ${JSON.stringify(alias)} added to customer ${data.customerId(index)}`,
      };
    }
    default:
      throw new MutationError(`unknown mutation kind ${JSON.stringify((m as { kind?: unknown }).kind)}`);
  }
}

/** Invoice IDs do not encode their customer: the caller names it, or the first 1,000 customers are searched. */
function invoiceOwner(data: MutableDataset, invoiceId: string): string {
  for (let i = 0; i < Math.min(data.size, 1000); i++) {
    if (data.invoices(i).some((inv) => inv.id === invoiceId)) return data.customerId(i);
  }
  throw new MutationError(`no invoice ${invoiceId} among the first 1,000 customers; pass customerId`);
}
