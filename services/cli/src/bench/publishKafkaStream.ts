import { createInputRelay, createKafkaClient, dealerflowTopics, DEALER_INPUT_TOPICS, recreateTopics, REFERENCE_TOPIC } from '@dealerflow/bus-kafka';
import { openDatabase } from '@dealerflow/db';
import { createScratchDatabase, type ScratchDatabase } from '@dealerflow/db/testing';
import { openEmbeddedRuntime, silentLogger } from '@dealerflow/runtime';
import { inChunks, readInputLines } from './readInputLines';
import { BENCH_INGEST } from './openBenchRuntime';

export interface PublishedStream {
  /** Input events in the log (what ingest accepted). */
  events: number;
  /** How long the input relay took to publish them (with its progress markers), seconds. */
  relaySeconds: number;
  /** Per partition number: the records a task of it reads to the end (its dealer topics' partition, and the reference topic). */
  targets: Map<number, bigint>;
  /** The ingest database (drop it at the end). */
  scratch: ScratchDatabase;
}

/**
 * Makes the Kafka phase's input: the Dealerflow topics recreated empty (`partitions` per dealer
 * topic), the stream ingested into a scratch database's input log as the API does, and published
 * by the input relay (its markers included, the idle one at the end). Every run then reads the same
 * records from offset 0.
 */
export async function publishKafkaStream(input: string, brokers: readonly string[], serverUrl: string, partitions: number): Promise<PublishedStream> {
  const kafka = createKafkaClient({ clientId: 'dealerflow-bench', brokers, logger: silentLogger });
  const admin = kafka.admin();
  await admin.connect();
  const scratch = await createScratchDatabase(serverUrl);
  try {
    await recreateTopics(admin, dealerflowTopics(partitions));
    const runtime = await openEmbeddedRuntime({ databaseUrl: scratch.url, ingest: BENCH_INGEST });
    let events = 0;
    try {
      for await (const chunk of inChunks(readInputLines(input), 2_000)) events += (await runtime.eventLog.append(chunk.map((text) => ({ text })))).accepted;
    } finally {
      await runtime.close();
    }
    const relaySeconds = await relayAll(kafka, scratch.url);
    const targets = new Map<number, bigint>();
    const [reference] = await admin.fetchTopicOffsets(REFERENCE_TOPIC);
    for (let partition = 0; partition < partitions; partition += 1) targets.set(partition, BigInt(reference!.high));
    for (const topic of DEALER_INPUT_TOPICS) {
      for (const { partition, high } of await admin.fetchTopicOffsets(topic)) targets.set(partition, targets.get(partition)! + BigInt(high));
    }
    return { events, relaySeconds, targets, scratch };
  } catch (error) {
    await scratch.drop();
    throw error;
  } finally {
    await admin.disconnect();
  }
}

async function relayAll(kafka: ReturnType<typeof createKafkaClient>, databaseUrl: string): Promise<number> {
  const database = await openDatabase({ databaseUrl });
  const relay = createInputRelay({ kafka, sql: database.sql, logger: silentLogger });
  try {
    await relay.start();
    const started = performance.now();
    while ((await relay.relayBatch()) > 0) {
      // until the log is published
    }
    await relay.markIdle();
    return (performance.now() - started) / 1000;
  } finally {
    await relay.stop();
    await database.close();
  }
}
