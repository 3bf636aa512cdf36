/** The sandbox speaks Metronome's units: "USD (cents)" amounts are integer cents, other credit types whole units. */
import { describe, expect, it } from 'vitest';
import { SandboxDataset } from '../../scripts/metronome/sandbox/index.ts';

const dataset = new SandboxDataset({ customers: 200, seed: 3 });
const indices = Array.from({ length: dataset.size }, (_, i) => i);
const invoices = indices.flatMap((i) => dataset.invoices(i));
const lines = invoices.flatMap((inv) => inv.line_items);
const grants = indices.flatMap((i) => dataset.creditGrants(i));
const isCents = (credit?: { name: string }) => credit?.name === 'USD (cents)';

describe('sandbox amounts', () => {
  it('serves USD (cents) invoice and line totals as integer cents that add up', () => {
    const usd = invoices.filter((inv) => isCents(inv.credit_type) && inv.id !== dataset.known().outOfRangeInvoiceId);
    expect(usd.length).toBeGreaterThan(100);
    for (const inv of usd) {
      expect(Number.isInteger(inv.total), `invoice ${inv.id} total ${inv.total}`).toBe(true);
      expect(inv.total).toBe(inv.line_items.reduce((sum, l) => sum + l.total, 0));
    }
    const usdLines = lines.filter((l) => isCents(l.credit_type));
    expect(usdLines.every((l) => Number.isInteger(l.total))).toBe(true);
    // Realistic: typical monthly usage lines are dollars to thousands of dollars, i.e. hundreds to millions of cents.
    const usage = usdLines
      .filter((l) => l.type === 'usage')
      .map((l) => l.total)
      .sort((a, b) => a - b);
    expect(usage[Math.floor(usage.length / 2)]).toBeGreaterThan(10_000);
  });

  it('serves USD (cents) grant amounts and balances in integer cents; other units may have decimals', () => {
    const usd = grants.filter((g) => isCents(g.grant_amount.credit_type));
    expect(usd.length).toBeGreaterThan(20);
    for (const g of usd) {
      for (const amount of [g.grant_amount.amount, g.balance.including_pending, g.balance.excluding_pending])
        expect(Number.isInteger(amount), `${g.id}: ${amount}`).toBe(true);
    }
    expect(grants.every((g) => !isCents(g.paid_amount.credit_type) || Number.isInteger(g.paid_amount.amount))).toBe(
      true,
    );
    expect(lines.some((l) => l.credit_type.name === 'EUR' && !Number.isInteger(l.total))).toBe(true);
  });
});
