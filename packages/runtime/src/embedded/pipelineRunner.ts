import type { Mutex } from 'async-mutex';
import type { InputEvent, OutputEvent } from '@dealerflow/contracts';
import type { SqlClient, SqlExecutor } from '@dealerflow/db';
import { createPipeline, instantOf, isReferenceEvent, type AnyWorker, type Pipeline, type WorkerName } from '@dealerflow/domain';
import { toOutputEnvelope, toWorkerFailureDeadLetter } from '../envelope';
import { createBatchTransaction, type BatchTransaction } from './batchTransaction';
import type { RuntimeLogger } from './logger';
import { loadSnapshot, movesClocks, saveSnapshotParts, snapshotPartChangedBy, type SnapshotPart } from './snapshotStore';
import { writeOutputRows } from './outputRows';
import { createStateCache, saveStates, type StateCache } from './stateCache';
import { createPollingLoop } from './pollingLoop';
import { takeInEventTimeOrder, topicRankOf, type MergeQueue, type Timed } from '../task';

export interface PipelineRunnerOptions {
  /** The raw SQL client: the runner's statements are bulk and hand-written, so Prisma's per-call work is pure cost. */
  sql: SqlClient;
  workers: readonly AnyWorker[];
  policies: Partial<Record<WorkerName, unknown>>;
  /** Shared with the event log: every write to the logs is serialized (commit order = `seq` order). */
  writeLock: Mutex;
  logger: RuntimeLogger;
  /** Input events per transaction at most (default 10 000); a caught-up runner takes what is new. */
  batchSize?: number;
  /** Characters of dealer-state JSON kept in memory between batches (default 16 Mi; the heap holds a few times that). */
  cacheBytes?: number;
  /** Dealers loaded at a time during a day change or a program for all dealers (default 200). */
  dealerChunk?: number;
  /** How long an idle runner sleeps when nobody wakes it (default 250 ms). */
  idlePollMs?: number;
  /**
   * How long a batch holds the write lock. `commit` (PostgreSQL): from writing its outputs to its
   * commit, so ingest (on its own pooled connection) is not held up by the batch's work. `batch`
   * (PGlite, one connection): from opening the batch's transaction to its commit — a transaction
   * there holds the only connection, and taking the lock first keeps ingest from waiting on both.
   * Either way a batch computes before it opens its transaction, so ingest appends meanwhile and
   * the next batch takes everything that arrived: batches grow when the runner lags.
   */
  lockScope?: LogLockScope;
}

/** How long a transaction that appends to the logs holds their write lock (see `lockScope` above). */
export type LogLockScope = 'batch' | 'commit';

export interface BatchCommitted {
  /** `seq` of the last input event the batch applied. */
  lastSeq: bigint;
  events: number;
  outputs: number;
}

/**
 * Applies the input log to every worker's state, batch by batch, from the runner's checkpoint. One
 * transaction per batch writes the states that changed, the outputs, the pipeline's snapshot and
 * the new checkpoint; a crash at any instant leaves either all of a batch or none of it, and the
 * next start resumes from the last checkpoint, so nothing is lost and nothing is emitted twice.
 * The outputs are the replay's, in the replay's order: the same pipeline runs over the same events.
 */
export async function createPipelineRunner(options: PipelineRunnerOptions) {
  const { sql, workers, policies, writeLock } = options;
  const logger = options.logger.child({ component: 'runner' });
  const batchSize = options.batchSize ?? 10_000;
  const cacheBytes = options.cacheBytes ?? 16 * 1024 * 1024;
  const dealerChunk = options.dealerChunk ?? 200;
  const idlePollMs = options.idlePollMs ?? 250;
  const lockScope = options.lockScope ?? 'batch';
  const workerNames = workers.map((worker) => worker.name);
  const listeners = new Set<(batch: BatchCommitted) => void>();

  let position = 0n;
  let cache: StateCache;
  let pipeline: Pipeline;

  async function resume(): Promise<void> {
    const checkpoints = await sql.query<{ worker: string; input_seq: bigint; watermark: Date | null }>(
      `SELECT worker, input_seq, watermark FROM worker_checkpoint WHERE worker = ANY($1::text[])`,
      [workerNames],
    );
    const positions = workerNames.map((name) => checkpoints.find((row) => row.worker === name)?.input_seq ?? 0n);
    position = positions.reduce((min, seq) => (seq < min ? seq : min), positions[0] ?? 0n);
    if (positions.some((seq) => seq !== position)) {
      logger.warn({ checkpoints: positions.map(String) }, 'worker checkpoints differ; resuming all workers from the earliest');
    }
    const watermarks = checkpoints.map((row) => row.watermark?.getTime()).filter((at): at is number => at !== undefined);
    const watermark = watermarks.length > 0 ? Math.max(...watermarks) : undefined;
    const known = await sql.query<{ dealer_id: string }>(`SELECT DISTINCT dealer_id FROM worker_state`);
    cache = createStateCache(known.map((row) => row.dealer_id));
    pipeline = createPipeline({ workers, policies, store: cache.store, dedupe: false, resume: await loadSnapshot(sql, watermark) });
    logger.info({ position: String(position), dealers: known.length }, 'runner resumed');
  }

  function dealersOf(events: readonly InputEvent[]): Set<string> {
    const dealers = new Set<string>();
    for (const event of events) {
      if (!isReferenceEvent(event) && event.type !== 'clock.tick') dealers.add(event.dealerId);
    }
    return dealers;
  }

  async function applyEvents(tx: BatchTransaction, events: readonly InputEvent[]): Promise<{ outputs: OutputEvent[]; parts: Set<SnapshotPart> }> {
    const outputs: OutputEvent[] = [];
    const parts = new Set<SnapshotPart>();
    await cache.load(tx.reader(), workerNames, dealersOf(events));
    for (const event of events) {
      // The batch's dealers were loaded above, but a large fan-out may have evicted some since.
      if (!isReferenceEvent(event) && event.type !== 'clock.tick') await cache.load(tx.reader(), workerNames, [event.dealerId]);
      const step = pipeline.stage(event);
      for (const pass of step.passes) {
        for (let start = 0; start < pass.dealerIds.length; start += dealerChunk) {
          const chunk = pass.dealerIds.slice(start, start + dealerChunk);
          await cache.load(tx.reader(), workerNames, chunk);
          pipeline.runPass(step, pass, chunk);
          if (cache.bytes() > cacheBytes) {
            // Write what the chunk changed inside the batch's transaction (opened now), so memory stays bounded.
            await saveStates(await tx.writer(), cache.collectChanges());
            cache.evict(cacheBytes);
          }
        }
      }
      const result = pipeline.finish(step);
      for (const failure of result.failures) {
        logger.warn({ eventId: event.eventId, worker: failure.worker, dealerId: failure.dealerId, err: failure.error }, 'worker failed on an event; dead-lettered');
        outputs.push(toWorkerFailureDeadLetter({ event, ...failure, at: pipeline.clockOf(failure.dealerId) }));
      }
      for (const emitted of result.outputs) outputs.push(toOutputEnvelope(emitted));
      const part = snapshotPartChangedBy(event.type);
      if (part) parts.add(part);
      if (movesClocks(event.type)) parts.add('clocks');
    }
    return { outputs, parts };
  }

  /** Applies the next batch; returns how many input events it applied (0 when caught up). */
  async function runBatch(): Promise<number> {
    const rows = await sql.query<{ seq: bigint; body: string }>(
      `SELECT seq, body FROM input_log WHERE seq > $1::bigint ORDER BY seq LIMIT $2::int`,
      [String(position), batchSize],
    );
    if (rows.length === 0) return 0;
    const { events, last } = readyEvents(rows, rows.length < batchSize);
    let release: (() => void) | undefined;
    // PGlite: the lock before the transaction, which holds the only connection (ingest waits on one thing, never both ways).
    const batchTx = createBatchTransaction(sql, async () => {
      if (lockScope === 'batch') release = await writeLock.acquire();
    });
    let outputCount: number;
    try {
      // The batch computes outside any transaction; it opens one when it first writes.
      const { outputs, parts } = await applyEvents(batchTx, events);
      const tx = await batchTx.writer();
      await saveStates(tx, cache.collectChanges());
      await saveSnapshotParts(tx, pipeline.snapshot(), parts);
      // Output sequence numbers must commit in order: hold the lock from here to the commit.
      release ??= await writeLock.acquire();
      await writeOutputRows(tx, outputs);
      await saveCheckpoint(tx, workerNames, last.seq, pipeline.watermark());
      await batchTx.commit();
      outputCount = outputs.length;
    } catch (error) {
      await batchTx.rollback();
      throw error;
    } finally {
      release?.();
    }
    position = last.seq;
    cache.evict(cacheBytes);
    const committed = { lastSeq: last.seq, events: events.length, outputs: outputCount };
    for (const listener of listeners) listener(committed);
    return events.length;
  }

  const loop = createPollingLoop({
    step: runBatch,
    idlePollMs,
    // The transaction rolled back: memory may be ahead of the database, which is the truth.
    onFailure: (error, failures) => logger.error({ err: error, failures }, 'batch failed; resuming from the last checkpoint'),
    beforeRetry: () => resume().catch((resumeError: unknown) => logger.error({ err: resumeError }, 'resume failed')),
  });

  await resume();

  return {
    /** Starts applying in the background until `stop`. */
    start: loop.start,
    /** Input arrived: stop sleeping. */
    wake: loop.wake,
    /** Applies batches until the log is caught up (for tests and the benchmark). */
    async drain(): Promise<void> {
      while ((await runBatch()) > 0) {
        // keep going
      }
    },
    /** Finishes the batch in hand, commits it, and stops. */
    stop: loop.stop,
    onCommitted(listener: (batch: BatchCommitted) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    watermark: (): number | undefined => pipeline.watermark(),
  };
}

export type PipelineRunner = Awaited<ReturnType<typeof createPipelineRunner>>;

async function saveCheckpoint(tx: SqlExecutor, workers: readonly string[], seq: bigint, watermark: number | undefined): Promise<void> {
  await tx.query(
    `INSERT INTO worker_checkpoint (worker, input_seq, watermark, updated_at)
       SELECT w, $2::bigint, $3::timestamptz, now() FROM unnest($1::text[]) AS t(w)
     ON CONFLICT (worker) DO UPDATE SET input_seq = EXCLUDED.input_seq, watermark = EXCLUDED.watermark, updated_at = EXCLUDED.updated_at`,
    [[...workers], String(seq), watermark === undefined ? null : new Date(watermark).toISOString()],
  );
}

interface LoggedEvent extends Timed {
  seq: bigint;
  event: InputEvent;
}

/**
 * The batch's events to apply now, in event-time order (as the replay and a Kafka task take them).
 * A batch cut short by its size holds back its last instant, which may go on in the rows after it;
 * those are read again with the next batch. What is applied is always a prefix of the log.
 */
function readyEvents(rows: readonly { seq: bigint; body: string }[], atEnd: boolean): { events: InputEvent[]; last: { seq: bigint } } {
  const items: LoggedEvent[] = rows.map((row) => {
    const event = JSON.parse(row.body) as InputEvent;
    return { seq: row.seq, event, at: instantOf(event.occurredAt), rank: topicRankOf(event.type) };
  });
  const queue: MergeQueue<LoggedEvent> = { items: [...items], atEnd };
  let ready = takeInEventTimeOrder([queue]);
  // A whole batch at one instant: apply it rather than stall.
  if (ready.length === 0) ready = takeInEventTimeOrder([queue], true);
  return { events: ready.map((item) => item.event), last: items[ready.length - 1]! };
}
