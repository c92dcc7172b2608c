import { InvalidCursorError } from '@dealerflow/runtime';
import type { Logger } from 'pino';
import { ApiError } from '../http/ApiError';

/**
 * Runs one read of the board: a cursor the board refused is the caller's mistake (400 naming
 * `after`); any other failure is the database, logged and answered 503, safe to retry.
 */
export async function readBoard<T>(log: Logger, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new ApiError(400, 'invalid_cursor', 'after: not a cursor this server issued', [
        { field: 'after', message: 'not a cursor this server issued; start again without after' },
      ]);
    }
    log.error({ err: error }, 'board read failed');
    throw new ApiError(503, 'unavailable', 'the dashboards cannot be read right now; try again');
  }
}
