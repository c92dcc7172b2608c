import type { DealerProfile } from '@dealerflow/contracts';
import type { DealerDirectory } from '@dealerflow/runtime';
import type { Logger } from 'pino';
import { noSuchDealer } from '../auth/ownDealerOnly';
import { ApiError } from '../http/ApiError';

/**
 * The dealer's profile from the directory, for a request that must not be stored for a dealer
 * nobody has heard of (a mistyped id): unknown is a 404 `no such dealer`; a directory that cannot
 * be read is logged and answered 503, safe to send again.
 */
export async function requireKnownDealer(directory: DealerDirectory, log: Logger, dealerId: string): Promise<DealerProfile> {
  let profile: DealerProfile | undefined;
  try {
    profile = await directory.profile(dealerId);
  } catch (error) {
    log.error({ err: error }, 'dealer directory read failed');
    throw new ApiError(503, 'unavailable', 'the dealer directory cannot be read right now; try again');
  }
  if (profile === undefined) throw noSuchDealer();
  return profile;
}
