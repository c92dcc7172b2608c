import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { OutputEvent, OutputType } from '@dealerflow/contracts';
import { silentLogger, type SourceConsumer, type SourceConsumerOptions } from '@dealerflow/runtime';
import { outputSourceSuite, type SourceAdapter } from '@dealerflow/runtime/testing';
import { requireServer } from '@dealerflow/testkit/testing';
import { createKafkaOutputSource, outputMessage } from '../src';
import { deleteGroups, emptyTopics, OUTPUT_TOPICS, recreateOutputTopics, startTestBroker, testKafka } from './kafkaTestBed';

// The output source port's conformance suite on a real broker (KAFKA_BROKERS, infra/kafka/broker.sh, or a
// testcontainers Kafka where a Docker engine exists; it recreates the output topics, so a broker of its own). Each test starts from empty topics (their records deleted) and groups
// of its own; it publishes as the output relay does (outputMessage: keyed by dealer, the dealer's partition).
const broker = await startTestBroker();
const skip = requireServer('Kafka', broker.probe);
const PARTITIONS = 3;
const kafka = testKafka('dealerflow-test-output-source', broker.brokers);
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
const run = randomUUID().slice(0, 8);
const groups: string[] = [];
let open: SourceConsumer<OutputEvent>[] = [];
let round = 0;

async function closeConsumers(): Promise<void> {
  const closing = open;
  open = [];
  await Promise.all(closing.map((consumer) => consumer.close()));
}

beforeAll(async () => {
  if (skip) return;
  await recreateOutputTopics(broker.brokers, PARTITIONS);
  await producer.connect();
});

afterAll(async () => {
  if (!skip) {
    await closeConsumers();
    await producer.disconnect();
    await deleteGroups(broker.brokers, groups);
  }
  await broker.stop();
});

async function publish(outputs: readonly OutputEvent[]): Promise<void> {
  const byTopic = new Map<string, ReturnType<typeof outputMessage>[]>();
  for (const output of outputs) {
    const list = byTopic.get(output.topic) ?? [];
    list.push(outputMessage({ topic: output.topic, dealerId: output.dealerId ?? null, line: JSON.stringify(output) }, PARTITIONS));
    byTopic.set(output.topic, list);
  }
  await producer.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })), acks: -1 });
}

const kafkaAdapter: SourceAdapter<OutputEvent> = {
  name: `Kafka at ${broker.brokers.join(',')}, ${PARTITIONS} partitions per topic`,
  skip,
  async open() {
    await closeConsumers();
    await emptyTopics(broker.brokers, OUTPUT_TOPICS);
    round += 1;
    const groupPrefix = `dealerflow.suite.${run}.${round}.`;
    const source = createKafkaOutputSource({ kafka, logger: silentLogger, groupPrefix, maxWaitMs: 20_000 });
    return {
      source: {
        consumer(options: SourceConsumerOptions<OutputType>) {
          groups.push(`${groupPrefix}${options.name}`);
          const consumer = source.consumer(options);
          open.push(consumer);
          return consumer;
        },
      },
      publish,
    };
  },
};

outputSourceSuite([kafkaAdapter]);
