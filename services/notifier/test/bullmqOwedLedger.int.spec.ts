import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createBullmqDeliveryQueue } from '../src';
import { createOwedLedger } from '../src/queue/bullmqOwedLedger';
import { requireServer } from '@dealerflow/testkit/testing';
import { dropRedisPrefix, inAppJob, probeRedis, recordOutcomes, sleep, TEST_REDIS_URL, until } from './support';

// The BullMQ adapter's de-duplication on the real Redis: a notification is owed to the bundle job that
// claimed it while that job exists, and a bundle sends only what the caller's record still owes. Without
// Redis the file fails under CI and is skipped elsewhere, with the reason.
const skip = requireServer(`Redis at ${TEST_REDIS_URL}`, await probeRedis(TEST_REDIS_URL));
const prefix = `dealerflow-test-ledger-${process.pid}-${Date.now()}`;

if (skip) it.skip(`the owed ledger of the BullMQ queue — skipped: ${skip}`, () => undefined);

describe.skipIf(skip)('the owed ledger of the BullMQ queue', () => {
  const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('notify-inApp', { connection, prefix });
  afterAll(async () => {
    await queue.close();
    connection.disconnect();
    await dropRedisPrefix(TEST_REDIS_URL, prefix);
  });

  function ledger(name: string) {
    return createOwedLedger(connection, { keyPrefix: `${prefix}:ledger-${name}`, jobKeyPrefix: queue.toKey('') });
  }

  it('owes an id to the first bundle that claims it while that bundle job exists, then to the next claimant', async () => {
    const owed = ledger('exists');
    await queue.add('deliver', { entries: [] }, { jobId: 'b-first', delay: 60_000 });
    expect(await owed.claim('b-first', ['N-1', 'N-2'])).toEqual([true, true]);
    expect(await owed.claim('b-second', ['N-1', 'N-3'])).toEqual([false, true]);
    expect(await owed.owners(['N-1', 'N-2', 'N-3', 'N-4'])).toEqual(['b-first', 'b-first', 'b-second', undefined]);
    // b-second was claimed but never added (a crash between the two): its ids are free again.
    expect(await owed.claim('b-third', ['N-3'])).toEqual([true]);
    await queue.remove('b-first');
    expect(await owed.claim('b-fourth', ['N-1'])).toEqual([true]);
  });

  it('lets a released id go at once and follows a move; it keeps nothing about deliveries', async () => {
    const owed = ledger('settle');
    await queue.add('deliver', { entries: [] }, { jobId: 'b-held', delay: 60_000 });
    await queue.add('deliver', { entries: [] }, { jobId: 'b-retry', delay: 60_000 });
    expect(await owed.claim('b-held', ['D-1', 'D-2'])).toEqual([true, true]);
    await owed.settle([
      { id: 'D-1', kind: 'released' },
      { id: 'D-2', kind: 'moved', bundleId: 'b-retry' },
    ]);
    expect(await owed.owners(['D-1', 'D-2'])).toEqual([undefined, 'b-retry']);
    expect(await owed.claim('b-again', ['D-1', 'D-2'])).toEqual([true, false]);
    expect(await connection.keys(`${prefix}:ledger-settle:*`)).toEqual([`${prefix}:ledger-settle:owed`]);
  });

  it('a bundle sends only what the record still owes, and lets the rest go', async () => {
    const queuePrefix = `${prefix}-owed`;
    const record = new Map([['O-1', true], ['O-2', false], ['O-3', true]]);
    const sent: string[] = [];
    const recorder = recordOutcomes();
    const asked: string[][] = [];
    const deliveries = createBullmqDeliveryQueue({
      redisUrl: TEST_REDIS_URL,
      prefix: queuePrefix,
      retry: { firstDelayMs: 40, maxAttempts: 3, maxDelayMs: 1_000, maxRetryAfterMs: 1_000 },
      ...recorder,
      stillOwed: async (ids) => {
        asked.push([...ids]);
        return ids.map((id) => record.get(id) ?? false);
      },
    });
    try {
      await deliveries.start(async (job) => void sent.push(job.notificationId));
      await Promise.all(['O-1', 'O-2', 'O-3'].map((id) => deliveries.enqueue(inAppJob(id))));
      await until(() => recorder.outcomes.length === 2, 'the two owed');
      await sleep(300);
      expect(sent.sort()).toEqual(['O-1', 'O-3']);
      expect(asked).toEqual([['O-1', 'O-2', 'O-3']]);
      // Let go: once the record owes it (an operator's retry), it is taken and sent.
      record.set('O-2', true);
      await deliveries.enqueue(inAppJob('O-2'));
      await until(() => recorder.outcomes.length === 3, 'the retried one');
      expect(sent.sort()).toEqual(['O-1', 'O-2', 'O-3']);
    } finally {
      await deliveries.close();
      await dropRedisPrefix(TEST_REDIS_URL, queuePrefix);
    }
  });

  it('when the record cannot be asked, a bundle sends what it owns and says so', async () => {
    const queuePrefix = `${prefix}-unasked`;
    const errors: Error[] = [];
    const recorder = recordOutcomes();
    const deliveries = createBullmqDeliveryQueue({
      redisUrl: TEST_REDIS_URL,
      prefix: queuePrefix,
      retry: { firstDelayMs: 40, maxAttempts: 3, maxDelayMs: 1_000, maxRetryAfterMs: 1_000 },
      ...recorder,
      stillOwed: () => Promise.reject(new Error('connection refused')),
      onBackendError: (error) => void errors.push(error),
    });
    try {
      await deliveries.start(async () => undefined);
      await deliveries.enqueue(inAppJob('U-1'));
      await until(() => recorder.outcomes.length === 1, 'the delivery');
      expect(errors.map((error) => error.message)).toEqual([
        'could not ask which notifications are still owed; sending what the bundle owns: connection refused',
      ]);
    } finally {
      await deliveries.close();
      await dropRedisPrefix(TEST_REDIS_URL, queuePrefix);
    }
  });

  it('what a closing queue did not start is taken by the next queue on the same Redis, without any re-enqueue', async () => {
    const queuePrefix = `${prefix}-handback`;
    const retry = { firstDelayMs: 40, maxAttempts: 3, maxDelayMs: 1_000, maxRetryAfterMs: 1_000 };
    const sent: string[] = [];
    const first = createBullmqDeliveryQueue({ redisUrl: TEST_REDIS_URL, prefix: queuePrefix, retry, concurrency: 1, ...recordOutcomes() });
    const ids = Array.from({ length: 12 }, (_, index) => `H-${index}`);
    await first.start(async (job) => {
      sent.push(job.notificationId);
      await sleep(200);
    });
    await Promise.all(ids.map((id) => first.enqueue(inAppJob(id))));
    await until(() => sent.length === 1, 'the first send');
    await first.close();
    const sentByFirst = sent.length;
    expect(sentByFirst).toBeLessThan(ids.length);

    const secondOutcomes = recordOutcomes();
    const second = createBullmqDeliveryQueue({ redisUrl: TEST_REDIS_URL, prefix: queuePrefix, retry, concurrency: 4, ...secondOutcomes });
    try {
      await second.start(async (job) => void sent.push(job.notificationId));
      await until(() => secondOutcomes.outcomes.length === ids.length - sentByFirst, 'the rest, from Redis');
      await sleep(300);
      expect([...sent].sort()).toEqual([...ids].sort());
    } finally {
      await second.close();
      await dropRedisPrefix(TEST_REDIS_URL, queuePrefix);
    }
  });

  it('a second queue on the same Redis (a restart) does not send again what the first still holds or the record calls delivered', async () => {
    const queuePrefix = `${prefix}-restart`;
    const sent: string[] = [];
    const firstOutcomes = recordOutcomes();
    const first = createBullmqDeliveryQueue({ redisUrl: TEST_REDIS_URL, prefix: queuePrefix, retry: { firstDelayMs: 40, maxAttempts: 3, maxDelayMs: 1_000, maxRetryAfterMs: 1_000 }, ...firstOutcomes });
    await first.enqueue(inAppJob('R-done'));
    await first.start(async (job) => void sent.push(job.notificationId));
    await until(() => firstOutcomes.outcomes.length === 1, 'the first delivery');
    await first.enqueue(inAppJob('R-held'), { delayMs: 1_500 });
    await first.close();

    // The same record (one database): R-done is delivered there.
    const secondOutcomes = { ...recordOutcomes(), stillOwed: firstOutcomes.stillOwed };
    const second = createBullmqDeliveryQueue({ redisUrl: TEST_REDIS_URL, prefix: queuePrefix, retry: { firstDelayMs: 40, maxAttempts: 3, maxDelayMs: 1_000, maxRetryAfterMs: 1_000 }, ...secondOutcomes });
    try {
      // What a restart does, from a read of the record taken before R-done's outcome was written: R-done is enqueued too.
      await Promise.all(['R-done', 'R-held', 'R-new'].map((id) => second.enqueue(inAppJob(id))));
      await second.start(async (job) => void sent.push(job.notificationId));
      await until(() => secondOutcomes.outcomes.length === 2, 'the held and the new one');
      await sleep(300);
      expect(sent.sort()).toEqual(['R-done', 'R-held', 'R-new']);
    } finally {
      await second.close();
      await dropRedisPrefix(TEST_REDIS_URL, queuePrefix);
    }
  });
});
