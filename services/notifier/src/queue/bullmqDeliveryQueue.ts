import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import pLimit, { type LimitFunction } from 'p-limit';
import { createCoalescedWrites } from '../coalescedWrites';
import { toDeliveryError } from '../deliveryErrors';
import type { DeliveryChannel, DeliveryJob } from '../deliveryJob';
import { nextStep, retryDelayMs } from '../retryPolicy';
import { createOwedLedger, type LedgerChange, type OwedLedger } from './bullmqOwedLedger';
import { deliveryBundleSchema, groupByDelay, newBundleId, type BundleEntry } from './deliveryBundle';
import {
  DEFAULT_CLOSE_GRACE_MS,
  DEFAULT_CONCURRENCY,
  JOBS_IN_HAND_PER_SEND,
  type DeliveryHandler,
  type DeliveryQueue,
  type DeliveryQueueOptions,
  type EnqueueOptions,
} from './deliveryQueue';

export interface BullmqDeliveryQueueOptions extends DeliveryQueueOptions {
  redisUrl: string;
  /**
   * Redis key prefix of every queue and ledger key; tests use one per run. Default `dealerflow`. The notifier
   * passes `<DEALERFLOW_QUEUE_PREFIX>:<deploymentId>`, binding the keys to the database they serve.
   */
  prefix?: string;
  /** Told of Redis and worker errors BullMQ reports outside any job (the queue keeps going). */
  onBackendError?: (error: Error) => void;
}

const CHANNELS: readonly DeliveryChannel[] = ['webhook', 'email', 'inApp'];
/** Bundles per addBulk: one pipelined write to Redis instead of one round trip per bundle. */
const MAX_BULK = 1_000;
/**
 * A bundle's own attempts, for faults of Redis itself while it runs (its notifications' attempts are
 * counted one by one); a rerun sends only what the bundle still owns.
 */
const BUNDLE_ATTEMPTS = 3;
const BUNDLE_RETRY_DELAY_MS = 1_000;

interface PendingAdd {
  job: DeliveryJob;
  delayMs: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface NewBundle {
  bundleId: string;
  delayMs: number;
  entries: BundleEntry[];
}

/** Queue names may not contain ':', so `notify-webhook`, `notify-email`, `notify-inApp`. */
export function deliveryQueueName(channel: DeliveryChannel): string {
  return `notify-${channel}`;
}

/**
 * One BullMQ queue per channel on Redis, so a slow SMTP relay never holds webhooks back. The enqueues of
 * one turn of the event loop travel in bundles (deliveryBundle.ts): one BullMQ job per up to 50
 * notifications, sent concurrently within the channel's send slots. Each notification keeps its own
 * attempts: a retriable failure moves it to a bundle of its own, delayed by the retry policy (jitter,
 * Retry-After); a permanent one or the last attempt is reported through `onFailed`. De-duplication: the
 * owed ledger (bullmqOwedLedger.ts) lets only the bundle that owns a notification send it, and right
 * before sending, the caller's record says which it still owes (`stillOwed`): what was delivered is the
 * database's word, never Redis's. The dead-letter list is the caller's notification table; a failed
 * notification is released from the ledger at once, so an operator's retry can enqueue it again.
 */
export function createBullmqDeliveryQueue(options: BullmqDeliveryQueueOptions): DeliveryQueue {
  const random = options.random ?? Math.random;
  const prefix = options.prefix ?? 'dealerflow';
  const onBackendError = options.onBackendError ?? (() => undefined);
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', onBackendError);
  const queues = Object.fromEntries(
    CHANNELS.map((channel) => [channel, new Queue(deliveryQueueName(channel), { connection, prefix })]),
  ) as Record<DeliveryChannel, Queue>;
  for (const queue of Object.values(queues)) queue.on('error', onBackendError);
  const ledgers = Object.fromEntries(
    CHANNELS.map((channel) => [
      channel,
      createOwedLedger(connection, { keyPrefix: `${prefix}:dealerflow-ledger:${channel}`, jobKeyPrefix: queues[channel].toKey('') }),
    ]),
  ) as Record<DeliveryChannel, OwedLedger>;
  // Outcomes finish in bursts (their records are written in bursts): one ledger call per burst.
  const settlers = Object.fromEntries(
    CHANNELS.map((channel) => [channel, createCoalescedWrites<LedgerChange>((changes) => ledgers[channel].settle(changes))]),
  ) as Record<DeliveryChannel, (change: LedgerChange) => Promise<void>>;
  const workers: Worker[] = [];
  let closing: Promise<void> | undefined;
  const pending: Record<DeliveryChannel, PendingAdd[]> = { webhook: [], email: [], inApp: [] };
  /** Ids this process is claiming right now: a repeat arriving meanwhile is the same enqueue. */
  const claiming = new Set<string>();
  const adding = new Set<Promise<void>>();
  let flushQueued = false;

  function flushAdds(): void {
    flushQueued = false;
    for (const channel of CHANNELS) {
      const adds = pending[channel];
      if (adds.length === 0) continue;
      pending[channel] = [];
      const added = enqueueFresh(channel, adds).finally(() => adding.delete(added));
      adding.add(added);
    }
  }

  async function enqueueFresh(channel: DeliveryChannel, adds: PendingAdd[]): Promise<void> {
    const fresh: PendingAdd[] = [];
    for (const add of adds) {
      if (claiming.has(add.job.notificationId)) add.resolve();
      else {
        claiming.add(add.job.notificationId);
        fresh.push(add);
      }
    }
    try {
      const bundles = await Promise.all(
        groupByDelay(fresh, (add) => add.delayMs).map(async (group): Promise<NewBundle> => {
          const bundleId = newBundleId();
          const claimed = await ledgers[channel].claim(bundleId, group.items.map((add) => add.job.notificationId));
          const entries = group.items.filter((_, index) => claimed[index]).map((add) => ({ job: add.job, attempt: 1 }));
          return { bundleId, delayMs: group.delayMs, entries };
        }),
      );
      await addBundles(channel, bundles.filter((bundle) => bundle.entries.length > 0));
      for (const add of fresh) add.resolve();
    } catch (error) {
      // What was claimed points at bundles that do not exist, which the ledger counts as not owed.
      for (const add of fresh) add.reject(error);
    } finally {
      for (const add of fresh) claiming.delete(add.job.notificationId);
    }
  }

  async function addBundles(channel: DeliveryChannel, bundles: NewBundle[]): Promise<void> {
    for (let from = 0; from < bundles.length; from += MAX_BULK) {
      await queues[channel].addBulk(
        bundles.slice(from, from + MAX_BULK).map((bundle) => ({
          name: 'deliver',
          data: { entries: bundle.entries },
          opts: {
            jobId: bundle.bundleId,
            delay: bundle.delayMs,
            attempts: BUNDLE_ATTEMPTS,
            backoff: { type: 'fixed', delay: BUNDLE_RETRY_DELAY_MS },
            removeOnComplete: true,
            removeOnFail: true,
          },
        })),
      );
    }
  }

  /**
   * The entries the caller's record still owes; the others (delivered, failed, or unknown to it) are let go.
   * When the record cannot be asked (its database unreachable) the ledger's word stands: at worst a repeat,
   * which the webhook-id and Message-ID let a receiver drop, never a notification lost.
   */
  async function stillOwedOf(ledger: OwedLedger, entries: BundleEntry[]): Promise<BundleEntry[]> {
    if (options.stillOwed === undefined || entries.length === 0) return entries;
    let owed: boolean[];
    try {
      owed = await options.stillOwed(entries.map((entry) => entry.job.notificationId));
    } catch (error) {
      onBackendError(new Error(`could not ask which notifications are still owed; sending what the bundle owns: ${(error as Error).message}`));
      return entries;
    }
    await ledger.settle(entries.filter((_, index) => !owed[index]).map((entry) => ({ id: entry.job.notificationId, kind: 'released' as const })));
    return entries.filter((_, index) => owed[index]);
  }

  function processorFor(channel: DeliveryChannel, send: DeliveryHandler, sendSlots: LimitFunction) {
    const ledger = ledgers[channel];
    const settle = settlers[channel];

    /**
     * Moves entries out of `bundleId` into a new bundle (a retry's own delay, or what a closing queue did
     * not start): the ledger first, so the new bundle owns them when it runs; back if the add fails.
     */
    async function moveToNewBundle(bundleId: string, entries: BundleEntry[], delayMs: number): Promise<void> {
      if (entries.length === 0) return;
      const newId = newBundleId();
      const ids = entries.map((entry) => entry.job.notificationId);
      await ledger.settle(ids.map((id) => ({ id, kind: 'moved' as const, bundleId: newId })));
      try {
        await addBundles(channel, [{ bundleId: newId, delayMs, entries }]);
      } catch (error) {
        await ledger.settle(ids.map((id) => ({ id, kind: 'moved' as const, bundleId })));
        throw error;
      }
    }

    /** Another attempt later, in a bundle of its own. */
    function retryLater(bundleId: string, entry: BundleEntry, delayMs: number): Promise<void> {
      return moveToNewBundle(bundleId, [{ job: entry.job, attempt: entry.attempt + 1 }], delayMs);
    }

    /** Not recorded means not done: try again, until the attempts run out; then the caller's record still says pending. */
    async function afterRecordError(bundleId: string, entry: BundleEntry): Promise<void> {
      if (entry.attempt >= options.retry.maxAttempts) return settle({ id: entry.job.notificationId, kind: 'released' });
      return retryLater(bundleId, entry, retryDelayMs(options.retry, entry.attempt, undefined, random));
    }

    /** Resolves to the entry itself when it was left unsent because the queue is closing. */
    async function runEntry(bundleId: string, entry: BundleEntry, signal: AbortSignal): Promise<BundleEntry | undefined> {
      const { job, attempt } = entry;
      try {
        // The worker holds more than it sends at once, so that recording outcomes keeps no send slot. p-limit's
        // queue is a linked list: thousands of entries wait here at once, and an array's shift() is O(n) at that size.
        const unsent = await sendSlots(async () => {
          if (closing !== undefined) return true;
          await send(job, signal);
          return false;
        });
        if (unsent) return entry;
      } catch (thrown) {
        const error = toDeliveryError(thrown);
        const step = nextStep(options.retry, attempt, error, random);
        if (step.kind === 'retry') return void (await retryLater(bundleId, entry, step.delayMs));
        try {
          await options.onFailed(job, attempt, error);
        } catch {
          return void (await afterRecordError(bundleId, entry));
        }
        return void (await settle({ id: job.notificationId, kind: 'released' }));
      }
      try {
        await options.onDelivered(job, attempt);
      } catch {
        return void (await afterRecordError(bundleId, entry));
      }
      return void (await settle({ id: job.notificationId, kind: 'released' }));
    }

    // Three declared parameters: BullMQ only hands a processor its AbortSignal when it asks for one.
    return async (bullJob: Job, _token: string | undefined, signal: AbortSignal | undefined): Promise<void> => {
      const parsed = deliveryBundleSchema.safeParse(bullJob.data);
      if (!parsed.success) {
        // Not something this version enqueued: no attempt could send it, and there is no job to report.
        const error = new UnrecoverableError(`job ${bullJob.id} is not a delivery bundle: ${parsed.error.message}`);
        onBackendError(error);
        throw error;
      }
      const bundleId = bullJob.id!;
      const owners = await ledger.owners(parsed.data.entries.map((entry) => entry.job.notificationId));
      const entries = await stillOwedOf(ledger, parsed.data.entries.filter((_, index) => owners[index] === bundleId));
      const attemptSignal = signal ?? new AbortController().signal;
      const results = await Promise.allSettled(entries.map((entry) => runEntry(bundleId, entry, attemptSignal)));
      // Every entry has settled before the bundle fails, so a rerun never overlaps a send in progress.
      const fault = results.find((result) => result.status === 'rejected');
      if (fault !== undefined) throw fault.reason;
      const unsent = results.flatMap((result) => (result.status === 'fulfilled' && result.value !== undefined ? [result.value] : []));
      // What a closing queue did not start goes back to Redis as one bundle, for the next worker to take.
      await moveToNewBundle(bundleId, unsent, 0);
    };
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
        const worker = new Worker(deliveryQueueName(channel), processorFor(channel, send, pLimit(sendsAtOnce)), {
          connection,
          prefix,
          concurrency: sendsAtOnce * JOBS_IN_HAND_PER_SEND,
        });
        worker.on('error', onBackendError);
        worker.on('failed', (bullJob, error) => {
          // A bundle out of its own attempts (Redis faults while it ran): its notifications stay pending in the
          // caller's record until the next start enqueues them again, so say so.
          if (bullJob !== undefined && bullJob.attemptsMade >= (bullJob.opts.attempts ?? 1)) {
            onBackendError(new Error(`bundle ${bullJob.id} on ${deliveryQueueName(channel)} failed for good (its notifications wait for the next start): ${error.message}`));
          }
        });
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
