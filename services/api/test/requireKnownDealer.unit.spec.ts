import type { DealerDirectory } from '@dealerflow/runtime';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { requireKnownDealer } from '../src/credit/requireKnownDealer';
import { ApiError } from '../src/http/ApiError';
import { unreadableDirectory } from './inMemoryCreditHolds';
import { dealerProfile } from './inMemoryNotifications';

/** A logger whose lines are kept, parsed, to assert what was logged and at which level. */
function capturedLogger() {
  const lines: { level: number; msg: string; err?: { message: string } }[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

const ERROR_LEVEL = 50;
const dealerOne = dealerProfile('Dealer One');
const directory: DealerDirectory = { profile: async (dealerId) => (dealerId === 'D-1' ? dealerOne : undefined) };

/** What `requireKnownDealer` threw, as the HTTP answer it becomes. */
async function refusal(promise: Promise<unknown>): Promise<{ statusCode: number; code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ApiError);
  const { statusCode, code, message } = error as ApiError;
  return { statusCode, code, message };
}

describe('requireKnownDealer', () => {
  it("answers the dealer's profile when the directory knows it, logging nothing", async () => {
    const { log, lines } = capturedLogger();
    await expect(requireKnownDealer(directory, log, 'D-1')).resolves.toBe(dealerOne);
    expect(lines).toEqual([]);
  });

  it('is a 404 "no such dealer" for a dealer the directory does not know', async () => {
    const { log, lines } = capturedLogger();
    expect(await refusal(requireKnownDealer(directory, log, 'D-404'))).toEqual({ statusCode: 404, code: 'not_found', message: 'no such dealer' });
    expect(lines).toEqual([]);
  });

  it('is a 503 to send again when the directory cannot be read, logged as an error with the cause', async () => {
    const { log, lines } = capturedLogger();
    expect(await refusal(requireKnownDealer(unreadableDirectory('connection refused'), log, 'D-1'))).toEqual({
      statusCode: 503,
      code: 'unavailable',
      message: 'the dealer directory cannot be read right now; try again',
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: ERROR_LEVEL, msg: 'dealer directory read failed', err: { message: 'connection refused' } });
  });
});
