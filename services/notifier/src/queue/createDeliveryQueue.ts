import { retryPolicyOf, type NotifierSettings } from '../notifierSettings';
import { createBullmqDeliveryQueue } from './bullmqDeliveryQueue';
import type { DeliveryOutcomes, DeliveryQueue } from './deliveryQueue';
import { deploymentPrefix } from './deploymentId';
import { createInProcessDeliveryQueue } from './inProcessDeliveryQueue';

export interface DeliveryQueueBinding {
  /**
   * The deployment id of the database the queue serves (readDeploymentId): BullMQ's keys are under
   * `<DEALERFLOW_QUEUE_PREFIX>:<deploymentId>`. Absent only where no database is served (the bench's queue alone).
   */
  deploymentId?: string;
}

/** BullMQ when REDIS_URL is set (the distributed runtime), the in-process queue otherwise (embedded). */
export function createDeliveryQueue(
  settings: NotifierSettings,
  outcomes: DeliveryOutcomes & { onBackendError?: (error: Error) => void },
  binding: DeliveryQueueBinding = {},
): DeliveryQueue {
  const common = {
    ...outcomes,
    retry: retryPolicyOf(settings),
    concurrency: settings.DEALERFLOW_NOTIFY_CONCURRENCY,
  };
  if (settings.REDIS_URL === undefined) return createInProcessDeliveryQueue(common);
  const prefix = binding.deploymentId === undefined ? settings.DEALERFLOW_QUEUE_PREFIX : deploymentPrefix(settings.DEALERFLOW_QUEUE_PREFIX, binding.deploymentId);
  return createBullmqDeliveryQueue({ ...common, redisUrl: settings.REDIS_URL, prefix });
}
