import type { WorkerName } from '@dealerflow/domain';

/** A worker's state as read, and the instant (the pipeline's event time, epoch ms) it is read at. */
export interface WorkerStateRead<T> {
  state: T;
  /** undefined before the worker applied anything. */
  watermark: number | undefined;
}

/**
 * A worker's current state for a dealer, for the read side (the dashboards' stock positions, finance's
 * ageing and open invoices). Why a port: where the worker runs decides where its state is. The runner
 * writes states to `worker_state` only at a snapshot (every 50 000 events or 30 s), so those rows are
 * for restart and are behind what the runner has applied; the current state is in the runner's memory
 * when it runs in this process, and elsewhere (`--role ingest`, the worker services on Kafka) it can be
 * computed again from the input log with the worker's own fold.
 *
 * Promises: the state is the worker's after it applied a prefix of the log that includes every input
 * it has committed outputs for (in the process that runs it) or that the horizon says was handed to the
 * worker (elsewhere) — never a state half-way through a batch. Each read returns a copy of its own: a
 * caller may keep or change it without touching the worker's. States are the worker's own type (from
 * packages/domain), named by the caller. A reader of every dealer passes a `select` that takes from each
 * state what it needs, and only that is copied: copying a thousand credit ledgers held the runner ~¼ s per
 * page view (docs/performance.md, "Reading every dealer's state"). Conformance: `test/workerStateView.int.spec.ts` (every adapter
 * equals the replay per dealer, also before any snapshot).
 *
 * Adapters: the runner's memory (`embedded/liveWorkerStates.ts`) and a fold of the input log
 * (`embedded/foldedWorkerStates.ts`).
 */
/**
 * What a reader takes from one dealer's state, run where the state is held (in the runner's memory between two
 * batches, while the runner waits): it must be quick, change nothing, and return plain data (copied with
 * `structuredClone` before it is handed out, so it may share parts of the state). undefined leaves the dealer out.
 */
export type StateSelect<S, R> = (state: S, dealerId: string) => R | undefined;

export interface WorkerStateView {
  /** The worker's state for one dealer (undefined when it has none). */
  dealer<S>(worker: WorkerName, dealerId: string): Promise<WorkerStateRead<S | undefined>>;
  /**
   * Every dealer's state of the worker, by dealerId (finance's ageing across dealers) — or, given `select`, what it
   * returns for each dealer's state (dealers it returns undefined for left out), all at the same watermark.
   */
  dealers<S, R = S>(worker: WorkerName, select?: StateSelect<S, R>): Promise<WorkerStateRead<Map<string, R>>>;
}
