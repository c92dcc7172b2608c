import { dayNumber } from '../calendar';
import { fromCents, type Cents } from '../money';
import { openBalanceCents, type Ledger } from './ledger';

/** The ageing buckets a credit controller reads, by days past due: not yet due, then 30-day bands. */
export const AGEING_BUCKETS = ['current', 'days1to30', 'days31to60', 'days61to90', 'over90'] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number];

/** Open receivables per bucket and in total (money, exact to the cent). */
export type Ageing = Record<AgeingBucket | 'total', number>;

/** An invoice with money still owed on it. */
export interface OpenInvoice {
  invoiceId: string;
  orderId: string | null;
  issueDate: string;
  dueDate: string;
  amount: number;
  /** Payments applied to it so far. */
  paid: number;
  open: number;
  /** The dealer's day − the due date; 0 or less while not yet due. */
  daysPastDue: number;
  bucket: AgeingBucket;
}

/** The bucket of an invoice `daysPastDue` days past its due date. */
export function ageingBucketOf(daysPastDue: number): AgeingBucket {
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue <= 30) return 'days1to30';
  if (daysPastDue <= 60) return 'days31to60';
  if (daysPastDue <= 90) return 'days61to90';
  return 'over90';
}

/** A dealer's open invoices on `today` (its local day), earliest due first (ties: issue order). */
export function openInvoices(ledger: Ledger, today: string): OpenInvoice[] {
  const todayDay = dayNumber(today);
  const open: OpenInvoice[] = [];
  for (const invoice of ledger.invoices) {
    const openCents = openBalanceCents(invoice);
    if (invoice.settledDate !== null || openCents <= 0) continue;
    const daysPastDue = todayDay - dayNumber(invoice.dueDate);
    open.push({
      invoiceId: invoice.invoiceId,
      orderId: invoice.orderId,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      amount: fromCents(invoice.amountCents),
      paid: fromCents(invoice.appliedCents),
      open: fromCents(openCents),
      daysPastDue,
      bucket: ageingBucketOf(daysPastDue),
    });
  }
  // A stable sort keeps issue order among invoices due the same day.
  return open.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
}

/** Ageing in cents: what the per-dealer and total figures add up, exactly. */
export type AgeingCents = Record<AgeingBucket | 'total', Cents>;

export function ageingCents(ledger: Ledger, today: string): AgeingCents {
  return ageingOfOpenCents(openCentsByDueDate(ledger), today);
}

/** A ledger's open money by due date, in cents: all that its ageing reads. */
export type OpenCentsByDueDate = Record<string, Cents>;

/** The money the ledger's unsettled invoices still owe, summed by due date (no entry for a date with nothing owed). */
export function openCentsByDueDate(ledger: Ledger): OpenCentsByDueDate {
  const open: OpenCentsByDueDate = {};
  for (const invoice of ledger.invoices) {
    const openCents = openBalanceCents(invoice);
    if (invoice.settledDate !== null || openCents <= 0) continue;
    open[invoice.dueDate] = (open[invoice.dueDate] ?? 0) + openCents;
  }
  return open;
}

function ageingOfOpenCents(open: OpenCentsByDueDate, today: string): AgeingCents {
  const cents = emptyAgeingCents();
  const todayDay = dayNumber(today);
  for (const [dueDate, openCents] of Object.entries(open)) {
    cents[ageingBucketOf(todayDay - dayNumber(dueDate))] += openCents;
    cents.total += openCents;
  }
  return cents;
}

export interface DealerLedgerOnDay {
  dealerId: string;
  ledger: Ledger;
  /** The dealer's local day its invoices are aged on. */
  today: string;
}

export interface AgeingReport {
  /** Dealers with something open, most over 90 days first, then most open in total, then dealerId. */
  dealers: (Ageing & { dealerId: string; today: string })[];
  total: Ageing;
}

/** A dealer's open money by due date, and the local day it is aged on. */
export interface DealerOpenOnDay {
  dealerId: string;
  open: OpenCentsByDueDate;
  today: string;
}

/** Ageing per dealer (each on its own day) and the sum over all of them, added in cents. */
export function ageingReport(ledgers: readonly DealerLedgerOnDay[]): AgeingReport {
  return ageingReportOfOpen(ledgers.map(({ dealerId, ledger, today }) => ({ dealerId, today, open: openCentsByDueDate(ledger) })));
}

/** `ageingReport` from each dealer's open money by due date (openCentsByDueDate): what a reader that cannot copy whole ledgers takes. */
export function ageingReportOfOpen(dealerOpens: readonly DealerOpenOnDay[]): AgeingReport {
  const total = emptyAgeingCents();
  const dealers: { dealerId: string; today: string; cents: AgeingCents }[] = [];
  for (const { dealerId, open, today } of dealerOpens) {
    const cents = ageingOfOpenCents(open, today);
    if (cents.total === 0) continue;
    for (const key of [...AGEING_BUCKETS, 'total'] as const) total[key] += cents[key];
    dealers.push({ dealerId, today, cents });
  }
  dealers.sort((a, b) => b.cents.over90 - a.cents.over90 || b.cents.total - a.cents.total || (a.dealerId < b.dealerId ? -1 : 1));
  return {
    dealers: dealers.map(({ dealerId, today, cents }) => ({ dealerId, today, ...ageingOf(cents) })),
    total: ageingOf(total),
  };
}

function emptyAgeingCents(): AgeingCents {
  return { current: 0, days1to30: 0, days31to60: 0, days61to90: 0, over90: 0, total: 0 };
}

function ageingOf(cents: AgeingCents): Ageing {
  return {
    current: fromCents(cents.current),
    days1to30: fromCents(cents.days1to30),
    days31to60: fromCents(cents.days31to60),
    days61to90: fromCents(cents.days61to90),
    over90: fromCents(cents.over90),
    total: fromCents(cents.total),
  };
}
