import type { SqlExecutor } from '@dealerflow/db';
import type { FoldHorizon } from '@dealerflow/runtime';

/**
 * How far the worker services on Kafka were handed the input log: the position the input relay stored
 * (it publishes the log in order, so nothing below it commits later) and the latest instant it published.
 * The dashboards fold the workers' states from the log up to it (docs/kafka.md).
 */
export function relayedHorizon(sql: SqlExecutor, relay: { latest(): number | undefined }): () => Promise<FoldHorizon> {
  return async () => {
    const [row] = await sql.query<{ position: bigint }>(`SELECT position FROM relay_position WHERE name = 'input'`);
    return { seq: row ? BigInt(row.position) : 0n, watermark: relay.latest() };
  };
}
