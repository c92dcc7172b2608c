import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createBullmqDeliveryQueue } from '../src';
import { createOwedLedger } from '../src/queue/bullmqOwedLedger';
import { requireServer } from '@dealerflow/testkit/testing';
import { dropRedisPrefix, inAppJob, probeRedis, recordOutcomes, sleep, TEST_REDIS_URL, until } from './support';

// The BullMQ adapter's de-duplication on the real Redis: a notification is owed to the bundle job that
// claimed it while that job exists, and a delivered one is remembered for the window only. Without Redis
// the file fails under CI and is skipped elsewhere, with the reason.
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

  function ledger(name: string, windowMs = 60_000, maxEntries = 100) {
    return createOwedLedger(connection, { keyPrefix: `${prefix}:ledger-${name}`, jobKeyPrefix: queue.toKey(''), windowMs, maxEntries });
  }

  it('owes an id to the first bundle that claims it while that bundle job exists, then to the next claimant', async () => {
    const owed = ledger('exists');
    await queue.add('deliver', { entries: [] }, { jobId: 'b-first', delay: 60_000 });
    expect(await owed.claim('b-first', ['N-1', 'N-2'], 1_000)).toEqual([true, true]);
    expect(await owed.claim('b-second', ['N-1', 'N-3'], 1_000)).toEqual([false, true]);
    expect(await owed.owners(['N-1', 'N-2', 'N-3', 'N-4'])).toEqual(['b-first', 'b-first', 'b-second', undefined]);
    // b-second was claimed but never added (a crash between the two): its ids are free again.
    expect(await owed.claim('b-third', ['N-3'], 1_000)).toEqual([true]);
    await queue.remove('b-first');
    expect(await owed.claim('b-fourth', ['N-1'], 1_000)).toEqual([true]);
  });

  it('remembers a delivered id for the window, forgets a released one at once, and follows a move', async () => {
    const owed = ledger('settle', 10_000);
    await queue.add('deliver', { entries: [] }, { jobId: 'b-held', delay: 60_000 });
    expect(await owed.claim('b-held', ['D-1', 'D-2', 'D-3'], 1_000)).toEqual([true, true, true]);
    await owed.settle(
      [
        { id: 'D-1', kind: 'delivered' },
        { id: 'D-2', kind: 'released' },
        { id: 'D-3', kind: 'moved', bundleId: 'b-retry' },
      ],
      2_000,
    );
    expect(await owed.owners(['D-1', 'D-2', 'D-3'])).toEqual([undefined, undefined, 'b-retry']);
    expect(await owed.claim('b-again', ['D-1', 'D-2'], 5_000)).toEqual([false, true]);
    expect(await owed.claim('b-later', ['D-1'], 12_001)).toEqual([true]);
  });

  it('keeps at most maxEntries delivered ids, the newest', async () => {
    const owed = ledger('cap', 60_000, 3);
    const ids = ['C-1', 'C-2', 'C-3', 'C-4', 'C-5'];
    await owed.settle(ids.map((id) => ({ id, kind: 'delivered' as const })), 1_000);
    await owed.settle([{ id: 'C-6', kind: 'delivered' }], 1_001);
    const remembered = await connection.zrange(`${prefix}:ledger-cap:delivered`, 0, -1);
    expect(remembered).toHaveLength(3);
    expect(remembered).toContain('C-6');
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

  it('a second queue on the same Redis (a restart) does not send again what the first still holds or delivered', async () => {
    const queuePrefix = `${prefix}-restart`;
    const sent: string[] = [];
    const firstOutcomes = recordOutcomes();
    const first = createBullmqDeliveryQueue({ redisUrl: TEST_REDIS_URL, prefix: queuePrefix, retry: { firstDelayMs: 40, maxAttempts: 3, maxDelayMs: 1_000, maxRetryAfterMs: 1_000 }, ...firstOutcomes });
    await first.enqueue(inAppJob('R-done'));
    await first.start(async (job) => void sent.push(job.notificationId));
    await until(() => firstOutcomes.outcomes.length === 1, 'the first delivery');
    await first.enqueue(inAppJob('R-held'), { delayMs: 1_500 });
    await first.close();

    const secondOutcomes = recordOutcomes();
    const second = createBullmqDeliveryQueue({ redisUrl: TEST_REDIS_URL, prefix: queuePrefix, retry: { firstDelayMs: 40, maxAttempts: 3, maxDelayMs: 1_000, maxRetryAfterMs: 1_000 }, ...secondOutcomes });
    try {
      // What a restart does: enqueue every notification its record still calls pending.
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
