import type { SqlExecutor } from '@dealerflow/db';
import type { BatchCommitted } from './pipelineRunner';
import type { HealthProbe, RuntimeHealth } from './ports';

export interface HealthMonitorOptions {
  /** The raw SQL client: the background refresh reads the log's head and the checkpoints through it. */
  sql: SqlExecutor;
  workers: readonly string[];
  /** The runner's commits say how far it applied (and that the database answered); its watermark is in memory. */
  runner: { onCommitted(listener: (batch: BatchCommitted) => void): () => void; watermark(): number | undefined };
  /** How often the figures are read again from the database in the background. Default 1 000 ms. */
  refreshMs?: number;
  /** How long without a successful answer from the database before `check` says it is unreachable. Default 30 000 ms. */
  unreachableAfterMs?: number;
  now?: () => number;
}

export const DEFAULT_HEALTH_REFRESH_MS = 1_000;
export const DEFAULT_UNREACHABLE_AFTER_MS = 30_000;

/** `check` of a runtime whose database has not answered for `unreachableAfterMs`. */
export class DatabaseUnreachableError extends Error {
  override readonly name = 'DatabaseUnreachableError';
}

export interface HealthMonitor extends HealthProbe {
  /** Reads the figures from the database now (the runtime's open awaits one, so the first answer is right). */
  refresh(): Promise<void>;
  /** The event log committed: the database answered, and the log reaches `lastSeq` (null: it added nothing). */
  appended(lastSeq: bigint | null): void;
  /** The runner's watermark when this process runs it, else the latest its checkpoints stored (epoch ms; undefined before the first event). */
  watermark(): number | undefined;
  /** Stops the background refresh. */
  stop(): void;
}

export interface HealthFromMemoryOptions {
  /**
   * Reads this probe's figures again from the database, keeping what it reads, and returns the input log's head
   * (null: the log is empty). A rejection is a database that did not answer.
   */
  read(): Promise<bigint | null>;
  /** The lag per name and the watermark (epoch ms; undefined before the first event), from memory, given the log's head. */
  figures(head: bigint): { lag: Record<string, number>; watermark: number | undefined };
  refreshMs?: number;
  unreachableAfterMs?: number;
  now?: () => number;
}

export interface HealthFromMemory extends HealthProbe {
  refresh(): Promise<void>;
  /** The event log committed: the database answered, and the log reaches `lastSeq` (null: it added nothing). */
  appended(lastSeq: bigint | null): void;
  /** The database answered some other way (a runner's commit). */
  contacted(): void;
  /** Stops the background refresh. */
  stop(): void;
}

/**
 * What every /healthz of this product does alike, whatever its figures: `check` answers from memory and never waits
 * for the database; the log's head is kept by each ingest commit (`appended`) and the figures are read again every
 * `refreshMs` in the background, one read at a time; unhealthy means the database has not answered — no commit, no
 * read — for `unreachableAfterMs`: a busy database answers, a gone one does not. The embedded runtime's monitor
 * (below) and `dealerflow start`'s on Kafka (the input relay's lag, services/cli) differ only in `read` and `figures`.
 */
export function createHealthFromMemory(options: HealthFromMemoryOptions): HealthFromMemory {
  const now = options.now ?? Date.now;
  const unreachableAfterMs = options.unreachableAfterMs ?? DEFAULT_UNREACHABLE_AFTER_MS;
  let head = 0n;
  let lastContact = now();
  let lastError: unknown;
  let refreshing: Promise<void> | undefined;

  function contacted(): void {
    lastContact = now();
    lastError = undefined;
  }

  function raiseHead(seq: bigint | null): void {
    if (seq !== null && seq > head) head = seq;
  }

  async function readDatabase(): Promise<void> {
    try {
      const read = await options.read();
      contacted();
      raiseHead(read);
    } catch (error) {
      lastError = error;
    }
  }

  function refresh(): Promise<void> {
    refreshing ??= readDatabase().finally(() => (refreshing = undefined));
    return refreshing;
  }

  const timer = setInterval(() => void refresh(), options.refreshMs ?? DEFAULT_HEALTH_REFRESH_MS);
  timer.unref();

  return {
    async check(): Promise<RuntimeHealth> {
      const silentMs = now() - lastContact;
      if (silentMs >= unreachableAfterMs) {
        const why = lastError instanceof Error ? `: ${lastError.message}` : '';
        throw new DatabaseUnreachableError(`the database has not answered for ${Math.round(silentMs / 1000)} s${why}`);
      }
      const { lag, watermark } = options.figures(head);
      return {
        watermark: watermark === undefined ? null : new Date(watermark).toISOString(),
        lag,
        lastDatabaseContact: new Date(lastContact).toISOString(),
      };
    },
    refresh,
    appended(lastSeq) {
      contacted();
      raiseHead(lastSeq);
    },
    contacted,
    stop() {
      clearInterval(timer);
    },
  };
}

/** Input log positions from `position` up to `head`: none once caught up. */
export function lagBehind(head: bigint, position: bigint): number {
  return head > position ? Number(head - position) : 0;
}

/**
 * The runtime's health from memory (createHealthFromMemory): the figures are kept current by what happens anyway —
 * each commit of the event log (the log's head) and of the runner (how far it applied; its watermark is in memory) —
 * and read again from the database every second in the background (another process may have written). Lag is input
 * log positions between the head and what a worker applied: exact when caught up, and at most a little high while
 * behind (a duplicate refused by the log still took a position).
 */
export function createHealthMonitor(options: HealthMonitorOptions): HealthMonitor {
  const applied = new Map(options.workers.map((worker) => [worker, 0n]));
  let storedWatermark: number | undefined;

  function raiseApplied(worker: string, seq: bigint): void {
    if (seq > (applied.get(worker) ?? 0n)) applied.set(worker, seq);
  }

  function currentWatermark(): number | undefined {
    return options.runner.watermark() ?? storedWatermark;
  }

  const health = createHealthFromMemory({
    async read() {
      const rows = await options.sql.query<{ worker: string; input_seq: bigint | null; watermark: Date | null; head: bigint | null }>(
        `SELECT w.worker, c.input_seq, c.watermark, (SELECT max(seq) FROM input_log) AS head
           FROM unnest($1::text[]) AS w(worker)
           LEFT JOIN worker_checkpoint c ON c.worker = w.worker`,
        [[...options.workers]],
      );
      for (const row of rows) {
        if (row.input_seq !== null) raiseApplied(row.worker, row.input_seq);
        const watermark = row.watermark?.getTime();
        if (watermark !== undefined && (storedWatermark === undefined || watermark > storedWatermark)) storedWatermark = watermark;
      }
      return rows[0]?.head ?? null;
    },
    figures(head) {
      const lag: Record<string, number> = {};
      for (const [worker, seq] of applied) lag[worker] = lagBehind(head, seq);
      return { lag, watermark: currentWatermark() };
    },
    refreshMs: options.refreshMs,
    unreachableAfterMs: options.unreachableAfterMs,
    now: options.now,
  });

  const stopListening = options.runner.onCommitted((batch) => {
    health.contacted();
    for (const worker of options.workers) raiseApplied(worker, batch.lastSeq);
  });

  return {
    check: health.check,
    refresh: health.refresh,
    appended: health.appended,
    watermark: currentWatermark,
    stop() {
      health.stop();
      stopListening();
    },
  };
}
