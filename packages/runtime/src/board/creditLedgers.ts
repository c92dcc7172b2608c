import type { DealerProfile } from '@dealerflow/contracts';
import { ageingReport, createLedger, localDateOf, openBalanceCents, openInvoices, type AgeingReport, type Cents, type CreditState, type Ledger, type OpenInvoice } from '@dealerflow/domain';
import type { Directory } from '../ports/directory';
import type { WorkerStateView } from '../ports/workerStateView';

/**
 * Finance's ageing and open invoices: the credit worker's current ledgers (read through the worker state
 * view, wherever the worker runs), aged by the domain on each dealer's local day at the credit worker's
 * watermark. The board decides nothing: the buckets and sums are `ageingReport`'s.
 *
 * The ageing takes of every ledger only its open money by due date (what `ageingReport` ages: each invoice's
 * open balance by its due date), where the ledgers are held: copying whole ledgers (orders, payments, every
 * invoice) held the runner ~¼ s per page view at 1 000 dealers, their open invoices still ~0.1 s
 * (docs/performance.md).
 */
export async function readAgeing(workerStates: WorkerStateView, directory: Directory, companyTimeZone = 'UTC'): Promise<AgeingReport & { asOf: string | null }> {
  const { state: dues, watermark } = await workerStates.dealers<CreditState, OpenByDueDate>('credit', openByDueDate);
  if (watermark === undefined) return { ...ageingReport([]), asOf: null };
  const profiles = await directory.profiles([...dues.keys()]);
  const ledgers = [...dues].map(([dealerId, open]) => ({ dealerId, ledger: ledgerOwing(open), today: dayOf(watermark, profiles.get(dealerId), companyTimeZone) }));
  return { ...ageingReport(ledgers), asOf: new Date(watermark).toISOString() };
}

/** Open money (cents) by due date. */
type OpenByDueDate = Record<string, Cents>;

/** The money a ledger's invoices still owe, by due date, as `ageingCents` counts it; undefined when nothing is owed. */
function openByDueDate(state: CreditState): OpenByDueDate | undefined {
  const open: OpenByDueDate = {};
  let owing = false;
  for (const invoice of state.ledger.invoices) {
    const cents = openBalanceCents(invoice);
    if (invoice.settledDate !== null || cents <= 0) continue;
    open[invoice.dueDate] = (open[invoice.dueDate] ?? 0) + cents;
    owing = true;
  }
  return owing ? open : undefined;
}

/** A ledger owing `open`, one invoice per due date: it ages as the dealer's own (ageing reads only open money and due dates). */
function ledgerOwing(open: OpenByDueDate): Ledger {
  const invoices = Object.entries(open).map(([dueDate, amountCents]) => ({
    invoiceId: dueDate,
    orderId: null,
    amountCents,
    issueDate: dueDate,
    dueDate,
    discount: null,
    appliedCents: 0,
    discountEarnedCents: 0,
    settledDate: null,
  }));
  return { ...createLedger(), invoices };
}

export async function readOpenInvoices(
  workerStates: WorkerStateView,
  directory: Directory,
  dealerId: string,
  companyTimeZone = 'UTC',
): Promise<{ today: string | null; invoices: OpenInvoice[] }> {
  const [{ state, watermark }, profile] = await Promise.all([workerStates.dealer<CreditState>('credit', dealerId), directory.profile(dealerId)]);
  if (!state || watermark === undefined) return { today: null, invoices: [] };
  const today = dayOf(watermark, profile, companyTimeZone);
  return { today, invoices: openInvoices(state.ledger, today) };
}

/** The dealer's local day at an instant: its own time zone, else the company's (as the credit worker counts it). */
function dayOf(epochMs: number, profile: DealerProfile | undefined, companyTimeZone: string): string {
  return localDateOf(epochMs, profile?.timezone ?? companyTimeZone);
}
