import type { OutputEvent } from '@dealerflow/contracts';
import type { SqlExecutor } from '@dealerflow/db';

/**
 * Appends outputs in order in one statement, each as its exact NDJSON line, on the raw SQL client
 * (the hot path of the runner and of ingest; `insertOutputs` is the same statement through Prisma).
 */
export async function writeOutputRows(executor: SqlExecutor, outputs: readonly OutputEvent[]): Promise<void> {
  if (outputs.length === 0) return;
  const ids: string[] = [];
  const topics: string[] = [];
  const types: string[] = [];
  const dealers: (string | null)[] = [];
  const times: string[] = [];
  const lines: string[] = [];
  for (const output of outputs) {
    ids.push(output.eventId);
    topics.push(output.topic);
    types.push(output.type);
    dealers.push(output.dealerId ?? null);
    times.push(output.occurredAt);
    lines.push(JSON.stringify(output));
  }
  await executor.query(
    `INSERT INTO output_log (event_id, topic, type, dealer_id, occurred_at, line)
       SELECT e, t, ty, d, o::timestamptz, l
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS x(e, t, ty, d, o, l, ord)
        ORDER BY ord
     ON CONFLICT (event_id) DO NOTHING`,
    [ids, topics, types, dealers, times, lines],
  );
}
