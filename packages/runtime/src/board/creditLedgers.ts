import type { DealerProfile } from '@dealerflow/contracts';
import { ageingReportOfOpen, localDateOf, openCentsByDueDate, openInvoices, type AgeingReport, type CreditState, type OpenCentsByDueDate, type OpenInvoice } from '@dealerflow/domain';
import type { Directory } from '../ports/directory';
import type { WorkerStateView } from '../ports/workerStateView';

/**
 * Finance's ageing and open invoices: the credit worker's current ledgers (read through the worker state
 * view, wherever the worker runs), aged by the domain on each dealer's local day at the credit worker's
 * watermark. The board decides nothing: the buckets and sums are the domain's (`ageingReportOfOpen`).
 *
 * The ageing takes of every ledger only its open money by due date (`openCentsByDueDate`, all that the ageing
 * reads), where the ledgers are held: copying whole ledgers (orders, payments, every invoice) held the runner
 * ~¼ s per page view at 1 000 dealers, their open invoices still ~0.1 s (docs/performance.md).
 */
export async function readAgeing(workerStates: WorkerStateView, directory: Directory, companyTimeZone = 'UTC'): Promise<AgeingReport & { asOf: string | null }> {
  const { state: owing, watermark } = await workerStates.dealers<CreditState, OpenCentsByDueDate>('credit', owingByDueDate);
  if (watermark === undefined) return { ...ageingReportOfOpen([]), asOf: null };
  const profiles = await directory.profiles([...owing.keys()]);
  const dealers = [...owing].map(([dealerId, open]) => ({ dealerId, open, today: dayOf(watermark, profiles.get(dealerId), companyTimeZone) }));
  return { ...ageingReportOfOpen(dealers), asOf: new Date(watermark).toISOString() };
}

/** A dealer's open money by due date; undefined (the dealer left out, nothing copied) when it owes nothing. */
function owingByDueDate(state: CreditState): OpenCentsByDueDate | undefined {
  const open = openCentsByDueDate(state.ledger);
  return Object.keys(open).length > 0 ? open : undefined;
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
