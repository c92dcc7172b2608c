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
  const states = new Map<string, unknown>();
  const dealers = new Set<string>();
  const key = (worker: WorkerName, dealerId: string) => `${worker}\u0000${dealerId}`;
  return {
    get: (worker, dealerId) => states.get(key(worker, dealerId)),
    set(worker, dealerId, state) {
      states.set(key(worker, dealerId), state);
      dealers.add(dealerId);
    },
    knownDealers: () => dealers,
  };
}
