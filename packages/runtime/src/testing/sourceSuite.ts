import type { InputEvent, OutputEvent } from '@dealerflow/contracts';
import { describe, expect, it } from 'vitest';
import { positionsHoldingBack, type SourceConsumer, type SourceConsumerOptions, type SourceRecord } from '../ports/sourceConsumer';

/** One adapter under the suite: an empty source, and a way to publish to it as its writer does. */
export interface SourceAdapter<E> {
  name: string;
  /** The reason it cannot run here (a server that does not answer), or false. */
  skip: string | false;
  open(): Promise<OpenedSource<E>>;
}

export interface OpenedSource<E> {
  source: { consumer(options: SourceConsumerOptions): SourceConsumer<E> };
  publish(events: readonly E[]): Promise<void>;
}

type Kind = 'kept' | 'otherType' | 'otherTopic';

/** Events the suite publishes: `kept` and `otherType` share a topic; `otherTopic` is another one. */
interface Sample<E> {
  event(kind: Kind, dealerId: string, n: number): E;
  keptTopic: string;
  keptType: string;
}

interface Keyed {
  eventId: string;
  type: string;
  dealerId?: string;
}

const outputSample: Sample<OutputEvent> = {
  keptTopic: 'dealer.stock-alerts.v1',
  keptType: 'stock.alert.raised',
  event(kind, dealerId, n) {
    const type = kind === 'kept' ? 'stock.alert.raised' : kind === 'otherType' ? 'stock.alert.resolved' : 'credit.hold.placed';
    const topic = kind === 'otherTopic' ? 'dealer.credit.v1' : 'dealer.stock-alerts.v1';
    const data = { alertId: `A-${n}`, holdId: `H-${n}`, causedBy: `in-${dealerId}-${n}` };
    return { eventId: `out-${dealerId}-${n}`, type, schemaVersion: 1, occurredAt: '2026-04-01T08:00:00.000Z', dealerId, source: 'suite', topic, data } as unknown as OutputEvent;
  },
};

const inputSample: Sample<InputEvent> = {
  keptTopic: 'dealer.orders.v1',
  keptType: 'order.placed',
  event(kind, dealerId, n) {
    const type = kind === 'kept' ? 'order.placed' : kind === 'otherType' ? 'order.cancelled' : 'dealer.stock.reported';
    return { eventId: `in-${dealerId}-${n}`, type, schemaVersion: 1, occurredAt: '2026-04-01T08:00:00.000Z', dealerId, data: { orderId: `O-${n}` } } as unknown as InputEvent;
  },
};

/** The output source port's conformance suite (outputSource.ts): every adapter passes it. */
export function outputSourceSuite(adapters: readonly SourceAdapter<OutputEvent>[]): void {
  sourceSuite('the output source', outputSample, adapters);
}

/** The input feed port's conformance suite (inputFeed.ts): the same promises over input events. */
export function inputFeedSuite(adapters: readonly SourceAdapter<InputEvent>[]): void {
  sourceSuite('the input feed', inputSample, adapters);
}

/** Reads and commits batch after batch until caught up; the records in the order read. */
async function drain<E>(consumer: SourceConsumer<E>): Promise<SourceRecord<E>[]> {
  const records: SourceRecord<E>[] = [];
  for (let batches = 0; batches < 10_000; batches += 1) {
    const batch = await consumer.read();
    if (batch.read === 0) return records;
    records.push(...batch.records);
    await consumer.commit(batch.end);
  }
  throw new Error('the consumer never caught up');
}

/** Ids per dealer, in order. */
function byDealer<E extends Keyed>(events: readonly E[]): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const event of events) (grouped[event.dealerId ?? ''] ??= []).push(event.eventId);
  return grouped;
}

function sourceSuite<E extends Keyed>(title: string, sample: Sample<E>, adapters: readonly SourceAdapter<E>[]): void {
  /** Three dealers' events interleaved, `count` each, of the kinds given in turn. */
  function stream(count: number, kinds: readonly Kind[] = ['kept'], from = 0): E[] {
    const events: E[] = [];
    for (let n = from; n < from + count; n += 1) {
      for (const dealerId of ['D-1', 'D-2', 'D-3']) events.push(sample.event(kinds[n % kinds.length]!, dealerId, n));
    }
    return events;
  }

  describe.each(adapters)(`${title}: $name`, (adapter) => {
    const test = it.skipIf(adapter.skip);
    if (adapter.skip) it.skip(`skipped: ${adapter.skip}`, () => undefined);

    test('a new consumer reads every record once, in batches, each dealer’s in publish order', async () => {
      const { source, publish } = await adapter.open();
      const published = stream(25);
      await publish(published);
      const read = await drain(source.consumer({ name: 'reader', batchSize: 7 }));
      expect(read.map((record) => record.event.eventId).sort()).toEqual(published.map((event) => event.eventId).sort());
      expect(byDealer(read.map((record) => record.event))).toEqual(byDealer(published));
    });

    test('hands out the same records again until they are committed (at least once), then what follows', async () => {
      const { source, publish } = await adapter.open();
      await publish(stream(4));
      const consumer = source.consumer({ name: 'reader', batchSize: 5 });
      const first = await consumer.read();
      const again = await consumer.read();
      expect(again.records.map((record) => record.event.eventId)).toEqual(first.records.map((record) => record.event.eventId));
      await publish(stream(2, ['kept'], 4));
      await consumer.commit(first.end);
      const rest = await drain(consumer);
      const seen = [...first.records, ...rest].map((record) => record.event.eventId);
      expect(seen.sort()).toEqual(stream(6).map((event) => event.eventId).sort());
    });

    test('a position belongs to its consumer: the same name resumes from it, another starts at the beginning', async () => {
      const { source, publish } = await adapter.open();
      const published = stream(10);
      await publish(published);
      const first = source.consumer({ name: 'notifier', batchSize: 12 });
      const batch = await first.read();
      await first.commit(batch.end);
      await first.close();
      const resumed = await drain(source.consumer({ name: 'notifier' }));
      expect([...batch.records, ...resumed].map((record) => record.event.eventId).sort()).toEqual(published.map((event) => event.eventId).sort());
      expect(resumed.some((record) => batch.records.some((earlier) => earlier.event.eventId === record.event.eventId))).toBe(false);
      expect((await drain(source.consumer({ name: 'board' }))).length).toBe(published.length);
    });

    test('a batch holds at most batchSize records and says when it stopped there; caught up, it reads nothing', async () => {
      const { source, publish } = await adapter.open();
      await publish(stream(3));
      const consumer = source.consumer({ name: 'reader', batchSize: 5 });
      const full = await consumer.read();
      expect([full.records.length, full.read, full.truncated]).toEqual([5, 5, true]);
      await consumer.commit(full.end);
      const last = await consumer.read();
      expect([last.records.length, last.truncated]).toEqual([4, false]);
      await consumer.commit(last.end);
      const idle = await consumer.read();
      expect([idle.records.length, idle.read, idle.truncated]).toEqual([0, 0, false]);
      await consumer.commit(idle.end);
      expect((await consumer.read()).read).toBe(0);
    });

    test('topics: only the topics asked for; the position moves on past the others', async () => {
      const { source, publish } = await adapter.open();
      const published = stream(12, ['kept', 'otherTopic', 'otherType']);
      await publish(published);
      const consumer = source.consumer({ name: 'reader', topics: [sample.keptTopic], batchSize: 5 });
      const read = await drain(consumer);
      const wanted = published.filter((event) => event.type !== sample.event('otherTopic', 'D-1', 0).type);
      expect(byDealer(read.map((record) => record.event))).toEqual(byDealer(wanted));
      await publish(stream(6, ['otherTopic'], 100));
      expect(await drain(consumer)).toEqual([]);
    });

    test('types: only the types asked for; records of other types are passed over for good', async () => {
      const { source, publish } = await adapter.open();
      const published = stream(12, ['kept', 'otherType', 'otherTopic']);
      await publish(published);
      const consumer = source.consumer({ name: 'reader', types: [sample.keptType], batchSize: 5 });
      const read = await drain(consumer);
      expect(byDealer(read.map((record) => record.event))).toEqual(byDealer(published.filter((event) => event.type === sample.keptType)));
      await publish(stream(6, ['otherType'], 100));
      expect(await drain(consumer)).toEqual([]);
    });

    test('records held back come first in the next batch, and nothing before them comes again', async () => {
      const { source, publish } = await adapter.open();
      const published = stream(6);
      await publish(published);
      const consumer = source.consumer({ name: 'reader' });
      const batch = await consumer.read();
      const lastDealer = batch.records[batch.records.length - 1]!.event.dealerId;
      const heldBack = batch.records.filter((record) => record.event.dealerId === lastDealer).slice(-2);
      await consumer.commit(positionsHoldingBack(batch, heldBack));
      const next = await consumer.read();
      // From the first record held back on, in its partition: the records after it come again too.
      const from = heldBack[0]!;
      const again = batch.records.filter((record) => record.partition === from.partition && record.offset >= from.offset);
      expect(next.records.map((record) => record.event.eventId)).toEqual(again.map((record) => record.event.eventId));
    });
  });
}
