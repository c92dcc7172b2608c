import type { InputEvent } from '@dealerflow/contracts';
import { createMemoryStateStore, createPipeline, instantOf, type AnyWorker, type Pipeline, type StateStore, type WorkerName } from '@dealerflow/domain';
import type { StateSelect, WorkerStateView } from '../ports/workerStateView';
import { takeInEventTimeOrder, topicRankOf, type MergeQueue, type Timed } from '../task';
import type { Executor } from './sqlExecutor';

/** How far a worker has been handed the input log (`seq`), and its event time then (what states are read at). */
export interface FoldHorizon {
  seq: bigint;
  watermark: number | undefined;
}

export interface FoldedWorkerStatesOptions {
  /** The database whose `input_log` is folded. */
  prisma: Executor;
  /** The workers whose states can be asked for (their pure code is what is folded). */
  workers: readonly AnyWorker[];
  /** Resolved policies per worker, as the process running the worker has them. */
  policies?: Partial<Record<WorkerName, unknown>>;
  /**
   * How far the worker has been handed the log: the runner's checkpoint (`--role ingest`), what the input relay
   * published (Kafka). Rows after it are not folded yet.
   */
  horizon(worker: WorkerName): Promise<FoldHorizon>;
  /** Dealers whose single-dealer fold is kept, the most recently read (default 100). */
  keptDealers?: number;
  /** Input rows read and folded at a time (default 10 000). */
  pageRows?: number;
}

/** A fold so far: the worker's own pipeline over the log's rows up to `through`. */
interface Fold {
  pipeline: Pipeline;
  store: StateStore;
  through: bigint;
}

interface TimedEvent extends Timed {
  event: InputEvent;
}

const DEFAULT_KEPT_DEALERS = 100;
const DEFAULT_PAGE_ROWS = 10_000;

/**
 * The worker state view where the worker runs in another process (`dealerflow start --role ingest`, the
 * worker services on Kafka): its state computed again from the input log by the pipeline's own code
 * (`createPipeline` with the worker, its policy, the dealer clocks, the reference tables), so it cannot
 * drift from what the worker does. A dealer's state depends only on its own inputs, the reference events
 * and the clock ticks, so one dealer's fold reads only those rows; each page of rows is applied in event
 * time, as the runner applies a batch.
 *
 * Cached and incremental: a dealer's fold is kept for the `keptDealers` read most recently and a later read
 * folds only the rows since. Every dealer's states (`dealers`, finance's ageing) are one fold of the whole
 * log per worker, made at the first such read, kept, and brought up to date by each read; once it exists,
 * reads of one dealer of that worker use it too. Reads of one fold take turns; each returns copies (for every
 * dealer, of what the reader's `select` takes from each state, as the live adapter does).
 */
export function createFoldedWorkerStates(options: FoldedWorkerStatesOptions): WorkerStateView {
  const keptDealers = options.keptDealers ?? DEFAULT_KEPT_DEALERS;
  const pageRows = options.pageRows ?? DEFAULT_PAGE_ROWS;
  const workers = new Map(options.workers.map((worker) => [worker.name, worker]));
  const dealerFolds = new Map<string, Promise<Fold>>();
  const wholeFolds = new Map<WorkerName, Promise<Fold>>();

  function freshFold(name: WorkerName): Fold {
    const worker = workers.get(name);
    if (!worker) throw new Error(`no worker ${name} to fold`);
    const store = createMemoryStateStore();
    return { pipeline: createPipeline({ workers: [worker], policies: options.policies, store, dedupe: false }), store, through: 0n };
  }

  /** Applies the rows after the fold's position up to `upTo` (one dealer's and the global ones, or all). */
  async function foldFurther(fold: Fold, upTo: bigint, dealerId: string | undefined): Promise<void> {
    while (fold.through < upTo) {
      const rows = await options.prisma.$queryRawUnsafe<{ seq: bigint; body: string }[]>(
        dealerId === undefined
          ? `SELECT seq, body FROM input_log WHERE seq > $1::bigint AND seq <= $2::bigint ORDER BY seq LIMIT $3::int`
          : `SELECT seq, body FROM input_log WHERE (dealer_id = $4 OR dealer_id IS NULL) AND seq > $1::bigint AND seq <= $2::bigint
              ORDER BY seq LIMIT $3::int`,
        String(fold.through),
        String(upTo),
        pageRows,
        ...(dealerId === undefined ? [] : [dealerId]),
      );
      for (const event of inEventTime(rows)) fold.pipeline.accept(event);
      // Fewer rows than asked for: nothing more up to `upTo` (for this dealer).
      fold.through = rows.length < pageRows ? upTo : BigInt(rows[rows.length - 1]!.seq);
    }
  }

  /**
   * Brings the fold under `key` up to `upTo` and runs `read` on it before any other read of it can fold
   * further (so `read` copies a state no one is changing). A fold whose last read failed starts again.
   */
  function advance<K, T>(folds: Map<K, Promise<Fold>>, key: K, worker: WorkerName, upTo: bigint, dealerId: string | undefined, read: (fold: Fold) => T): Promise<T> {
    const previous = folds.get(key);
    let result!: T;
    const next = (async () => {
      const fold = (await previous?.catch(() => undefined)) ?? freshFold(worker);
      await foldFurther(fold, upTo, dealerId);
      result = read(fold);
      return fold;
    })();
    folds.delete(key);
    folds.set(key, next);
    return next.then(() => result);
  }

  function forgetOldest(): void {
    for (const oldest of dealerFolds.keys()) {
      if (dealerFolds.size <= keptDealers) return;
      dealerFolds.delete(oldest);
    }
  }

  return {
    async dealer<S>(worker: WorkerName, dealerId: string) {
      const horizon = await options.horizon(worker);
      const copy = (fold: Fold) => structuredClone(fold.store.get(worker, dealerId)) as S | undefined;
      if (wholeFolds.has(worker)) return { state: await advance(wholeFolds, worker, worker, horizon.seq, undefined, copy), watermark: horizon.watermark };
      const state = await advance(dealerFolds, `${worker}\u0000${dealerId}`, worker, horizon.seq, dealerId, copy);
      forgetOldest();
      return { state, watermark: horizon.watermark };
    },

    async dealers<S, R = S>(worker: WorkerName, select?: StateSelect<S, R>) {
      const horizon = await options.horizon(worker);
      const take = select ?? ((state: S) => state as unknown as R);
      const taken = await advance(wholeFolds, worker, worker, horizon.seq, undefined, (fold) => {
        const taken = new Map<string, R>();
        for (const dealerId of fold.store.knownDealers()) {
          const state = fold.store.get(worker, dealerId) as S | undefined;
          const result = state === undefined ? undefined : take(state, dealerId);
          if (result !== undefined) taken.set(dealerId, result);
        }
        return structuredClone(taken);
      });
      return { state: taken, watermark: horizon.watermark };
    },
  };
}

/** A page of log rows in event-time order (ties keep the topics' order, then the log's), as the runner applies a batch. */
function inEventTime(rows: readonly { body: string }[]): InputEvent[] {
  const queue: MergeQueue<TimedEvent> = {
    items: rows.map((row) => {
      const event = JSON.parse(row.body) as InputEvent;
      return { event, at: instantOf(event.occurredAt), rank: topicRankOf(event.type) };
    }),
    atEnd: true,
  };
  return takeInEventTimeOrder([queue], true).map((item) => item.event);
}
