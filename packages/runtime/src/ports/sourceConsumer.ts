/**
 * The consumer side shared by the output source and the input feed: a named consumer reading a
 * partitioned log from its committed positions, a batch at a time. See outputSource.ts for why the
 * port exists and what it promises.
 */

/**
 * Where a consumer stands: per partition, the offset of the next record to read, as a decimal
 * string (offsets are 64-bit). A partition is named `<topic>:<n>` on Kafka; the PostgreSQL log is
 * one partition per table (`output_log`, `input_log`). Partitions not named start at the beginning.
 */
export type SourcePositions = Readonly<Record<string, string>>;

export interface SourceRecord<E> {
  event: E;
  /** The partition the record was read from. */
  partition: string;
  /** Its offset there: increasing within the partition, not contiguous, not comparable across partitions. */
  offset: bigint;
}

export interface SourceBatch<E> {
  /** Records of the consumer's topics and types; each partition's in offset order. */
  records: SourceRecord<E>[];
  /** Records read, those passed over for their topic or type included; 0 when the consumer is caught up. */
  read: number;
  /** The batch stopped at the size asked for: the records right after it may continue its last ones' group. */
  truncated: boolean;
  /** Where the consumer stands once it has handled every record of the batch: what to `commit`. */
  end: SourcePositions;
}

export interface SourceConsumerOptions<T extends string = string> {
  /** The consumer's name: its positions are its own (`notifier`, `board`, …). */
  name: string;
  /** Only these topics (default: every topic of the source). */
  topics?: readonly string[];
  /** Only these types; records of other types are passed over (the position moves past them). Default: every type. */
  types?: readonly T[];
  /** Records read per batch at most (default 5 000). */
  batchSize?: number;
}

export interface SourceConsumer<E> {
  /**
   * The records after the committed positions. Until `commit` moves them, another `read` starts at
   * the same place again (with whatever was appended since): a consumer that fails on a batch just
   * reads it again.
   */
  read(): Promise<SourceBatch<E>>;
  /** Makes `positions` the consumer's committed positions (a batch's `end`, or less: `positionsHoldingBack`). */
  commit(positions: SourcePositions): Promise<void>;
  /** Lets go of what the consumer holds (a broker connection); the positions stay committed. */
  close(): Promise<void>;
}

export const DEFAULT_SOURCE_BATCH_SIZE = 5_000;

/**
 * The positions to commit when the consumer has handled a batch except `heldBack` (records it
 * wants to read again with what follows, e.g. an incomplete digest): in each partition that holds
 * some of them, the offset of the first one; elsewhere the batch's end.
 */
export function positionsHoldingBack<E>(batch: SourceBatch<E>, heldBack: readonly SourceRecord<E>[]): SourcePositions {
  const positions: Record<string, string> = { ...batch.end };
  const first = new Map<string, bigint>();
  for (const record of heldBack) {
    const known = first.get(record.partition);
    if (known === undefined || record.offset < known) first.set(record.partition, record.offset);
  }
  for (const [partition, offset] of first) positions[partition] = String(offset);
  return positions;
}
