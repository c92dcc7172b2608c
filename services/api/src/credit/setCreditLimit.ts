import { randomUUID } from 'node:crypto';
import { money, type InputEventOf } from '@dealerflow/contracts';
import type { DealerDirectory } from '@dealerflow/runtime';
import { z } from 'zod';
import { describeRole } from '../auth/role';
import { appendInput } from './appendInput';
import { decisionNote } from './decisionNote';
import { decidedBy, DECISION_SOURCE, type DecisionContext } from './recordDecision';
import { requireKnownDealer } from './requireKnownDealer';

export const creditLimitBodySchema = z.strictObject({
  creditLimit: money.describe('the new limit in the dealer’s currency, 0 or more, at most 2 decimals'),
  note: decisionNote.describe('why finance sets this limit; required'),
});

export type CreditLimitBody = z.infer<typeof creditLimitBodySchema>;

/**
 * Finance sets a dealer's credit limit, as the API route and the finance page both take it: the
 * dealer must be known (404), and a `credit.limit.set` goes to the input log, where the credit worker
 * takes it like any other input. The decision is a fact of now: `decidedAt` and `occurredAt` are the
 * wall clock. Returns the event's id.
 */
export async function setCreditLimit(input: DecisionContext & { directory: DealerDirectory; dealerId: string; body: CreditLimitBody }): Promise<string> {
  const { directory, eventLog, log, principal, now, dealerId, body } = input;
  // A limit for a dealer the credit worker has never seen would be replaced by its first profile.
  const profile = await requireKnownDealer(directory, log, dealerId);
  const at = now.toISOString();
  const event: InputEventOf<'credit.limit.set'> = {
    eventId: `limit-${randomUUID()}`,
    type: 'credit.limit.set',
    schemaVersion: 1,
    occurredAt: at,
    dealerId,
    source: DECISION_SOURCE,
    data: { creditLimit: body.creditLimit, note: body.note, decidedBy: decidedBy(principal), decidedAt: at },
  };
  await appendInput(eventLog, log, event, { logged: 'limit', answered: 'limit' });
  log.info(
    { eventId: event.eventId, dealerId, creditLimit: body.creditLimit, previous: profile.creditLimit, by: describeRole(principal.role), name: principal.name },
    'credit limit set',
  );
  return event.eventId;
}
