import type { SourceBatch, SourcePositions, SourceRecord } from '@dealerflow/runtime';

/** A fetched record: its event, or undefined when the consumer passes it over (another type, or unreadable). */
export interface FetchedEntry<E> {
  offset: bigint;
  event: E | undefined;
}

interface PartitionState<E> {
  entries: FetchedEntry<E>[];
  /** The committed position: the offset of the next record to hand out first (undefined until known). */
  committed: bigint | undefined;
  /** The offset after the last record fetched (at least `committed`). */
  reach: bigint | undefined;
}

/**
 * What a Kafka consumer of the output source has fetched and not yet committed, per partition of
 * its assignment (`<topic>:<n>`). `take` hands out a batch from the committed positions without
 * moving them, so the same records come again until `commit` does (at least once). Pure: no broker.
 */
export function createFetchedRecords<E>() {
  const partitions = new Map<string, PartitionState<E>>();

  function size(partition: string): number {
    return partitions.get(partition)?.entries.length ?? 0;
  }

  return {
    /** A new assignment: everything fetched before it is dropped; positions are read again. */
    assign(keys: readonly string[]): void {
      partitions.clear();
      for (const key of keys) partitions.set(key, { entries: [], committed: undefined, reach: undefined });
    },

    assigned: (): string[] => [...partitions.keys()].sort(),
    has: (partition: string): boolean => partitions.has(partition),
    size,
    total: (): number => [...partitions.keys()].reduce((sum, key) => sum + size(key), 0),

    /** Whether every partition's committed position is known. */
    ready(): boolean {
      return [...partitions.values()].every((state) => state.committed !== undefined);
    },

    /** The committed position read from the broker, where the fetch of this assignment starts. */
    start(partition: string, offset: bigint): void {
      const state = partitions.get(partition);
      if (!state) return;
      state.committed = offset;
      state.entries = state.entries.filter((entry) => entry.offset >= offset);
      if (state.reach === undefined || state.reach < offset) state.reach = offset;
    },

    /** The position was sought to `offset`: what was fetched before is dropped, the fetch starts there again. */
    rewind(partition: string, offset: bigint): void {
      const state = partitions.get(partition);
      if (!state) return;
      state.committed = offset;
      state.entries = [];
      state.reach = offset;
    },

    /** Whether the partition's position is known. */
    started: (partition: string): boolean => partitions.get(partition)?.committed !== undefined,

    /** Records fetched, in offset order, and the offset after them; records already held are not added twice. */
    append(partition: string, entries: readonly FetchedEntry<E>[], next: bigint): void {
      const state = partitions.get(partition);
      if (!state) return;
      const from = state.reach ?? -1n;
      for (const entry of entries) if (entry.offset >= from) state.entries.push(entry);
      if (state.reach === undefined || state.reach < next) state.reach = next;
    },

    /** Whether every partition has been fetched up to these end offsets (a partition not named ends at 0). */
    caughtUp(ends: ReadonlyMap<string, bigint>): boolean {
      for (const [key, state] of partitions) {
        if (state.reach === undefined || state.reach < (ends.get(key) ?? 0n)) return false;
      }
      return true;
    },

    /** Up to `batchSize` records from the committed positions, partitions in name order; nothing moves. */
    take(batchSize: number): SourceBatch<E> {
      const records: SourceRecord<E>[] = [];
      const end: Record<string, string> = {};
      let read = 0;
      for (const key of [...partitions.keys()].sort()) {
        const state = partitions.get(key)!;
        if (state.committed === undefined) continue;
        let taken = 0;
        for (; taken < state.entries.length && read < batchSize; taken += 1) {
          const entry = state.entries[taken]!;
          read += 1;
          if (entry.event !== undefined) records.push({ event: entry.event, partition: key, offset: entry.offset });
        }
        // All of it handed out: the position moves to the reach, past offsets no record holds (compaction).
        const whole = taken === state.entries.length;
        end[key] = String(whole ? state.reach! : state.entries[taken]!.offset);
      }
      return { records, read, truncated: read === batchSize, end };
    },

    /**
     * Moves the committed positions of assigned partitions; returns those that changed (to commit to
     * the broker), after which the records before them are dropped by `drop`.
     */
    changed(positions: SourcePositions): { partition: string; offset: bigint }[] {
      const moved: { partition: string; offset: bigint }[] = [];
      for (const [key, value] of Object.entries(positions)) {
        const state = partitions.get(key);
        if (!state || state.committed === undefined) continue;
        const offset = BigInt(value);
        if (offset !== state.committed) moved.push({ partition: key, offset });
      }
      return moved;
    },

    /** The broker took these positions: they are committed, and the records before them are gone. */
    commit(moved: readonly { partition: string; offset: bigint }[]): void {
      for (const { partition, offset } of moved) {
        const state = partitions.get(partition);
        if (!state) continue;
        state.committed = offset;
        state.entries = state.entries.filter((entry) => entry.offset >= offset);
        if (state.reach === undefined || state.reach < offset) state.reach = offset;
      }
    },
  };
}

export type FetchedRecords<E> = ReturnType<typeof createFetchedRecords<E>>;
