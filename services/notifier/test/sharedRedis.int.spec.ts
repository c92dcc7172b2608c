import { cpSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { InputEvent } from '@dealerflow/contracts';
import { createEventBuilder } from '@dealerflow/contracts/testing';
import { createScratchDatabase, DEFAULT_TEST_POSTGRES_URL, probePostgres } from '@dealerflow/db/testing';
import { openEmbeddedRuntime, silentLogger, type EmbeddedRuntime, type EmbeddedRuntimeOptions, type RuntimeLogger } from '@dealerflow/runtime';
import { readNotifierSettings, startNotifier, type Notifier } from '../src';
import { requireServer } from '@dealerflow/testkit/testing';
import { ALERTS_ONE_BY_ONE, dropRedisPrefix, probeRedis, TEST_REDIS_URL } from './support';

// Issue 18, defect 5: BullMQ's keys on Redis outlive the database. A fresh database on a Redis that an
// earlier deployment used, or a restored one, must deliver everything it owes. Real Redis, PGlite and
// PostgreSQL; without them the file fails under CI and is skipped elsewhere, with the reason.
const SECRET = `whsec_${Buffer.from('dealerflow shared redis test secret').toString('base64')}`;
const redisSkip = requireServer(`Redis at ${TEST_REDIS_URL}`, await probeRedis(TEST_REDIS_URL));
const postgres = await probePostgres(process.env.DATABASE_URL || DEFAULT_TEST_POSTGRES_URL);
const postgresSkip = requireServer(`PostgreSQL at ${postgres.serverUrl}`, postgres);
const prefixes: string[] = [];
const drops: Array<() => Promise<void>> = [];
afterAll(async () => {
  if (!redisSkip) await Promise.all(prefixes.map((prefix) => dropRedisPrefix(TEST_REDIS_URL, prefix)));
  await Promise.all(drops.map((drop) => drop()));
});

type Location = Pick<EmbeddedRuntimeOptions, 'dataDir' | 'databaseUrl'>;

interface Database {
  name: string;
  skip: string | false;
  fresh(): Promise<Location>;
  /** A copy of a closed database: what a backup taken then gives back when restored. */
  copy(location: Location): Promise<Location>;
}

const databases: Database[] = [
  {
    name: 'PGlite',
    skip: false,
    fresh: async () => ({ dataDir: mkdtempSync(join(tmpdir(), 'dealerflow-shared-redis-')) }),
    async copy(location) {
      const dataDir = mkdtempSync(join(tmpdir(), 'dealerflow-restored-'));
      cpSync(location.dataDir!, dataDir, { recursive: true });
      return { dataDir };
    },
  },
  {
    name: 'PostgreSQL',
    skip: postgresSkip,
    async fresh() {
      const database = await createScratchDatabase(postgres.serverUrl);
      drops.push(() => database.drop());
      return { databaseUrl: database.url };
    },
    async copy(location) {
      const source = new URL(location.databaseUrl!).pathname.slice(1);
      const name = `${source}_restored`;
      await onServer((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${source}"`));
      drops.push(() => onServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));
      const url = new URL(location.databaseUrl!);
      url.pathname = `/${name}`;
      return { databaseUrl: url.toString() };
    },
  },
];

async function onServer(fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: postgres.serverUrl });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

/** Every webhook request, answered 204. */
async function startReceiver() {
  const ids: string[] = [];
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      ids.push(String(request.headers['webhook-id']));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    ids,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Three tier-A dealers with webhooks; then stock-outs (critical: sent at once), one SKU an hour. */
function story(webhookUrl: string) {
  const e = createEventBuilder();
  const dealers = ['D-1', 'D-2', 'D-3'];
  const skus = ['SKU-1', 'SKU-2', 'SKU-3', 'SKU-4'];
  const setup: InputEvent[] = [
    ...dealers.map((dealerId) =>
      e('dealer.upserted', '2026-03-01T00:00:00Z', {
        name: `Dealer ${dealerId}`, tier: 'A', region: 'East', locale: 'en', timezone: 'UTC', currency: 'CNY',
        creditLimit: 10_000, paymentTerms: { netDays: 30 }, contacts: { webhookUrl },
      }, { dealerId })),
    ...skus.map((sku) => e('product.upserted', '2026-03-01T00:00:00Z', { sku, name: sku, category: 'pumps', unitPrice: 100 })),
    ...dealers.map((dealerId) =>
      e('dealer.sales.reported', '2026-03-01T10:00:00Z', { date: '2026-03-01', items: skus.map((sku) => ({ sku, qty: 3 })) }, { dealerId })),
  ];
  const stockOuts = skus.flatMap((sku, hour) =>
    dealers.map((dealerId) =>
      e('dealer.stock.reported', `2026-03-02T${String(9 + hour).padStart(2, '0')}:00:00Z`, { items: [{ sku, onHand: 0 }] }, { dealerId })),
  );
  return { setup, stockOuts };
}

/** What an operator sets once for every deployment on this Redis: the same DEALERFLOW_QUEUE_PREFIX. */
function sharedPrefix(): string {
  const prefix = `dealerflow-test-shared-${process.pid}-${Date.now()}-${prefixes.length}`;
  prefixes.push(prefix);
  return prefix;
}

async function open(location: Location, prefix: string, logger: RuntimeLogger = silentLogger) {
  const runtime = await openEmbeddedRuntime({ ...location, policies: ALERTS_ONE_BY_ONE });
  const notifier = await startNotifier({
    prisma: runtime.prisma,
    writeLock: runtime.writeLock,
    lockScope: runtime.lockScope,
    watermark: () => runtime.runner.watermark(),
    settings: readNotifierSettings({ REDIS_URL: TEST_REDIS_URL, DEALERFLOW_QUEUE_PREFIX: prefix, DEALERFLOW_WEBHOOK_SECRET: SECRET, DEALERFLOW_NOTIFY_BACKOFF_MS: '20' }),
    logger,
  });
  return {
    runtime,
    notifier,
    async close() {
      await notifier.stop();
      await runtime.close();
    },
  };
}

async function feed(runtime: EmbeddedRuntime, notifier: Notifier, events: readonly object[]) {
  await runtime.eventLog.append(events.map((value) => ({ value })));
  await runtime.runner.drain();
  await notifier.consumer.drain();
}

async function rows(runtime: EmbeddedRuntime) {
  return runtime.prisma.$queryRawUnsafe<{ notification_id: string; idempotency_key: string; channel: string; status: string }[]>(
    `SELECT notification_id, idempotency_key, channel, status FROM notification ORDER BY notification_id`,
  );
}

/** Waits until no notification is pending; fails naming those still pending after 10 s. */
async function settled(runtime: EmbeddedRuntime) {
  for (let i = 0; i < 400; i += 1) {
    if ((await rows(runtime)).every((row) => row.status !== 'pending')) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const pending = (await rows(runtime)).filter((row) => row.status === 'pending');
  throw new Error(`${pending.length} notifications still pending, e.g. ${pending[0]?.notification_id}`);
}

/** Every notification delivered, a webhook received for each webhook row, an inbox row for each in-app one, each told as delivered. */
async function expectAllDelivered(runtime: EmbeddedRuntime, webhookIds: readonly string[]) {
  const all = await rows(runtime);
  expect(all.length).toBeGreaterThanOrEqual(20);
  expect(all.filter((row) => row.status !== 'delivered')).toEqual([]);
  const webhooks = all.filter((row) => row.channel === 'webhook').map((row) => row.idempotency_key);
  expect([...new Set(webhookIds)].sort()).toEqual(webhooks.sort());
  const inApp = all.filter((row) => row.channel === 'inApp');
  const inbox = await runtime.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM notification_inbox`);
  expect(inbox[0]!.n).toBe(inApp.length);
  const told = await runtime.outputs.read({ topic: 'dealer.notifications.v1', limit: 10_000 });
  const types = told.lines.map((line) => (JSON.parse(line) as { type: string }).type);
  expect(types.filter((type) => type === 'notification.delivered')).toHaveLength(all.length);
}

describe.each(databases.map((database) => ({ ...database, skip: database.skip || redisSkip })))('on $name and one Redis, BullMQ', (database) => {
  const test = it.skipIf(database.skip);
  if (database.skip) it.skip(`skipped: ${database.skip}`, () => undefined);

  test('two fresh databases on one Redis (the same queue prefix) each deliver every notification, the first still running', async () => {
    const receiver = await startReceiver();
    const prefix = sharedPrefix();
    const events = story(receiver.url);
    const first = await open(await database.fresh(), prefix);
    const second = await open(await database.fresh(), prefix);
    try {
      await feed(first.runtime, first.notifier, [...events.setup, ...events.stockOuts]);
      await settled(first.runtime);
      await expectAllDelivered(first.runtime, receiver.ids);
      const firstIds = [...receiver.ids];

      // The same events into a database of its own: the same notification ids, which the first deployment delivered.
      receiver.ids.length = 0;
      await feed(second.runtime, second.notifier, [...events.setup, ...events.stockOuts]);
      await settled(second.runtime);
      await expectAllDelivered(second.runtime, receiver.ids);
      expect([...receiver.ids].sort()).toEqual([...firstIds].sort());
    } finally {
      await second.close();
      await first.close();
      await receiver.close();
    }
  });

  test('a database restored from a backup delivers what it owes, though the same deployment delivered it before the restore', async () => {
    const receiver = await startReceiver();
    const prefix = sharedPrefix();
    const events = story(receiver.url);
    const location = await database.fresh();
    const before = await open(location, prefix);
    await feed(before.runtime, before.notifier, events.setup);
    await before.close();
    const backup = await database.copy(location);

    const live = await open(location, prefix);
    try {
      await feed(live.runtime, live.notifier, events.stockOuts);
      await settled(live.runtime);
      await expectAllDelivered(live.runtime, receiver.ids);
    } finally {
      await live.close();
    }
    const deliveredBefore = [...receiver.ids];

    // Restored: the same deployment id, none of what came after the backup. The sources send that again.
    const restored = await open(backup, prefix);
    try {
      receiver.ids.length = 0;
      await feed(restored.runtime, restored.notifier, events.stockOuts);
      await settled(restored.runtime);
      await expectAllDelivered(restored.runtime, receiver.ids);
      // At least once: the same webhook-ids again, for receivers to drop the repeats.
      expect([...receiver.ids].sort()).toEqual([...deliveredBefore].sort());
    } finally {
      await restored.close();
      await receiver.close();
    }
  });

  test('a queued notification the database does not know is not sent, and is named at warn', async () => {
    const warnings: { context: object; message: string }[] = [];
    const logger: RuntimeLogger = {
      ...silentLogger,
      warn: (context, message) => void warnings.push({ context, message }),
      child: () => logger,
    };
    const deployment = await open(await database.fresh(), sharedPrefix(), logger);
    try {
      expect(await deployment.notifier.consumer.outcomes.stillOwed(['N-unknown'])).toEqual([false]);
      expect(warnings).toEqual([
        { context: { notificationId: 'N-unknown', status: 'absent' }, message: 'queued notification not owed by the database: not sent' },
      ]);
    } finally {
      await deployment.close();
    }
  });
});
