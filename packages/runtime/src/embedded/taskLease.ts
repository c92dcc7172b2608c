import type { SqlClient, SqlExecutor, SqlSession } from '@dealerflow/db';
import { createIdleWait } from './idleWait';

/**
 * Which process runs a task (the embedded runner, with the board projector and the notifier beside it)
 * when several processes share one PostgreSQL database: exactly one at a time, and another takes over
 * when it dies (docs/runtime.md, "Processes on one database").
 *
 * - **Who holds it**: a session-level advisory lock (`pg_try_advisory_lock`) on a connection held for the
 *   purpose. It goes when the connection goes: a process killed with SIGKILL loses it as soon as the server
 *   sees its socket close, with no expiry to wait out. A process that is not holding it tries again every
 *   `pollMs` (a standby).
 * - **Fencing**: a process can lose its lock connection and not know yet. So every transaction that writes
 *   the task's results starts with `fence`: it takes a shared transaction lock of the task's fence and checks
 *   in `pg_locks` that the task's lock is still held by this process's lock connection, else it fails
 *   (`TaskLeaseLostError`) and nothing of the transaction commits. A process that takes the task over first
 *   takes the fence exclusively, which waits for every transaction of the previous holder that passed its
 *   fence: what it then reads (the snapshot, the batch ends) includes all the previous holder committed, and
 *   the previous holder commits nothing after that.
 *
 * PGlite has one process (its data folder is one process's): there the lease is held from the start and
 * fences nothing.
 */
export interface TaskLease {
  /** Takes the task if no other process holds it; true when this process holds it now. */
  tryAcquire(): Promise<boolean>;
  /** Waits until this process holds the task, trying every `pollMs`; false when closed first. */
  acquire(): Promise<boolean>;
  /** Whether this process holds the task (as far as it knows: `fence` is what is sure). */
  holds(): boolean;
  /** The first statement of a transaction that writes the task's results; throws TaskLeaseLostError when this process does not hold the task. */
  fence(tx: SqlExecutor): Promise<void>;
  /** Resolves when a hold is lost (its connection failed): the holder must stop writing and go. */
  readonly lost: Promise<Error>;
  /** Lets go of the task (closing the lock connection) and stops waiting for it. */
  close(): Promise<void>;
}

export interface TaskLeaseOptions {
  /** How often a process that does not hold the task tries again (default 1 000 ms). */
  pollMs?: number;
  /** Told when a try fails for another reason than the task being held (the database did not answer). */
  onError?: (error: unknown) => void;
}

/** The first key of the two-key advisory locks: the task's owner lock, and its fence. */
export const TASK_LOCK_SPACE = 0x4446_0002;
export const TASK_FENCE_SPACE = 0x4446_0003;

/** Thrown by `fence` when another process holds the task (or this one's hold is gone). Retrying cannot help. */
export class TaskLeaseLostError extends Error {
  override readonly name = 'TaskLeaseLostError';
  readonly retriable = false;
}

export function createTaskLease(sql: SqlClient, taskId: string, options: TaskLeaseOptions = {}): TaskLease {
  return sql.kind === 'pglite' ? heldAlone() : createPostgresTaskLease(sql, taskId, options);
}

function heldAlone(): TaskLease {
  return {
    tryAcquire: async () => true,
    acquire: async () => true,
    holds: () => true,
    fence: async () => {},
    lost: new Promise<Error>(() => {}),
    close: async () => {},
  };
}

function createPostgresTaskLease(sql: SqlClient, taskId: string, options: TaskLeaseOptions): TaskLease {
  const pollMs = options.pollMs ?? 1_000;
  const idle = createIdleWait();
  let session: SqlSession | undefined;
  /** The backend pid of the lock connection while this process holds the task. */
  let holderPid: number | undefined;
  let closed = false;
  let markLost!: (error: Error) => void;
  const lost = new Promise<Error>((resolve) => (markLost = resolve));

  /** The lock connection, a new one when the last was lost before it held anything. */
  async function lockSession(): Promise<SqlSession> {
    if (session) return session;
    const opened = await sql.session();
    session = opened;
    void opened.lost.then((error) => {
      if (session !== opened) return;
      session = undefined;
      // Back to the pool as broken (closed), or the pool's end would wait for it.
      void opened.release();
      if (holderPid !== undefined) {
        holderPid = undefined;
        markLost(error);
      }
    });
    return opened;
  }

  async function tryAcquire(): Promise<boolean> {
    if (closed) return false;
    if (holderPid !== undefined) return true;
    const [row] = await (await lockSession()).query<{ held: boolean; pid: number }>(
      `SELECT pg_try_advisory_lock($1::int, hashtext($2)) AS held, pg_backend_pid() AS pid`,
      [TASK_LOCK_SPACE, taskId],
    );
    if (!row?.held) return false;
    // The previous holder's transactions that passed their fence finish before this process reads anything.
    await sql.transaction((tx) => tx.query(`SELECT pg_advisory_xact_lock($1::int, hashtext($2))`, [TASK_FENCE_SPACE, taskId]));
    holderPid = row.pid;
    return true;
  }

  return {
    tryAcquire,
    async acquire() {
      while (!closed) {
        try {
          if (await tryAcquire()) return true;
        } catch (error) {
          options.onError?.(error);
        }
        if (!closed) await idle.sleep(pollMs);
      }
      return false;
    },
    holds: () => holderPid !== undefined,
    async fence(tx) {
      const pid = holderPid;
      if (pid === undefined) throw new TaskLeaseLostError(`this process does not hold task ${taskId}`);
      await tx.query(`SELECT pg_advisory_xact_lock_shared($1::int, hashtext($2))`, [TASK_FENCE_SPACE, taskId]);
      const [row] = await tx.query<{ held: boolean }>(
        `SELECT EXISTS (
           SELECT 1 FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND pid = $3::int
              AND classid = $1::int::oid AND objid = hashtext($2)::oid AND objsubid = 2
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
         ) AS held`,
        [TASK_LOCK_SPACE, taskId, pid],
      );
      if (!row?.held) throw new TaskLeaseLostError(`task ${taskId} is no longer held by this process (its lock connection was lost)`);
    },
    lost,
    async close() {
      closed = true;
      idle.wake();
      const held = session;
      session = undefined;
      holderPid = undefined;
      await held?.release();
    },
  };
}
