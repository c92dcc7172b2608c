import { afterEach, describe, expect, it } from 'vitest';
import {
  createBullmqDeliveryQueue,
  createInProcessDeliveryQueue,
  PermanentDeliveryError,
  RetriableDeliveryError,
  retryPolicySchema,
  type DeliveryHandler,
  type DeliveryQueue,
  type DeliveryQueueOptions,
} from '../src';
import { requireServer } from '@dealerflow/testkit/testing';
import { dropRedisPrefix, inAppJob, probeRedis, recordOutcomes, sleep, TEST_REDIS_URL, until } from './support';

// One behavioural suite for the DeliveryQueue port, run against every adapter. The BullMQ half runs on the
// Redis at REDIS_URL (else 127.0.0.1:6379) under a prefix of its own per queue, deleted afterwards; when
// Redis does not answer, the file fails under CI and the BullMQ half is skipped elsewhere, with the reason.
const redisSkip = requireServer(`Redis at ${TEST_REDIS_URL}`, await probeRedis(TEST_REDIS_URL));
const runId = `dealerflow-test-${process.pid}-${Date.now()}`;
let queueCount = 0;

interface Adapter {
  name: string;
  skip: string | false;
  create(options: DeliveryQueueOptions): { queue: DeliveryQueue; cleanup(): Promise<void> };
}

const adapters: Adapter[] = [
  {
    name: 'the in-process queue',
    skip: false,
    create: (options) => ({ queue: createInProcessDeliveryQueue(options), cleanup: async () => undefined }),
  },
  {
    name: 'BullMQ on Redis',
    skip: redisSkip,
    create(options) {
      queueCount += 1;
      const prefix = `${runId}-${queueCount}`;
      return {
        queue: createBullmqDeliveryQueue({ ...options, redisUrl: TEST_REDIS_URL, prefix }),
        cleanup: () => dropRedisPrefix(TEST_REDIS_URL, prefix),
      };
    },
  },
];

const fastRetries = retryPolicySchema.parse({ firstDelayMs: 40, maxAttempts: 4 });

describe.each(adapters)('$name', (adapter) => {
  const test = it.skipIf(adapter.skip);
  if (adapter.skip) it.skip(`skipped: ${adapter.skip}`, () => undefined);

  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  function open(options: Partial<DeliveryQueueOptions> = {}) {
    const recorder = recordOutcomes();
    const { queue, cleanup } = adapter.create({ retry: fastRetries, random: () => 0.5, ...recorder, ...options });
    cleanups.push(async () => {
      await queue.close();
      await cleanup();
    });
    return { queue, outcomes: recorder.outcomes };
  }

  test('retries a retriable failure with backoff, then reports one delivery with its attempt count', async () => {
    const { queue, outcomes } = open();
    const calls: number[] = [];
    const handler: DeliveryHandler = async (job, signal) => {
      expect(signal).toBeInstanceOf(AbortSignal);
      calls.push(Date.now());
      if (calls.length <= 2) throw new RetriableDeliveryError('HTTP 503');
    };
    await queue.start(handler);
    await queue.enqueue(inAppJob('N-retry'));
    await until(() => outcomes.length === 1, 'the delivery');
    await sleep(200);
    expect(outcomes).toEqual([{ kind: 'delivered', notificationId: 'N-retry', attempts: 3 }]);
    expect(calls).toHaveLength(3);
  });

  test('honours a Retry-After: the next attempt waits at least that long', async () => {
    const { queue, outcomes } = open({ random: () => 0 });
    const calls: number[] = [];
    await queue.start(async () => {
      calls.push(Date.now());
      if (calls.length === 1) throw new RetriableDeliveryError('HTTP 429', { retryAfterMs: 700 });
    });
    await queue.enqueue(inAppJob('N-after'));
    await until(() => outcomes.length === 1, 'the delivery');
    expect(outcomes[0]).toMatchObject({ kind: 'delivered', attempts: 2 });
    expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(690);
  });

  test('fails a permanent error at once, without a retry', async () => {
    const { queue, outcomes } = open();
    let calls = 0;
    await queue.start(async () => {
      calls += 1;
      throw new PermanentDeliveryError('HTTP 400');
    });
    await queue.enqueue(inAppJob('N-permanent'));
    await until(() => outcomes.length === 1, 'the failure');
    await sleep(300);
    expect(calls).toBe(1);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ kind: 'failed', notificationId: 'N-permanent', attempts: 1 });
    expect(outcomes[0]?.error).toBeInstanceOf(PermanentDeliveryError);
    expect(outcomes[0]?.error?.message).toBe('HTTP 400');
  });

  test('fails after the last allowed attempt, and an unclassified error counts as retriable', async () => {
    const { queue, outcomes } = open();
    let calls = 0;
    await queue.start(async () => {
      calls += 1;
      throw new Error('connection reset');
    });
    await queue.enqueue(inAppJob('N-exhausted'));
    await until(() => outcomes.length === 1, 'the failure');
    await sleep(300);
    expect(calls).toBe(4);
    expect(outcomes[0]).toMatchObject({ kind: 'failed', attempts: 4 });
    expect(outcomes[0]?.error).toBeInstanceOf(RetriableDeliveryError);
    expect(outcomes[0]?.error?.message).toBe('connection reset');
  });

  test('ignores a second enqueue of the same notificationId, queued or already delivered', async () => {
    const { queue, outcomes } = open();
    const seen: string[] = [];
    await queue.enqueue(inAppJob('N-dup'));
    await queue.enqueue(inAppJob('N-dup'));
    await queue.start(async (job) => {
      seen.push(job.notificationId);
    });
    await until(() => outcomes.length === 1, 'the delivery');
    await queue.enqueue(inAppJob('N-dup'));
    await queue.enqueue(inAppJob('N-other'));
    await until(() => outcomes.length === 2, 'the second delivery');
    await sleep(300);
    expect(seen).toEqual(['N-dup', 'N-other']);
    expect(outcomes.map((o) => o.notificationId)).toEqual(['N-dup', 'N-other']);
  });

  test('enqueues made together (a batch of plans) each run once, a repeated id among them included', async () => {
    const { queue, outcomes } = open();
    const seen: string[] = [];
    await queue.start(async (job) => {
      seen.push(job.notificationId);
    });
    const ids = ['N-b1', 'N-b2', 'N-b1', 'N-b3'];
    await Promise.all(ids.map((id) => queue.enqueue(inAppJob(id))));
    await until(() => outcomes.length === 3, 'the three deliveries');
    await sleep(300);
    expect(seen.sort()).toEqual(['N-b1', 'N-b2', 'N-b3']);
    expect(outcomes.every((o) => o.kind === 'delivered' && o.attempts === 1)).toBe(true);
  });

  test('a burst enqueued together is retried, failed and reported one notification at a time', async () => {
    const { queue, outcomes } = open({ concurrency: 8 });
    const calls = new Map<string, number>();
    await queue.start(async (job) => {
      const n = Number(job.notificationId.slice('N-burst-'.length));
      const call = (calls.get(job.notificationId) ?? 0) + 1;
      calls.set(job.notificationId, call);
      if (n === 7) throw new PermanentDeliveryError('HTTP 410');
      if (n % 3 === 0 && call === 1) throw new RetriableDeliveryError('HTTP 503');
    });
    // 130 at once: more than one BullMQ bundle, so ids of several bundles fail, retry and succeed.
    const ids = Array.from({ length: 130 }, (_, index) => `N-burst-${index}`);
    await Promise.all(ids.map((id) => queue.enqueue(inAppJob(id))));
    await until(() => outcomes.length === ids.length, 'an outcome for every notification');
    await sleep(300);
    expect(outcomes).toHaveLength(ids.length);
    const byId = new Map(outcomes.map((outcome) => [outcome.notificationId, outcome]));
    expect(byId.size).toBe(ids.length);
    for (const [index, id] of ids.entries()) {
      const outcome = byId.get(id)!;
      if (index === 7) expect(outcome).toMatchObject({ kind: 'failed', attempts: 1 });
      else expect(outcome).toMatchObject({ kind: 'delivered', attempts: index % 3 === 0 ? 2 : 1 });
      expect(calls.get(id)).toBe(index % 3 === 0 && index !== 7 ? 2 : 1);
    }
  });

  test('takes a failed notificationId again: an operator retry from the dead-letter list', async () => {
    const { queue, outcomes } = open();
    let calls = 0;
    await queue.start(async () => {
      calls += 1;
      if (calls === 1) throw new PermanentDeliveryError('no webhook URL');
    });
    await queue.enqueue(inAppJob('N-dead'));
    await until(() => outcomes.length === 1, 'the failure');
    await queue.enqueue(inAppJob('N-dead'));
    await until(() => outcomes.length === 2, 'the retried delivery');
    expect(outcomes.map((o) => `${o.kind}/${o.attempts}`)).toEqual(['failed/1', 'delivered/1']);
  });

  test('does not run a delayed job before its delay, and runs others meanwhile', async () => {
    const { queue, outcomes } = open();
    const startedAt = new Map<string, number>();
    await queue.start(async (job) => {
      startedAt.set(job.notificationId, Date.now());
    });
    const enqueuedAt = Date.now();
    await queue.enqueue(inAppJob('N-later'), { delayMs: 1_000 });
    await queue.enqueue(inAppJob('N-now'));
    await until(() => outcomes.length === 2, 'both deliveries');
    expect(outcomes.map((o) => o.notificationId)).toEqual(['N-now', 'N-later']);
    expect(startedAt.get('N-later')! - enqueuedAt).toBeGreaterThanOrEqual(990);
  });

  test('a job whose outcome is still being recorded holds no send slot, and counts as delivered only once recorded', async () => {
    let releaseRecord: () => void = () => undefined;
    const recorded: string[] = [];
    const { queue } = open({
      concurrency: 1,
      onDelivered: async (job) => {
        if (job.notificationId === 'N-slow-record') await new Promise<void>((resolve) => (releaseRecord = resolve));
        recorded.push(job.notificationId);
      },
    });
    const sent: string[] = [];
    await queue.start(async (job) => void sent.push(job.notificationId));
    await queue.enqueue(inAppJob('N-slow-record'));
    await until(() => sent.length === 1, 'the first send');
    await queue.enqueue(inAppJob('N-next'));
    await until(() => recorded.includes('N-next'), 'the second job, sent while the first outcome is recorded');
    expect(sent).toEqual(['N-slow-record', 'N-next']);
    expect(recorded).toEqual(['N-next']);
    await queue.enqueue(inAppJob('N-slow-record'));
    releaseRecord();
    await until(() => recorded.includes('N-slow-record'), 'the first outcome');
    await sleep(200);
    // The repeat enqueued while its outcome was being recorded was the same job: sent once.
    expect(sent).toEqual(['N-slow-record', 'N-next']);
  });

  test('close() waits for the job in hand and records its outcome first', async () => {
    const { queue, outcomes } = open();
    let started = false;
    await queue.start(async () => {
      started = true;
      await sleep(400);
    });
    await queue.enqueue(inAppJob('N-in-hand'));
    await until(() => started, 'the job to start');
    await queue.close();
    expect(outcomes).toEqual([{ kind: 'delivered', notificationId: 'N-in-hand', attempts: 1 }]);
  });

  test('close() starts nothing new: the sends in progress finish and are recorded, the rest waits', async () => {
    const { queue, outcomes } = open({ concurrency: 2 });
    const started: string[] = [];
    await queue.start(async (job) => {
      started.push(job.notificationId);
      await sleep(300);
    });
    await Promise.all(Array.from({ length: 20 }, (_, index) => queue.enqueue(inAppJob(`N-closing-${index}`))));
    await until(() => started.length === 2, 'the first two sends');
    const closedAt = Date.now();
    await queue.close();
    expect(Date.now() - closedAt).toBeLessThan(2_000);
    expect(started).toHaveLength(2);
    expect(outcomes.map((outcome) => outcome.notificationId).sort()).toEqual([...started].sort());
  });

  test('close() aborts the signal of a job that outlives the grace period', async () => {
    const { queue, outcomes } = open({ closeGraceMs: 100 });
    let started = false;
    await queue.start(
      (_job, signal) =>
        new Promise<void>((_resolve, reject) => {
          started = true;
          signal.addEventListener('abort', () => reject(new RetriableDeliveryError('attempt cancelled')));
        }),
    );
    await queue.enqueue(inAppJob('N-stuck'));
    await until(() => started, 'the job to start');
    await queue.close();
    expect(outcomes).toEqual([]);
  });
});
