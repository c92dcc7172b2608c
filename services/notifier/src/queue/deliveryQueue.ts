import type { DeliveryError } from '../deliveryErrors';
import type { DeliveryJob } from '../deliveryJob';
import type { RetryPolicy } from '../retryPolicy';

/**
 * The delivery queue port.
 *
 * Why it exists: the notifier runs on Redis/BullMQ in the distributed runtime and on nothing at all in the
 * embedded one, and the consumer that decides what to send must not care which. Both adapters pass one
 * conformance suite (test/deliveryQueue.int.spec.ts): same retries, same de-duplication, same close.
 *
 * What it leaves out, on purpose:
 * - Durability of its own. The notification table in PostgreSQL is the record of what is owed; the
 *   in-process adapter keeps jobs in memory and the caller re-enqueues pending rows at start.
 * - Deciding anything: who hears what, quiet hours and digests are the domain's; holding a message for
 *   quiet hours is an enqueue with `delayMs`.
 * - Priorities, rate limits per receiver, cancelling a queued job.
 *
 * Outcomes go through the callbacks given at construction, awaited before the queue lets go of the job,
 * so a crash between the send and the record repeats the send (at least once) rather than losing it.
 */
export interface DeliveryQueue {
  /**
   * Queues a job, idempotent by notificationId: while a job of that id is waiting, delayed, running or was
   * delivered (in process: within the de-duplication window; on BullMQ: as `stillOwed` says), a second
   * enqueue sends nothing. A job that failed can be enqueued again: that is how an operator retries a dead letter.
   */
  enqueue(job: DeliveryJob, options?: EnqueueOptions): Promise<void>;
  /** Starts running queued jobs through `handler`, each attempt with its own AbortSignal. Call once. */
  start(handler: DeliveryHandler): Promise<void>;
  /**
   * Stops taking jobs and resolves when the jobs in hand have settled (their outcome recorded). If they run
   * past `closeGraceMs` their signals are aborted. Jobs not yet started stay in Redis, or, in process, are
   * dropped for the caller to re-enqueue from its own record.
   */
  close(): Promise<void>;
}

export interface EnqueueOptions {
  /** Not before this many milliseconds from now (quiet hours, a retry the operator scheduled). */
  delayMs?: number;
}

/** Sends one job. Throws a RetriableDeliveryError or a PermanentDeliveryError; anything else counts as retriable. */
export type DeliveryHandler = (job: DeliveryJob, signal: AbortSignal) => Promise<void>;

export interface DeliveryOutcomes {
  /** The job was sent; `attempts` counts every attempt, this one included. */
  onDelivered(job: DeliveryJob, attempts: number): Promise<void> | void;
  /** The job will not be tried again: a permanent error, or the last allowed attempt failed. */
  onFailed(job: DeliveryJob, attempts: number, error: DeliveryError): Promise<void> | void;
  /**
   * Which of these notifications the caller's record still owes, in order: asked by the BullMQ adapter
   * right before a bundle sends, so that what was delivered is decided by the record (the database), not
   * by Redis, whose keys can outlive it (a fresh or restored database). Those not owed are not sent; the
   * caller says why for any it does not know. Default: all owed.
   */
  stillOwed?(notificationIds: readonly string[]): Promise<boolean[]>;
}

export interface DeliveryQueueOptions extends DeliveryOutcomes {
  retry: RetryPolicy;
  /**
   * Sends at once per channel. Default 16. Recording an outcome does not hold a send slot: outcomes
   * are written in bursts, and a slot waiting for that write would idle while receivers wait.
   */
  concurrency?: number;
  /** How long close() lets jobs in hand run before aborting their signals. Default 30 s. */
  closeGraceMs?: number;
  /** In process: how long a delivered notificationId is remembered for de-duplication. Default 1 hour. */
  dedupeWindowMs?: number;
  /** Source of the backoff jitter, in [0, 1). Default Math.random; tests pin it. */
  random?: () => number;
}

export const DEFAULT_CONCURRENCY = 16;
/** Jobs in hand per channel (sending or recording their outcome), as a multiple of `concurrency`. */
export const JOBS_IN_HAND_PER_SEND = 4;
export const DEFAULT_CLOSE_GRACE_MS = 30_000;
export const DEFAULT_DEDUPE_WINDOW_MS = 3_600_000;
/** A cap on remembered ids so a busy hour cannot grow memory without bound. */
export const DEDUPE_MAX_ENTRIES = 100_000;
