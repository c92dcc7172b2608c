import type { HoldReason } from '@dealerflow/contracts';
import { fromCents, toCents, type Cents } from '../money';
import { pastDueInvoices } from './daysPastDue';
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
  const overdue = pastDueInvoices(state.ledger, today);
  const seriouslyLate = overdue.filter((invoice) => invoice.daysPastDue > policy.pastDueHoldDays);
  const first = seriouslyLate[0];
  if (first) {
    reasons.push({
      code: 'past_due',
      overdueAmount: fromCents(seriouslyLate.reduce((sum, invoice) => sum + invoice.openCents, 0)),
      maxDaysPastDue: first.daysPastDue,
      pastDueHoldDays: policy.pastDueHoldDays,
      invoiceIds: seriouslyLate.map((invoice) => invoice.invoiceId),
    });
  }
  if (state.manual) reasons.push({ code: 'manual', note: state.manual.note, decidedBy: state.manual.decidedBy });
  return {
    ...exposure,
    creditLimitCents,
    overdueCents: overdue.reduce((sum, invoice) => sum + invoice.openCents, 0),
    maxDaysPastDue: overdue[0]?.daysPastDue ?? 0,
    reasons,
  };
}
