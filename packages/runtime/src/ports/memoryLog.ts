import { INPUT_TOPIC, type InputEvent, type OutputEvent } from '@dealerflow/contracts';
import { partitionOfDealer } from '../task/partitionOf';
import type { InputFeed } from './inputFeed';
import type { OutputSource } from './outputSource';
import {
  DEFAULT_SOURCE_BATCH_SIZE,
  type SourceBatch,
  type SourceConsumer,
  type SourceConsumerOptions,
  type SourcePositions,
  type SourceRecord,
} from './sourceConsumer';

interface LoggedEvent {
  type: string;
  dealerId?: string;
}

export interface MemoryLogOptions {
  /** Partitions of each topic (default 1); a dealer's events go to its dealer's partition, the rest to 0. */
  partitions?: number;
}

/**
 * The in-memory adapter of the output source and the input feed (tests, the in-process bus): topics
 * of partitioned logs, kept as published (a record published twice is there twice, as on a broker),
 * and each consumer's committed positions.
 */
export function createMemoryLog<E extends LoggedEvent>(topicOf: (event: E) => string, options: MemoryLogOptions = {}) {
  const partitionCount = options.partitions ?? 1;
  const partitions = new Map<string, E[]>();
  const committed = new Map<string, SourcePositions>();

  function partitionOf(event: E): string {
    const number = event.dealerId === undefined || event.dealerId === '*' ? 0 : partitionOfDealer(event.dealerId, partitionCount);
    return `${topicOf(event)}:${number}`;
  }

  function consumer(options: SourceConsumerOptions): SourceConsumer<E> {
    const batchSize = options.batchSize ?? DEFAULT_SOURCE_BATCH_SIZE;
    const ofTopic = (partition: string) => options.topics === undefined || options.topics.includes(partition.slice(0, partition.lastIndexOf(':')));
    return {
      async read(): Promise<SourceBatch<E>> {
        const from = committed.get(options.name) ?? {};
        const end: Record<string, string> = { ...from };
        const records: SourceRecord<E>[] = [];
        let read = 0;
        for (const partition of [...partitions.keys()].filter(ofTopic).sort()) {
          const events = partitions.get(partition)!;
          let offset = BigInt(from[partition] ?? '0');
          for (; offset < BigInt(events.length) && read < batchSize; offset += 1n) {
            read += 1;
            const event = events[Number(offset)]!;
            if (options.types === undefined || options.types.includes(event.type)) records.push({ event, partition, offset });
          }
          if (offset > 0n) end[partition] = String(offset);
        }
        return { records, read, truncated: read === batchSize, end };
      },
      async commit(positions: SourcePositions): Promise<void> {
        committed.set(options.name, { ...committed.get(options.name), ...positions });
      },
      async close(): Promise<void> {},
    };
  }

  return {
    /** Appends in order, each event to its topic's partition. */
    publish(events: readonly E[]): void {
      for (const event of events) {
        const partition = partitionOf(event);
        const list = partitions.get(partition) ?? [];
        list.push(event);
        partitions.set(partition, list);
      }
    },
    consumer,
  };
}

export function createMemoryOutputSource(options: MemoryLogOptions = {}): OutputSource & { publish(outputs: readonly OutputEvent[]): void } {
  return createMemoryLog<OutputEvent>((output) => output.topic, options);
}

export function createMemoryInputFeed(options: MemoryLogOptions = {}): InputFeed & { publish(events: readonly InputEvent[]): void } {
  return createMemoryLog<InputEvent>((event) => INPUT_TOPIC[event.type], options);
}
