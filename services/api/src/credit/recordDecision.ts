import { randomUUID } from 'node:crypto';
import type { InputEventOf } from '@dealerflow/contracts';
import type { EventLog } from '@dealerflow/runtime';
import type { Logger } from 'pino';
import { describeRole, type Principal } from '../auth/role';
import { appendInput } from './appendInput';

export const DECISION_SOURCE = 'dealerflow-api';

type DecisionEvent = InputEventOf<'credit.decision.recorded'>;
type DecisionData = Omit<DecisionEvent['data'], 'decidedBy'>;

/** What every decision taken through the API is given: the input log, the logger, who decides and when (the wall clock). */
export interface DecisionContext {
  eventLog: EventLog;
  log: Logger;
  principal: Principal;
  now: Date;
}

/** The name finance decisions carry: the token's display name, else its role. */
export function decidedBy(principal: Principal): string {
  return principal.name ?? describeRole(principal.role);
}

/**
 * Appends a finance decision to the input log, where the credit worker takes it like any other
 * input: the API never changes a hold itself. The decision is a fact of now, so it carries the
 * wall clock (the only place in the pipeline's inputs that the API stamps a time).
 */
export async function recordDecision(
  eventLog: EventLog,
  log: Logger,
  input: { dealerId: string; principal: Principal; data: DecisionData; now: Date },
): Promise<string> {
  const event: DecisionEvent = {
    eventId: `decision-${randomUUID()}`,
    type: 'credit.decision.recorded',
    schemaVersion: 1,
    occurredAt: input.now.toISOString(),
    dealerId: input.dealerId,
    source: DECISION_SOURCE,
    data: { ...input.data, decidedBy: decidedBy(input.principal) },
  };
  await appendInput(eventLog, log, event, { logged: 'decision', answered: 'decision' });
  const { role, name } = input.principal;
  log.info(
    { eventId: event.eventId, dealerId: input.dealerId, holdId: event.data.holdId, decision: event.data.decision, by: describeRole(role), name },
    'credit decision recorded',
  );
  return event.eventId;
}
