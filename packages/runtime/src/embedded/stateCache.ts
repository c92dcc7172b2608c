import type { StateStore, WorkerName } from '@dealerflow/domain';
import type { SqlExecutor } from '@dealerflow/db';
import { stageRows } from './stagingTables';
import { decodeStateText, encodeStateText } from './stateText';

interface CacheEntry {
  worker: WorkerName;
  dealerId: string;
  /** undefined: the worker has no state for this dealer (yet). */
  state: unknown;
  /** The state's JSON as last read or written; null when there is no row. */
  text: string | null;
  /** Handed to the pipeline since the last `collectChanges` (the last snapshot), so possibly changed in place. */
  touched: boolean;
}

export interface StateChange {
  worker: WorkerName;
  dealerId: string;
  text: string;
}

const keyOf = (worker: string, dealerId: string) => `${worker}\u0000${dealerId}`;

/**
 * Workers' dealer states between the database and the pipeline: a bounded cache (least recently used
 * first out, by size of JSON) of the rows a batch needs. The runner loads what a step will touch
 * before the pipeline runs it; asking for a state that was not loaded is a bug and throws rather
 * than silently starting a dealer from scratch. A state handed out may be changed in place, so
 * `collectChanges` compares its JSON with what the database holds and returns only real changes.
 *
 * The runner collects changes only when it takes a snapshot, so between snapshots a state handed out
 * stays in the cache whatever the bound (it may differ from its row); only states untouched since
 * the last snapshot, equal to their rows, are evicted. `bytes` counts each state at its size when
 * last read or written (a state created since is counted at the next snapshot): when it exceeds the
 * bound after eviction, the runner snapshots, which writes the touched states and frees them.
 */
export function createStateCache(knownDealers: Iterable<string>) {
  const entries = new Map<string, CacheEntry>();
  const known = new Set(knownDealers);
  let bytes = 0;

  function entryOf(worker: WorkerName, dealerId: string): CacheEntry {
    const key = keyOf(worker, dealerId);
    const entry = entries.get(key);
    if (!entry) throw new Error(`state of ${worker}/${dealerId} used before it was loaded`);
    entries.delete(key);
    entries.set(key, entry);
    return entry;
  }

  const store: StateStore = {
    get(worker, dealerId) {
      const entry = entryOf(worker, dealerId);
      entry.touched = true;
      return entry.state;
    },
    set(worker, dealerId, state) {
      const entry = entryOf(worker, dealerId);
      entry.state = state;
      entry.touched = true;
      known.add(dealerId);
    },
    knownDealers: () => known,
  };

  return {
    store,
    /** Reads the states of these dealers for these workers that are not in the cache yet, in one query. */
    async load(executor: SqlExecutor, workers: readonly WorkerName[], dealerIds: Iterable<string>): Promise<void> {
      const wantedWorkers: string[] = [];
      const wantedDealers: string[] = [];
      for (const dealerId of dealerIds) {
        for (const worker of workers) {
          if (entries.has(keyOf(worker, dealerId))) continue;
          wantedWorkers.push(worker);
          wantedDealers.push(dealerId);
          entries.set(keyOf(worker, dealerId), { worker, dealerId, state: undefined, text: null, touched: false });
        }
      }
      if (wantedWorkers.length === 0) return;
      const rows = await executor.query<{ worker: string; dealer_id: string; state: string }>(
        `SELECT s.worker, s.dealer_id, s.state FROM worker_state s
           JOIN unnest($1::text[], $2::text[]) AS k(worker, dealer_id) USING (worker, dealer_id)`,
        [wantedWorkers, wantedDealers],
      );
      for (const row of rows) {
        const entry = entries.get(keyOf(row.worker, row.dealer_id))!;
        const text = decodeStateText(row.state);
        entry.state = JSON.parse(text);
        entry.text = text;
        bytes += text.length;
      }
    },
    /** States changed since the last call (compared as JSON), now considered written. */
    collectChanges(): StateChange[] {
      const changes: StateChange[] = [];
      for (const entry of entries.values()) {
        if (!entry.touched) continue;
        entry.touched = false;
        if (entry.state === undefined) continue;
        const text = JSON.stringify(entry.state);
        if (text === entry.text) continue;
        bytes += text.length - (entry.text?.length ?? 0);
        entry.text = text;
        changes.push({ worker: entry.worker, dealerId: entry.dealerId, text });
      }
      return changes;
    },
    /** Drops least recently used, unchanged states until the cache holds at most `budgetBytes` of JSON. */
    evict(budgetBytes: number): void {
      for (const [key, entry] of entries) {
        if (bytes <= budgetBytes) return;
        if (entry.touched) continue;
        entries.delete(key);
        bytes -= entry.text?.length ?? 0;
      }
    },
    /**
     * The state held in memory for this dealer, without handing it to anyone (it stays untouched and in its place);
     * undefined when none is held: then its row is it (only states equal to their rows are evicted).
     */
    peek(worker: WorkerName, dealerId: string): { state: unknown } | undefined {
      const entry = entries.get(keyOf(worker, dealerId));
      return entry && { state: entry.state };
    },
    /** Every state of the worker held in memory, by dealerId, as `peek` sees them. */
    *held(worker: WorkerName): Iterable<[string, unknown]> {
      for (const entry of entries.values()) if (entry.worker === worker) yield [entry.dealerId, entry.state];
    },
    /** Forgets everything loaded (after a failed transaction the database is the truth again). */
    clear(): void {
      entries.clear();
      bytes = 0;
    },
    bytes: () => bytes,
  };
}

export type StateCache = ReturnType<typeof createStateCache>;

/** Writes changed states (deflated, see stateText): COPY into the staging table, then one upsert. Returns the bytes written (the stored text is ASCII). */
export async function saveStates(executor: SqlExecutor, changes: readonly StateChange[]): Promise<number> {
  if (changes.length === 0) return 0;
  let written = 0;
  await stageRows(
    executor,
    'stage_state',
    changes.map((change) => {
      const stored = encodeStateText(change.text);
      written += stored.length;
      return [change.worker, change.dealerId, stored];
    }),
  );
  await executor.query(
    `INSERT INTO worker_state (worker, dealer_id, state, updated_at)
       SELECT worker, dealer_id, state, now() FROM stage_state
     ON CONFLICT (worker, dealer_id) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`,
  );
  return written;
}

/** Dealers any of these workers has a stored state for (the notifier's own rows are not the runner's). */
export async function knownDealersOf(executor: SqlExecutor, workers: readonly WorkerName[]): Promise<string[]> {
  const rows = await executor.query<{ dealer_id: string }>(`SELECT DISTINCT dealer_id FROM worker_state WHERE worker = ANY($1::text[])`, [[...workers]]);
  return rows.map((row) => row.dealer_id);
}
