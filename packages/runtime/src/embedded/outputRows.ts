import type { OutputEvent } from '@dealerflow/contracts';
import type { SqlExecutor } from '@dealerflow/db';
import { stageRows } from './stagingTables';

/**
 * Appends outputs in order, each as its exact NDJSON line, on the raw SQL client (the hot path of
 * the runner and of ingest; `insertOutputs` is the same insert through Prisma): COPY into the
 * staging table, then one `INSERT … SELECT` in the outputs' order, so `seq` follows it.
 */
export async function writeOutputRows(executor: SqlExecutor, outputs: readonly OutputEvent[]): Promise<void> {
  if (outputs.length === 0) return;
  await stageRows(
    executor,
    'stage_output',
    outputs.map((output, ord) => [String(ord), output.eventId, output.topic, output.type, output.dealerId ?? null, output.occurredAt, JSON.stringify(output)]),
  );
  await executor.query(
    `INSERT INTO output_log (event_id, topic, type, dealer_id, occurred_at, line)
       SELECT event_id, topic, type, dealer_id, occurred_at::timestamptz, line FROM stage_output ORDER BY ord
     ON CONFLICT (event_id) DO NOTHING`,
  );
}
