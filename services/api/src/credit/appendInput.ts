import type { InputEvent } from '@dealerflow/contracts';
import type { EventLog, IngestResult } from '@dealerflow/runtime';
import type { Logger } from 'pino';
import { ApiError } from '../http/ApiError';

/** How one kind of input is named: in the log lines (`logged`) and in the 503 the caller reads (`answered`). */
export interface InputNames {
  logged: string;
  answered: string;
}

/**
 * Appends one input the API built itself (a decision, a limit, an acceptance) to the input log,
 * where its worker takes it like any other input. A log that cannot take it is a 503: nothing was
 * recorded, send it again.
 */
export async function appendInput(eventLog: EventLog, log: Logger, event: InputEvent, names: InputNames): Promise<void> {
  let result: IngestResult;
  try {
    result = await eventLog.append([{ value: event }]);
  } catch (error) {
    log.error({ err: error, eventId: event.eventId }, `${names.logged} append failed`);
    throw new ApiError(503, 'unavailable', `the ${names.answered} could not be stored; nothing was recorded, send it again`);
  }
  if (result.deadLettered > 0) {
    // The API built an event the contract refuses: a bug here, not the caller's mistake.
    log.error({ eventId: event.eventId, reasons: result.reasons }, `${names.logged} dead-lettered`);
    throw new ApiError(500, 'internal_error', 'the server failed to handle the request; it has been logged');
  }
}
