import { OUTPUT_TOPIC, type OutputEvent } from '@dealerflow/contracts';
import type { NotificationPlan } from '@dealerflow/domain';
import { outputEventId } from '@dealerflow/runtime';
import type { DeliveryJob } from '../deliveryJob';

export const NOTIFIER_SOURCE = 'notifier';

function envelope<T extends 'notification.requested' | 'notification.delivered' | 'notification.failed'>(
  type: T,
  dealerId: string,
  notificationId: string,
  ordinal: number,
  occurredAt: string,
  data: Extract<OutputEvent, { type: T }>['data'],
): OutputEvent {
  return {
    eventId: outputEventId({ source: NOTIFIER_SOURCE, dealerId, causedBy: notificationId, ordinal, type }),
    type,
    schemaVersion: 1,
    occurredAt,
    dealerId,
    source: NOTIFIER_SOURCE,
    data,
    topic: OUTPUT_TOPIC[type],
  } as OutputEvent;
}

/** `notification.requested`, at the event time of the output it tells of. */
export function requestedOutput(plan: NotificationPlan, occurredAt: string): OutputEvent {
  const outputEventIdOfPlan = plan.outputEventIds[0]!;
  return envelope('notification.requested', plan.dealerId, plan.notificationId, 0, occurredAt, {
    notificationId: plan.notificationId,
    outputEventId: outputEventIdOfPlan,
    outputType: plan.outputType,
    audience: plan.audience,
    channel: plan.channel,
    locale: plan.locale,
    title: plan.title,
    body: plan.body,
    causedBy: outputEventIdOfPlan,
  });
}

export interface RecordedNotification {
  job: DeliveryJob;
  outputType: string;
  outputEventIds: string[];
}

/** `notification.delivered` / `.failed`, at the moment it happened (deliveries happen in real time). */
export function outcomeOutput(
  record: RecordedNotification,
  outcome: { kind: 'delivered'; attempts: number } | { kind: 'failed'; attempts: number; error: string; generation: number },
  at: Date,
): OutputEvent {
  const { job } = record;
  const common = {
    notificationId: job.notificationId,
    outputEventId: record.outputEventIds[0]!,
    outputType: record.outputType,
    audience: job.audience,
    channel: job.channel,
    causedBy: record.outputEventIds[0]!,
  };
  return outcome.kind === 'delivered'
    ? envelope('notification.delivered', job.dealerId, job.notificationId, 0, at.toISOString(), { ...common, attempts: outcome.attempts })
    : envelope('notification.failed', job.dealerId, job.notificationId, outcome.generation, at.toISOString(), {
        ...common,
        attempts: outcome.attempts,
        error: outcome.error,
      });
}
