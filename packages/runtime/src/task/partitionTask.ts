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
  event: InputEvent;
  offset: bigint;
}

interface Queued extends Timed {
  event: InputEvent;
  queue: string;
  offset: bigint;
}

interface TaskQueue extends MergeQueue<Queued> {
  /** Offset of the next record this queue expects (what is applied or buffered ends just before it). */
  next: bigint;
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
    if (!queue) queues.set(key, (queue = { items: [], atEnd: false, next: 0n }));
    return queue;
  }

  function applied(): TaskPositions {
    const positions: TaskPositions = {};
    for (const [key, queue] of queues) positions[key] = String(queue.next - BigInt(queue.items.length));
    return positions;
  }

  function apply(events: readonly Queued[]): OutputEvent[] {
    const outputs: OutputEvent[] = [];
    for (const { event } of events) {
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
      // A live task never sees a repeated id: ingest de-duplicates, and a re-fetch is dropped by offset.
      pipeline = createPipeline({ workers, policies: options.policies, store: states, dedupe: false, resume: state?.pipeline });
      queues.clear();
      for (const [key, offset] of Object.entries(checkpoint?.positions ?? {})) queueOf(key).next = BigInt(offset);
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
      for (const { event, offset } of records) {
        if (offset < state.next) continue;
        state.items.push({ event, queue, offset, at: instantOf(event.occurredAt), rank: topicRankOf(event.type) });
        state.next = offset + 1n;
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

    /** Applies what the merge releases and commits it; returns how many events were applied. */
    async applyReady(force = false): Promise<number> {
      const ready = takeInEventTimeOrder([...queues.values()], force);
      if (ready.length === 0) return 0;
      const outputs = apply(ready);
      sinceSnapshot += ready.length;
      const positions = applied();
      const due = sinceSnapshot >= snapshotEvents || now() - lastSnapshotAt >= snapshotMs;
      const snapshot = due ? { positions, state: encodeTaskState(pipeline.snapshot(), states, workerNames) } : undefined;
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
      await store.commit(taskId, { outputs: [], applied: positions, snapshot: { positions, state: encodeTaskState(pipeline.snapshot(), states, workerNames) } });
      sinceSnapshot = 0;
      lastSnapshotAt = now();
    },
  };
}

export type PartitionTask = ReturnType<typeof createPartitionTask>;
