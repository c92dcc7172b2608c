import { formatMoney, formatNumber } from '@dealerflow/domain';
import type { HoldReason } from '@dealerflow/contracts';

/** A hold reason as finance reads it, with its figures. */
export function describeReason(reason: HoldReason, currency: string | undefined): string {
  switch (reason.code) {
    case 'over_limit':
      return `Over the limit by ${formatMoney(reason.excess, currency, 'en')} (exposure ${formatMoney(reason.exposure, currency, 'en')}, limit ${formatMoney(reason.creditLimit, currency, 'en')})`;
    case 'past_due':
      return `${formatMoney(reason.overdueAmount, currency, 'en')} overdue, up to ${formatNumber(reason.maxDaysPastDue, 'en')} days past due (hold after ${reason.pastDueHoldDays}; invoices ${reason.invoiceIds.join(', ')})`;
    case 'manual':
      return `Manual hold by ${reason.decidedBy}: ${reason.note}`;
    default: {
      const unexpected: never = reason;
      return String((unexpected as { code?: unknown }).code);
    }
  }
}
