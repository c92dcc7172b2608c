import type { WorkerName } from '@dealerflow/domain';
import type { Executor } from './sqlExecutor';
import { decodeStateText } from './stateText';

/**
 * One worker's state for one dealer as the last snapshot wrote it to `worker_state`, or undefined when
 * there is no row. Not the current state (the runner writes rows only at a snapshot): readers go through
 * the worker state view (ports/workerStateView.ts), whose live adapter reads a row only for a dealer the
 * runner holds no state of in memory, which the runner evicts only when it equals its row. The one
 * place outside the runner that follows how states are stored. The caller names the state's type.
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

/** Every row of one worker's states (as `readWorkerState`), by dealerId, leaving out the dealers in `except`. */
export async function readWorkerStates<S>(executor: Executor, worker: WorkerName, except: ReadonlySet<string> = new Set()): Promise<Map<string, S>> {
  const rows = await executor.$queryRawUnsafe<{ dealer_id: string; state: string }[]>(
    `SELECT dealer_id, state FROM worker_state WHERE worker = $1 AND NOT (dealer_id = ANY($2::text[]))`,
    worker,
    [...except],
  );
  return new Map(rows.map((row) => [row.dealer_id, JSON.parse(decodeStateText(row.state)) as S]));
}

/** How far the runner has applied the log for a worker (`seq`, 0 before its first batch) and its watermark then. */
export async function readWorkerCheckpoint(executor: Executor, worker: WorkerName): Promise<{ seq: bigint; watermark: number | undefined }> {
  const rows = await executor.$queryRawUnsafe<{ input_seq: bigint; watermark: Date | null }[]>(
    `SELECT input_seq, watermark FROM worker_checkpoint WHERE worker = $1`,
    worker,
  );
  return { seq: rows[0] ? BigInt(rows[0].input_seq) : 0n, watermark: rows[0]?.watermark?.getTime() };
}
