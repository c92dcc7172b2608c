import { randomUUID } from 'node:crypto';
import { stockAlertAcknowledgedData, type InputEventOf } from '@dealerflow/contracts';
import { parseAlertId } from '@dealerflow/domain';
import type { EventLog } from '@dealerflow/runtime';
import type { Logger } from 'pino';
import { z } from 'zod';
import { describeRole, type Principal } from '../auth/role';
import { appendInput } from '../credit/appendInput';
import { ApiError } from '../http/ApiError';

export const ACKNOWLEDGEMENT_SOURCE = 'dealerflow-api';

type AcknowledgementEvent = InputEventOf<'stock.alert.acknowledged'>;

/** What the caller sends: the event's data without `by` (the token says who). */
export const acknowledgementBodySchema = z.strictObject({
  alertId: z.string().min(1).max(256).describe('the alert, `<dealerId>/<sku>/<kind>/<n>` as the alert carries it'),
  action: z.enum(['acknowledge', 'snooze']),
  snoozeUntil: z.string().optional().describe('for a snooze: the dealer-local day (YYYY-MM-DD) the alert may be told again'),
  note: z.string().max(1000).optional(),
});

export type AcknowledgementBody = z.infer<typeof acknowledgementBodySchema>;

/**
 * Appends a dealer's or operations' acknowledgement of one of a dealer's stock alerts to the input
 * log; the stock worker takes it like any other input (docs/stock.md). An id that is not one of
 * this dealer's alerts is the caller's 400; an alert that is no longer open is accepted and changes
 * nothing (it was resolved meanwhile). Returns the event's id.
 */
export async function recordAcknowledgement(
  eventLog: EventLog,
  log: Logger,
  input: { dealerId: string; principal: Principal; body: AcknowledgementBody; now: Date },
): Promise<string> {
  const { dealerId, principal, body } = input;
  if (parseAlertId(dealerId, body.alertId) === null) {
    throw new ApiError(400, 'invalid_body', `alertId is not a stock alert of dealer ${dealerId}`, [
      { field: 'alertId', message: `expected ${dealerId}/<sku>/<stockout|low_stock|overstock>/<n>` },
    ]);
  }
  const data = { ...body, by: principal.name ?? describeRole(principal.role) };
  const checked = stockAlertAcknowledgedData.safeParse(data);
  if (!checked.success) {
    const details = checked.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
    throw new ApiError(400, 'invalid_body', 'the acknowledgement is not valid', details);
  }
  const event: AcknowledgementEvent = {
    eventId: `ack-${randomUUID()}`,
    type: 'stock.alert.acknowledged',
    schemaVersion: 1,
    occurredAt: input.now.toISOString(),
    dealerId,
    source: ACKNOWLEDGEMENT_SOURCE,
    data: checked.data,
  };
  await appendInput(eventLog, log, event, { logged: 'acknowledgement', answered: 'acknowledgement' });
  log.info({ eventId: event.eventId, dealerId, alertId: body.alertId, action: body.action, by: describeRole(principal.role) }, 'stock alert acknowledged');
  return event.eventId;
}
