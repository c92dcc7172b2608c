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
 */
export function paymentDayOf(event: { occurredAt: string; receivedAt?: string | undefined }, terms: LedgerTerms): string {
  const valueDay = localDayOf(event.occurredAt, terms);
  if (event.receivedAt === undefined || terms.backdatingDays === undefined) return valueDay;
  const earliest = addDays(localDayOf(event.receivedAt, terms), -terms.backdatingDays);
  return valueDay < earliest ? earliest : valueDay;
}

/**
 * The terms of the dealer a worker is evaluating: its time zone, its currency, the published rates
 * and the backdating the credit policy accepts. A worker whose policy has no backdating setting
 * (the rebate worker's) passes the credit section's, or leaves it out to trust value dates.
 */
export function ledgerTermsOf(
  ctx: { timeZone: string; dealer: { currency: string } | undefined; reference: { fxRates: FxRates } },
  backdatingDays?: number,
): LedgerTerms {
  return { timeZone: ctx.timeZone, currency: ctx.dealer?.currency, rates: ctx.reference.fxRates, backdatingDays };
}
