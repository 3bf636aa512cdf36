/**
 * displayValue as the UI API's Field Value reference describes it (non-null for localized picklists, dates and
 * currency; null when the value is null) in the en_US formats of the LWC getFieldDisplayValue reference
 * ("$350,000,000", "7/13/2019", "6/17/2015 3:17 PM").
 */
import { describe, expect, it } from 'vitest';
import { field } from '../../../scripts/local-org/model.ts';
import { displayValue, fieldValue } from '../../../scripts/local-org/ui-api/display.ts';

const ctx = { currency: 'USD', timeZone: 'GMT' };

describe('UI API displayValue', () => {
  it('formats currency with the field scale, dates without shifting, datetimes in the user time zone', () => {
    expect(displayValue(field('Amount', 'Amount', 'currency', { scale: 0 }), 350000000, ctx)).toBe('$350,000,000');
    expect(displayValue(field('Amount', 'Amount', 'currency', { scale: 2 }), -12.5, ctx)).toBe('-$12.50');
    expect(displayValue(field('D', 'D', 'date'), '2019-07-13', ctx)).toBe('7/13/2019');
    expect(displayValue(field('T', 'T', 'datetime'), '2015-06-17T15:17:00.000+0000', ctx)).toBe('6/17/2015 3:17 PM');
    expect(
      displayValue(field('T', 'T', 'datetime'), '2015-06-17T15:17:00.000+0000', {
        ...ctx,
        timeZone: 'America/Los_Angeles',
      }),
    ).toBe('6/17/2015 8:17 AM');
    expect(displayValue(field('T', 'T', 'datetime'), '2015-06-17T00:05:00.000+0000', ctx)).toBe('6/17/2015 12:05 AM');
  });

  it('answers a picklist value by its label', () => {
    const status = field('Status', 'Status', 'picklist', {
      picklistValues: [{ value: 'FINALIZED', label: 'Finalized', defaultValue: false, active: true }],
    });
    expect(displayValue(status, 'FINALIZED', ctx)).toBe('Finalized');
    expect(displayValue(status, 'UNKNOWN', ctx)).toBe('UNKNOWN');
  });

  it('answers null for text, numbers, percents, booleans, IDs and every null value', () => {
    for (const [type, value] of [
      ['string', 'x'],
      ['double', 1.5],
      ['percent', 12],
      ['int', 3],
      ['boolean', true],
      ['reference', '001000000000001AAA'],
    ] as const) {
      expect(displayValue(field('F', 'F', type), value, ctx)).toBeNull();
    }
    expect(fieldValue(field('D', 'D', 'date'), null, ctx)).toEqual({ value: null, displayValue: null });
    expect(fieldValue(field('T', 'T', 'datetime'), '2015-06-17T15:17:00.000+0000', ctx).value).toBe(
      '2015-06-17T15:17:00.000Z',
    );
  });
});
