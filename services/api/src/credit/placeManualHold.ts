import type { DealerProfile } from '@dealerflow/contracts';
import type { DealerDirectory, EventLog } from '@dealerflow/runtime';
import type { Logger } from 'pino';
import { z } from 'zod';
import { noSuchDealer } from '../auth/ownDealerOnly';
import type { Principal } from '../auth/role';
import { ApiError } from '../http/ApiError';
import { decisionNote } from './decisionNote';
import { recordDecision } from './recordDecision';

export const manualHoldBodySchema = z.strictObject({ note: decisionNote.describe('why finance holds the dealer; required') });

/**
 * Finance puts a dealer on hold by hand, as the API route and the finance page both take it: the
 * dealer must be known (404), and the decision goes to the credit worker, which places (or extends)
 * the hold. Returns the decision's eventId.
 */
export async function placeManualHold(input: {
  directory: DealerDirectory;
  eventLog: EventLog;
  log: Logger;
  principal: Principal;
  now: Date;
  dealerId: string;
  note: string;
}): Promise<string> {
  const { directory, eventLog, log, principal, now, dealerId, note } = input;
  let profile: DealerProfile | undefined;
  try {
    profile = await directory.profile(dealerId);
  } catch (error) {
    log.error({ err: error }, 'dealer directory read failed');
    throw new ApiError(503, 'unavailable', 'the dealer directory cannot be read right now; try again');
  }
  // A hold on a dealer the credit worker has never seen would have no limit to judge against.
  if (profile === undefined) throw noSuchDealer();
  return recordDecision(eventLog, log, { dealerId, principal, now, data: { decision: 'hold', note } });
}
