import type { PaymentBehaviour } from '@dealerflow/contracts';
import { daysBetween } from '../calendar';
import { roundHalfUp } from '../money';
import type { Ledger } from './ledger';

/**
 * How the dealer paid over the `windowDays` before `today`: invoices settled in that window (kept
 * whole, or folded into per-date totals), and every invoice still open (an open invoice counts its
 * days past due up to today).
 */
export function summarizePaymentBehaviour(ledger: Ledger, today: string, windowDays: number): PaymentBehaviour {
  let settled = 0;
  let onTime = 0;
  let daysToPay = 0;
  let largestDaysPastDue = 0;
  for (const invoice of ledger.invoices) {
    if (invoice.settledDate === null) {
      largestDaysPastDue = Math.max(largestDaysPastDue, daysBetween(invoice.dueDate, today));
      continue;
    }
    if (daysBetween(invoice.settledDate, today) > windowDays) continue;
    settled += 1;
    if (invoice.settledDate <= invoice.dueDate) onTime += 1;
    daysToPay += daysBetween(invoice.issueDate, invoice.settledDate);
    largestDaysPastDue = Math.max(largestDaysPastDue, daysBetween(invoice.dueDate, invoice.settledDate));
  }
  // Invoices settled long enough ago were folded into totals per settlement date (see pruneLedger).
  for (const date in ledger.settlements) {
    if (daysBetween(date, today) > windowDays) continue;
    const totals = ledger.settlements[date]!;
    settled += totals.settled;
    onTime += totals.onTime;
    daysToPay += totals.daysToPay;
    largestDaysPastDue = Math.max(largestDaysPastDue, totals.largestDaysPastDue);
  }
  return {
    onTimeRatio: settled === 0 ? null : roundHalfUp(onTime / settled, 4),
    averageDaysToPay: settled === 0 ? null : roundHalfUp(daysToPay / settled, 1),
    largestDaysPastDue,
    invoicesSettled: settled,
  };
}
