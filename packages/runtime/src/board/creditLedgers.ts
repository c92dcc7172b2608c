import type { DealerProfile } from '@dealerflow/contracts';
import { ageingReport, localDateOf, openInvoices, type AgeingReport, type CreditState, type OpenInvoice } from '@dealerflow/domain';
import type { Directory } from '../ports/directory';
import type { WorkerStateView } from '../ports/workerStateView';

/**
 * Finance's ageing and open invoices: the credit worker's current ledgers (read through the worker state
 * view, wherever the worker runs), aged by the domain on each dealer's local day at the credit worker's
 * watermark. The board decides nothing: the buckets and sums are `ageingReport`'s.
 */
export async function readAgeing(workerStates: WorkerStateView, directory: Directory, companyTimeZone = 'UTC'): Promise<AgeingReport & { asOf: string | null }> {
  const { state: states, watermark } = await workerStates.dealers<CreditState>('credit');
  if (watermark === undefined) return { ...ageingReport([]), asOf: null };
  const profiles = await directory.profiles([...states.keys()]);
  const ledgers = [...states].map(([dealerId, state]) => ({ dealerId, ledger: state.ledger, today: dayOf(watermark, profiles.get(dealerId), companyTimeZone) }));
  return { ...ageingReport(ledgers), asOf: new Date(watermark).toISOString() };
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
