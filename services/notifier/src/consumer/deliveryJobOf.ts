import type { DealerProfile, OutputEvent } from '@dealerflow/contracts';
import type { NotificationPlan } from '@dealerflow/domain';
import type { DeliveryJob } from '../deliveryJob';

/**
 * The message a plan becomes on its channel. A webhook carries the output's data (API.md); a
 * digest of several stock alerts carries them all as `output.alerts`.
 */
export function deliveryJobOf(plan: NotificationPlan, outputs: readonly OutputEvent[], dealer: DealerProfile | undefined): DeliveryJob {
  const common = {
    notificationId: plan.notificationId,
    idempotencyKey: plan.idempotencyKey,
    audience: plan.audience,
    dealerId: plan.dealerId,
    address: plan.address,
  };
  switch (plan.channel) {
    case 'webhook': {
      const first = outputs[0]!;
      const output = outputs.length === 1 ? (first.data as Record<string, unknown>) : { alerts: outputs.map((each) => each.data) };
      return {
        ...common,
        channel: 'webhook',
        payload: {
          type: plan.outputType,
          timestamp: first.occurredAt,
          data: { dealerId: plan.dealerId, eventId: first.eventId, title: plan.title, body: plan.body, output },
        },
      };
    }
    case 'email':
      return {
        ...common,
        channel: 'email',
        payload: { to: plan.audience === 'dealer' ? (dealer?.name ?? plan.dealerId) : plan.audience, subject: plan.title, text: plan.body, html: plan.html, locale: plan.locale },
      };
    case 'inApp':
      return { ...common, channel: 'inApp', payload: { title: plan.title, body: plan.body, outputType: plan.outputType, locale: plan.locale } };
  }
}
