import type { DealerProfile } from '@dealerflow/contracts';
import { createMemoryStateStore, createReferenceTables, type PipelineSnapshot, type ReferenceTables } from '@dealerflow/domain';
import type { SqlExecutor } from '@dealerflow/db';
import { decodeTaskState, encodeTaskState, loadTaskCheckpoint, saveTaskSnapshot } from '../task';

/**
 * Where the runner's snapshot lives. A snapshot is, in one transaction: the workers' dealer states
 * that changed since the previous one (`worker_state`, written by `saveStates`), the pipeline's own
 * snapshot (dealer clocks, dealer profiles, reference tables, watermark) as the task state of the
 * runner's row in `task_snapshot` (`encodeTaskState` with no worker states: those are the rows), and
 * the input position both were taken at. Between snapshots a batch commits only its outputs, its
 * checkpoint and where it ended (`task_batch_end`), so that a restart applies the same events in the
 * same batches from the snapshot's position.
 */
export interface RunnerSnapshot {
  /** The input log `seq` the snapshot was taken at: re-application starts after it. */
  position: bigint;
  pipeline: PipelineSnapshot;
  /** Where each batch committed after the snapshot ended, in order. */
  batchEnds: bigint[];
  /** Read from the rows of a runner that wrote everything in every batch (before snapshots): nothing to re-apply. */
  legacy: boolean;
}

const INPUT_LOG = 'input_log';

/** The runner's task id: its worker set (a database holds one runner per worker set). */
export function runnerTaskId(workers: readonly string[]): string {
  return `embedded/${workers.join('+')}`;
}

/** Thrown when the database holds another worker set's runner snapshot: starting over would re-emit everything. */
export class RunnerSnapshotMismatchError extends Error {
  override readonly name = 'RunnerSnapshotMismatchError';
  readonly retriable = false;
}

/** Stores the pipeline's snapshot at `position` and forgets the batch ends up to it; returns the bytes written (the stored text is ASCII). */
export async function saveRunnerSnapshot(executor: SqlExecutor, taskId: string, position: bigint, pipeline: PipelineSnapshot): Promise<number> {
  const positions = { [INPUT_LOG]: String(position) };
  const state = encodeTaskState(pipeline, createMemoryStateStore(), []);
  const written = await saveTaskSnapshot(executor, taskId, { positions, state }, positions);
  await executor.query(`DELETE FROM task_batch_end WHERE task_id = $1 AND position <= $2::bigint`, [taskId, String(position)]);
  return written;
}

/** Records where a batch ended (a batch re-applied after a restart finds its end there already). */
export async function recordBatchEnd(executor: SqlExecutor, taskId: string, position: bigint): Promise<void> {
  await executor.query(`INSERT INTO task_batch_end (task_id, position) VALUES ($1, $2::bigint) ON CONFLICT DO NOTHING`, [taskId, String(position)]);
}

/**
 * The runner's latest snapshot. A database written before snapshots has no row in `task_snapshot`:
 * its worker states, `global_state` rows and checkpoints were all written by every batch, so they
 * are a snapshot at the earliest worker checkpoint (the runner then stores it in the new form).
 */
export async function loadRunnerSnapshot(executor: SqlExecutor, taskId: string, workers: readonly string[]): Promise<RunnerSnapshot> {
  const checkpoint = await loadTaskCheckpoint(executor, taskId);
  if (checkpoint) {
    const position = BigInt(checkpoint.positions[INPUT_LOG] ?? '0');
    const ends = await executor.query<{ position: bigint }>(
      `SELECT position FROM task_batch_end WHERE task_id = $1 AND position > $2::bigint ORDER BY position`,
      [taskId, String(position)],
    );
    return { position, pipeline: decodeTaskState(checkpoint.state).pipeline, batchEnds: ends.map((row) => row.position), legacy: false };
  }
  const others = await executor.query<{ task_id: string }>(`SELECT task_id FROM task_snapshot WHERE task_id LIKE 'embedded/%' LIMIT 1`);
  if (others[0]) {
    throw new RunnerSnapshotMismatchError(
      `this database's runner snapshot is for another worker set (${others[0].task_id}, not ${taskId}); start with the same workers, or on a new database`,
    );
  }
  return loadLegacySnapshot(executor, workers);
}

async function loadLegacySnapshot(executor: SqlExecutor, workers: readonly string[]): Promise<RunnerSnapshot> {
  const checkpoints = await executor.query<{ input_seq: bigint; watermark: Date | null }>(
    `SELECT input_seq, watermark FROM worker_checkpoint WHERE worker = ANY($1::text[])`,
    [[...workers]],
  );
  // A worker without a checkpoint has applied nothing: all resume from the earliest (they advanced together).
  const positions = checkpoints.length < workers.length ? [0n] : checkpoints.map((row) => row.input_seq);
  const position = positions.reduce((min, seq) => (seq < min ? seq : min));
  const watermarks = checkpoints.map((row) => row.watermark?.getTime()).filter((at): at is number => at !== undefined);
  const watermark = watermarks.length > 0 ? Math.max(...watermarks) : undefined;
  return { position, pipeline: await loadGlobalStateParts(executor, watermark), batchEnds: [], legacy: true };
}

/** The pipeline's snapshot from the `global_state` rows the runner kept before snapshots (empty tables when none). */
async function loadGlobalStateParts(executor: SqlExecutor, watermark: number | undefined): Promise<PipelineSnapshot> {
  // A database written before dealer clocks has no `pipeline.clocks`: each dealer's clock starts again at its next event.
  const rows = await executor.query<{ key: string; value: string }>(`SELECT key, value FROM global_state WHERE key LIKE 'pipeline.%'`);
  const part = (name: string) => rows.find((row) => row.key === `pipeline.${name}`)?.value;
  const reference: ReferenceTables = createReferenceTables();
  const dealers = new Map<string, DealerProfile>(JSON.parse(part('dealers') ?? '[]'));
  for (const [sku, product] of JSON.parse(part('products') ?? '[]')) reference.products.set(sku, product);
  for (const [programId, entry] of JSON.parse(part('programs') ?? '[]')) reference.programs.set(programId, entry);
  for (const [warehouseId, bySku] of JSON.parse(part('availability') ?? '[]')) reference.availability.set(warehouseId, new Map(bySku));
  const clocks = JSON.parse(part('clocks') ?? '{"tick":null,"dealers":[]}') as { tick: number | null; dealers: [string, number][] };
  return { watermark, dealers, reference, clocks: { tick: clocks.tick ?? undefined, dealers: new Map(clocks.dealers) } };
}
