import { addDays, instantOf, localDateOf } from '../calendar';
import type { FxRates } from '../reference';

/**
 * What the ledger needs to know about the dealer to read a document the way its books do. Without
 * terms (a caller written before them) dates are UTC days, amounts are taken in whatever currency
 * they name, and a payment's value date is trusted as sent.
 */
export interface LedgerTerms {
  /** The dealer's time zone: a document's day is its local day there. */
  timeZone: string;
  /** The dealer's currency; a document in another is converted with a published rate. */
  currency?: string;
  rates?: FxRates;
  /**
   * How many days a payment's value date (`occurredAt`) may lie before the day it was received
   * (`receivedAt`, stamped at ingest) and still count; earlier value dates count from the received
   * day less these days. Undefined: the value date is trusted.
   */
  backdatingDays?: number;
  /**
   * The dealer's day when the document is applied (its clock: the fold's own time). A document fed
   * long after it happened (history loaded through the server, a replay) is received, in the
   * dealer's time, on this day rather than on the wall-clock day of `receivedAt`.
   */
  today?: string;
}

export const UTC_TERMS: LedgerTerms = { timeZone: 'UTC' };

/** The dealer's day of an instant (RFC 3339). */
export function localDayOf(timestamp: string, terms: LedgerTerms): string {
  return localDateOf(instantOf(timestamp), terms.timeZone);
}

/**
 * The day a payment counts from: its value date, but no earlier than the day it was received less
 * the backdating the policy accepts. A payment sent with an `occurredAt` weeks back would otherwise
 * earn a cash discount that had long expired when the money arrived.
 *
 * The day it was received is the earlier of `receivedAt`'s day and the dealer's day (`today`). Live,
 * the two agree (clock ticks keep the dealer's day on the wall clock's). Fed after the fact, the
 * wall-clock stamp is the day of the load, not of the money: bounding by it would date every loaded
 * payment on the load day, and the same lines would give other outputs replayed (no `receivedAt`)
 * than ingested, or ingested on another day. So the dealer's day bounds it too, with or without a stamp.
 */
export function paymentDayOf(event: { occurredAt: string; receivedAt?: string | undefined }, terms: LedgerTerms): string {
  const valueDay = localDayOf(event.occurredAt, terms);
  const receivedDay = earlierDay(event.receivedAt === undefined ? undefined : localDayOf(event.receivedAt, terms), terms.today);
  if (receivedDay === undefined || terms.backdatingDays === undefined) return valueDay;
  const earliest = addDays(receivedDay, -terms.backdatingDays);
  return valueDay < earliest ? earliest : valueDay;
}

function earlierDay(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

/**
 * The terms of the dealer a worker is evaluating: its time zone, its currency, the published rates
 * and the backdating the credit policy accepts. A worker whose policy has no backdating setting
 * (the rebate worker's) passes the credit section's, or leaves it out to trust value dates.
 */
export function ledgerTermsOf(
  ctx: { timeZone: string; today: string; dealer: { currency: string } | undefined; reference: { fxRates: FxRates } },
  backdatingDays?: number,
): LedgerTerms {
  return { timeZone: ctx.timeZone, currency: ctx.dealer?.currency, rates: ctx.reference.fxRates, backdatingDays, today: ctx.today };
}
