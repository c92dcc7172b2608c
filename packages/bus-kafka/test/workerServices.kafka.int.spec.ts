import { afterAll, describe, expect, it } from 'vitest';
import { inputEvent, type InputEvent, type OutputEvent } from '@dealerflow/contracts';
import { openDatabase } from '@dealerflow/db';
import { createScratchDatabase, DEFAULT_TEST_POSTGRES_URL, probePostgres, type ScratchDatabase } from '@dealerflow/db/testing';
import { WORKERS } from '@dealerflow/domain';
import { openEmbeddedRuntime, replay, silentLogger } from '@dealerflow/runtime';
import { generateStream } from '@dealerflow/testkit';
import { requireServer } from '@dealerflow/testkit/testing';
import { createInputRelay } from '../src';
import { exited, recreateInputTopics, spawnWorker, startTestBroker, testKafka, until } from './kafkaTestBed';

// The distributed topology against a real broker (KAFKA_BROKERS, infra/kafka/broker.sh, or a testcontainers Kafka
// where a Docker engine exists) and PostgreSQL: the
// input log relayed to the co-partitioned topics, two processes of a worker sharing the partitions, one killed
// mid-batch, the other taking its tasks over. Under CI a missing broker or database fails the suite.
const postgres = await probePostgres(process.env.DATABASE_URL || DEFAULT_TEST_POSTGRES_URL);
const broker = await startTestBroker();
const skip = requireServer('Kafka', broker.probe) || requireServer(`PostgreSQL at ${postgres.serverUrl}`, postgres);

const WORKER = 'stock';
const PARTITIONS = 6;
const stream: InputEvent[] = [...generateStream({ dealers: 12, skus: 20, days: 60, seed: 11 })];

async function replayOf(events: readonly InputEvent[]): Promise<OutputEvent[]> {
  const outputs: OutputEvent[] = [];
  const workers = WORKERS.filter((worker) => worker.name === WORKER);
  await replay(events.map((event) => JSON.stringify(event)), (line) => void outputs.push(JSON.parse(line)), { workers });
  return outputs;
}

/** Each dealer's outputs in the order they were emitted, without the envelope's topic. */
function byDealer(outputs: readonly OutputEvent[]): Map<string, string[]> {
  const dealers = new Map<string, string[]>();
  for (const output of outputs) {
    const { topic: _topic, ...event } = output as OutputEvent & { topic?: string };
    const list = dealers.get(output.dealerId ?? '') ?? [];
    list.push(JSON.stringify(event));
    dealers.set(output.dealerId ?? '', list);
  }
  return dealers;
}

describe.skipIf(skip)(`the ${WORKER} worker as two services on Kafka${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let scratch: ScratchDatabase | undefined;
  afterAll(async () => {
    await scratch?.drop();
    await broker.stop();
  });

  it('shares the partitions, survives a SIGKILL mid-batch and a rebalance, and gives the replay’s outputs per dealer, none missing, none twice', async () => {
    scratch = await createScratchDatabase(postgres.serverUrl);
    await recreateInputTopics(broker.brokers, PARTITIONS, [`dealerflow.${WORKER}`]);

    // Ingest as the API does (validated, durable in the input log), then relay the log to the topics.
    const ingest = await openEmbeddedRuntime({ databaseUrl: scratch.url });
    const result = await ingest.eventLog.append(stream.map((event) => ({ text: JSON.stringify(event) })));
    expect(result.accepted).toBe(stream.length);
    await ingest.close();
    const database = await openDatabase({ databaseUrl: scratch.url });
    try {
      const expected = byDealer(await replayOf(stream.map((event) => inputEvent.parse(event))));
      const total = [...expected.values()].reduce((sum, lines) => sum + lines.length, 0);
      const outboxCount = async () => (await database.sql.query<{ n: bigint }>(`SELECT count(*) AS n FROM task_outbox`))[0]!.n;

      const env = { KAFKA_BROKERS: broker.brokers.join(','), DATABASE_URL: scratch.url, SNAPSHOT_EVENTS: '500', KAFKA_SESSION_TIMEOUT_MS: '6000', LOG_LEVEL: 'info' };
      const first = spawnWorker(`${WORKER}-worker`, env);
      const second = spawnWorker(`${WORKER}-worker`, env);
      try {
        // Each process logs every assignment; the group has settled when their latest ones split the partitions.
        const split = () => [first.assignments.at(-1) ?? [], second.assignments.at(-1) ?? []];
        await until('both processes holding tasks', async () =>
          split().every((partitions) => partitions.length > 0) && split().flat().sort().join() === '0,1,2,3,4,5' ? true : undefined,
        );

        // Publish the log while they work, and kill one once outputs come in while a part of the log is still
        // unpublished: the kill then always falls before the last output, however fast the machine.
        const relay = createInputRelay({ kafka: testKafka('dealerflow-test-relay', broker.brokers), sql: database.sql, logger: silentLogger, batchSize: 500 });
        await relay.start();
        let published = 0;
        while (published < stream.length / 3) published += await relay.relayBatch();
        await until('a first output', async () => ((await outboxCount()) > 0n ? true : undefined));
        first.child.kill('SIGKILL');
        await exited(first.child);
        const atKill = await outboxCount();
        while ((await relay.relayBatch()) > 0) {
          // the rest of the log, while the survivor takes the killed process's tasks over
        }
        await relay.markIdle();
        await relay.stop();
        await until('every output', async () => ((await outboxCount()) >= BigInt(total) ? true : undefined));
        // Whatever is still in flight after the last expected output would be a duplicate or an extra.
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        const rows = await database.sql.query<{ line: string }>(`SELECT line FROM task_outbox ORDER BY seq`);
        expect(rows).toHaveLength(total);
        expect(byDealer(rows.map((row) => JSON.parse(row.line) as OutputEvent))).toEqual(expected);
        // It was killed mid-way, and the survivor took its tasks over.
        expect(atKill).toBeLessThan(BigInt(total));
        expect(second.assignments.at(-1)).toEqual([0, 1, 2, 3, 4, 5]);
      } finally {
        first.child.kill('SIGKILL');
        second.child.kill('SIGTERM');
      }
      expect(await exited(second.child)).toBe(0);
    } finally {
      await database.close();
    }
  });
});
