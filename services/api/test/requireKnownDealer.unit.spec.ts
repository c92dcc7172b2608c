import type { DealerDirectory } from '@dealerflow/runtime';
import { describe, expect, it } from 'vitest';
import { requireKnownDealer } from '../src/credit/requireKnownDealer';
import { capturedLogger, ERROR_LEVEL, refusalOf } from './refusals';
import { unreadableDirectory } from './inMemoryCreditHolds';
import { dealerProfile } from './inMemoryNotifications';

const dealerOne = dealerProfile('Dealer One');
const directory: DealerDirectory = { profile: async (dealerId) => (dealerId === 'D-1' ? dealerOne : undefined) };

describe('requireKnownDealer', () => {
  it("answers the dealer's profile when the directory knows it, logging nothing", async () => {
    const { log, lines } = capturedLogger();
    await expect(requireKnownDealer(directory, log, 'D-1')).resolves.toBe(dealerOne);
    expect(lines).toEqual([]);
  });

  it('is a 404 "no such dealer" for a dealer the directory does not know', async () => {
    const { log, lines } = capturedLogger();
    expect(await refusalOf(requireKnownDealer(directory, log, 'D-404'))).toEqual({ statusCode: 404, code: 'not_found', message: 'no such dealer' });
    expect(lines).toEqual([]);
  });

  it('is a 503 to send again when the directory cannot be read, logged as an error with the cause', async () => {
    const { log, lines } = capturedLogger();
    expect(await refusalOf(requireKnownDealer(unreadableDirectory('connection refused'), log, 'D-1'))).toEqual({
      statusCode: 503,
      code: 'unavailable',
      message: 'the dealer directory cannot be read right now; try again',
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: ERROR_LEVEL, msg: 'dealer directory read failed', err: { message: 'connection refused' } });
  });
});
