import type { PaymentBehaviour, SuggestedAction } from '@dealerflow/contracts';
import { fromCents, roundHalfUp } from '../money';
import type { CreditAssessment } from './assessCredit';
import type { CreditPolicy } from './policy';

/**
 * What finance is advised to do with a new hold, most severe first: keep_hold (manual, seriously
 * past due, or a poor on-time record), request_payment (past_due, or over the limit with money
 * overdue), release_with_override (a small excess over the limit, nothing overdue and a good or
 * no payment record), review_limit (any other over-limit case).
 */
export function suggestAction(assessment: CreditAssessment, behaviour: PaymentBehaviour, policy: CreditPolicy): SuggestedAction {
  const codes = assessment.reasons.map((reason) => reason.code);
  const ratio = behaviour.onTimeRatio;
  const manual = assessment.reasons.find((reason) => reason.code === 'manual');
  if (manual) {
    return {
      code: 'keep_hold',
      text: `Keep the hold: ${manual.decidedBy} placed it manually ("${manual.note}") and only a finance release ends it; exposure is ${money(assessment.exposureCents)} against a limit of ${money(assessment.creditLimitCents)}.`,
    };
  }
  if (assessment.maxDaysPastDue > policy.seriousPastDueDays) {
    return {
      code: 'keep_hold',
      text: `Keep the hold: an invoice is ${assessment.maxDaysPastDue} days past due (more than ${policy.seriousPastDueDays}) with ${money(assessment.overdueCents)} overdue.`,
    };
  }
  if (ratio !== null && ratio < policy.keepHoldBelowOnTimeRatio) {
    return {
      code: 'keep_hold',
      text: `Keep the hold: only ${percent(ratio)} of the ${behaviour.invoicesSettled} invoices settled in the last 12 months were paid on time.`,
    };
  }
  const pastDue = assessment.reasons.find((reason) => reason.code === 'past_due');
  if (pastDue) {
    return {
      code: 'request_payment',
      text: `Request payment of ${pastDue.overdueAmount.toFixed(2)} on ${pastDue.invoiceIds.length} invoice(s) more than ${pastDue.pastDueHoldDays} days past due (up to ${pastDue.maxDaysPastDue} days) before releasing.`,
    };
  }
  const excessCents = assessment.exposureCents - assessment.creditLimitCents;
  const limitCents = assessment.creditLimitCents;
  const excessShare = limitCents > 0 ? excessCents / limitCents : Number.POSITIVE_INFINITY;
  const excessText = `exposure ${money(assessment.exposureCents)} is ${money(excessCents)} over the limit of ${money(assessment.creditLimitCents)}${Number.isFinite(excessShare) ? ` (${percent(excessShare)})` : ''}`;
  // Money already overdue is the first thing to collect: paying it also brings exposure down.
  if (assessment.overdueCents > 0) {
    return {
      code: 'request_payment',
      text: `Request payment of the ${money(assessment.overdueCents)} overdue (up to ${assessment.maxDaysPastDue} days past due): ${excessText}.`,
    };
  }
  // Compared in cents so 10 % of the limit is not missed by binary noise in the share.
  const smallExcess = limitCents > 0 && excessCents <= policy.overrideMaxExcessRatio * limitCents + 1e-6;
  const goodHistory = ratio === null || ratio >= policy.overrideMinOnTimeRatio;
  if (codes.length === 1 && codes[0] === 'over_limit' && smallExcess && goodHistory) {
    const history = ratio === null
      ? 'nothing is overdue, though no invoice was settled in the last 12 months to judge payment by'
      : `nothing is overdue and ${percent(ratio)} of invoices were paid on time`;
    return { code: 'release_with_override', text: `Consider releasing with an override: ${excessText}; ${history}.` };
  }
  return { code: 'review_limit', text: `Review the credit limit: ${excessText}.` };
}

function money(cents: number): string {
  return fromCents(cents).toFixed(2);
}

function percent(share: number): string {
  return `${roundHalfUp(share * 100, 1)}%`;
}
