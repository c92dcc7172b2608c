import type { DeliveryChannel, DeliveryJob, DeliveryJobOf } from '../deliveryJob';
import type { DeliveryHandler } from '../queue/deliveryQueue';

/**
 * Sends one job on one channel. Resolves when the receiver has it; throws a RetriableDeliveryError or a
 * PermanentDeliveryError, so the queue knows whether another attempt could succeed.
 */
export interface Channel<C extends DeliveryChannel> {
  send(job: DeliveryJobOf<C>, options: { signal: AbortSignal }): Promise<void>;
}

export type Channels = { [C in DeliveryChannel]: Channel<C> };

/** The queue's handler: each job to the channel it names. */
export function createDeliveryHandler(channels: Channels): DeliveryHandler {
  return (job: DeliveryJob, signal: AbortSignal) => {
    switch (job.channel) {
      case 'webhook':
        return channels.webhook.send(job, { signal });
      case 'email':
        return channels.email.send(job, { signal });
      case 'inApp':
        return channels.inApp.send(job, { signal });
      default:
        return assertNever(job);
    }
  };
}

function assertNever(job: never): never {
  throw new Error(`unknown delivery channel in ${JSON.stringify(job)}`);
}
