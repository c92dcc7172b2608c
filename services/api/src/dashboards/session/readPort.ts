import { InvalidCursorError } from '@dealerflow/runtime';
import type { Logger } from 'pino';
import { PageError } from '../html/PageError';

/**
 * A read of one of the runtime's ports for a page. A cursor the port refused came from an old or
 * edited link (400, start again); any other failure is the database (logged, 503, try again).
 */
export async function readPort<T>(log: Logger, what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new PageError(400, 'Out-of-date link', `The page link for ${what} is not one this server issued. Start again from the first page.`);
    }
    log.error({ err: error, what }, 'dashboard read failed');
    throw new PageError(503, 'Not available', `The ${what} cannot be read right now. Try again in a moment.`);
  }
}
