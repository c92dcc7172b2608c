import { Semaphore } from 'async-mutex';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { RetriableDeliveryError, toDeliveryError } from '../deliveryErrors';
import { deliveryJobSchema, type DeliveryChannel, type DeliveryJob } from '../deliveryJob';
import { nextStep, retryDelayMs } from '../retryPolicy';
import {
  DEDUPE_MAX_ENTRIES,
  DEFAULT_CLOSE_GRACE_MS,
  DEFAULT_CONCURRENCY,
  DEFAULT_DEDUPE_WINDOW_MS,
  JOBS_IN_HAND_PER_SEND,
  type DeliveryHandler,
  type DeliveryQueue,
  type DeliveryQueueOptions,
  type EnqueueOptions,
} from './deliveryQueue';

export interface BullmqDeliveryQueueOptions extends DeliveryQueueOptions {
  redisUrl: string;
  /** Redis key prefix of every queue; tests use one per run. Default `dealerflow`. */
  prefix?: string;
  /** Told of Redis and worker errors BullMQ reports outside any job (the queue keeps going). */
  onBackendError?: (error: Error) => void;
}

const CHANNELS: readonly DeliveryChannel[] = ['webhook', 'email', 'inApp'];
const BACKOFF_TYPE = 'dealerflow';
/** Jobs per addBulk: one pipelined write to Redis instead of one round trip per job. */
const MAX_BULK = 1_000;

interface PendingAdd {
  job: DeliveryJob;
  delayMs: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Queue names may not contain ':', so `notify-webhook`, `notify-email`, `notify-inApp`. */
export function deliveryQueueName(channel: DeliveryChannel): string {
  return `notify-${channel}`;
}

/** BullMQ refuses custom ids that are integers or hold ':'; this keeps any notificationId usable, one to one. */
export function bullmqJobId(notificationId: string): string {
  return `n-${encodeURIComponent(notificationId)}`;
}

/**
 * One BullMQ queue per channel on Redis, so a slow SMTP relay never holds webhooks back. Retries are
 * BullMQ's own (attempts, a custom backoff strategy for the jitter and Retry-After); a permanent error is
 * thrown as UnrecoverableError once its outcome is recorded, which fails the job without a retry. Failed
 * jobs are removed from Redis at once: the dead-letter list is the caller's notification table, and the
 * removal lets an operator's retry enqueue the same id again.
 */
export function createBullmqDeliveryQueue(options: BullmqDeliveryQueueOptions): DeliveryQueue {
  const random = options.random ?? Math.random;
  const prefix = options.prefix ?? 'dealerflow';
  const onBackendError = options.onBackendError ?? (() => undefined);
  const dedupeWindowMs = options.dedupeWindowMs ?? DEFAULT_DEDUPE_WINDOW_MS;
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', onBackendError);
  const queues = Object.fromEntries(
    CHANNELS.map((channel) => [channel, new Queue(deliveryQueueName(channel), { connection, prefix })]),
  ) as Record<DeliveryChannel, Queue>;
  for (const queue of Object.values(queues)) queue.on('error', onBackendError);
  const workers: Worker[] = [];
  let closing: Promise<void> | undefined;
  // Enqueues made in the same turn of the event loop (a consumer batch's plans, Promise.all) go to
  // Redis together, per channel, in addBulk calls. A failed addBulk fails every enqueue it carried.
  const pending: Record<DeliveryChannel, PendingAdd[]> = { webhook: [], email: [], inApp: [] };
  const adding = new Set<Promise<void>>();
  let flushQueued = false;

  function flushAdds(): void {
    flushQueued = false;
    for (const channel of CHANNELS) {
      const adds = pending[channel];
      if (adds.length === 0) continue;
      pending[channel] = [];
      for (let from = 0; from < adds.length; from += MAX_BULK) {
        const added = addBulk(channel, adds.slice(from, from + MAX_BULK)).finally(() => adding.delete(added));
        adding.add(added);
      }
    }
  }

  async function addBulk(channel: DeliveryChannel, adds: PendingAdd[]): Promise<void> {
    try {
      await queues[channel].addBulk(
        adds.map(({ job, delayMs }) => ({
          name: 'deliver',
          data: job,
          opts: {
            jobId: bullmqJobId(job.notificationId),
            delay: delayMs,
            attempts: options.retry.maxAttempts,
            backoff: { type: BACKOFF_TYPE },
            removeOnComplete: { age: Math.ceil(dedupeWindowMs / 1000), count: DEDUPE_MAX_ENTRIES },
            removeOnFail: true,
          },
        })),
      );
      for (const add of adds) add.resolve();
    } catch (error) {
      for (const add of adds) add.reject(error);
    }
  }

  function processorFor(send: DeliveryHandler, sendSlots: Semaphore) {
    // Three declared parameters: BullMQ only hands a processor its AbortSignal when it asks for one.
    return async (bullJob: Job, _token: string | undefined, signal: AbortSignal | undefined): Promise<void> => {
      const parsed = deliveryJobSchema.safeParse(bullJob.data);
      if (!parsed.success) {
        // Not something this version enqueued: no attempt could send it, and there is no job to report.
        const error = new UnrecoverableError(`job ${bullJob.id} is not a delivery job: ${parsed.error.message}`);
        onBackendError(error);
        throw error;
      }
      const job = parsed.data;
      const attempt = bullJob.attemptsMade + 1;
      try {
        // The worker holds more jobs than it sends at once, so that recording outcomes keeps no send slot.
        await sendSlots.runExclusive(() => send(job, signal ?? new AbortController().signal));
      } catch (thrown) {
        const error = toDeliveryError(thrown);
        if (nextStep(options.retry, attempt, error, random).kind === 'retry') throw error;
        await options.onFailed(job, attempt, error);
        throw new UnrecoverableError(error.message);
      }
      await options.onDelivered(job, attempt);
    };
  }

  function backoffStrategy(attemptsMade: number, _type?: string, error?: Error): number {
    const retryAfterMs = error instanceof RetriableDeliveryError ? error.retryAfterMs : undefined;
    return retryDelayMs(options.retry, attemptsMade, retryAfterMs, random);
  }

  return {
    enqueue(job: DeliveryJob, enqueueOptions: EnqueueOptions = {}) {
      if (closing !== undefined) return Promise.reject(new Error('delivery queue is closed'));
      return new Promise<void>((resolve, reject) => {
        pending[job.channel].push({ job, delayMs: Math.max(0, enqueueOptions.delayMs ?? 0), resolve, reject });
        if (!flushQueued) {
          flushQueued = true;
          queueMicrotask(flushAdds);
        }
      });
    },

    async start(send: DeliveryHandler) {
      if (workers.length > 0) throw new Error('delivery queue already started');
      if (closing !== undefined) throw new Error('delivery queue is closed');
      const sendsAtOnce = options.concurrency ?? DEFAULT_CONCURRENCY;
      for (const channel of CHANNELS) {
        const worker = new Worker(deliveryQueueName(channel), processorFor(send, new Semaphore(sendsAtOnce)), {
          connection,
          prefix,
          concurrency: sendsAtOnce * JOBS_IN_HAND_PER_SEND,
          settings: { backoffStrategy },
        });
        worker.on('error', onBackendError);
        workers.push(worker);
      }
      await Promise.all(workers.map((worker) => worker.waitUntilReady()));
    },

    close() {
      closing ??= (async () => {
        const grace = setTimeout(() => {
          for (const worker of workers) worker.cancelAllJobs('delivery queue closing');
        }, options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS);
        try {
          await Promise.all(workers.map((worker) => worker.close()));
        } finally {
          clearTimeout(grace);
        }
        // Enqueues accepted before close() still reach Redis.
        await Promise.allSettled([...adding]);
        await Promise.all(Object.values(queues).map((queue) => queue.close()));
        await connection.quit();
      })();
      return closing;
    },
  };
}
