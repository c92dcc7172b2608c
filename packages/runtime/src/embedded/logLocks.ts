/**
 * The logs' database locks: what keeps `seq` order = commit order when several processes append to one
 * PostgreSQL database (docs/runtime.md, "Ordering across processes").
 *
 * `input_log.seq` and `output_log.seq` come from identity sequences at insert, and readers follow a log by
 * `seq > cursor`. Were two transactions to take seqs 5 and 6 and commit 6 first, a reader could read 6, move
 * its cursor past 5, and never see 5. In one process a mutex kept the writers in turn; across processes the
 * database has to. Each statement that assigns a log's seqs first takes that log's transaction-level advisory
 * lock (`pg_advisory_xact_lock`), held until its transaction ends: a second writer waits before it draws a
 * seq, and draws it only after the first has committed (PostgreSQL makes a commit visible before it lets go
 * of the transaction's locks). So seqs commit in order in any number of processes.
 *
 * The lock is taken in the INSERT itself, in a materialized CTE joined into the rows: no row reaches the
 * projection that draws `nextval` before the CTE ran, and a writer needs no extra round trip or transaction
 * for it (ingest's single-statement append). The in-process write lock stays in front of it: within one
 * process it orders the writers without a waiting connection each.
 */

/** The lock space of Dealerflow's advisory locks ("DF" and 1): the first key of the two-key form. */
export const LOG_LOCK_SPACE = 0x4446_0001;

/** The second key: one lock per log. */
export const LOG_LOCK_KEY = { input_log: 1, output_log: 2 } as const;

export type LockedLog = keyof typeof LOG_LOCK_KEY;

/**
 * `WITH log_lock AS MATERIALIZED (…)`: put it before an `INSERT INTO <log> … SELECT … FROM log_lock, <rows>`.
 * Rows that come from nowhere (an empty staging table) never scan it: no seq is drawn, no lock is taken.
 */
export function logLockCte(log: LockedLog): string {
  return `WITH log_lock AS MATERIALIZED (SELECT pg_advisory_xact_lock(${LOG_LOCK_SPACE}, ${LOG_LOCK_KEY[log]}))`;
}
