import type { PrismaClient } from '@dealerflow/db';
import {
  DEFAULT_SOURCE_BATCH_SIZE,
  type SourceBatch,
  type SourceConsumer,
  type SourceConsumerOptions,
  type SourcePositions,
} from '../ports/sourceConsumer';

/** A log table as a source: one partition, named after the table; `seq` is the offset. */
export interface LogTable {
  name: 'output_log' | 'input_log';
  /** The column holding the event's exact JSON. */
  text: 'line' | 'body';
  /**
   * The column the table has a `(column, seq)` index on. A filter on it is done by the index, so
   * rows of other topics or types are never scanned; any other filter passes rows over as it
   * scans (and the position moves past them), which is cheaper when most rows match.
   */
  indexed: 'topic' | 'type';
}

interface LogRow {
  seq: bigint;
  /** null for a row passed over for its topic or type. */
  text: string | null;
}

/**
 * The PostgreSQL/PGlite adapter's consumer over one log table. Positions are rows of
 * `consumer_position` (the next `seq` to read): read at the first `read`, so a restarted process
 * finds them, then kept in memory with each commit (the log is one partition: one live reader of a
 * name at a time; a second one would only read again what the first had read). "`seq` at or after
 * the position" never passes over a row that commits later, because every write to a log takes
 * the log's database lock from its first `seq` to its commit, in any process (logLocks.ts: commit order = `seq` order).
 */
export function createLogConsumer<E>(prisma: PrismaClient, table: LogTable, options: SourceConsumerOptions): SourceConsumer<E> {
  const batchSize = options.batchSize ?? DEFAULT_SOURCE_BATCH_SIZE;
  const partition = table.name;
  const query = selectAfter(table, options);
  let position: bigint | undefined;

  async function committed(): Promise<bigint> {
    if (position !== undefined) return position;
    const rows = await prisma.$queryRawUnsafe<{ next_offset: bigint }[]>(
      `SELECT next_offset FROM consumer_position WHERE consumer = $1 AND partition_key = $2`,
      options.name,
      partition,
    );
    position = rows[0]?.next_offset ?? 0n;
    return position;
  }

  return {
    async read(): Promise<SourceBatch<E>> {
      const from = await committed();
      const rows = await prisma.$queryRawUnsafe<LogRow[]>(query.sql, String(from), batchSize, ...query.params);
      const last = rows[rows.length - 1];
      const records = rows.flatMap((row) => (row.text === null ? [] : [{ event: JSON.parse(row.text) as E, partition, offset: row.seq }]));
      return { records, read: rows.length, truncated: rows.length === batchSize, end: { [partition]: String(last ? last.seq + 1n : from) } };
    },
    async commit(positions: SourcePositions): Promise<void> {
      const next = positions[partition];
      if (next === undefined) return;
      await prisma.$executeRawUnsafe(
        `INSERT INTO consumer_position (consumer, partition_key, next_offset, updated_at) VALUES ($1, $2, $3::bigint, now())
         ON CONFLICT (consumer, partition_key) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = EXCLUDED.updated_at`,
        options.name,
        partition,
        next,
      );
      position = BigInt(next);
    },
    async close(): Promise<void> {},
  };
}

/**
 * The batch query (`$1` the position, `$2` the limit): a filter on the indexed column goes in the
 * WHERE clause (only when it is the whole filter on that column for one value, or the table's type
 * index for types); other filters keep the row and null its text.
 */
function selectAfter(table: LogTable, options: SourceConsumerOptions): { sql: string; params: unknown[] } {
  const topics = options.topics === undefined ? null : [...options.topics];
  const types = options.types === undefined ? null : [...options.types];
  const byIndex = table.indexed === 'topic' ? topics?.length === 1 : types !== null;
  if (byIndex && table.indexed === 'topic') {
    return {
      sql: `SELECT seq, CASE WHEN $4::text[] IS NULL OR type = ANY($4::text[]) THEN ${table.text} END AS text
              FROM ${table.name} WHERE topic = $3::text AND seq >= $1::bigint ORDER BY seq LIMIT $2::int`,
      params: [topics![0], types],
    };
  }
  if (byIndex) {
    return {
      sql: `SELECT seq, CASE WHEN $4::text[] IS NULL OR topic = ANY($4::text[]) THEN ${table.text} END AS text
              FROM ${table.name} WHERE type = ANY($3::text[]) AND seq >= $1::bigint ORDER BY seq LIMIT $2::int`,
      params: [types, topics],
    };
  }
  return {
    sql: `SELECT seq, CASE WHEN ($3::text[] IS NULL OR topic = ANY($3::text[])) AND ($4::text[] IS NULL OR type = ANY($4::text[]))
                 THEN ${table.text} END AS text
            FROM ${table.name} WHERE seq >= $1::bigint ORDER BY seq LIMIT $2::int`,
    params: [topics, types],
  };
}
