import { describe, expect, it } from 'vitest';
import { loadSchema } from '../../scripts/metadata/index.ts';
import {
  fiatMinorUnits,
  mapCustomerBundle,
  shiftDecimalPoint,
  toOrgMoney,
  type CustomerBundle,
} from '../../scripts/mapping/index.ts';

const USD_CENTS = 'USD (cents)';

describe('the money rule: fiat minor units become major units under the ISO code', () => {
  it('turns USD (cents) into dollars and the code USD', () => {
    expect(toOrgMoney(999_944, USD_CENTS)).toEqual({ amount: '9999.44', unit: 'USD' });
    expect(toOrgMoney(5, USD_CENTS)).toEqual({ amount: '0.05', unit: 'USD' });
    expect(toOrgMoney(-1250, USD_CENTS)).toEqual({ amount: '-12.5', unit: 'USD' });
    expect(toOrgMoney(0, USD_CENTS)).toEqual({ amount: '0', unit: 'USD' });
  });

  it('keeps fractional cents exactly (no binary drift): 1.005 cents is $0.01005, not 0.010049999999999998', () => {
    expect(1.005 / 100).not.toBe(0.01005);
    expect(toOrgMoney(1.005, USD_CENTS).amount).toBe('0.01005');
    expect(toOrgMoney(0.1, USD_CENTS).amount).toBe('0.001');
  });

  it('keeps large amounts exact, beyond what a float divides exactly', () => {
    expect(toOrgMoney(98_765_432_109_877, USD_CENTS).amount).toBe('987654321098.77');
    expect(toOrgMoney(1.23456789e17, USD_CENTS).amount).toBe('1234567890000000');
    expect(toOrgMoney(1e21, USD_CENTS).amount).toBe('10000000000000000000');
    expect(toOrgMoney(1e-7, USD_CENTS).amount).toBe('0.000000001');
  });

  it('leaves whole-unit currencies (EUR) and custom pricing units as they are, with their name', () => {
    expect(toOrgMoney(10, 'EUR')).toEqual({ amount: 10, unit: 'EUR' });
    expect(toOrgMoney(519_562.02, 'Compute credits ⚡')).toEqual({ amount: 519_562.02, unit: 'Compute credits ⚡' });
    // "(cents)" after something that is not an ISO 4217 code is a custom unit's name, not a currency.
    expect(toOrgMoney(100, 'GPU (cents)')).toEqual({ amount: 100, unit: 'GPU (cents)' });
  });

  it('reads the name as Metronome spells it, tolerating case and spacing; no credit type or amount stays empty', () => {
    expect(fiatMinorUnits('usd (cents)')).toEqual({ code: 'USD', digits: 2 });
    expect(fiatMinorUnits(' USD(cents) ')).toEqual({ code: 'USD', digits: 2 });
    expect(fiatMinorUnits('USD')).toBeUndefined();
    expect(toOrgMoney(undefined, USD_CENTS)).toEqual({ amount: undefined, unit: 'USD' });
    expect(toOrgMoney(12, undefined)).toEqual({ amount: 12, unit: undefined });
  });

  it('shifts a decimal point on the decimal digits', () => {
    expect(shiftDecimalPoint(1999, -2)).toBe('19.99');
    expect(shiftDecimalPoint(0.05, 2)).toBe('5');
    expect(shiftDecimalPoint(-0, -2)).toBe('0');
    expect(shiftDecimalPoint(-0.5, -2)).toBe('-0.005');
  });
});

describe('the rule in the mapped records', () => {
  const schema = loadSchema();
  const usd = { id: '2714e483-4ff1-48e4-9e25-ac732e8f24f2', name: USD_CENTS };
  const compute = { id: 'cc', name: 'Compute credits' };
  const bundle: CustomerBundle = {
    customer: {
      id: 'c-1',
      name: 'Acme',
      external_id: 'c-1',
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      custom_fields: {},
      customer_config: { salesforce_account_id: null },
      ingest_aliases: [],
    },
    plans: [],
    invoices: [
      {
        id: 'inv-1',
        customer_id: 'c-1',
        status: 'FINALIZED',
        type: 'USAGE',
        total: 999_944,
        credit_type: usd,
        line_items: [
          { name: 'API calls', type: 'usage', total: 1_000_000, credit_type: usd, quantity: 2_000_000 },
          { name: 'Compute', type: 'usage', total: 51_956_202, credit_type: compute, quantity: 3 },
          { name: 'Promotional credit', type: 'credit', total: -56, credit_type: usd },
        ],
      },
    ],
    creditGrants: [
      {
        id: 'g-1',
        name: 'Prepaid',
        customer_id: 'c-1',
        effective_at: '2026-01-01T00:00:00Z',
        expires_at: '2027-01-01T00:00:00Z',
        priority: 1,
        balance: { effective_at: '2026-11-01T00:00:00Z', excluding_pending: 2_500_000, including_pending: 2_499_999 },
        grant_amount: { amount: 2_500_000, credit_type: usd },
        paid_amount: { amount: 250, credit_type: { id: 'eur', name: 'EUR' } },
        deductions: [],
        pending_deductions: [],
        custom_fields: {},
      },
    ],
  };
  const { records, errors } = mapCustomerBundle(schema, bundle, { mode: 'all' });
  const of = (object: string) => records.filter((r) => r.object === `NOME__${object}`).map((r) => r.fields);

  it('writes dollars with USD on invoices, dollar lines beside custom-unit lines, and grants', () => {
    expect(errors).toEqual([]);
    expect(of('Metronome_Invoice__c')[0]).toMatchObject({ NOME__Total__c: 9999.44, NOME__Currency__c: 'USD' });
    const lines = of('Metronome_Invoice_Line_Item__c').map((f) => [
      f.NOME__Name__c,
      f.NOME__Total__c,
      f.NOME__Credit_Type_Name__c,
    ]);
    expect(lines).toEqual(
      expect.arrayContaining([
        ['API calls', 10_000, 'USD'],
        ['Compute', 51_956_202, 'Compute credits'],
        ['Promotional credit', -0.56, 'USD'],
      ]),
    );
    expect(of('Metronome_Credit_Grant__c')[0]).toMatchObject({
      NOME__Initial_Balance__c: 25_000,
      NOME__Balance_Including_Pending__c: 24_999.99,
      NOME__Credit_Type__c: 'USD',
      NOME__Paid_Amount__c: 250,
      NOME__Paid_Amount_Currency__c: 'EUR',
    });
  });
});
