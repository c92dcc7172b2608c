import { retryPolicyOf, type NotifierSettings } from '../notifierSettings';
import { createBullmqDeliveryQueue } from './bullmqDeliveryQueue';
import type { DeliveryOutcomes, DeliveryQueue } from './deliveryQueue';
import { createInProcessDeliveryQueue } from './inProcessDeliveryQueue';

/** BullMQ when REDIS_URL is set (the distributed runtime), the in-process queue otherwise (embedded). */
export function createDeliveryQueue(
  settings: NotifierSettings,
  outcomes: DeliveryOutcomes & { onBackendError?: (error: Error) => void },
): DeliveryQueue {
  const common = {
    ...outcomes,
    retry: retryPolicyOf(settings),
    concurrency: settings.DEALERFLOW_NOTIFY_CONCURRENCY,
  };
  return settings.REDIS_URL === undefined
    ? createInProcessDeliveryQueue(common)
    : createBullmqDeliveryQueue({ ...common, redisUrl: settings.REDIS_URL, prefix: settings.DEALERFLOW_QUEUE_PREFIX });
}
