import type { HoldReason } from '@dealerflow/contracts';
import { fromCents, toCents, type Cents } from '../money';
import { dayNumber } from '../calendar';
import type { PastDueInvoice } from './daysPastDue';
import { openBalanceCents } from './ledger';
import { computeExposure, type Exposure } from './exposure';
import type { CreditPolicy } from './policy';
import type { CreditState } from './state';

/** A dealer's credit figures on one day and the hold reasons they give. */
export interface CreditAssessment extends Exposure {
  creditLimitCents: Cents;
  overdueCents: Cents;
  maxDaysPastDue: number;
  /** In a fixed order: over_limit, past_due, manual. */
  reasons: HoldReason[];
}

export function assessCredit(state: CreditState, creditLimit: number, today: string, policy: CreditPolicy): CreditAssessment {
  const exposure = computeExposure(state.ledger);
  const creditLimitCents = toCents(creditLimit);
  const reasons: HoldReason[] = [];
  if (exposure.exposureCents > creditLimitCents) {
    reasons.push({
      code: 'over_limit',
      exposure: fromCents(exposure.exposureCents),
      creditLimit: fromCents(creditLimitCents),
      excess: fromCents(exposure.exposureCents - creditLimitCents),
    });
  }
  // Every credit event of every dealer is assessed (by credit and again by delivery's copy), so the
  // overdue figures come from one pass that lists only the seriously late invoices, not from
  // `pastDueInvoices` and its sorted list of everything past due. Cents are integers: the sums do
  // not depend on the order they are added in.
  const todayDay = dayNumber(today);
  let overdueCents = 0;
  let maxDaysPastDue = 0;
  let seriouslyLate: PastDueInvoice[] | undefined;
  for (const invoice of state.ledger.invoices) {
    // Not past due while its due date is today or later (dates compare as text): no date arithmetic
    // for the invoices still within their terms, most of the open ones.
    if (invoice.settledDate !== null || invoice.dueDate >= today) continue;
    const openCents = openBalanceCents(invoice);
    if (openCents <= 0) continue;
    const daysPastDue = todayDay - dayNumber(invoice.dueDate);
    overdueCents += openCents;
    if (daysPastDue > maxDaysPastDue) maxDaysPastDue = daysPastDue;
    if (daysPastDue > policy.pastDueHoldDays) (seriouslyLate ??= []).push({ invoiceId: invoice.invoiceId, openCents, daysPastDue });
  }
  if (seriouslyLate) {
    // Most overdue first; a stable sort keeps issue order among equals, as pastDueInvoices does.
    seriouslyLate.sort((a, b) => b.daysPastDue - a.daysPastDue);
    reasons.push({
      code: 'past_due',
      overdueAmount: fromCents(seriouslyLate.reduce((sum, invoice) => sum + invoice.openCents, 0)),
      maxDaysPastDue: seriouslyLate[0]!.daysPastDue,
      pastDueHoldDays: policy.pastDueHoldDays,
      invoiceIds: seriouslyLate.map((invoice) => invoice.invoiceId),
    });
  }
  if (state.manual) reasons.push({ code: 'manual', note: state.manual.note, decidedBy: state.manual.decidedBy });
  return {
    ...exposure,
    creditLimitCents,
    overdueCents,
    maxDaysPastDue,
    reasons,
  };
}
