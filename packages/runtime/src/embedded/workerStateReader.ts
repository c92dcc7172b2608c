import type { WorkerName } from '@dealerflow/domain';
import type { Executor } from './sqlExecutor';
import { decodeStateText } from './stateText';

/**
 * One worker's state for one dealer as the runner last committed it, or undefined when the worker
 * has none. The only reader of `worker_state` outside the runner: how the runner stores states may
 * change, and this function is the one place that follows it. The caller names the state's type
 * (the worker's own, from packages/domain).
 */
export async function readWorkerState<S>(executor: Executor, worker: WorkerName, dealerId: string): Promise<S | undefined> {
  const rows = await executor.$queryRawUnsafe<{ state: string }[]>(
    `SELECT state FROM worker_state WHERE worker = $1 AND dealer_id = $2`,
    worker,
    dealerId,
  );
  const text = rows[0]?.state;
  return text === undefined ? undefined : (JSON.parse(decodeStateText(text)) as S);
}

/** The watermark a worker's committed state is at (epoch ms), or undefined before its first batch. */
export async function readWorkerWatermark(executor: Executor, worker: WorkerName): Promise<number | undefined> {
  const rows = await executor.$queryRawUnsafe<{ watermark: Date | null }[]>(
    `SELECT watermark FROM worker_checkpoint WHERE worker = $1`,
    worker,
  );
  return rows[0]?.watermark?.getTime();
}

/** Pack sizes of these SKUs from the pipeline's product table (a SKU it does not know is left out). */
export async function readPackSizes(executor: Executor, skus: readonly string[]): Promise<Map<string, number>> {
  if (skus.length === 0) return new Map();
  const rows = await executor.$queryRawUnsafe<{ sku: string; pack_size: number | null }[]>(
    `SELECT e ->> 0 AS sku, (e -> 1 ->> 'packSize')::int AS pack_size
       FROM global_state, json_array_elements(value::json) AS e
      WHERE key = 'pipeline.products' AND e ->> 0 = ANY($1::text[])`,
    [...skus],
  );
  return new Map(rows.filter((row) => row.pack_size !== null).map((row) => [row.sku, row.pack_size!]));
}
