import type { InputEvent, OutputEvent } from '@dealerflow/contracts';
import { createMemoryStateStore, createPipeline, instantOf, type AnyWorker, type Pipeline, type StateStore, type WorkerName } from '@dealerflow/domain';
import { toOutputEnvelope, toWorkerFailureDeadLetter } from '../envelope';
import { takeInEventTimeOrder, type MergeQueue, type Timed } from './eventTimeMerge';
import type { TaskPositions, TaskStore } from './taskStore';
import { decodeTaskState, encodeTaskState } from './taskState';
import { topicRankOf } from './topicRank';

export interface PartitionTaskOptions {
  /** Unique per worker set and partition number, e.g. `credit/7`. */
  taskId: string;
  workers: readonly AnyWorker[];
  policies?: Partial<Record<WorkerName, unknown>>;
  store: TaskStore;
  /** A snapshot is taken after this many applied events (default 20 000)… */
  snapshotEvents?: number;
  /** …or this long after the last one (default 30 s), whichever comes first. */
  snapshotMs?: number;
  /** Wall clock for the snapshot interval only (rules never read it). */
  now?: () => number;
}

/** One record as a source fetched it: the event and its offset in its partition. */
export interface FetchedRecord {
  /** Undefined for a record the source could not read (it dead-lettered it): only its offset counts. */
  event: InputEvent | undefined;
  offset: bigint;
  /**
   * The publisher's sequence number, when it stamps one that grows within each partition (the ingest
   * relay does): a record at or below the last one seen is a re-send after a publisher crash, dropped.
   */
  sequence?: bigint;
}

interface Queued extends Timed {
  event: InputEvent;
  queue: string;
  offset: bigint;
  sequence: bigint | undefined;
}

interface TaskQueue extends MergeQueue<Queued> {
  /** Offset of the next record this queue expects (what is applied or buffered ends just before it). */
  next: bigint;
  /** The publisher's last sequence number fetched on this partition (-1 before any)… */
  sequence: bigint;
  /** …and the last applied, which is what a snapshot keeps. */
  appliedSequence: bigint;
}

/**
 * One task: a worker set over one partition number of every co-partitioned input topic, plus the
 * reference topic in full. Sources hand it what they fetched (`offer`); `applyReady` applies what
 * the event-time merge releases, and commits the outputs and positions in one store transaction,
 * with a snapshot of the whole state every N events or T seconds. After a restart or a partition
 * assignment, `restore` gives the positions to seek to; re-applied events give the same output
 * ids, which the store drops.
 */
export function createPartitionTask(options: PartitionTaskOptions) {
  const { taskId, workers, store } = options;
  const workerNames = workers.map((worker) => worker.name);
  const snapshotEvents = options.snapshotEvents ?? 20_000;
  const snapshotMs = options.snapshotMs ?? 30_000;
  const now = options.now ?? Date.now;
  const queues = new Map<string, TaskQueue>();
  let pipeline: Pipeline;
  let states: StateStore;
  let sinceSnapshot = 0;
  let lastSnapshotAt = now();

  function queueOf(key: string): TaskQueue {
    let queue = queues.get(key);
    if (!queue) queues.set(key, (queue = { items: [], atEnd: false, next: 0n, sequence: -1n, appliedSequence: -1n }));
    return queue;
  }

  /** Per partition, the offset after the last applied record (the first buffered one's, when some wait). */
  function applied(): TaskPositions {
    const positions: TaskPositions = {};
    for (const [key, queue] of queues) positions[key] = String(queue.items[0]?.offset ?? queue.next);
    return positions;
  }

  /** The last sequence applied per partition (a buffered record's is not applied yet, so not kept). */
  function sequencesApplied(): Record<string, string> {
    const sequences: Record<string, string> = {};
    for (const [key, queue] of queues) if (queue.appliedSequence >= 0n) sequences[key] = String(queue.appliedSequence);
    return sequences;
  }

  function snapshotAt(positions: TaskPositions) {
    return { positions, state: encodeTaskState(pipeline.snapshot(), states, workerNames, sequencesApplied()) };
  }

  function apply(events: readonly Queued[]): OutputEvent[] {
    const outputs: OutputEvent[] = [];
    for (const { event, queue, sequence } of events) {
      if (sequence !== undefined) queues.get(queue)!.appliedSequence = sequence;
      const result = pipeline.accept(event);
      for (const failure of result.failures) outputs.push(toWorkerFailureDeadLetter({ event, ...failure, at: pipeline.clockOf(failure.dealerId) }));
      for (const emitted of result.outputs) outputs.push(toOutputEnvelope(emitted));
    }
    return outputs;
  }

  return {
    taskId,
    /** Loads the latest snapshot (or starts empty); returns where each partition must be read from. */
    async restore(): Promise<TaskPositions> {
      const checkpoint = await store.load(taskId);
      const state = checkpoint ? decodeTaskState(checkpoint.state) : undefined;
      states = state?.store ?? createMemoryStateStore();
      const sequences = state?.sequences ?? {};
      // A live task never sees a repeated id: ingest de-duplicates, and a re-fetch is dropped by offset.
      pipeline = createPipeline({ workers, policies: options.policies, store: states, dedupe: false, resume: state?.pipeline });
      queues.clear();
      for (const [key, offset] of Object.entries(checkpoint?.positions ?? {})) queueOf(key).next = BigInt(offset);
      for (const [key, sequence] of Object.entries(sequences)) {
        const queue = queueOf(key);
        queue.sequence = queue.appliedSequence = BigInt(sequence);
      }
      sinceSnapshot = 0;
      lastSnapshotAt = now();
      return checkpoint?.positions ?? {};
    },

    /** Where a partition is to be read from (0 when the task has never read it). */
    positionOf(queue: string): bigint {
      const state = queueOf(queue);
      return state.next;
    },

    /** Adds what a fetch brought (anything before the expected offset, a re-fetch, is dropped). */
    offer(queue: string, records: readonly FetchedRecord[], atEnd: boolean): void {
      const state = queueOf(queue);
      for (const { event, offset, sequence } of records) {
        if (offset < state.next) continue;
        state.next = offset + 1n;
        if (sequence !== undefined) {
          if (sequence <= state.sequence) continue;
          state.sequence = sequence;
        }
        if (event) state.items.push({ event, queue, offset, sequence, at: instantOf(event.occurredAt), rank: topicRankOf(event.type) });
      }
      state.atEnd = atEnd;
    },

    /** The partition's end offset as the broker last said: caught up when nothing lies beyond what was fetched. */
    markEnd(queue: string, endOffset: bigint): void {
      const state = queueOf(queue);
      state.atEnd = state.next >= endOffset;
    },

    buffered(queue: string): number {
      return queues.get(queue)?.items.length ?? 0;
    },

    /** Commits outputs decided outside the merge (dead letters of records the source could not read). */
    async commitOutputs(outputs: readonly OutputEvent[]): Promise<void> {
      if (outputs.length > 0) await store.commit(taskId, { outputs, applied: applied() });
    },

    /** Applies what the merge releases and commits it; returns how many events were applied. */
    async applyReady(force = false): Promise<number> {
      const ready = takeInEventTimeOrder([...queues.values()], force);
      if (ready.length === 0) return 0;
      const outputs = apply(ready);
      sinceSnapshot += ready.length;
      const positions = applied();
      const due = sinceSnapshot >= snapshotEvents || now() - lastSnapshotAt >= snapshotMs;
      const snapshot = due ? snapshotAt(positions) : undefined;
      await store.commit(taskId, { outputs, applied: positions, snapshot });
      if (snapshot) {
        sinceSnapshot = 0;
        lastSnapshotAt = now();
      }
      return ready.length;
    },

    /** Commits a snapshot now (at a graceful stop or a partition revoked), if anything was applied since the last. */
    async snapshotNow(): Promise<void> {
      if (sinceSnapshot === 0) return;
      const positions = applied();
      await store.commit(taskId, { outputs: [], applied: positions, snapshot: snapshotAt(positions) });
      sinceSnapshot = 0;
      lastSnapshotAt = now();
    },
  };
}

export type PartitionTask = ReturnType<typeof createPartitionTask>;
