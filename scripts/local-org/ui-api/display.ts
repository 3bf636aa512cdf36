/**
 * Field values as the UI API and GraphQL answer them: the raw value in its wire form, and the displayValue
 * Salesforce formats for the context user (en_US here). Per the UI API's Field Value reference, displayValue
 * is non-null only for values that are localized (picklist labels), dates, datetimes and currency, and for
 * related records (the parent's name); it is null whenever the value is null.
 */
import type { FieldModel } from '../model.ts';
import type { Org } from '../org.ts';

export interface FieldValue {
  value: unknown;
  displayValue: string | null;
}

export interface DisplayContext {
  /** ISO 4217 code of the org's currency (single-currency orgs answer in the corporate currency). */
  currency: string;
  /** IANA time zone of the context user, for datetimes. */
  timeZone: string;
}

export const DEFAULT_DISPLAY: DisplayContext = { currency: 'USD', timeZone: 'GMT' };

/** The context user's formatting: the org's currency and the user's time zone (GMT unless set). */
export function displayContext(org: Org): DisplayContext {
  const zone = org.store.get(org.userId)?.v.TimeZoneSidKey;
  return {
    ...DEFAULT_DISPLAY,
    timeZone: typeof zone === 'string' && knownZone(zone) ? zone : DEFAULT_DISPLAY.timeZone,
  };
}

function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The wire form: datetimes in ISO 8601 with `Z` (`2026-11-24T07:00:00.000Z`), everything else as stored. */
export function wireValue(f: FieldModel, value: unknown): unknown {
  if (value === undefined) return null;
  if (f.type === 'datetime' && typeof value === 'string') return value.replace(/\+0000$/, 'Z');
  return value;
}

export function displayValue(f: FieldModel, value: unknown, ctx: DisplayContext = DEFAULT_DISPLAY): string | null {
  if (value === null || value === undefined) return null;
  switch (f.type) {
    case 'picklist':
      return f.picklistValues.find((p) => p.value === value)?.label ?? String(value);
    case 'currency':
      return formatCurrency(Number(value), f.scale, ctx.currency);
    case 'date':
      return formatDate(String(value));
    case 'datetime':
      return formatDateTime(String(value), ctx.timeZone);
    default:
      return null;
  }
}

export function fieldValue(f: FieldModel, value: unknown, ctx: DisplayContext = DEFAULT_DISPLAY): FieldValue {
  return { value: wireValue(f, value), displayValue: displayValue(f, value, ctx) };
}

/** `$9,999.44`, `-$12.00`: the field's own decimal places, as record pages show currency. */
export function formatCurrency(n: number, scale: number, currency: string): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: scale,
    maximumFractionDigits: scale,
  }).format(n);
}

/** The en_US short date: `7/13/2019`. A date has no time zone, so it is never shifted. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${Number(m[2])}/${Number(m[3])}/${m[1]}`;
}

/** The en_US short datetime in the user's time zone: `6/17/2015 3:17 PM` (the LWC getFieldDisplayValue reference's example). */
export function formatDateTime(iso: string, timeZone: string): string {
  const time = Date.parse(iso.replace(/\+0000$/, 'Z'));
  if (Number.isNaN(time)) return iso;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  }).formatToParts(new Date(time));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('month')}/${part('day')}/${part('year')} ${part('hour')}:${part('minute')} ${part('dayPeriod')}`;
}
