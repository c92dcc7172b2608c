import type { OutputEvent } from '@dealerflow/contracts';
import type { TaskStateText } from './taskState';

/**
 * The state store of a partition task: where a task keeps its worker state, its input positions and
 * its outputs, so that a crash at any instant loses nothing and repeats nothing visible.
 *
 * Why a port: the same task runs on the embedded PostgreSQL log, on Kafka, and in tests in memory;
 * each needs the same promise, and one conformance suite holds every adapter to it. What it leaves
 * out: connections, transactions and locks stay inside the adapter; the task sees only `load` and
 * `commit`.
 *
 * The promise: `commit` is atomic. Outputs are kept once by `eventId` (a task that re-applies input
 * after a restart emits the same ids, and those are dropped). A snapshot, when given, is stored with
 * the positions it was taken at; `load` returns the latest snapshot and those positions, from which
 * the task re-applies what came after.
 */
export interface TaskStore {
  load(taskId: string): Promise<TaskCheckpoint | undefined>;
  commit(taskId: string, unit: TaskCommit): Promise<void>;
}

/** Next position to read per input partition (`topic:partition` → offset), as decimal strings. */
export type TaskPositions = Record<string, string>;

export interface TaskCheckpoint {
  /** Where the snapshot was taken: the positions to resume from. */
  positions: TaskPositions;
  /** The task's state at those positions, in parts (`encodeTaskState`). */
  state: TaskStateText;
}

export interface TaskCommit {
  outputs: readonly OutputEvent[];
  /** How far the task has applied (for lag; a restart resumes from the snapshot's positions). */
  applied: TaskPositions;
  /** A new snapshot and the positions it was taken at, when one is due. */
  snapshot?: TaskCheckpoint;
}
