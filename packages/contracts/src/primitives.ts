import { z } from 'zod';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 does not), compared as a UTC day. */
export const calendarDate = z.string().refine(isCalendarDate, {
  message: 'expected a calendar date YYYY-MM-DD that exists',
});

function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

const OFFSET = /([+-])(\d{2}):(\d{2})$/;

/** At most 14 hours either way, the widest offset in use (PostgreSQL refuses any beyond 15:59). */
function hasOffsetInUse(value: string): boolean {
  const match = OFFSET.exec(value);
  if (!match) return true;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return minutes <= 14 * 60;
}

/** RFC 3339 timestamp with an offset (`Z` or `+08:00`); the instant must exist. */
export const timestamp = z.iso
  .datetime({ offset: true, message: 'expected an RFC 3339 timestamp with offset, e.g. 2026-03-02T08:00:00Z' })
  .refine((value) => !Number.isNaN(Date.parse(value)) && isCalendarDate(value.slice(0, 10)), {
    message: 'expected an RFC 3339 timestamp that exists',
  })
  .refine(hasOffsetInUse, { message: 'expected an offset between -14:00 and +14:00' });

function hasAtMostTwoDecimals(value: number): boolean {
  const cents = value * 100;
  return Math.abs(cents - Math.round(cents)) < 1e-6;
}

/** Money: a decimal number with at most 2 decimals, never negative. */
export const money = z
  .number()
  .finite()
  .nonnegative({ message: 'money must not be negative' })
  .refine(hasAtMostTwoDecimals, { message: 'money has at most 2 decimals' });

/** Money that must be strictly positive (invoice amounts, payments). */
export const positiveMoney = money.refine((value) => value > 0, { message: 'amount must be greater than 0' });

export const quantity = z.number().int().nonnegative();
export const positiveQuantity = z.number().int().positive();

export const identifier = z.string().min(1).max(128);
export const dealerId = z.string().min(1).max(64);
export const currency = z.string().regex(/^[A-Z]{3}$/, { message: 'expected an ISO 4217 currency code such as CNY' });
export const dealerTier = z.enum(['A', 'B', 'C', 'D']);
export const locale = z.enum(['en', 'zh-CN']);

export type CalendarDate = z.infer<typeof calendarDate>;
export type DealerTier = z.infer<typeof dealerTier>;
export type Locale = z.infer<typeof locale>;
