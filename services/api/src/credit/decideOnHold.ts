import { calendarDate } from '@dealerflow/contracts';
import type { CreditHoldReader } from '@dealerflow/runtime';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ApiError } from '../http/ApiError';
import { decisionNote } from './decisionNote';
import { recordDecision, type DecisionContext } from './recordDecision';

/** Strict: a misspelt `overideUntil` must not turn a dated override into an open-ended one. */
export const decisionBodySchema = z
  .strictObject({
    decision: z.enum(['release', 'keep']),
    overrideUntil: calendarDate.optional().describe('release only: the last day the override covers (inclusive)'),
    keepUntil: calendarDate.optional().describe('keep only: the last day the hold is kept whatever the figures do (inclusive)'),
    note: decisionNote.optional().describe('for the record; a release gives it as the reason'),
  })
  .refine((body) => body.overrideUntil === undefined || body.decision === 'release', {
    path: ['overrideUntil'],
    message: 'only a release has an override',
  })
  .refine((body) => body.keepUntil === undefined || body.decision === 'keep', {
    path: ['keepUntil'],
    message: 'only a keep has keepUntil',
  });

export type DecisionBody = z.infer<typeof decisionBodySchema>;

/** A read of the holds; its failure is the database's, answered 503 (safe to retry). */
export async function readCreditHolds<T>(log: Logger, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    log.error({ err: error }, 'credit holds read failed');
    throw new ApiError(503, 'unavailable', 'the credit holds cannot be read right now; try again');
  }
}

/**
 * Finance's decision on a hold, as the API route and the finance page both take it: the override
 * date is checked against the decision's time, the hold must exist (404) and be active (409), and
 * the decision is appended to the input log for the credit worker. Returns the decision's eventId.
 */
export async function decideOnHold(input: DecisionContext & { creditHolds: CreditHoldReader; holdId: string; body: DecisionBody }): Promise<string> {
  const { creditHolds, eventLog, log, principal, now, holdId } = input;
  const { decision, overrideUntil, keepUntil, note } = input.body;
  // The decision is stamped now, and the watermark with it: an earlier last day would cover nothing.
  if (overrideUntil !== undefined && overrideUntil < now.toISOString().slice(0, 10)) {
    throw new ApiError(400, 'invalid_request', 'invalid body: overrideUntil: must be today or later', [
      { field: 'overrideUntil', message: 'must be today or later' },
    ]);
  }
  if (keepUntil !== undefined && keepUntil < now.toISOString().slice(0, 10)) {
    throw new ApiError(400, 'invalid_request', 'invalid body: keepUntil: must be today or later', [{ field: 'keepUntil', message: 'must be today or later' }]);
  }
  const hold = await readCreditHolds(log, () => creditHolds.get(holdId));
  if (hold === undefined) throw new ApiError(404, 'not_found', 'no such credit hold');
  if (hold.status !== 'active') {
    throw new ApiError(
      409,
      'not_active',
      `credit hold ${holdId} is no longer active (released ${hold.release?.releasedAt ?? ''} by ${hold.release?.releasedBy ?? 'unknown'}); decide on the dealer's current hold`,
    );
  }
  return recordDecision(eventLog, log, {
    dealerId: hold.dealerId,
    principal,
    now,
    data: {
      holdId,
      decision,
      ...(overrideUntil === undefined ? {} : { overrideUntil }),
      ...(keepUntil === undefined ? {} : { keepUntil }),
      ...(note === undefined ? {} : { note }),
    },
  });
}
