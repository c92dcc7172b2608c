import { InvalidCursorError } from '@dealerflow/runtime';
import type { Logger } from 'pino';
import { ApiError } from '../http/ApiError';

/**
 * What a notification port's failure becomes: a cursor the port refused is the caller's mistake
 * (400 naming the parameter); anything else is the database, logged and answered 503, safe to retry.
 */
export function portFailure(error: unknown, log: Logger, context: { message: string; cursorField?: string }): ApiError {
  if (error instanceof InvalidCursorError && context.cursorField !== undefined) {
    const field = context.cursorField;
    return new ApiError(400, 'invalid_cursor', `${field}: not a cursor this server issued`, [
      { field, message: `not a cursor this server issued; start again without ${field}` },
    ]);
  }
  log.error({ err: error }, context.message);
  return new ApiError(503, 'unavailable', 'the notifications cannot be reached right now; try again');
}
