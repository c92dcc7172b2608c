import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { DEFAULT_SOURCE_BATCH_SIZE, type RuntimeLogger, type SourceBatch, type SourceConsumer, type SourcePositions } from '@dealerflow/runtime';
import { createFetchedRecords, type FetchedEntry } from './fetchedRecords';

export interface GroupSourceConsumerOptions<E> {
  kafka: Kafka;
  /** The consumer group: the consumer's positions are the group's committed offsets. */
  groupId: string;
  topics: readonly string[];
  /** Only these types; others are passed over (their offsets are committed with the rest). */
  types?: readonly string[];
  batchSize?: number;
  /** A record's value as an event, or undefined when it is not one (passed over, with a warning). */
  parse: (text: string) => E | undefined;
  typeOf: (event: E) => string;
  logger: RuntimeLogger;
  /** How long a `read` waits for the fetch to reach the end offsets it saw (default 5 s); then it hands out what it has. */
  maxWaitMs?: number;
  /** Records held per partition before its fetching is paused until commits make room (default 4 × batchSize, at least 10 000). */
  maxBuffered?: number;
  /** How long the group waits for a silent member (kafkajs default 30 s). */
  sessionTimeout?: number;
  /**
   * Where the consumer keeps its positions itself, written with what it writes in one transaction
   * (`createOutputLogMirror`): each assignment starts from these (seeking there) instead of from the
   * group's offsets, which `commit` still moves so that lag tools see the group. A partition not named
   * starts at its earliest record.
   */
  storedPositions?: () => Promise<SourcePositions>;
}

/** How long the first read waits for the group to assign this member its partitions. */
const JOIN_TIMEOUT_MS = 60_000;

const key = (topic: string, partition: number) => `${topic}:${partition}`;
const topicOf = (partition: string) => partition.slice(0, partition.lastIndexOf(':'));
const numberOf = (partition: string) => Number(partition.slice(partition.lastIndexOf(':') + 1));

/** Errors of a commit that a rebalance overtook: the records come again from the committed offsets after the rejoin. */
function isRebalance(error: unknown): boolean {
  const type = (error as { type?: string }).type ?? (error as { cause?: { type?: string } }).cause?.type;
  return type === 'REBALANCE_IN_PROGRESS' || type === 'ILLEGAL_GENERATION' || type === 'UNKNOWN_MEMBER_ID';
}

/**
 * A source consumer over a kafkajs consumer group, pull-shaped as the port wants it. kafkajs pushes
 * batches (`eachBatch`); they are held per partition (`fetchedRecords`) until the consumer commits
 * past them. A `read` asks the broker for its topics' end offsets and waits until the fetch got that
 * far (or the batch is full), so "read 0" means caught up, as on the PostgreSQL log. On each
 * assignment what was held is dropped and the committed offsets are read again (kafkajs fetches
 * from them too): an uncommitted batch comes again after a rebalance. Commits go to the group
 * (`commitOffsets`), for partitions this member holds.
 */
export function createGroupSourceConsumer<E>(options: GroupSourceConsumerOptions<E>): SourceConsumer<E> {
  const logger = options.logger.child({ component: 'output-source', group: options.groupId });
  const batchSize = options.batchSize ?? DEFAULT_SOURCE_BATCH_SIZE;
  const maxWaitMs = options.maxWaitMs ?? 5_000;
  const maxBuffered = options.maxBuffered ?? Math.max(10_000, 4 * batchSize);
  const types = options.types === undefined ? undefined : new Set(options.types);
  const fetched = createFetchedRecords<E>();
  const paused = new Set<string>();
  const waiters = new Set<() => void>();
  let admin: Admin | undefined;
  let consumer: Consumer | undefined;
  let started: Promise<void> | undefined;
  let generation = 0;
  let closed = false;

  function notify(): void {
    for (const wake of [...waiters]) wake();
  }

  function arrival(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiters.add(done);
    });
  }

  function entryOf(value: Buffer | null, offset: string): FetchedEntry<E> {
    const event = options.parse(value?.toString('utf8') ?? '');
    if (event === undefined) logger.warn({ offset }, 'a record that is not an output event; passed over');
    return { offset: BigInt(offset), event: event !== undefined && (types === undefined || types.has(options.typeOf(event))) ? event : undefined };
  }

  function onJoin(assignment: Record<string, number[]>): void {
    generation += 1;
    fetched.assign(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((partition) => key(topic, partition))));
    // kafkajs keeps a pause across assignments: what was held is gone, so fetch again.
    resume([...paused]);
    notify();
  }

  function resume(partitions: readonly string[]): void {
    for (const partition of partitions) {
      consumer?.resume([{ topic: topicOf(partition), partitions: [numberOf(partition)] }]);
      paused.delete(partition);
    }
  }

  async function onBatch({ batch, isStale, pause }: EachBatchPayload): Promise<void> {
    const partition = key(batch.topic, batch.partition);
    // Stored positions: nothing is taken before the seek to them (a fetch from the group's offset would pass it).
    if (isStale() || !fetched.has(partition) || batch.isEmpty() || (options.storedPositions && !fetched.started(partition))) return;
    fetched.append(partition, batch.messages.map((message) => entryOf(message.value, message.offset)), BigInt(batch.lastOffset()) + 1n);
    if (fetched.size(partition) > maxBuffered) {
      pause();
      paused.add(partition);
    }
    notify();
  }

  /** The committed offsets of this assignment (the earliest offset where there is none, as kafkajs starts there). */
  async function loadPositions(): Promise<void> {
    const at = generation;
    const stored = options.storedPositions ? await options.storedPositions() : undefined;
    const committed = stored ? [] : await admin!.fetchOffsets({ groupId: options.groupId, topics: [...options.topics] });
    const lows = new Map<string, bigint>();
    for (const topic of options.topics) {
      for (const offsets of await admin!.fetchTopicOffsets(topic)) lows.set(key(topic, offsets.partition), BigInt(offsets.low));
    }
    const starts = new Map<string, bigint>();
    for (const { topic, partitions } of committed) {
      // -1: the group has committed nothing there.
      for (const { partition, offset } of partitions) if (BigInt(offset) >= 0n) starts.set(key(topic, partition), BigInt(offset));
    }
    for (const [partition, offset] of Object.entries(stored ?? {})) starts.set(partition, BigInt(offset));
    if (at !== generation) return;
    for (const partition of fetched.assigned()) {
      const low = lows.get(partition) ?? 0n;
      const wanted = starts.get(partition) ?? 0n;
      if (wanted < low && starts.has(partition)) logger.warn({ partition, position: String(wanted), earliest: String(low) }, 'records before the earliest one kept are gone; starting there');
      const start = wanted < low ? low : wanted;
      // kafkajs fetches from the group's offset: where the positions are the consumer's own, go where they say.
      if (stored) {
        fetched.rewind(partition, start);
        consumer?.seek({ topic: topicOf(partition), partition: numberOf(partition), offset: String(start) });
      } else {
        fetched.start(partition, start);
      }
    }
  }

  async function endOffsets(): Promise<Map<string, bigint>> {
    const ends = new Map<string, bigint>();
    for (const topic of options.topics) {
      for (const { partition, high } of await admin!.fetchTopicOffsets(topic)) ends.set(key(topic, partition), BigInt(high));
    }
    return ends;
  }

  async function start(): Promise<void> {
    admin = options.kafka.admin();
    await admin.connect();
    consumer = options.kafka.consumer({
      groupId: options.groupId,
      ...(options.sessionTimeout ? { sessionTimeout: options.sessionTimeout, heartbeatInterval: Math.max(300, Math.floor(options.sessionTimeout / 10)) } : {}),
      retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 10_000 },
      // A fetch returns as soon as a record arrives; the wait only bounds an idle fetch, which a stop waits out.
      maxWaitTimeInMs: 1_000,
    });
    const joined = new Promise<void>((resolve) => {
      consumer!.on(consumer!.events.GROUP_JOIN, ({ payload }) => {
        onJoin(payload.memberAssignment);
        resolve();
      });
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => logger.error({ err: payload.error, restart: payload.restart }, 'output consumer crashed'));
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatch: onBatch });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${options.groupId}: no assignment within ${JOIN_TIMEOUT_MS} ms`)), JOIN_TIMEOUT_MS);
    });
    await Promise.race([joined, timeout]).finally(() => clearTimeout(timer));
    logger.info({ topics: options.topics }, 'output consumer joined its group');
  }

  /** Starts the consumer at the first read; a start that failed (a broker away, a topic missing) is tried again at the next. */
  function ensureStarted(): Promise<void> {
    started ??= start().catch(async (error: unknown) => {
      started = undefined;
      await consumer?.disconnect().catch(() => undefined);
      await admin?.disconnect().catch(() => undefined);
      throw error;
    });
    return started;
  }

  return {
    async read(): Promise<SourceBatch<E>> {
      await ensureStarted();
      const deadline = Date.now() + maxWaitMs;
      if (!fetched.ready()) await loadPositions();
      const ends = fetched.total() >= batchSize ? undefined : await endOffsets();
      for (;;) {
        if (!fetched.ready()) await loadPositions();
        if (!fetched.ready()) continue;
        if (fetched.total() >= batchSize || (ends !== undefined && fetched.caughtUp(ends))) break;
        const left = deadline - Date.now();
        if (left <= 0 || closed) break;
        await arrival(Math.min(left, 250));
      }
      return fetched.take(batchSize);
    },

    async commit(positions: SourcePositions): Promise<void> {
      const moved = fetched.changed(positions);
      if (moved.length === 0 || consumer === undefined) return;
      try {
        await consumer.commitOffsets(moved.map(({ partition, offset }) => ({ topic: topicOf(partition), partition: numberOf(partition), offset: String(offset) })));
      } catch (error) {
        if (!isRebalance(error)) throw error;
        logger.warn({ err: error, retriable: true }, 'commit overtaken by a rebalance; the batch comes again from the committed offsets');
        return;
      }
      fetched.commit(moved);
      resume([...paused].filter((partition) => fetched.size(partition) <= maxBuffered / 2));
    },

    async close(): Promise<void> {
      closed = true;
      notify();
      await started?.catch(() => undefined);
      await consumer?.disconnect();
      await admin?.disconnect();
    },
  };
}
