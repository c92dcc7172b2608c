import { Redis } from 'ioredis';
import { notifyPolicySchema, WORKERS } from '@dealerflow/domain';
import { resolvePolicies } from '@dealerflow/runtime';
import type { ServerProbe } from '@dealerflow/testkit/testing';
import type { DeliveryJob, DeliveryJobOf } from '../src';

export function inAppJob(notificationId: string): DeliveryJobOf<'inApp'> {
  return {
    notificationId,
    idempotencyKey: `key-${notificationId}`,
    channel: 'inApp',
    audience: 'dealer',
    dealerId: 'D-1',
    address: null,
    payload: { title: 'Stock-out', body: 'SKU-1 is out of stock', outputType: 'stock.alert.raised', locale: 'en' },
  };
}

export function webhookJob(notificationId: string, address: string | null): DeliveryJobOf<'webhook'> {
  return {
    notificationId,
    idempotencyKey: `msg_${notificationId}`,
    channel: 'webhook',
    audience: 'dealer',
    dealerId: 'D-1',
    address,
    payload: {
      type: 'stock.alert.raised',
      timestamp: '2026-04-03T09:00:00.000Z',
      data: {
        dealerId: 'D-1',
        eventId: `OUT-${notificationId}`,
        title: '库存告急：SKU-1',
        body: 'SKU-1 库存为零，预计缺货 5 天。',
        output: { sku: 'SKU-1', kind: 'stockout', severity: 'critical', onHand: 0 },
      },
    },
  };
}

/** Polls until `check` holds, for outcomes that arrive from timers and other connections. */
export async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Outcome {
  kind: 'delivered' | 'failed';
  notificationId: string;
  attempts: number;
  error?: Error;
}

/**
 * The queue's callbacks, recording what they are told, and a record's answer to `stillOwed`: owed unless
 * delivered (an enqueue after a failure stands for an operator's retry, which makes the row pending again).
 */
export function recordOutcomes() {
  const outcomes: Outcome[] = [];
  return {
    outcomes,
    onDelivered: (job: DeliveryJob, attempts: number) => {
      outcomes.push({ kind: 'delivered', notificationId: job.notificationId, attempts });
    },
    onFailed: (job: DeliveryJob, attempts: number, error: Error) => {
      outcomes.push({ kind: 'failed', notificationId: job.notificationId, attempts, error });
    },
    stillOwed: async (ids: readonly string[]) => {
      const delivered = new Set(outcomes.filter((outcome) => outcome.kind === 'delivered').map((outcome) => outcome.notificationId));
      return ids.map((id) => !delivered.has(id));
    },
  };
}

export const TEST_REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

export async function probeRedis(url: string): Promise<ServerProbe> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // ioredis rejects with "Connection is closed."; the socket's own error (ECONNREFUSED …) says why.
  let socketError: Error | undefined;
  client.on('error', (error: Error) => {
    socketError ??= error;
  });
  try {
    await client.connect();
    await client.ping();
    return { reachable: true };
  } catch (error) {
    return { reachable: false, reason: describeError(socketError ?? error) };
  } finally {
    client.disconnect();
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message || (error as NodeJS.ErrnoException).code || error.name;
}

/** Deletes every key under a test prefix. */
export async function dropRedisPrefix(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

/**
 * The stock worker telling each alert as it is raised: no opening summary, no daily digest, no slow movers (issue 21's
 * defaults). These suites are about the notifier (bundles, quiet hours, retries, signatures), and their
 * stories are a few stock-outs and a low-stock alert told one by one.
 */
export const ALERTS_ONE_BY_ONE = resolvePolicies(WORKERS, { stock: { openingSummary: false, dailyDigest: false, slowMoverDailySales: 0, slowMoverWaitDays: 0 } });

/** With no daily digest, the dealer hears its high stock alerts one by one too (the routing before issue 21). */
export const DEALER_HEARS_HIGH = notifyPolicySchema.parse({ audiences: { dealer: { stockSeverities: ['critical', 'high'] } } });
