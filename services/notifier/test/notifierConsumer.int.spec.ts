import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { OUTPUT_TOPIC, outputDataSchemas, type InputEvent, type OutputEvent } from '@dealerflow/contracts';
import type { CalendarPolicy } from '@dealerflow/domain';
import { createEventBuilder } from '@dealerflow/contracts/testing';
import { createMemoryOutputSource, openEmbeddedRuntime, silentLogger, type EmbeddedRuntime, type OutputSource } from '@dealerflow/runtime';
import { readNotifierSettings, startNotifier, type Notifier } from '../src';

// The notifier's consumer over the output source port (PGlite in memory; the full notifier suite runs both
// databases and both queues): what it plans does not depend on how the source splits the outputs into
// partitions, and outputs handed out again (at least once) plan nothing new.
const SECRET = `whsec_${Buffer.from('dealerflow consumer test secret').toString('base64')}`;
const outbox = mkdtempSync(join(tmpdir(), 'dealerflow-consumer-outbox-'));
const opened: { runtime: EmbeddedRuntime; notifier?: Notifier }[] = [];
afterAll(() => rmSync(outbox, { recursive: true, force: true }));
afterEach(async () => {
  for (const { runtime, notifier } of opened.splice(0)) {
    await notifier?.stop();
    await runtime.close();
  }
});

/**
 * Three dealers (one reads Chinese), each a report that runs three SKUs out (a digest per audience and channel),
 * and an order over one dealer's limit (a hold: dealer and finance hear of it), with a rebate program.
 */
function story(): { masterData: InputEvent[]; events: InputEvent[] } {
  const e = createEventBuilder();
  const skus = ['SKU-1', 'SKU-2', 'SKU-3'];
  const dealers = [
    ['D-1', 'Alpha Pumps', 'en'],
    ['D-2', 'Beta Valves', 'zh-CN'],
    ['D-3', 'Gamma Tools', 'en'],
  ] as const;
  const masterData: InputEvent[] = [
    ...dealers.map(([dealerId, name, locale]) =>
      e('dealer.upserted', '2026-03-01T00:00:00Z', {
        name, tier: 'A', region: 'East', locale, timezone: 'UTC', currency: 'CNY', creditLimit: 10_000, paymentTerms: { netDays: 30 }, contacts: { email: `${dealerId}@example.test` },
      }, { dealerId }),
    ),
    ...skus.map((sku) => e('product.upserted', '2026-03-01T00:00:00Z', { sku, name: sku, category: 'pumps', unitPrice: 100 })),
  ];
  // An opening count first: a dealer's first review is summarised in one message (issue 21), the stock-outs after it are not.
  const events: InputEvent[] = [
    ...masterData,
    ...dealers.map(([dealerId]) => e('dealer.stock.reported', '2026-03-01T01:00:00Z', { items: skus.map((sku) => ({ sku, onHand: 60 })) }, { dealerId })),
  ];
  for (let day = 1; day <= 14; day += 1) {
    const date = `2026-03-${String(day).padStart(2, '0')}`;
    for (const [dealerId] of dealers) events.push(e('dealer.sales.reported', `${date}T10:00:00Z`, { date, items: skus.map((sku) => ({ sku, qty: 3 })) }, { dealerId }));
  }
  for (const [dealerId] of dealers) events.push(e('dealer.stock.reported', '2026-03-14T12:00:00Z', { items: skus.map((sku) => ({ sku, onHand: 0 })) }, { dealerId }));
  events.push(e('order.placed', '2026-03-14T13:00:00Z', { orderId: 'SO-1', warehouseId: 'W', lines: [{ sku: 'SKU-1', qty: 200, unitPrice: 100 }], promisedDeliveryDate: '2026-03-30' }, { dealerId: 'D-2' }));
  return { masterData, events };
}

async function openNotifier(runtime: EmbeddedRuntime, outputs?: OutputSource, calendar?: CalendarPolicy): Promise<Notifier> {
  // Email on, through an outbox folder nobody reads: every channel is planned, nothing leaves the machine.
  const settings = readNotifierSettings({ DEALERFLOW_WEBHOOK_SECRET: SECRET, DEALERFLOW_EMAIL_OUTBOX: outbox });
  const notifier = await startNotifier({
    prisma: runtime.prisma,
    writeLock: runtime.writeLock,
    lockScope: runtime.lockScope,
    watermark: () => runtime.runner.watermark(),
    settings,
    logger: silentLogger,
    ...(outputs === undefined ? {} : { outputs }),
    ...(calendar === undefined ? {} : { calendar }),
  });
  return notifier;
}

async function planned(runtime: EmbeddedRuntime) {
  return runtime.prisma.$queryRawUnsafe<{ notification_id: string; dealer_id: string; audience: string; channel: string; output_event_ids: string; job: string }[]>(
    `SELECT notification_id, dealer_id, audience, channel, output_event_ids, job FROM notification ORDER BY notification_id`,
  );
}

async function requestedCount(runtime: EmbeddedRuntime): Promise<number> {
  const rows = await runtime.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM output_log WHERE type = 'notification.requested'`);
  return rows[0]!.n;
}

async function workerOutputs(runtime: EmbeddedRuntime): Promise<OutputEvent[]> {
  const page = await runtime.outputs.read({ limit: 10_000 });
  return page.lines.map((line) => JSON.parse(line) as OutputEvent).filter((output) => output.topic !== 'dealer.notifications.v1');
}

describe('the notifier reading the output source', () => {
  it('plans the same notifications whether the outputs come in one partition or in three', async () => {
    const { masterData, events } = story();
    const runtime = await openEmbeddedRuntime();
    opened.push({ runtime });
    await runtime.eventLog.append(events.map((value) => ({ value })));
    await runtime.runner.drain();
    const notifier = await openNotifier(runtime);
    opened[0]!.notifier = notifier;
    await notifier.consumer.drain();
    const fromLog = await planned(runtime);
    expect(new Set(fromLog.map((row) => row.dealer_id))).toEqual(new Set(['D-1', 'D-2', 'D-3']));
    expect(fromLog.some((row) => JSON.parse(row.output_event_ids).length === 3)).toBe(true);

    // The same outputs through a source that spreads them over three partitions per topic (as Kafka would), and a
    // database that holds only the master data (the directory's input): the same notifications, the same messages.
    const outputs = await workerOutputs(runtime);
    const source = createMemoryOutputSource({ partitions: 3 });
    source.publish(outputs);
    const other = await openEmbeddedRuntime();
    opened.push({ runtime: other });
    await other.eventLog.append(masterData.map((value) => ({ value })));
    const partitioned = await openNotifier(other, source);
    opened[1]!.notifier = partitioned;
    await partitioned.consumer.drain();
    expect(await planned(other)).toEqual(fromLog);
  });

  it('outputs handed out again plan nothing new: no notification, no notification.requested twice', async () => {
    const { events } = story();
    const runtime = await openEmbeddedRuntime();
    opened.push({ runtime });
    await runtime.eventLog.append(events.map((value) => ({ value })));
    await runtime.runner.drain();
    const first = await openNotifier(runtime);
    await first.consumer.drain();
    await first.stop();
    const before = { notifications: await planned(runtime), requested: await requestedCount(runtime) };
    expect(before.notifications.length).toBeGreaterThan(0);
    expect(before.requested).toBe(before.notifications.length);

    // As after a crash between the notifier's transaction and its position: the source hands everything out again.
    await runtime.prisma.$executeRawUnsafe(`DELETE FROM consumer_position WHERE consumer = 'notifier'`);
    const again = await openNotifier(runtime);
    opened[0]!.notifier = again;
    await again.consumer.drain();
    expect(await planned(runtime)).toEqual(before.notifications);
    expect(await requestedCount(runtime)).toBe(before.requested);
  });
});

describe("quiet hours of a dealer whose master data names no time zone", () => {
  /** A late delivery (not critical) at 22:30 in Shanghai, 14:30 UTC, for a dealer without a zone of its own. */
  async function dealerMessages(calendar?: CalendarPolicy) {
    const e = createEventBuilder();
    const runtime = await openEmbeddedRuntime();
    opened.push({ runtime });
    const profile = { name: 'Delta Pumps', tier: 'A', region: 'East', locale: 'en', currency: 'CNY', creditLimit: 10_000, paymentTerms: { netDays: 30 }, contacts: { email: 'D-9@example.test' } } as const;
    await runtime.eventLog.append([{ value: e('dealer.upserted', '2026-03-01T00:00:00Z', profile, { dealerId: 'D-9' }) }]);
    const data = outputDataSchemas['delivery.late'].parse({
      orderId: 'O-1', status: 'in_transit', promisedDeliveryDate: '2026-03-30', deliveredAt: null, daysLate: 2,
      causes: [{ code: 'carrier_delay', days: 2, detail: {} }], explanation: { en: 'Order O-1 is 2 days late.', 'zh-CN': '订单O-1已延迟2天。' }, causedBy: 'tick-1',
    });
    const late = { eventId: 'out-late-D-9', type: 'delivery.late', schemaVersion: 1, occurredAt: '2026-04-01T14:30:00.000Z', dealerId: 'D-9', source: 'delivery-worker', data, topic: OUTPUT_TOPIC['delivery.late'] } as OutputEvent;
    const source = createMemoryOutputSource({ partitions: 1 });
    source.publish([late]);
    const notifier = await openNotifier(runtime, source, calendar);
    opened.at(-1)!.notifier = notifier;
    await notifier.consumer.drain();
    return runtime.prisma.$queryRawUnsafe<{ status: string; not_before: Date | null }[]>(
      `SELECT status, not_before FROM notification WHERE audience = 'dealer' ORDER BY notification_id`,
    );
  }

  it("are kept in the company's time zone (the settings' calendar), as the workers count that dealer's days", async () => {
    const held = await dealerMessages({ timeZone: 'Asia/Shanghai' });
    expect(held.length).toBeGreaterThan(0);
    expect(held.map((row) => [row.status, row.not_before?.toISOString()])).toEqual(held.map(() => ['held', '2026-04-02T00:00:00.000Z']));
    // Without a company zone it is 14:30 in UTC: sent at once.
    const sent = await dealerMessages();
    expect(sent.map((row) => [row.status, row.not_before])).toEqual(sent.map(() => ['pending', null]));
  });
});
