import type { OutputEvent } from '@dealerflow/contracts';
import type { SqlClient, SqlExecutor } from '@dealerflow/db';
import { decodeStateText, encodeStateText } from '../embedded/stateText';
import type { TaskStateText } from './taskState';
import type { TaskCheckpoint, TaskCommit, TaskPositions, TaskStore } from './taskStore';

/**
 * The task store on PostgreSQL or PGlite (through @dealerflow/db's SqlClient), in the tables of
 * migration `20260420000000_task_store`:
 *
 * - `task_snapshot`, one row per task: the latest snapshot (`positions`, `state`), and how far the
 *   task had applied at its last commit (`applied`, for lag). The state is stored deflated and
 *   base64-encoded (`stateText`): on the bench's stream a whole task state is 11 MB of JSON, 2 MB
 *   so, and writing it took about half as long either way, deflating included (docs/performance.md).
 *   `state` holds the first part of the state (clocks, profiles, reference tables, marks);
 * - `task_snapshot_part`: the other parts (the worker states, a list of at most 16 Mi characters of
 *   JSON each), a row per part, replaced with every snapshot (TaskStateText says why parts).
 * - `task_outbox`: the outputs, each once by its unique `event_id` (`ON CONFLICT DO NOTHING`, so a
 *   task that re-applies input after a restart re-emits them for nothing), in each commit's order.
 *
 * One transaction per commit holds the outputs, the applied positions and the snapshot: a failed
 * commit leaves none of them.
 *
 * For a relay that publishes the outbox (to Kafka): `seq` grows with each insert, but transactions
 * of different processes commit in any order, so a row with a smaller `seq` can become visible
 * after one with a larger `seq`. A relay must therefore select what it has not published by
 * `relayed_at IS NULL` (indexed) and set `relayed_at` once the broker acknowledged, never follow
 * "seq greater than the last one seen"; it may publish a row twice after its own crash (consumers
 * drop repeated `eventId`s). Within one task, `seq` follows the task's output order.
 *
 * This is not the embedded runtime's `output_log`: that log is read by cursor (`seq > after`) by the
 * API, the notifier and the board, which needs commit order = `seq` order, and the embedded runtime
 * gets it from one writer process holding a lock. Tasks of several processes cannot give that
 * without serializing every commit across processes, so their outputs go to an outbox that only
 * promises "each once" (docs/runtime.md, "Outputs, the outbox and output_log").
 */
export function createPostgresTaskStore(sql: SqlClient): TaskStore {
  return {
    load: (taskId) => loadTaskCheckpoint(sql, taskId),
    async commit(taskId: string, unit: TaskCommit): Promise<void> {
      await sql.transaction(async (tx) => {
        await insertOutbox(tx, taskId, unit.outputs);
        if (unit.snapshot) await saveTaskSnapshot(tx, taskId, unit.snapshot, unit.applied);
        else await saveTaskApplied(tx, taskId, unit.applied);
      });
    },
  };
}

interface SnapshotRow {
  positions: TaskPositions | string | null;
  state: string | null;
  [column: string]: unknown;
}

// Both drivers parse jsonb; a string still arrives where a driver was told not to.
const positionsOf = (value: TaskPositions | string): TaskPositions => (typeof value === 'string' ? (JSON.parse(value) as TaskPositions) : value);

/** The task's latest snapshot and the positions it was taken at, or undefined before its first. */
export async function loadTaskCheckpoint(executor: SqlExecutor, taskId: string): Promise<TaskCheckpoint | undefined> {
  const [row] = await executor.query<SnapshotRow>(`SELECT positions, state FROM task_snapshot WHERE task_id = $1`, [taskId]);
  if (!row || row.positions === null || row.state === null) return undefined;
  const parts = await executor.query<{ state: string }>(`SELECT state FROM task_snapshot_part WHERE task_id = $1 ORDER BY part`, [taskId]);
  return { positions: { ...positionsOf(row.positions) }, state: [row.state, ...parts.map((part) => part.state)].map(decodeStateText) };
}

/** Stores a snapshot (replacing the previous one) and the applied positions; returns the bytes of state written (the stored text is ASCII). */
export async function saveTaskSnapshot(executor: SqlExecutor, taskId: string, snapshot: TaskCheckpoint, applied: TaskPositions): Promise<number> {
  const [head = '', ...rest] = snapshot.state;
  const state = encodeStateText(head);
  const written = await saveStateParts(executor, taskId, rest);
  await executor.query(
    `INSERT INTO task_snapshot (task_id, positions, state, applied, snapshot_at, updated_at)
       VALUES ($1, $2::jsonb, $3, $4::jsonb, now(), now())
     ON CONFLICT (task_id) DO UPDATE SET positions = EXCLUDED.positions, state = EXCLUDED.state, applied = EXCLUDED.applied,
       snapshot_at = EXCLUDED.snapshot_at, updated_at = EXCLUDED.updated_at`,
    [taskId, JSON.stringify(snapshot.positions), state, JSON.stringify(applied)],
  );
  return written + state.length;
}

/** Replaces the task's state parts (a statement per part: each stays a few MB on the wire); returns the bytes written. */
async function saveStateParts(executor: SqlExecutor, taskId: string, parts: TaskStateText): Promise<number> {
  await executor.query(`DELETE FROM task_snapshot_part WHERE task_id = $1`, [taskId]);
  let written = 0;
  for (const [index, part] of parts.entries()) {
    const stored = encodeStateText(part);
    await executor.query(`INSERT INTO task_snapshot_part (task_id, part, state) VALUES ($1, $2::int, $3)`, [taskId, index + 1, stored]);
    written += stored.length;
  }
  return written;
}

/** Records how far the task has applied, leaving its snapshot as it is. */
export async function saveTaskApplied(executor: SqlExecutor, taskId: string, applied: TaskPositions): Promise<void> {
  await executor.query(
    `INSERT INTO task_snapshot (task_id, applied, updated_at) VALUES ($1, $2::jsonb, now())
     ON CONFLICT (task_id) DO UPDATE SET applied = EXCLUDED.applied, updated_at = EXCLUDED.updated_at`,
    [taskId, JSON.stringify(applied)],
  );
}

/** Adds outputs to the outbox in their order; one whose `eventId` is already there is dropped. */
export async function insertOutbox(executor: SqlExecutor, taskId: string, outputs: readonly OutputEvent[]): Promise<void> {
  if (outputs.length === 0) return;
  await executor.query(
    `INSERT INTO task_outbox (event_id, task_id, topic, dealer_id, line)
       SELECT e, $1, t, d, l FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS x(e, t, d, l, ord)
        ORDER BY ord
     ON CONFLICT (event_id) DO NOTHING`,
    [
      taskId,
      outputs.map((output) => output.eventId),
      outputs.map((output) => output.topic),
      outputs.map((output) => output.dealerId ?? null),
      outputs.map((output) => JSON.stringify(output)),
    ],
  );
}
