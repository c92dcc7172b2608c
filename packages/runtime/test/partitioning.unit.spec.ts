import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { InputEvent, InputEventOf, OutputEvent } from '@dealerflow/contracts';
import { WORKERS, type AnyWorker } from '@dealerflow/domain';
import { generateStream } from '@dealerflow/testkit';
import { replay } from '../src';
import { replayPartitioned } from '../src/testing';

/**
 * Sixty days at fourteen dealers, where half the dealers go quiet for three weeks (no sell-through,
 * stock reports or payments, while invoices fall due): their time rules then fire on the
 * scheduler's ticks alone, which is where a clock shared across dealers would show.
 */
const QUIET_TYPES = new Set(['dealer.sales.reported', 'dealer.stock.reported', 'payment.received']);
const stream: InputEvent[] = [...generateStream({ dealers: 14, skus: 8, days: 60, seed: 7 })].filter((event) => {
  const quiet = 'dealerId' in event && Number(event.dealerId.replace(/\D/g, '')) % 2 === 1;
  const day = event.occurredAt.slice(0, 10);
  return !(quiet && QUIET_TYPES.has(event.type) && day >= '2026-02-01' && day < '2026-02-22');
});

async function replayOutputs(events: readonly InputEvent[], workers: readonly AnyWorker[] = WORKERS): Promise<OutputEvent[]> {
  const outputs: OutputEvent[] = [];
  await replay(events.map((event) => JSON.stringify(event)), (line) => void outputs.push(JSON.parse(line)), { workers });
  return outputs;
}

/** Each dealer's outputs in the order they were emitted (the only order a dealer-keyed topic keeps). */
function byDealer(outputs: readonly OutputEvent[]): Map<string, string[]> {
  const dealers = new Map<string, string[]>();
  for (const output of outputs) {
    const key = output.dealerId ?? '';
    const list = dealers.get(key) ?? [];
    const { topic: _topic, ...event } = output as OutputEvent & { topic?: string };
    list.push(JSON.stringify(event));
    dealers.set(key, list);
  }
  return dealers;
}

describe('a dealer’s outputs whatever the partitioning', () => {
  it('are the replay’s for 1, 3 and 12 partitions', async () => {
    const expected = byDealer(await replayOutputs(stream));
    expect(expected.size).toBeGreaterThan(10);
    for (const partitions of [1, 3, 12]) {
      const actual = byDealer((await replayPartitioned(stream, { partitions })).flat());
      expect(actual, `${partitions} partitions`).toEqual(expected);
    }
  });

  it('do not depend on how much each fetch brings from each partition', async () => {
    const expected = byDealer(await replayOutputs(stream));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 2 ** 31 }), async (partitions, seed) => {
        let state = seed;
        // A small seeded generator: the fetch sizes of each task and topic, from 1 to 200 events.
        const fetchSize = () => ((state = (Math.imul(state, 48271) % 0x7fffffff) >>> 0) % 200) + 1;
        const actual = byDealer((await replayPartitioned(stream, { partitions, fetchSize })).flat());
        expect(actual).toEqual(expected);
      }),
      { numRuns: 5 },
    );
  });
});

describe('a dealer’s outputs while a relay is still publishing', () => {
  it('are the replay’s: the relay’s progress markers, not a partition that looks caught up, release the merge', async () => {
    const expected = byDealer(await replayOutputs(stream));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 20, max: 700 }), fc.integer({ min: 1, max: 2 ** 31 }), async (partitions, relayBatch, seed) => {
        let state = seed;
        const fetchSize = () => ((state = (Math.imul(state, 48271) % 0x7fffffff) >>> 0) % 150) + 1;
        const actual = byDealer((await replayPartitioned(stream, { partitions, relayBatch, fetchSize, snapshotEvents: 400, crashAfterCommit: () => fetchSize() % 11 === 0 })).flat());
        expect(actual).toEqual(expected);
      }),
      { numRuns: 4 },
    );
  });
});

describe('a partition task that crashes', () => {
  it('loses and repeats nothing: restarted from its last snapshot, it gives the replay’s outputs', async () => {
    const expected = byDealer(await replayOutputs(stream));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 2 ** 31 }), async (partitions, seed) => {
        let state = seed;
        const next = () => (state = (Math.imul(state, 48271) % 0x7fffffff) >>> 0);
        const actual = byDealer(
          (await replayPartitioned(stream, { partitions, fetchSize: () => (next() % 300) + 1, crashAfterCommit: () => next() % 7 === 0, snapshotEvents: 500 })).flat(),
        );
        expect(actual).toEqual(expected);
      }),
      { numRuns: 3 },
    );
  });
});

// The victim of the throwing worker below: a sales report after the middle of the stream whose dealer hears from
// the stock worker again later (so that "the partition goes on" can be seen whatever the simulated stream holds).
const healthyOutputs = await replayOutputs(stream);
const middle = stream[stream.length >> 1]!.occurredAt;
const victim = stream.find(
  (event): event is InputEventOf<'dealer.sales.reported'> =>
    event.type === 'dealer.sales.reported' &&
    event.occurredAt > middle &&
    healthyOutputs.some((output) => output.dealerId === event.dealerId && output.source === 'stock-worker' && Date.parse(output.occurredAt) > Date.parse(event.occurredAt)),
)!;

describe('a worker that throws on an event', () => {
  const brittle: AnyWorker[] = WORKERS.map((worker) =>
    worker.name !== 'stock'
      ? worker
      : {
          ...worker,
          apply(state, event, ctx) {
            if (event.eventId === victim.eventId) throw new Error('unexpected shape of a sales report');
            return worker.apply(state, event, ctx);
          },
        },
  );

  it('dead-letters that event with the worker and the error, and the partition goes on', async () => {
    const outputs = await replayOutputs(stream, brittle);
    const deadLetters = outputs.filter((output) => output.type === 'event.dead_lettered');
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      dealerId: victim.dealerId,
      source: 'stock-worker',
      data: { worker: 'stock', topic: 'dealer.inventory.v1', raw: victim, reason: 'stock worker failed on dealer.sales.reported: unexpected shape of a sales report' },
    });
    const after = outputs.slice(outputs.indexOf(deadLetters[0]!) + 1);
    expect(after.some((output) => output.dealerId === victim.dealerId && output.source === 'stock-worker')).toBe(true);
    // Every other dealer is untouched by one dealer's bad event.
    const healthy = byDealer(healthyOutputs);
    const hurt = byDealer(outputs);
    for (const [dealerId, lines] of healthy) if (dealerId !== victim.dealerId) expect(hurt.get(dealerId)).toEqual(lines);
  });

  it('gives the same dead letter on any partitioning', async () => {
    const deadLetters = async (partitions: number) => (await replayPartitioned(stream, { partitions, workers: brittle })).flat().filter((output) => output.type === 'event.dead_lettered');
    const once = await replayOutputs(stream, brittle);
    const expected = once.filter((output) => output.type === 'event.dead_lettered').map(({ topic: _t, ...rest }) => rest);
    for (const partitions of [1, 5]) expect(await deadLetters(partitions)).toEqual(expected.map((letter) => expect.objectContaining(letter)));
  });
});
