import type { DealerProfile, InputEventOf } from '@dealerflow/contracts';
import { instantOf, localDateOf } from '../calendar';
import { fromCents, toCents, type Cents } from '../money';
import { overdueCents } from './daysPastDue';
import { computeExposure } from './exposure';
import { creditLimitInForce, trackFinanceLimit, type FinanceLimitHolder } from './financeLimit';
import { applyLedgerEvent, createLedger, isLedgerEvent } from './ledger';
import type { CREDIT_INPUT_TYPES } from './worker';

/** One dealer's credit input, as the credit worker reads it. */
export type CreditInputEvent = InputEventOf<(typeof CREDIT_INPUT_TYPES)[number]>;

/** A dealer's credit figures right after one of its credit inputs. */
export interface ExposureFigures {
  /** The input's `occurredAt`: the clock the figures are read at. */
  at: string;
  exposure: number;
  creditLimit: number;
  openReceivables: number;
  openOrderValue: number;
  /** Open balance of the invoices past their due date on the input's day (the dealer's time zone). */
  overdueAmount: number;
}

/**
 * Folds one dealer's credit inputs, in the order the pipeline applied them, through the credit
 * worker's own ledger and returns the figures after each. The clock is each input's `occurredAt`,
 * not the pipeline's watermark, so a point says what that input left the dealer owing on its own
 * day. Inputs before the first `dealer.upserted` give no point (no limit to chart against yet); they
 * still count in the figures of the first point after it. Finance decisions change no figure but
 * still give a point, so the chart shows when finance acted. Settled history is never pruned here:
 * pruning changes no total, only what a re-sent document would be recognised as.
 */
export function exposureHistory(events: readonly CreditInputEvent[], companyTimeZone = 'UTC'): ExposureFigures[] {
  const ledger = createLedger();
  const points: ExposureFigures[] = [];
  let profile: DealerProfile | undefined;
  // The limit in force, as the credit worker judges: finance's (credit.limit.set) while it stands.
  const limits: FinanceLimitHolder = {};
  for (const event of events) {
    trackFinanceLimit(limits, event, profile);
    // The dealer's own days (its time zone, else the company's, as the workers count them); amounts as sent
    // (a chart has no exchange rates; the worker converts them or dead-letters the event).
    if (isLedgerEvent(event)) applyLedgerEvent(ledger, event, { timeZone: profile?.timezone ?? companyTimeZone });
    else if (event.type === 'dealer.upserted') profile = event.data;
    if (profile === undefined) continue;
    const creditLimitCents: Cents = toCents(creditLimitInForce(limits, profile));
    const exposure = computeExposure(ledger);
    points.push({
      at: event.occurredAt,
      exposure: fromCents(exposure.exposureCents),
      creditLimit: fromCents(creditLimitCents),
      openReceivables: fromCents(exposure.openReceivablesCents),
      openOrderValue: fromCents(exposure.openOrderValueCents),
      overdueAmount: fromCents(overdueCents(ledger, localDateOf(instantOf(event.occurredAt), profile.timezone ?? companyTimeZone))),
    });
  }
  return points;
}
