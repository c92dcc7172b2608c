import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { deliveryJobSchema } from '../deliveryJob';

/**
 * What one BullMQ job carries: up to BUNDLE_SIZE notifications of one channel enqueued together with
 * the same delay, each with the attempt it is on. BullMQ costs two Lua calls on Redis per job, so one
 * job per notification made Redis and BullMQ's client most of the cost of a webhook
 * (docs/performance.md); a bundle pays that once for many. Each notification is still retried, failed
 * and recorded on its own: a retry leaves its bundle for a bundle of its own with its own delay.
 */
export const deliveryBundleSchema = z.object({
  entries: z
    .array(
      z.object({
        job: deliveryJobSchema,
        /** 1-based: the attempt this run makes. */
        attempt: z.number().int().min(1),
      }),
    )
    .min(1),
});

export type DeliveryBundle = z.infer<typeof deliveryBundleSchema>;
export type BundleEntry = DeliveryBundle['entries'][number];

/** Notifications per bundle at most: enough to amortize BullMQ's per-job cost, few enough to spread over workers. */
export const BUNDLE_SIZE = 50;

/** BullMQ refuses custom ids that are integers or hold ':'. */
export function newBundleId(): string {
  return `b-${randomUUID()}`;
}

/** Splits items into runs of at most `size` that share a delay, in the order given within each delay. */
export function groupByDelay<T>(items: readonly T[], delayOf: (item: T) => number, size = BUNDLE_SIZE): { delayMs: number; items: T[] }[] {
  const byDelay = new Map<number, T[]>();
  for (const item of items) {
    const delayMs = delayOf(item);
    const list = byDelay.get(delayMs);
    if (list === undefined) byDelay.set(delayMs, [item]);
    else list.push(item);
  }
  const groups: { delayMs: number; items: T[] }[] = [];
  for (const [delayMs, list] of byDelay) {
    for (let from = 0; from < list.length; from += size) groups.push({ delayMs, items: list.slice(from, from + size) });
  }
  return groups;
}
