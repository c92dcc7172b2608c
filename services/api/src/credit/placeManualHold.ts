import type { DealerDirectory } from '@dealerflow/runtime';
import { z } from 'zod';
import { decisionNote } from './decisionNote';
import { recordDecision, type DecisionContext } from './recordDecision';
import { requireKnownDealer } from './requireKnownDealer';

export const manualHoldBodySchema = z.strictObject({ note: decisionNote.describe('why finance holds the dealer; required') });

/**
 * Finance puts a dealer on hold by hand, as the API route and the finance page both take it: the
 * dealer must be known (404), and the decision goes to the credit worker, which places (or extends)
 * the hold. Returns the decision's eventId.
 */
export async function placeManualHold(input: DecisionContext & { directory: DealerDirectory; dealerId: string; note: string }): Promise<string> {
  const { directory, eventLog, log, principal, now, dealerId, note } = input;
  // A hold on a dealer the credit worker has never seen would have no limit to judge against.
  await requireKnownDealer(directory, log, dealerId);
  return recordDecision(eventLog, log, { dealerId, principal, now, data: { decision: 'hold', note } });
}
