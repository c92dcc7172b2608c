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

/** Every dealer's state of one worker as the runner last committed them, by dealerId (finance's ageing across dealers). */
export async function readWorkerStates<S>(executor: Executor, worker: WorkerName): Promise<Map<string, S>> {
  const rows = await executor.$queryRawUnsafe<{ dealer_id: string; state: string }[]>(
    `SELECT dealer_id, state FROM worker_state WHERE worker = $1`,
    worker,
  );
  return new Map(rows.map((row) => [row.dealer_id, JSON.parse(decodeStateText(row.state)) as S]));
}

/** The watermark a worker's committed state is at (epoch ms), or undefined before its first batch. */
export async function readWorkerWatermark(executor: Executor, worker: WorkerName): Promise<number | undefined> {
  const rows = await executor.$queryRawUnsafe<{ watermark: Date | null }[]>(
    `SELECT watermark FROM worker_checkpoint WHERE worker = $1`,
    worker,
  );
  return rows[0]?.watermark?.getTime();
}
