import { dayNumber } from '../calendar';
import type { Cents } from '../money';
import { openBalanceCents, type Ledger } from './ledger';

export interface PastDueInvoice {
  invoiceId: string;
  openCents: Cents;
  daysPastDue: number;
}

/** Open invoices more than `moreThanDays` past due on `today`, most overdue first. */
export function pastDueInvoices(ledger: Ledger, today: string, moreThanDays = 0): PastDueInvoice[] {
  const result: PastDueInvoice[] = [];
  const todayDay = dayNumber(today);
  for (const invoice of ledger.invoices) {
    // Settled invoices are most of a long history: skip them before any date arithmetic.
    if (invoice.settledDate !== null) continue;
    const openCents = openBalanceCents(invoice);
    if (openCents <= 0) continue;
    const daysPastDue = todayDay - dayNumber(invoice.dueDate);
    if (daysPastDue > moreThanDays) result.push({ invoiceId: invoice.invoiceId, openCents, daysPastDue });
  }
  return result.sort((a, b) => b.daysPastDue - a.daysPastDue);
}

/** The largest days past due among open invoices on `today`; 0 when nothing open is past due. */
export function maxDaysPastDue(ledger: Ledger, today: string): number {
  return pastDueInvoices(ledger, today)[0]?.daysPastDue ?? 0;
}

/** Open balance of every invoice past its due date on `today`. */
export function overdueCents(ledger: Ledger, today: string): Cents {
  return pastDueInvoices(ledger, today).reduce((sum, invoice) => sum + invoice.openCents, 0);
}
