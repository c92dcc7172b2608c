import {
  createDeliveryQueue,
  createWebhookChannel,
  PermanentDeliveryError,
  readNotifierSettings,
  type DeliveryJobOf,
  type DeliveryQueue,
} from '@dealerflow/notifier';
import { BENCH_SKUS, benchStockOutData } from './benchStockOut';
import type { NotifyBackend, PhaseResult } from './phases';
import { peakRssMiB } from './peakRssMiB';
import { percentile } from './percentile';
import { dropRedisPrefix } from './redisProbe';
import { measureOutputToDelivered } from './measureOutputToDelivered';
import { startWebhookReceiver, type WebhookReceiver } from './startWebhookReceiver';

export interface NotifyOptions {
  /** Jobs of the throughput run. */
  jobs: number;
  /** Jobs run at once per channel (DEALERFLOW_NOTIFY_CONCURRENCY). */
  concurrency: number;
  /** How long the latency run feeds, at half the measured rate. */
  seconds: number;
  /** Redis for the BullMQ backend. */
  redisUrl: string;
}

const SECRET = `whsec_${Buffer.from('dealerflow bench webhook secret, 32 bytes').toString('base64')}`;
/** The throughput run enqueues this many at once: the notifier's consumer hands over a batch's plans together. */
const ENQUEUE_WINDOW = 1_000;

/**
 * The delivery path on its own, with real parts: the notifier's queue (BullMQ on Redis, or the
 * in-process queue), the real webhook channel signing each body, and a loopback receiver in another
 * process. Throughput: N distinct stock-alert webhooks enqueued while the queue runs, from the first
 * enqueue to the last `onDelivered`. Latency: output → delivered through the whole notifier
 * (measureOutputToDelivered) with the same queue backend, notifications paced at half that rate.
 */
export async function measureNotify(backend: NotifyBackend, options: NotifyOptions): Promise<PhaseResult> {
  const receiver = await startWebhookReceiver(SECRET);
  const prefix = `dealerflow-bench-${process.pid}-${Date.now()}`;
  const settings = readNotifierSettings({
    REDIS_URL: backend === 'bullmq' ? options.redisUrl : undefined,
    DEALERFLOW_QUEUE_PREFIX: prefix,
    DEALERFLOW_NOTIFY_CONCURRENCY: String(options.concurrency),
    DEALERFLOW_WEBHOOK_SECRET: SECRET,
  });
  const tracker = createDeliveryTracker();
  const queue = createDeliveryQueue(settings, {
    onDelivered: (job) => tracker.delivered(job.notificationId),
    onFailed: (job, attempts, error) => tracker.failed(`${job.notificationId} failed after ${attempts} attempts: ${error.message}`),
    onBackendError: (error) => tracker.failed(`queue backend: ${error.message}`),
  });
  const webhook = createWebhookChannel({ defaultSecret: settings.DEALERFLOW_WEBHOOK_SECRET, timeoutMs: settings.DEALERFLOW_WEBHOOK_TIMEOUT_MS });
  try {
    await queue.start((job, signal) =>
      job.channel === 'webhook' ? webhook.send(job, { signal }) : Promise.reject(new PermanentDeliveryError('the bench sends webhooks only')),
    );
    const throughput = await measureThroughput(queue, tracker, receiver, options.jobs);
    await queue.close();
    const latency = await measureOutputToDelivered({ settings, webhookUrl: receiver.url, rate: throughput.rate / 2, seconds: options.seconds });
    const counts = await receiver.counts();
    const expected = options.jobs + latency.webhooks;
    if (counts.requests !== expected || counts.badSignatures > 0 || counts.duplicates > 0) {
      throw new Error(
        `the receiver saw ${counts.requests} requests for ${expected} webhooks, ${counts.badSignatures} bad signatures, ${counts.duplicates} repeated ids`,
      );
    }
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return {
      phase: backend === 'bullmq' ? 'notify-bullmq' : 'notify-inprocess',
      events: options.jobs,
      seconds: throughput.seconds,
      eventsPerSecond: throughput.rate,
      peakRssMiB: peakRssMiB(),
      latency: {
        targetRate: throughput.rate / 2,
        appends: latency.notifications,
        p50Ms: round(percentile(latency.samples, 50)),
        p99Ms: round(percentile(latency.samples, 99)),
        maxMs: round(percentile(latency.samples, 100)),
        ackP99Ms: round(percentile(latency.commitMs, 99)),
      },
      notify: {
        concurrency: options.concurrency,
        enqueueSeconds: throughput.enqueueSeconds,
        senderCpuMicros: throughput.senderCpuMicros,
        receiverCpuMicros: throughput.receiverCpuMicros,
        latencySeconds: latency.seconds,
        received: counts.requests,
        latencyDatabase: latency.database,
        latencyOutputs: latency.outputs,
      },
    };
  } finally {
    await queue.close();
    await receiver.close();
    if (backend === 'bullmq') await dropRedisPrefix(options.redisUrl, prefix);
  }
}

/** Delivery times by notificationId, and waiting until a set of ids has all been delivered. */
function createDeliveryTracker() {
  const deliveredAt = new Map<string, number>();
  let waiter: { remaining: number; resolve: () => void; reject: (error: Error) => void } | undefined;
  let failure: Error | undefined;
  return {
    delivered(id: string) {
      deliveredAt.set(id, performance.now());
      if (waiter !== undefined && --waiter.remaining === 0) waiter.resolve();
    },
    failed(reason: string) {
      // A bench where a job fails measures nothing: stop at the first failure and say which.
      failure ??= new Error(reason);
      waiter?.reject(failure);
    },
    deliveredAt: (id: string) => deliveredAt.get(id),
    /** Resolves when `count` more jobs than now have been delivered. */
    expect(count: number): Promise<void> {
      if (failure !== undefined) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiter = { remaining: count, resolve, reject };
      });
    },
  };
}

type DeliveryTracker = ReturnType<typeof createDeliveryTracker>;

async function measureThroughput(queue: DeliveryQueue, tracker: DeliveryTracker, receiver: WebhookReceiver, count: number) {
  const jobs = Array.from({ length: count }, (_, index) => stockAlertWebhook(`T${index}`, receiver.url));
  const done = tracker.expect(jobs.length);
  const receiverCpuBefore = await receiver.cpuMicros();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let from = 0; from < jobs.length; from += ENQUEUE_WINDOW) {
    await Promise.all(jobs.slice(from, from + ENQUEUE_WINDOW).map((job) => queue.enqueue(job)));
  }
  const enqueueSeconds = (performance.now() - started) / 1000;
  await done;
  const lastDelivered = Math.max(...jobs.map((job) => tracker.deliveredAt(job.notificationId)!));
  const seconds = (lastDelivered - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const receiverCpu = (await receiver.cpuMicros()) - receiverCpuBefore;
  return {
    seconds,
    rate: jobs.length / seconds,
    enqueueSeconds,
    senderCpuMicros: (cpu.user + cpu.system) / jobs.length,
    receiverCpuMicros: receiverCpu / jobs.length,
  };
}

/**
 * A dealer webhook for one stock-out, shaped as the notifier builds it (deliveryJobOf): API.md's
 * body with the alert's data, a zh-CN title and body, about 700 bytes of JSON.
 */
function stockAlertWebhook(key: string, url: string): DeliveryJobOf<'webhook'> {
  const dealerId = `D-${String(Number(key.slice(1)) % 500).padStart(4, '0')}`;
  const sku = BENCH_SKUS[Number(key.slice(1)) % BENCH_SKUS.length]!;
  const output = benchStockOutData(dealerId, sku, 1, `EV-bench-${key}`);
  return {
    notificationId: `OUT-bench-${key}/dealer/webhook`,
    idempotencyKey: `msg_bench_${key}`,
    channel: 'webhook',
    audience: 'dealer',
    dealerId,
    address: url,
    payload: {
      type: 'stock.alert.raised',
      timestamp: '2026-04-03T09:00:00.000Z',
      data: {
        dealerId,
        eventId: `OUT-bench-${key}`,
        title: `库存告急：${sku} 已缺货`,
        body: `${sku} 现有库存 0，在途 12，已订 30；日均销量 4.3，建议补货 86 件。`,
        output,
      },
    },
  };
}
