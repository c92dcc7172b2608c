import { toCopyText, type SqlExecutor } from '@dealerflow/db';

/**
 * Session-local tables a transaction fills with `COPY` before one `INSERT … SELECT` moves the rows
 * into their table (with `ON CONFLICT`, `RETURNING` and the order COPY cannot give). Emptied before
 * each use and at every commit, so a staged row never outlives its transaction; created on first use per
 * connection (`IF NOT EXISTS`, PostgreSQL's pool hands out several connections).
 */
const STAGES = {
  stage_input: ['ord', 'event_id', 'type', 'topic', 'dealer_id', 'occurred_at', 'body', 'received_at'],
  stage_output: ['ord', 'event_id', 'topic', 'type', 'dealer_id', 'occurred_at', 'line'],
  stage_state: ['worker', 'dealer_id', 'state'],
} as const;

export type StageTable = keyof typeof STAGES;

const CREATE = Object.fromEntries(
  Object.entries(STAGES).map(([table, columns]) => [
    table,
    `CREATE TEMP TABLE IF NOT EXISTS ${table} (${columns.map((column) => `${column} ${column === 'ord' ? 'int' : 'text'}`).join(', ')}) ON COMMIT DELETE ROWS`,
  ]),
) as Record<StageTable, string>;

/** Copies `rows` (in `STAGES[table]` column order) into the staging table, inside the caller's transaction. */
export async function stageRows(tx: SqlExecutor, table: StageTable, rows: Iterable<readonly (string | null)[]>): Promise<void> {
  // One round trip; the notice "already exists, skipping" is not worth a log line. The DELETE empties
  // what an earlier use in this transaction left (a batch may save states twice).
  await tx.exec(`SET LOCAL client_min_messages = warning; ${CREATE[table]}; DELETE FROM ${table}`);
  await tx.copyFrom(table, STAGES[table], toCopyText(rows));
}
