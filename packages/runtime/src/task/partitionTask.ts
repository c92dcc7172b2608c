import type { OutputEvent } from '@dealerflow/contracts';
import { createMemoryStateStore, createPipeline, type AnyWorker, type Pipeline, type StateStore, type WorkerName } from '@dealerflow/domain';
import { toOutputEnvelope, toWorkerFailureDeadLetter } from '../envelope';
import { createTaskQueues, type FetchedRecord, type MergeRelease, type QueuedEvent } from './taskQueues';
import type { TaskPositions, TaskStore } from './taskStore';
import { decodeTaskState, encodeTaskState } from './taskState';


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
  /** What releases the merge from a quiet partition (default `end-offsets`; see MergeRelease). */
  release?: MergeRelease;
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
  const queues = createTaskQueues(options.release);
  let pipeline: Pipeline;
  let states: StateStore;
  let sinceSnapshot = 0;
  let lastSnapshotAt = now();

  function apply(events: readonly QueuedEvent[]): OutputEvent[] {
    const outputs: OutputEvent[] = [];
    for (const { event } of events) {
      const result = pipeline.accept(event);
      for (const failure of result.failures) outputs.push(toWorkerFailureDeadLetter({ event, ...failure, at: pipeline.clockOf(failure.dealerId) }));
      for (const emitted of result.outputs) outputs.push(toOutputEnvelope(emitted));
    }
    return outputs;
  }

  function snapshotAt(positions: TaskPositions) {
    return { positions, state: encodeTaskState(pipeline.snapshot(), states, workerNames, queues.marks()) };
  }

  async function commit(outputs: readonly OutputEvent[], applied: number, forceSnapshot: boolean): Promise<void> {
    sinceSnapshot += applied;
    const positions = queues.applied();
    const due = forceSnapshot ? sinceSnapshot > 0 : sinceSnapshot >= snapshotEvents || now() - lastSnapshotAt >= snapshotMs;
    const snapshot = due ? snapshotAt(positions) : undefined;
    if (outputs.length === 0 && !snapshot) return;
    await store.commit(taskId, { outputs, applied: positions, snapshot });
    if (snapshot) {
      sinceSnapshot = 0;
      lastSnapshotAt = now();
    }
  }

  return {
    taskId,
    /** Loads the latest snapshot (or starts empty); returns where each partition must be read from. */
    async restore(): Promise<TaskPositions> {
      const checkpoint = await store.load(taskId);
      const state = checkpoint ? decodeTaskState(checkpoint.state) : undefined;
      states = state?.store ?? createMemoryStateStore();
      // A live task never sees a repeated id: ingest de-duplicates, a re-fetch is dropped by offset and a re-send by sequence.
      pipeline = createPipeline({ workers, policies: options.policies, store: states, dedupe: false, resume: state?.pipeline });
      queues.reset(checkpoint?.positions ?? {}, state?.marks ?? { sequences: {}, bounds: {} });
      sinceSnapshot = 0;
      lastSnapshotAt = now();
      return checkpoint?.positions ?? {};
    },

    expect: queues.expect,
    positionOf: queues.positionOf,
    buffered: queues.buffered,
    markEnd: queues.markEnd,

    /** Adds what a fetch brought (anything before the expected offset, a re-fetch, is dropped). */
    offer(queue: string, records: readonly FetchedRecord[], atEnd: boolean): void {
      queues.offer(queue, records, atEnd);
    },

    /** Commits outputs decided outside the merge (dead letters of records the source could not read). */
    async commitOutputs(outputs: readonly OutputEvent[]): Promise<void> {
      await commit(outputs, 0, false);
    },

    /** Applies what the merge releases and commits it; returns how many events were applied. */
    async applyReady(force = false): Promise<number> {
      const ready = queues.take(force);
      if (ready.length === 0) return 0;
      await commit(apply(ready), ready.length, false);
      return ready.length;
    },

    /** Commits a snapshot now (a graceful stop), if anything was applied since the last. */
    async snapshotNow(): Promise<void> {
      await commit([], 0, true);
    },
  };
}

export type PartitionTask = ReturnType<typeof createPartitionTask>;
