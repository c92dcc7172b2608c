import type { Kafka } from 'kafkajs';
import { OUTPUT_TOPIC, type OutputEvent } from '@dealerflow/contracts';
import type { OutputSource, RuntimeLogger, SourcePositions } from '@dealerflow/runtime';
import { createGroupSourceConsumer } from './groupSourceConsumer';

/** Every output topic: what a consumer that names no topics reads. */
export const OUTPUT_TOPICS: readonly string[] = [...new Set(Object.values(OUTPUT_TOPIC))];

/** The prefix of the output consumers' groups: `dealerflow.outputs.notifier`, `dealerflow.outputs.board`, … */
export const OUTPUT_GROUP_PREFIX = 'dealerflow.outputs.';

export interface KafkaOutputSourceOptions {
  kafka: Kafka;
  logger: RuntimeLogger;
  /** Put before each consumer's name to make its group (default `dealerflow.outputs.`). */
  groupPrefix?: string;
  /** How long a `read` waits for its fetch to reach the end offsets (default 5 s). */
  maxWaitMs?: number;
  /** How long a group waits for a silent member (kafkajs default 30 s). */
  sessionTimeout?: number;
  /**
   * For consumers that keep their positions with what they write (one transaction): a consumer's
   * positions by its name. Each assignment then starts from them instead of the group's offsets.
   */
  storedPositions?: (consumer: string) => Promise<SourcePositions>;
}

/** An output topic's record as an output: the relay publishes the output's own JSON line. */
export function parseOutputRecord(text: string): OutputEvent | undefined {
  try {
    const value = JSON.parse(text) as Partial<OutputEvent> | null;
    return value !== null && typeof value === 'object' && typeof value.eventId === 'string' && typeof value.type === 'string' ? (value as OutputEvent) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The output source port on Kafka: each consumer name is a consumer group on the output topics (its
 * own, or every one), its positions the group's committed offsets per `topic:partition`. Several
 * processes with one name share the partitions, as the group shares them.
 */
export function createKafkaOutputSource(options: KafkaOutputSourceOptions): OutputSource {
  const prefix = options.groupPrefix ?? OUTPUT_GROUP_PREFIX;
  return {
    consumer: (consumer) =>
      createGroupSourceConsumer<OutputEvent>({
        kafka: options.kafka,
        groupId: `${prefix}${consumer.name}`,
        topics: consumer.topics ?? OUTPUT_TOPICS,
        types: consumer.types,
        batchSize: consumer.batchSize,
        parse: parseOutputRecord,
        typeOf: (output) => output.type,
        logger: options.logger,
        maxWaitMs: options.maxWaitMs,
        sessionTimeout: options.sessionTimeout,
        storedPositions: options.storedPositions && (() => options.storedPositions!(consumer.name)),
      }),
  };
}
