import type { OutputEvent } from '@dealerflow/contracts';
import type { SqlExecutor } from '@dealerflow/db';
import { logLockCte } from './logLocks';
import { stageRows } from './stagingTables';

/**
 * Appends outputs in order, each as its exact NDJSON line, on the raw SQL client (the hot path of
 * the runner and of ingest; `insertOutputs` is the same insert through Prisma): COPY into the
 * staging table, then one `INSERT … SELECT` in the outputs' order, so `seq` follows it. An output
 * whose `event_id` is already in the log (re-emitted by a batch applied again) is dropped.
 */
export async function writeOutputRows(executor: SqlExecutor, outputs: readonly OutputEvent[]): Promise<void> {
  if (outputs.length === 0) return;
  await stageOutputRows(executor, outputs);
  await insertStagedOutputRows(executor);
}

/**
 * The first half of `writeOutputRows`: the outputs copied into the transaction's staging table. It
 * assigns no `seq`, so a writer that must hold the logs' write lock from its first `seq` to its
 * commit can do this before taking it.
 */
export async function stageOutputRows(executor: SqlExecutor, outputs: readonly OutputEvent[]): Promise<void> {
  await stageRows(
    executor,
    'stage_output',
    outputs.map((output, ord) => [String(ord), output.eventId, output.topic, output.type, output.dealerId ?? null, output.occurredAt, JSON.stringify(output)]),
  );
}

/** The second half: the staged outputs into `output_log` in their order (nothing when none were staged). */
export async function insertStagedOutputRows(executor: SqlExecutor): Promise<void> {
  await executor.query(
    `${logLockCte('output_log')}
     INSERT INTO output_log (event_id, topic, type, dealer_id, occurred_at, line)
       SELECT event_id, topic, type, dealer_id, occurred_at::timestamptz, line FROM log_lock, stage_output ORDER BY ord
     ON CONFLICT (event_id) DO NOTHING`,
  );
}
