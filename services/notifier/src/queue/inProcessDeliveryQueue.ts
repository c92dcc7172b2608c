import Denque from 'denque';
import { toDeliveryError } from '../deliveryErrors';
import type { DeliveryChannel, DeliveryJob } from '../deliveryJob';
import { nextStep, retryDelayMs } from '../retryPolicy';
import { DedupeWindow } from './dedupeWindow';
import {
  DEFAULT_CLOSE_GRACE_MS,
  DEFAULT_CONCURRENCY,
  DEFAULT_DEDUPE_WINDOW_MS,
  type DeliveryHandler,
  type DeliveryQueue,
  type DeliveryQueueOptions,
  type EnqueueOptions,
} from './deliveryQueue';

interface Entry {
  job: DeliveryJob;
  failedAttempts: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * The embedded runtime's queue: timers and memory, one lane per channel with its own concurrency, the
 * same retry and de-duplication rules as BullMQ. Jobs not yet started are lost with the process; the
 * caller's notification table says which to enqueue again at start.
 */
export function createInProcessDeliveryQueue(options: DeliveryQueueOptions): DeliveryQueue {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const random = options.random ?? Math.random;
  const delivered = new DedupeWindow(options.dedupeWindowMs ?? DEFAULT_DEDUPE_WINDOW_MS);
  const known = new Map<string, Entry>();
  // Deques, not arrays: a burst queues tens of thousands, and Array#shift() copies the rest at that size.
  const ready: Record<DeliveryChannel, Denque<Entry>> = { webhook: new Denque(), email: new Denque(), inApp: new Denque() };
  /** Sends in progress per channel (an attempt whose outcome is being recorded no longer counts). */
  const sending: Record<DeliveryChannel, number> = { webhook: 0, email: 0, inApp: 0 };
  const inFlight = new Map<Promise<void>, AbortController>();
  let handler: DeliveryHandler | undefined;
  let closing: Promise<void> | undefined;

  function schedule(entry: Entry, delayMs: number): void {
    if (delayMs <= 0) return makeReady(entry);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      makeReady(entry);
    }, delayMs);
  }

  function makeReady(entry: Entry): void {
    ready[entry.job.channel].push(entry);
    pump(entry.job.channel);
  }

  function pump(channel: DeliveryChannel): void {
    const lane = ready[channel];
    while (handler !== undefined && closing === undefined && sending[channel] < concurrency) {
      const entry = lane.shift();
      if (entry === undefined) return;
      run(entry, handler);
    }
  }

  function run(entry: Entry, send: DeliveryHandler): void {
    const channel = entry.job.channel;
    const controller = new AbortController();
    sending[channel] += 1;
    let sent = false;
    const releaseSlot = () => {
      if (sent) return;
      sent = true;
      sending[channel] -= 1;
      pump(channel);
    };
    const attempt = attemptOnce(entry, send, controller.signal, releaseSlot).finally(() => {
      inFlight.delete(attempt);
      releaseSlot();
    });
    inFlight.set(attempt, controller);
  }

  async function attemptOnce(entry: Entry, send: DeliveryHandler, signal: AbortSignal, releaseSlot: () => void): Promise<void> {
    const { job } = entry;
    const attempt = entry.failedAttempts + 1;
    try {
      await send(job, signal);
      releaseSlot();
    } catch (thrown) {
      releaseSlot();
      const error = toDeliveryError(thrown);
      const step = nextStep(options.retry, attempt, error, random);
      if (step.kind === 'retry') return retryLater(entry, step.delayMs);
      try {
        await options.onFailed(job, attempt, error);
      } catch (recordError) {
        return retryLater(entry, retryDelayMs(options.retry, attempt, undefined, random), recordError);
      }
      known.delete(job.notificationId);
      return;
    }
    try {
      await options.onDelivered(job, attempt);
    } catch (recordError) {
      // Not recorded means not done: the caller would otherwise think it still owes the message.
      return retryLater(entry, retryDelayMs(options.retry, attempt, undefined, random), recordError);
    }
    known.delete(job.notificationId);
    delivered.add(job.notificationId);
  }

  function retryLater(entry: Entry, delayMs: number, recordError?: unknown): void {
    entry.failedAttempts += 1;
    const exhausted = recordError !== undefined && entry.failedAttempts >= options.retry.maxAttempts;
    // Closing, or an outcome that could not be recorded after the last attempt: let go of the job; the
    // caller's record still says pending and it is enqueued again at the next start.
    if (closing !== undefined || exhausted) {
      known.delete(entry.job.notificationId);
      return;
    }
    schedule(entry, delayMs);
  }

  return {
    async enqueue(job: DeliveryJob, enqueueOptions: EnqueueOptions = {}) {
      if (closing !== undefined) throw new Error('delivery queue is closed');
      if (known.has(job.notificationId) || delivered.has(job.notificationId)) return;
      const entry: Entry = { job, failedAttempts: 0, timer: undefined };
      known.set(job.notificationId, entry);
      schedule(entry, enqueueOptions.delayMs ?? 0);
    },

    async start(send: DeliveryHandler) {
      if (handler !== undefined) throw new Error('delivery queue already started');
      if (closing !== undefined) throw new Error('delivery queue is closed');
      handler = send;
      for (const channel of Object.keys(ready) as DeliveryChannel[]) pump(channel);
    },

    close() {
      closing ??= (async () => {
        for (const entry of known.values()) if (entry.timer !== undefined) clearTimeout(entry.timer);
        for (const lane of Object.values(ready)) lane.clear();
        const grace = setTimeout(() => {
          for (const controller of inFlight.values()) controller.abort(new Error('delivery queue closing'));
        }, options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS);
        await Promise.allSettled([...inFlight.keys()]);
        clearTimeout(grace);
        known.clear();
      })();
      return closing;
    },
  };
}
