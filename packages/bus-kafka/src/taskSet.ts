import type { OutputEvent } from '@dealerflow/contracts';
import type { AnyWorker, WorkerName } from '@dealerflow/domain';
import { createPartitionTask, type FetchedRecord, type MergeRelease, type PartitionTask, type TaskStore } from '@dealerflow/runtime';
import { DEALER_INPUT_TOPICS, queueKey, REFERENCE_TOPIC } from './topics';

export interface TaskSetOptions {
  /** The worker set's name: tasks are `<name>/<partition>`. */
  name: string;
  workers: readonly AnyWorker[];
  policies?: Partial<Record<WorkerName, unknown>>;
  store: TaskStore;
  snapshotEvents?: number;
  snapshotMs?: number;
  /** What releases the merge from a quiet partition: the relay's progress markers (default) or end offsets. */
  release?: MergeRelease;
}

/** How far one task has read (see `progress`). */
export interface TaskProgress {
  partition: number;
  fetched: bigint;
  buffered: number;
}

/** Where to read one partition from. */
export interface SeekTarget {
  topic: string;
  partition: number;
  offset: bigint;
}

/**
 * The partition tasks one consumer holds, by partition number. It knows which task a fetched
 * partition feeds (the reference topic feeds them all) and where each partition is to be read from.
 */
export function createTaskSet(options: TaskSetOptions) {
  const tasks = new Map<number, PartitionTask>();
  /** Times a task applied what its merge released (each a store commit when it had outputs), and the events applied: the bench's counters. */
  let applications = 0;
  let eventsApplied = 0;

  async function applyReady(task: PartitionTask): Promise<number> {
    const applied = await task.applyReady();
    if (applied > 0) applications += 1;
    eventsApplied += applied;
    return applied;
  }

  function open(partition: number): PartitionTask {
    return createPartitionTask({ ...options, release: options.release ?? 'markers', taskId: `${options.name}/${partition}` });
  }

  return {
    /** Keeps the tasks of these partition numbers, restoring new ones from the store; drops the others. */
    async assign(partitions: readonly number[]): Promise<{ added: number[]; dropped: number[] }> {
      const wanted = new Set(partitions);
      const dropped = [...tasks.keys()].filter((partition) => !wanted.has(partition));
      for (const partition of dropped) tasks.delete(partition);
      const added = partitions.filter((partition) => !tasks.has(partition));
      for (const partition of added) {
        const task = open(partition);
        await task.restore();
        task.expect(queueKey(REFERENCE_TOPIC, 0));
        for (const topic of DEALER_INPUT_TOPICS) task.expect(queueKey(topic, partition));
        tasks.set(partition, task);
      }
      return { added, dropped };
    },

    /** Forgets every task: the next assignment restores them from the store (after a failed commit). */
    clear(): void {
      tasks.clear();
    },

    partitions: (): number[] => [...tasks.keys()],

    /** Each held partition's next offset; the reference topic from the task that is furthest behind. */
    seekTargets(): SeekTarget[] {
      const targets: SeekTarget[] = [];
      let reference: bigint | undefined;
      for (const [partition, task] of tasks) {
        for (const topic of DEALER_INPUT_TOPICS) targets.push({ topic, partition, offset: task.positionOf(queueKey(topic, partition)) });
        const at = task.positionOf(queueKey(REFERENCE_TOPIC, 0));
        if (reference === undefined || at < reference) reference = at;
      }
      if (reference !== undefined) targets.push({ topic: REFERENCE_TOPIC, partition: 0, offset: reference });
      return targets;
    },

    /** Hands a fetched batch to the task(s) it feeds and applies what they can; returns events applied. */
    async offer(topic: string, partition: number, records: readonly FetchedRecord[], atEnd: boolean, deadLetters: readonly OutputEvent[]): Promise<number> {
      const fed = topic === REFERENCE_TOPIC ? [...tasks.values()] : [tasks.get(partition)].filter((task) => task !== undefined);
      let applied = 0;
      for (const task of fed) {
        task.offer(queueKey(topic, partition), records, atEnd);
        await task.commitOutputs(deadLetters);
        applied += await applyReady(task);
      }
      return applied;
    },

    /** The broker's end offsets: a partition read to its end no longer holds the merge back. */
    async markEnds(ends: readonly SeekTarget[]): Promise<number> {
      let applied = 0;
      for (const [partition, task] of tasks) {
        for (const end of ends) {
          if (end.topic === REFERENCE_TOPIC || end.partition === partition) task.markEnd(queueKey(end.topic, end.partition), end.offset);
        }
        applied += await applyReady(task);
      }
      return applied;
    },

    buffered(topic: string, partition: number): number {
      if (topic === REFERENCE_TOPIC) return Math.max(0, ...[...tasks.values()].map((task) => task.buffered(queueKey(topic, partition))));
      return tasks.get(partition)?.buffered(queueKey(topic, partition)) ?? 0;
    },

    /** Whether any task waits on a partition (something buffered that the merge holds back). */
    waiting(): boolean {
      for (const [partition, task] of tasks) {
        for (const topic of [REFERENCE_TOPIC, ...DEALER_INPUT_TOPICS]) {
          if (task.buffered(queueKey(topic, topic === REFERENCE_TOPIC ? 0 : partition)) > 0) return true;
        }
      }
      return false;
    },

    /**
     * How far each task has read: per partition number, the offsets fetched over its queues (the reference
     * topic's included) and the records still buffered. A task has applied all there is when what it
     * fetched reaches the end offsets and nothing is buffered.
     */
    progress(): TaskProgress[] {
      return [...tasks].map(([partition, task]) => {
        const keys = [queueKey(REFERENCE_TOPIC, 0), ...DEALER_INPUT_TOPICS.map((topic) => queueKey(topic, partition))];
        return {
          partition,
          fetched: keys.reduce((sum, key) => sum + task.positionOf(key), 0n),
          buffered: keys.reduce((sum, key) => sum + task.buffered(key), 0),
        };
      });
    },

    /** Applications and events applied since the set was made (see above); dropped tasks' and re-applied events included. */
    applications: (): number => applications,
    eventsApplied: (): number => eventsApplied,

    /** A snapshot of every task (a graceful stop). */
    async snapshotAll(): Promise<void> {
      for (const task of tasks.values()) await task.snapshotNow();
    },
  };
}

export type TaskSet = ReturnType<typeof createTaskSet>;
