import type { WorkerName } from './worker';

/**
 * Where the pipeline keeps each worker's state of each dealer. The replay keeps them all in memory;
 * the persistent runtime loads the dealers a batch needs from the database into a bounded cache
 * before handing the batch to the pipeline, and writes back what changed.
 */
export interface StateStore {
  /** The state, or undefined when the worker has none for this dealer yet (or it is not loaded). */
  get(worker: WorkerName, dealerId: string): unknown;
  set(worker: WorkerName, dealerId: string, state: unknown): void;
  /** Every dealer any worker has state for (loaded or not): the dealers a day change reaches. */
  knownDealers(): Iterable<string>;
}

export function createMemoryStateStore(): StateStore {
  // A map per worker rather than one map on a joined key: every worker call reads a state, and
  // building the key string each time showed in the replay's profile.
  const states = new Map<WorkerName, Map<string, unknown>>();
  const dealers = new Set<string>();
  return {
    get: (worker, dealerId) => states.get(worker)?.get(dealerId),
    set(worker, dealerId, state) {
      let ofWorker = states.get(worker);
      if (!ofWorker) {
        ofWorker = new Map();
        states.set(worker, ofWorker);
      }
      ofWorker.set(dealerId, state);
      dealers.add(dealerId);
    },
    knownDealers: () => dealers,
  };
}
