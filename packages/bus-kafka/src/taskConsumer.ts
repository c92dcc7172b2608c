import { Mutex } from 'async-mutex';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { RuntimeLogger } from '@dealerflow/runtime';
import { coPartitionAssigner } from './coPartitionAssigner';
import { fetchEndOffsets } from './endOffsets';
import { recordsOf } from './recordsOf';
import { createTaskSet, type TaskSetOptions } from './taskSet';
import { DEALER_INPUT_TOPICS, REFERENCE_TOPIC, TASK_INPUT_TOPICS } from './topics';

export interface TaskConsumerOptions extends TaskSetOptions {
  kafka: Kafka;
  /** The consumer group (one per worker set: its processes share the partitions). */
  groupId: string;
  logger: RuntimeLogger;
  /** Records buffered on one partition before it is paused until the merge catches up (default 20 000). */
  maxBuffered?: number;
  /** With `release: 'end-offsets'`: how often the broker is asked for end offsets (default 500 ms). */
  endOffsetPollMs?: number;
  /** How long the group waits for a silent member before giving its tasks to the others (kafkajs default 30 s). */
  sessionTimeout?: number;
}

/** Cumulative work counters of one consumer, for the bench (see `counters`). */
export interface ConsumerCounters {
  batches: number;
  applications: number;
  /** Events its tasks applied, an event applied again after a rebalance counted again (it was work). */
  applied: number;
}

/**
 * A worker set's tasks on Kafka: one consumer in the worker's group, the co-partitioning assigner,
 * and no offsets committed to Kafka — each task's positions live with its state in the task store,
 * and every assignment seeks to them. A batch goes to its task(s), which apply and commit what the
 * event-time merge releases. A failed commit is an infrastructure error: every task is dropped and
 * the error goes to kafkajs, which restarts the consumer with backoff, and the rejoin restores the
 * tasks from the store (nothing applied in memory outlives a failed commit).
 */
export function createTaskConsumer(options: TaskConsumerOptions) {
  const logger = options.logger.child({ component: 'task-consumer', group: options.groupId });
  const maxBuffered = options.maxBuffered ?? 20_000;
  const tasks = createTaskSet(options);
  const mutex = new Mutex();
  const admin = options.kafka.admin();
  const consumer: Consumer = options.kafka.consumer({
    groupId: options.groupId,
    partitionAssigners: [coPartitionAssigner({ globalTopics: [REFERENCE_TOPIC] })],
    ...(options.sessionTimeout ? { sessionTimeout: options.sessionTimeout, heartbeatInterval: Math.max(300, Math.floor(options.sessionTimeout / 10)) } : {}),
    retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 10_000 },
  });
  const paused = new Set<string>();
  /** Whether the latest assignment's tasks were restored (a batch waits for it; false fails the batch, so kafkajs rejoins). */
  let assigned: Promise<boolean> = Promise.resolve(true);
  let poller: NodeJS.Timeout | undefined;
  /** Non-empty batches handed to the tasks (the bench compares them per event for one and two processes). */
  let batches = 0;

  async function onAssignment(assignment: Record<string, number[]>): Promise<void> {
    const partitions = [...new Set(DEALER_INPUT_TOPICS.flatMap((topic) => assignment[topic] ?? []))].sort((a, b) => a - b);
    const { added, dropped } = await tasks.assign(partitions);
    // kafkajs keeps a pause across assignments; a partition still too full is paused again by its next batch.
    for (const key of paused) consumer.resume([{ topic: key.slice(0, key.lastIndexOf(':')), partitions: [Number(key.slice(key.lastIndexOf(':') + 1))] }]);
    paused.clear();
    for (const target of tasks.seekTargets()) consumer.seek({ topic: target.topic, partition: target.partition, offset: String(target.offset) });
    logger.info({ partitions, added, dropped }, 'tasks assigned');
  }

  async function onBatch({ batch, isStale, heartbeat, pause }: EachBatchPayload): Promise<void> {
    if (!(await assigned)) throw new Error('tasks of this assignment could not be restored from the task store');
    if (isStale() || batch.isEmpty()) return;
    await mutex.runExclusive(async () => {
      batches += 1;
      const { records, deadLetters, atEnd } = recordsOf(batch, `${options.name}-worker`);
      try {
        await tasks.offer(batch.topic, batch.partition, records, atEnd, deadLetters);
      } catch (error) {
        tasks.clear();
        logger.error({ err: error, retriable: true, topic: batch.topic, partition: batch.partition }, 'task commit failed; tasks are restored from the store when the consumer rejoins');
        throw error;
      }
      await heartbeat();
      if (tasks.buffered(batch.topic, batch.partition) > maxBuffered) {
        pause();
        paused.add(`${batch.topic}:${batch.partition}`);
      }
    });
  }

  async function pollEnds(): Promise<void> {
    if (tasks.partitions().length === 0) return;
    const ends = await fetchEndOffsets(admin, TASK_INPUT_TOPICS);
    await mutex.runExclusive(async () => {
      await tasks.markEnds(ends);
      for (const key of [...paused]) {
        const [topic, partition] = [key.slice(0, key.lastIndexOf(':')), Number(key.slice(key.lastIndexOf(':') + 1))];
        if (tasks.buffered(topic, partition) > maxBuffered / 2) continue;
        consumer.resume([{ topic, partitions: [partition] }]);
        paused.delete(key);
      }
    });
  }

  return {
    async start(): Promise<void> {
      await admin.connect();
      await consumer.connect();
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        assigned = mutex
          .runExclusive(() => onAssignment(payload.memberAssignment))
          .then(() => true)
          .catch((error: unknown) => {
            tasks.clear();
            logger.error({ err: error, retriable: true }, 'restoring tasks failed; the next batch makes the consumer rejoin');
            return false;
          });
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => logger.error({ err: payload.error, restart: payload.restart }, 'consumer crashed'));
      await consumer.subscribe({ topics: [...TASK_INPUT_TOPICS], fromBeginning: true });
      await consumer.run({ autoCommit: false, eachBatch: onBatch });
      const interval = options.endOffsetPollMs ?? 500;
      const tick = () => {
        poller = setTimeout(() => {
          pollEnds()
            .catch((error: unknown) => logger.warn({ err: error, retriable: true }, 'end offsets not read; trying again'))
            .finally(() => poller && tick());
        }, interval);
      };
      // Markers (the default: Dealerflow's relay writes them) need no polling.
      if (options.release === 'end-offsets') tick();
    },

    /** Finishes the batch in hand, leaves the group, snapshots every task, and closes. */
    async stop(): Promise<void> {
      const timer = poller;
      poller = undefined;
      clearTimeout(timer);
      await consumer.disconnect();
      await mutex.runExclusive(() => tasks.snapshotAll());
      await admin.disconnect();
      logger.info({}, 'task consumer stopped');
    },

    /** The partition numbers whose tasks this consumer holds. */
    partitions: () => tasks.partitions(),
    /** How far each task held has read (the benchmark follows it). */
    progress: () => tasks.progress(),
    /** Batches handled and task applications since the start (what each event cost in fetches and commits). */
    counters: (): ConsumerCounters => ({ batches, applications: tasks.applications(), applied: tasks.eventsApplied() }),
  };
}

export type TaskConsumer = ReturnType<typeof createTaskConsumer>;
