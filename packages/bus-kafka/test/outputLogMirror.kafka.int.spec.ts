import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { OutputEvent } from '@dealerflow/contracts';
import { openDatabase, type Database } from '@dealerflow/db';
import { createScratchDatabase, DEFAULT_TEST_POSTGRES_URL, probePostgres, type ScratchDatabase } from '@dealerflow/db/testing';
import { silentLogger } from '@dealerflow/runtime';
import { requireServer } from '@dealerflow/testkit/testing';
import { createOutputLogMirror, OUTPUT_LOG_CONSUMER, outputMessage } from '../src';
import { deleteGroups, recreateOutputTopics, startTestBroker, testKafka, until } from './kafkaTestBed';

// The output log mirror on a real broker and PostgreSQL: its positions are the ones stored with its rows, whatever
// the group's offsets say. A database restored from before (rows and positions gone, the group's offsets at the end)
// gets every output again; a group whose offsets are lost (positions stored at the end) copies nothing twice.
const postgres = await probePostgres(process.env.DATABASE_URL || DEFAULT_TEST_POSTGRES_URL);
const broker = await startTestBroker();
const skip = requireServer('Kafka', broker.probe) || requireServer(`PostgreSQL at ${postgres.serverUrl}`, postgres);

const PARTITIONS = 3;
const kafka = testKafka('dealerflow-test-output-log', broker.brokers);
const groupPrefix = `dealerflow.mirror.${randomUUID().slice(0, 8)}.`;

/** Stock alerts and credit holds of four dealers, spread over two topics and their partitions. */
function outputs(count: number): OutputEvent[] {
  return Array.from({ length: count }, (_, n) => {
    const dealerId = `D-${n % 4}`;
    const topic = n % 3 === 0 ? 'dealer.credit.v1' : 'dealer.stock-alerts.v1';
    const type = topic === 'dealer.credit.v1' ? 'credit.hold.placed' : 'stock.alert.raised';
    return { eventId: `out-${n}`, type, schemaVersion: 1, occurredAt: new Date(Date.UTC(2026, 3, 1, 8, n)).toISOString(), dealerId, source: 'suite', topic, data: { n } } as unknown as OutputEvent;
  });
}

async function publish(events: readonly OutputEvent[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const byTopic = new Map<string, ReturnType<typeof outputMessage>[]>();
    for (const event of events) byTopic.set(event.topic, [...(byTopic.get(event.topic) ?? []), outputMessage({ topic: event.topic, dealerId: event.dealerId ?? null, line: JSON.stringify(event) }, PARTITIONS)]);
    await producer.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })), acks: -1 });
  } finally {
    await producer.disconnect();
  }
}

describe.skipIf(skip)(`the output log mirror on Kafka${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let scratch: ScratchDatabase | undefined;
  let database: Database | undefined;
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
    await deleteGroups(broker.brokers, [`${groupPrefix}${OUTPUT_LOG_CONSUMER}`]);
    await broker.stop();
  });

  /** Runs a mirror until `output_log` holds `expected` rows and its stored positions passed them, then stops it; how many it copied. */
  async function mirrorUntil(expected: number): Promise<number> {
    const mirror = createOutputLogMirror({ kafka, prisma: database!.prisma, logger: silentLogger, groupPrefix, idlePollMs: 50, maxWaitMs: 2_000 });
    let copied = 0;
    mirror.onCopied((count) => void (copied += count));
    mirror.start();
    try {
      await until('the mirror caught up', async () => ((await rowCount()) === expected && (await storedTotal()) === expected ? true : undefined), 60_000);
      // A little longer: a copy of anything twice would show now.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    } finally {
      await mirror.stop();
    }
    return copied;
  }

  async function rowCount(): Promise<number> {
    const [row] = await database!.sql.query<{ n: bigint }>(`SELECT count(*) AS n FROM output_log`);
    return Number(row!.n);
  }

  /** The offsets the mirror stored, summed over partitions: the records it has passed. */
  async function storedTotal(): Promise<number> {
    const [row] = await database!.sql.query<{ n: bigint | null }>(`SELECT sum(next_offset) AS n FROM consumer_position WHERE consumer = $1`, [OUTPUT_LOG_CONSUMER]);
    return Number(row!.n ?? 0n);
  }

  it('copies each output once, from the positions stored with its rows, not from the group’s offsets', async () => {
    scratch = await createScratchDatabase(postgres.serverUrl);
    database = await openDatabase({ databaseUrl: scratch.url });
    await recreateOutputTopics(broker.brokers, PARTITIONS);
    const first = outputs(120);
    await publish(first);
    expect(await mirrorUntil(120)).toBe(120);

    // Lines as published, each once.
    const lines = await database.sql.query<{ event_id: string }>(`SELECT event_id FROM output_log ORDER BY event_id`);
    expect(lines.map((line) => line.event_id)).toEqual(first.map((event) => event.eventId).sort());

    // A database restored from before the copy: no rows, no positions; the group's offsets are at the end.
    await database.sql.query(`DELETE FROM output_log`);
    await database.sql.query(`DELETE FROM consumer_position WHERE consumer = $1`, [OUTPUT_LOG_CONSUMER]);
    expect(await mirrorUntil(120)).toBe(120);

    // The group lost (its offsets gone), the positions stored at the end: nothing is copied again; later outputs are.
    await deleteGroups(broker.brokers, [`${groupPrefix}${OUTPUT_LOG_CONSUMER}`]);
    await publish(outputs(150).slice(120));
    expect(await mirrorUntil(150)).toBe(30);
  });
});
