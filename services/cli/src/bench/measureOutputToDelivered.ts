import { setTimeout as sleep } from 'node:timers/promises';
import { OUTPUT_TOPIC, type OutputEvent } from '@dealerflow/contracts';
import { notificationIdOf } from '@dealerflow/domain';
import { insertOutputs, silentLogger } from '@dealerflow/runtime';
import { startNotifier, type DeliveryJob, type NotifierSettings } from '@dealerflow/notifier';
import { BENCH_SKUS, benchStockOutData } from './benchStockOut';
import { openBenchRuntime } from './openBenchRuntime';
import type { RuntimeTarget } from './phases';

export interface OutputToDeliveredOptions {
  /** The notifier's settings (queue backend, concurrency, webhook secret). */
  settings: NotifierSettings;
  /** Where the dealers' webhooks go. */
  webhookUrl: string;
  /** Notifications per second to aim at (all audiences and channels together). */
  rate: number;
  seconds: number;
}

export interface OutputToDeliveredFigures {
  database: RuntimeTarget;
  outputs: number;
  /** Notifications delivered, each one a latency sample; `webhooks` of them reached the receiver. */
  notifications: number;
  webhooks: number;
  seconds: number;
  /** Per notification: from the commit of its output to its outcome being recorded as delivered. */
  samples: number[];
  /** How long each commit of outputs took (it waits for the log's write lock). */
  commitMs: number[];
}

const DEALERS = 200;
const TICK_MS = 10;
/** Every output of the run happens at this event time: no quiet hours, no day change in the way. */
const AT = '2026-04-03T09:00:00.000Z';

/**
 * Issue 8's "p99 output → delivered", through the whole notifier: stock-out outputs are committed
 * to `output_log` the way the runner commits them (under the log's write lock, then the consumer is
 * woken), and the notifier started as `dealerflow start` starts it reads them, plans with the
 * domain (a dealer webhook, the dealer's inbox, the operations inbox per stock-out), records the
 * notifications, queues and delivers them and records each outcome. The database is PostgreSQL when
 * `DATABASE_URL` is set, PGlite otherwise; the outputs are paced so that the notifications they
 * plan come at `rate` per second.
 */
export async function measureOutputToDelivered(options: OutputToDeliveredOptions): Promise<OutputToDeliveredFigures> {
  const database: RuntimeTarget = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  const { runtime, dispose } = await openBenchRuntime(database);
  const deliveredAt = new Map<string, number>();
  const failures: string[] = [];
  let webhooks = 0;
  try {
    await registerDealers(runtime, options.webhookUrl);
    const notifier = await startNotifier({
      prisma: runtime.prisma,
      writeLock: runtime.writeLock,
      lockScope: runtime.lockScope,
      watermark: () => runtime.runner.watermark(),
      settings: options.settings,
      logger: silentLogger,
      onOutcome: (job: DeliveryJob, outcome) => {
        if (outcome.kind === 'failed') failures.push(`${job.notificationId}: ${outcome.error}`);
        else {
          deliveredAt.set(job.notificationId, performance.now());
          if (job.channel === 'webhook') webhooks += 1;
        }
      },
    });
    try {
      const committedAt = new Map<string, number>();
      const commitMs: number[] = [];
      const commit = async (outputs: OutputEvent[]) => {
        const asked = performance.now();
        await runtime.writeLock.runExclusive(() => runtime.prisma.$transaction((tx) => insertOutputs(tx, outputs)));
        const at = performance.now();
        commitMs.push(at - asked);
        for (const output of outputs) for (const id of notificationIdsOf(output)) committedAt.set(id, at);
        notifier.wake();
      };
      const outputRate = options.rate / notificationIdsOf(stockOut(0)).length;
      const total = Math.max(1, Math.round(outputRate * options.seconds));
      const started = performance.now();
      let sent = 0;
      const commits: Promise<void>[] = [];
      for (let tick = 1; sent < total; tick += 1) {
        const due = Math.min(total, Math.floor((outputRate * (performance.now() - started)) / 1000)) - sent;
        if (due > 0) {
          commits.push(commit(Array.from({ length: due }, (_, index) => stockOut(sent + index))));
          sent += due;
        }
        const wait = started + tick * TICK_MS - performance.now();
        if (wait > 0) await sleep(wait);
      }
      const seconds = (performance.now() - started) / 1000;
      await Promise.all(commits);
      // Every notification delivered is one of the run's (the database started empty).
      await waitUntil(() => failures.length > 0 || deliveredAt.size >= committedAt.size, 120_000);
      if (failures.length > 0) throw new Error(`notifications failed: ${failures.slice(0, 3).join('; ')}`);
      const samples = [...committedAt].map(([id, at]) => deliveredAt.get(id)! - at);
      return { database, outputs: total, notifications: samples.length, webhooks, seconds, samples, commitMs };
    } finally {
      await notifier.stop();
    }
  } finally {
    await dispose();
  }
}

/** Master data through ingest and the runner, as in production: the planner reads dealers from the pipeline's snapshot. */
async function registerDealers(runtime: Awaited<ReturnType<typeof openBenchRuntime>>['runtime'], webhookUrl: string): Promise<void> {
  const items = Array.from({ length: DEALERS }, (_, index) => ({
    value: {
      eventId: `bench-dealer-${index}`,
      type: 'dealer.upserted',
      schemaVersion: 1,
      occurredAt: '2026-04-01T00:00:00Z',
      dealerId: dealerIdOf(index),
      data: {
        name: `Bench dealer ${index}`,
        tier: index % 5 === 0 ? 'A' : 'B',
        region: index % 2 === 0 ? 'East' : 'North',
        locale: index % 2 === 0 ? 'zh-CN' : 'en',
        currency: 'CNY',
        creditLimit: 500_000,
        paymentTerms: { netDays: 30 },
        contacts: { webhookUrl },
      },
    },
  }));
  const appended = await runtime.eventLog.append(items);
  if (appended.accepted !== DEALERS) throw new Error(`bench dealers: ${JSON.stringify(appended.reasons)}`);
  await runtime.runner.drain();
}

const dealerIdOf = (index: number) => `D-${String(index % DEALERS).padStart(4, '0')}`;

/** The n-th stock-out: its own dealer, SKU and cause, so no two are one digest. */
function stockOut(n: number): OutputEvent {
  const sku = BENCH_SKUS[n % BENCH_SKUS.length]!;
  const dealerId = dealerIdOf(n);
  return {
    eventId: `OUT-e2e-${n}`,
    type: 'stock.alert.raised',
    schemaVersion: 1,
    occurredAt: AT,
    dealerId,
    source: 'stock-worker',
    topic: OUTPUT_TOPIC['stock.alert.raised'],
    data: benchStockOutData(dealerId, sku, n, `EV-e2e-${n}`),
  } as OutputEvent;
}

/** What RULES.md §5 plans for a critical stock-out of a dealer with a webhook and no e-mail (ops has no e-mail set). */
function notificationIdsOf(output: OutputEvent): string[] {
  return [
    notificationIdOf(output.eventId, 'dealer', 'webhook'),
    notificationIdOf(output.eventId, 'dealer', 'inApp'),
    notificationIdOf(output.eventId, 'ops', 'inApp'),
  ];
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`notifications still undelivered after ${timeoutMs / 1000} s`);
    await sleep(20);
  }
}
