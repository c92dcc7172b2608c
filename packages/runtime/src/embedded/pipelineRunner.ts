import { setImmediate } from 'node:timers/promises';
import type { Mutex } from 'async-mutex';
import type { InputEvent, OutputEvent } from '@dealerflow/contracts';
import type { SqlClient, SqlExecutor } from '@dealerflow/db';
import { createPipeline, isReferenceEvent, type AnyWorker, type Pipeline, type WorkerName } from '@dealerflow/domain';
import { toOutputEnvelope, toWorkerFailureDeadLetter } from '../envelope';
import { createBatchTransaction, type BatchTransaction } from './batchTransaction';
import { readInputBatch } from './inputBatch';
import type { InputTail } from './inputTail';
import type { RuntimeLogger } from './logger';
import { insertStagedOutputRows, stageOutputRows } from './outputRows';
import { createPollingLoop } from './pollingLoop';
import { loadRunnerSnapshot, recordBatchEnd, runnerTaskId, saveRunnerSnapshot } from './snapshotStore';
import { createStateCache, knownDealersOf, saveStates, type StateCache } from './stateCache';
import { TaskLeaseLostError } from './taskLease';

/** How long the runner computes before it lets the event loop handle what is ready. */
const YIELD_EVERY_MS = 10;

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
  /**
   * Characters of dealer-state JSON kept in memory between snapshots (default 64 Mi; the heap holds about four times
   * that). States touched since the last snapshot stay until it, so when they outgrow this the batch ends with a
   * snapshot: too small a cache turns every day change into one. Measured on 100 dealers × 300 SKUs × 60 days (53 MB
   * of state at the end): 16 Mi wrote 56–69 % of the state the runner wrote before snapshots, 64 Mi 2–7 %, with less
   * CPU and a lower peak RSS (docs/performance.md, "Fifth round").
   */
  cacheBytes?: number;
  /** Dealers loaded at a time during a day change or a program for all dealers (default 200). */
  dealerChunk?: number;
  /** How long an idle runner sleeps when nobody wakes it (default 250 ms). */
  idlePollMs?: number;
  /** A snapshot is taken after this many applied events (default 50 000)… */
  snapshotEvents?: number;
  /** …or this long after the last one (default 30 s), whichever comes first… */
  snapshotMs?: number;
  /** …or when no input came for this long (default 5 s) and something was applied since the last. */
  idleSnapshotMs?: number;
  /** Wall clock for the snapshot intervals only (rules never read it). */
  now?: () => number;
  /**
   * How long a batch holds the write lock. `commit` (PostgreSQL): from writing its outputs to its
   * commit, so ingest (on its own pooled connection) is not held up by the batch's work. `batch`
   * (PGlite, one connection): from opening the batch's transaction to its commit — a transaction
   * there holds the only connection, and taking the lock first keeps ingest from waiting on both.
   * Either way a batch computes before it opens its transaction, so ingest appends meanwhile and
   * the next batch takes everything that arrived: batches grow when the runner lags.
   */
  lockScope?: LogLockScope;
  /**
   * The first statement of each transaction the runner writes in (the task lease's fence, taskLease.ts): it throws
   * when another process runs the task now, and nothing of the transaction commits. None by default (one process).
   */
  fence?: (tx: SqlExecutor) => Promise<void>;
  /** The rows this process's ingest committed, taken instead of reading them back from `input_log` (inputTail.ts). */
  tail?: InputTail;
}

/** How long a transaction that appends to the logs holds their write lock (see `lockScope` above). */
export type LogLockScope = 'batch' | 'commit';

export interface BatchCommitted {
  /** `seq` of the last input event the batch applied. */
  lastSeq: bigint;
  events: number;
  outputs: number;
}

/** The dealer states the runner holds in memory, as a read between two batches sees them (`readHeld`). */
export interface HeldStates {
  /** False after a failed batch until the runner resumes: memory may hold what was rolled back, so read nothing from it. */
  current: boolean;
  /** The pipeline's watermark after the last batch applied. */
  watermark: number | undefined;
  /** See StateCache.peek: undefined when not held in memory (then its `worker_state` row is the state). */
  peek: StateCache['peek'];
  held: StateCache['held'];
}

/** What the runner wrote of state since it was created (the bench's "state bytes per event"). */
export interface RunnerWrites {
  snapshots: number;
  /** Bytes of state written: dealer states and the pipeline's snapshot. */
  stateBytes: number;
  /** Batches applied again after a restart, from the snapshot's position. */
  reappliedBatches: number;
}

/**
 * Applies the input log to every worker's state, batch by batch. Each batch commits, in one
 * transaction, its outputs (in publish order), the checkpoint and where it ended. The workers'
 * states are written only with a snapshot, every `snapshotEvents` events or `snapshotMs`, when the
 * runner goes idle, at a graceful stop, or when the states held unwritten outgrow the cache: then
 * the same transaction also writes the dealer states that changed since the last snapshot and the
 * pipeline's own snapshot at the batch's end (snapshotStore). A restart (or a failed batch) resumes
 * from the snapshot and applies the batches since again, cut where they were cut, so they give the
 * same outputs with the same ids; `output_log`'s unique `event_id` drops those already committed.
 * So a crash at any instant loses nothing and shows nothing twice. The outputs are the replay's, in
 * the replay's order: the same pipeline runs over the same events.
 */
export async function createPipelineRunner(options: PipelineRunnerOptions) {
  const { sql, workers, policies, writeLock } = options;
  const logger = options.logger.child({ component: 'runner' });
  const batchSize = options.batchSize ?? 10_000;
  const cacheBytes = options.cacheBytes ?? 64 * 1024 * 1024;
  const dealerChunk = options.dealerChunk ?? 200;
  const idlePollMs = options.idlePollMs ?? 250;
  const snapshotEvents = options.snapshotEvents ?? 50_000;
  const snapshotMs = options.snapshotMs ?? 30_000;
  const idleSnapshotMs = options.idleSnapshotMs ?? 5_000;
  const now = options.now ?? Date.now;
  const lockScope = options.lockScope ?? 'batch';
  const fence = options.fence ?? (async () => {});
  const workerNames = workers.map((worker) => worker.name);
  const taskId = runnerTaskId(workerNames);
  const listeners = new Set<(batch: BatchCommitted) => void>();
  const writes: RunnerWrites = { snapshots: 0, stateBytes: 0, reappliedBatches: 0 };

  let position = 0n;
  let cache: StateCache;
  let pipeline: Pipeline;
  /** After a restart: where the batches committed since the snapshot ended, still to apply again as they were. */
  let batchEnds: bigint[] = [];
  let sinceSnapshot = 0;
  let lastSnapshotAt = now();
  let lastAppliedAt = now();
  /** A batch or snapshot failed: memory may be ahead of the database, which is the truth, until `resume`. */
  let diverged = false;
  /** A batch is applying: states change in place, so reads of them wait for its end (`readHeld`). */
  let applying = false;
  const waitingReads: (() => void)[] = [];

  async function resume(): Promise<void> {
    const snapshot = await loadRunnerSnapshot(sql, taskId, workerNames);
    cache = createStateCache(await knownDealersOf(sql, workerNames));
    pipeline = createPipeline({ workers, policies, store: cache.store, dedupe: false, resume: snapshot.pipeline });
    position = snapshot.position;
    batchEnds = snapshot.batchEnds;
    sinceSnapshot = 0;
    lastSnapshotAt = now();
    diverged = false;
    // Stored in the new form at once: later batches write no state until the next snapshot, so these rows alone would be stale.
    if (snapshot.legacy) await storeLegacySnapshot();
    logger.info({ position: String(position), batchesToReapply: batchEnds.length }, 'runner resumed from its snapshot');
  }

  /** Stores the snapshot read from rows in the new form; a process that does not run the task (its fence says so) leaves that to the one that does. */
  async function storeLegacySnapshot(): Promise<void> {
    try {
      await sql.transaction(async (tx) => {
        await fence(tx);
        await saveRunnerSnapshot(tx, taskId, position, pipeline.snapshot());
      });
    } catch (error) {
      if (!(error instanceof TaskLeaseLostError)) throw error;
    }
  }

  function dealersOf(events: readonly InputEvent[]): Set<string> {
    const dealers = new Set<string>();
    for (const event of events) {
      if (!isReferenceEvent(event) && event.type !== 'clock.tick') dealers.add(event.dealerId);
    }
    return dealers;
  }

  interface Applied {
    outputs: OutputEvent[];
    /** A fan-out wrote states before the batch's end: the batch must end with a snapshot. */
    wroteStates: boolean;
  }

  async function applyEvents(tx: BatchTransaction, events: readonly InputEvent[]): Promise<Applied> {
    const applied: Applied = { outputs: [], wroteStates: false };
    await cache.load(tx.reader(), workerNames, dealersOf(events));
    let computingSince = performance.now();
    for (const event of events) {
      // Applying runs in promises that never return to the event loop: every 10 ms, let it handle what is ready
      // (a /healthz probe, requests to read), so a large batch does not hold the server up (issue 18).
      if (performance.now() - computingSince > YIELD_EVERY_MS) {
        await setImmediate();
        computingSince = performance.now();
      }
      // The batch's dealers were loaded above, but a large fan-out may have evicted some since.
      if (!isReferenceEvent(event) && event.type !== 'clock.tick') await cache.load(tx.reader(), workerNames, [event.dealerId]);
      const step = pipeline.stage(event);
      for (const pass of step.passes) {
        for (let start = 0; start < pass.dealerIds.length; start += dealerChunk) {
          const chunk = pass.dealerIds.slice(start, start + dealerChunk);
          await cache.load(tx.reader(), workerNames, chunk);
          pipeline.runPass(step, pass, chunk);
          if (cache.bytes() > cacheBytes) {
            // More dealers than the cache holds: write what the chunk changed inside the batch's
            // transaction (opened now), so memory stays bounded; the batch then ends with a snapshot.
            writes.stateBytes += await saveStates(await tx.writer(), cache.collectChanges());
            cache.evict(cacheBytes);
            applied.wroteStates = true;
          }
        }
      }
      const result = pipeline.finish(step);
      for (const failure of result.failures) {
        logger.warn({ eventId: event.eventId, worker: failure.worker, dealerId: failure.dealerId, err: failure.error }, 'worker failed on an event; dead-lettered');
        applied.outputs.push(toWorkerFailureDeadLetter({ event, ...failure, at: pipeline.clockOf(failure.dealerId) }));
      }
      for (const emitted of result.outputs) applied.outputs.push(toOutputEnvelope(emitted));
    }
    return applied;
  }

  function snapshotDue(applied: Applied): boolean {
    if (applied.wroteStates || sinceSnapshot >= snapshotEvents || now() - lastSnapshotAt >= snapshotMs) return true;
    // States untouched since the snapshot can go; what is left over the bound is unwritten: write it.
    cache.evict(cacheBytes);
    return cache.bytes() > cacheBytes;
  }

  /** Writes the states changed since the last snapshot and the pipeline's snapshot at `position`. */
  async function writeSnapshot(tx: SqlExecutor, at: bigint): Promise<void> {
    writes.stateBytes += await saveStates(tx, cache.collectChanges());
    writes.stateBytes += await saveRunnerSnapshot(tx, taskId, at, pipeline.snapshot());
  }

  function snapshotWritten(): void {
    writes.snapshots += 1;
    sinceSnapshot = 0;
    lastSnapshotAt = now();
    cache.evict(cacheBytes);
  }

  /** Applies the next batch; returns how many input events it applied (0 when caught up). */
  async function runBatch(): Promise<number> {
    if (diverged) await resume();
    const reapplying = batchEnds[0];
    const batch = await readInputBatch(sql, position, batchSize, reapplying, options.tail);
    if (!batch) {
      if (sinceSnapshot > 0 && now() - lastAppliedAt >= idleSnapshotMs) await snapshotNow();
      return 0;
    }
    const { events, end } = batch;
    let release: (() => void) | undefined;
    // PGlite: the lock before the transaction, which holds the only connection (ingest waits on one thing, never both ways).
    const batchTx = createBatchTransaction(
      sql,
      async () => {
        if (lockScope === 'batch') release = await writeLock.acquire();
      },
      fence,
    );
    let outputCount: number;
    let snapshotted: boolean;
    try {
      // The batch computes outside any transaction; it opens one when it first writes.
      const applied = await applyEvents(batchTx, events);
      sinceSnapshot += events.length;
      snapshotted = snapshotDue(applied);
      const tx = await batchTx.writer();
      if (snapshotted) await writeSnapshot(tx, end);
      else await recordBatchEnd(tx, taskId, end);
      await saveCheckpoint(tx, workerNames, end, pipeline.watermark());
      if (applied.outputs.length > 0) await stageOutputRows(tx, applied.outputs);
      // Output sequence numbers must commit in order: hold the lock from the first one to the commit (ingest appends meanwhile).
      release ??= await writeLock.acquire();
      // Outputs re-emitted by a batch applied again after a restart are dropped there by their id.
      if (applied.outputs.length > 0) await insertStagedOutputRows(tx);
      await batchTx.commit();
      outputCount = applied.outputs.length;
    } catch (error) {
      diverged = true;
      await batchTx.rollback();
      throw error;
    } finally {
      release?.();
    }
    position = end;
    lastAppliedAt = now();
    if (reapplying !== undefined) {
      batchEnds.shift();
      writes.reappliedBatches += 1;
    }
    if (snapshotted) snapshotWritten();
    cache.evict(cacheBytes);
    const committed = { lastSeq: end, events: events.length, outputs: outputCount };
    for (const listener of listeners) listener(committed);
    return events.length;
  }

  /** Runs the next batch with the reads of held states kept out until it ends, committed or failed. */
  async function runBatchAlone(): Promise<number> {
    applying = true;
    try {
      return await runBatch();
    } finally {
      applying = false;
      for (const read of waitingReads.splice(0)) read();
    }
  }

  function heldStates(): HeldStates {
    return { current: !diverged, watermark: pipeline.watermark(), peek: cache.peek, held: cache.held };
  }

  /** Takes a snapshot now if anything was applied since the last one (a graceful stop, an idle runner). */
  async function snapshotNow(): Promise<void> {
    // After a failure memory may hold what was rolled back: never snapshot that.
    if (sinceSnapshot === 0 || diverged) return;
    let release: (() => void) | undefined;
    const snapshotTx = createBatchTransaction(
      sql,
      async () => {
        if (lockScope === 'batch') release = await writeLock.acquire();
      },
      fence,
    );
    try {
      await writeSnapshot(await snapshotTx.writer(), position);
      await snapshotTx.commit();
    } catch (error) {
      // The cache took the states as written (collectChanges): only a resume puts it right.
      diverged = true;
      await snapshotTx.rollback();
      throw error;
    } finally {
      release?.();
    }
    snapshotWritten();
  }

  const loop = createPollingLoop({
    step: runBatchAlone,
    idlePollMs,
    // The next step resumes from the last snapshot first (`diverged`); a resume that fails is a failed step, retried with backoff.
    onFailure: (error, failures) => logger.error({ err: error, failures }, 'batch failed; resuming from the last snapshot'),
  });

  await resume();

  return {
    /** Starts applying in the background until `stop`. */
    start: loop.start,
    /** Input arrived: stop sleeping. */
    wake: loop.wake,
    /**
     * Forgets what is in memory: the next batch resumes from the snapshot in the database. For a process that takes
     * the task over from another, which committed batches after this runner was created.
     */
    reload(): void {
      diverged = true;
    },
    /**
     * Applies batches until the log is caught up, then takes a snapshot as an idle runner would
     * (`snapshot: false` leaves it out, as for a runner killed after its last batch). For tests and the benchmark.
     */
    async drain(options: { snapshot?: boolean } = {}): Promise<void> {
      while ((await runBatchAlone()) > 0) {
        // keep going
      }
      if (options.snapshot ?? true) await snapshotNow();
    },
    /** Finishes the batch in hand, commits it, takes a snapshot if anything was applied since the last, and stops. */
    async stop(): Promise<void> {
      await loop.stop();
      // Without it the next start re-applies from the last snapshot: slower, never wrong.
      await snapshotNow().catch((error: unknown) => logger.error({ err: error }, 'snapshot at stop failed; the next start applies again from the last one'));
    },
    onCommitted(listener: (batch: BatchCommitted) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    watermark: (): number | undefined => pipeline.watermark(),
    /**
     * Runs `read` on the states held in memory between two batches: at once when none is applying, else when the one in
     * hand ends. `read` runs synchronously, must copy what it keeps and change nothing (liveWorkerStates.ts).
     */
    readHeld<T>(read: (held: HeldStates) => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const readNow = () => {
          try {
            resolve(read(heldStates()));
          } catch (error) {
            reject(error);
          }
        };
        // Synchronously when no batch is applying: a batch that starts next cannot come in between.
        if (applying) waitingReads.push(readNow);
        else readNow();
      });
    },
    /** What the runner has written of state so far. */
    writes: (): Readonly<RunnerWrites> => ({ ...writes }),
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
