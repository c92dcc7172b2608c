import { Partitioners, type Kafka, type Message, type Producer, type TopicMessages } from 'kafkajs';
import { OUTPUT_TOPIC } from '@dealerflow/contracts';
import type { SqlClient, SqlExecutor } from '@dealerflow/db';
import { partitionOfDealer, type RuntimeLogger } from '@dealerflow/runtime';
import { fetchPartitionCounts } from './partitionCounts';

export interface OutputRelayOptions {
  kafka: Kafka;
  /** The PostgreSQL the tasks commit their outbox to. */
  sql: SqlClient;
  logger: RuntimeLogger;
  /**
   * Whose outbox rows to publish: the tasks of this worker (`<worker>/<partition>`), each worker with a relay
   * of its own, or every row when unset. One relay of a scope publishes at a time (an advisory lock).
   */
  worker?: string;
  /** Outbox rows per send (default 2 000). */
  batchSize?: number;
  /** Bytes of output lines per send (default RELAY_SEND_BYTES): a send must stay under the broker's `message.max.bytes`. */
  maxSendBytes?: number;
}

/**
 * A send's bytes of output lines, at most. The broker refuses a partition's record batch above its
 * `message.max.bytes` (1 MiB by default), and a task that catches up commits thousands of outputs for one
 * partition at once: 2 000 stock alerts (750 B each on average) make 1.5 MB, refused on every retry,
 * and the worker's relay published nothing more. Half a MiB leaves room for the records' own overhead.
 */
export const RELAY_SEND_BYTES = 512 * 1024;

/** The first rows whose lines fit in `maxBytes` together (the first row always: a send is never empty). */
export function rowsWithinBytes<R extends { line: string }>(rows: readonly R[], maxBytes: number): readonly R[] {
  let bytes = 0;
  for (const [index, row] of rows.entries()) {
    bytes += Buffer.byteLength(row.line, 'utf8');
    if (bytes > maxBytes) return rows.slice(0, Math.max(1, index));
  }
  return rows;
}

/** What a record on an output topic is made of: the output's own line, keyed and placed by its dealer. */
export interface OutboxOutput {
  topic: string;
  dealerId: string | null;
  line: string;
}

interface OutboxRow extends OutboxOutput {
  seq: bigint;
  taskId: string;
  /** The commit's transaction time: every row of one task commit has the same. */
  createdAt: Date;
  [column: string]: unknown;
}

/**
 * A dealer's outputs go to its dealer's partition, as its inputs do (the same function as the
 * input relay, so partition p of every topic holds the same dealers); outputs without a dealer go to
 * partition 0.
 */
export function outputMessage(output: OutboxOutput, partitions: number): Message {
  const dealerId = output.dealerId === null || output.dealerId === '*' ? null : output.dealerId;
  return { key: dealerId, value: output.line, partition: dealerId === null ? 0 : partitionOfDealer(dealerId, partitions) };
}

/**
 * The rows of a read to publish now. A read that stopped at its size may end inside one task
 * commit (one input event's stock alerts, which the notifier digests together, among them): that
 * commit's rows are left for the next read, which takes them whole. Its rows are the task's newest
 * in the read (a task commits one at a time), so leaving them keeps each dealer's order.
 */
export function rowsToPublish<R extends { taskId: string; createdAt: Date }>(rows: readonly R[], full: boolean): readonly R[] {
  const last = rows[rows.length - 1];
  if (!full || last === undefined) return rows;
  const rest = rows.filter((row) => row.taskId !== last.taskId || row.createdAt.getTime() !== last.createdAt.getTime());
  return rest.length === 0 ? rows : rest;
}

async function selectUnrelayed(tx: SqlExecutor, worker: string | undefined, limit: number): Promise<OutboxRow[]> {
  return tx.query<OutboxRow>(
    `SELECT seq, task_id AS "taskId", topic, dealer_id AS "dealerId", line, created_at AS "createdAt"
       FROM task_outbox
      WHERE relayed_at IS NULL AND ($1::text IS NULL OR task_id LIKE $1::text || '/%')
      ORDER BY seq LIMIT $2::int`,
    [worker ?? null, limit],
  );
}

function topicMessagesOf(rows: readonly OutboxRow[], counts: ReadonlyMap<string, number>): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const row of rows) {
    const list = byTopic.get(row.topic) ?? [];
    list.push(outputMessage(row, counts.get(row.topic) ?? 1));
    byTopic.set(row.topic, list);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/**
 * Publishes the tasks' outbox (`task_outbox`) to the output topics. Each send takes the oldest rows
 * not yet relayed (at most `batchSize` rows and `maxSendBytes` of lines), inside a transaction that
 * first takes an advisory lock of its scope (another relay of the same scope finds it taken and sends nothing): two relays sending at once could put one
 * dealer's later outputs before its earlier ones. The rows are marked `relayed_at` in that
 * transaction, after the broker acknowledged every record (`acks: -1`); a crash in between publishes
 * them again on the next send, and consumers drop a repeated `eventId`.
 *
 * Rows are selected by `relayed_at IS NULL`, never "after the last seq seen": commits of different
 * processes become visible out of `seq` order (postgresTaskStore.ts).
 */
export function createOutputRelay(options: OutputRelayOptions) {
  const logger = options.logger.child({ component: 'output-relay', worker: options.worker ?? '*' });
  const batchSize = options.batchSize ?? 2_000;
  const maxSendBytes = options.maxSendBytes ?? RELAY_SEND_BYTES;
  const lockKey = `dealerflow.output-relay:${options.worker ?? '*'}`;
  const producer: Producer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  let counts = new Map<string, number>();
  /** Rows this relay has published since it started (the bench counts them per event). */
  let relayed = 0;

  return {
    async start(): Promise<void> {
      counts = await fetchPartitionCounts(options.kafka, Object.values(OUTPUT_TOPIC));
      await producer.connect();
    },

    /** Publishes the next rows of the outbox; returns how many (0 when none wait, or another relay of the scope is sending). */
    async relayBatch(): Promise<number> {
      return options.sql.transaction(async (tx) => {
        const [lock] = await tx.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock(hashtext($1)::bigint) AS locked`, [lockKey]);
        if (!lock?.locked) return 0;
        const read = await selectUnrelayed(tx, options.worker, batchSize);
        const fitting = rowsWithinBytes(read, maxSendBytes);
        const rows = rowsToPublish(fitting, read.length === batchSize || fitting.length < read.length);
        if (rows.length === 0) return 0;
        await producer.sendBatch({ topicMessages: topicMessagesOf(rows, counts), acks: -1 });
        await tx.query(`UPDATE task_outbox SET relayed_at = now() WHERE seq = ANY($1::bigint[])`, [rows.map((row) => String(row.seq))]);
        logger.info({ outputs: rows.length }, 'outputs relayed');
        relayed += rows.length;
        return rows.length;
      });
    },

    /** Rows published since the start (marked relayed in a transaction that may still roll back: a figure, not a position). */
    relayed: (): number => relayed,

    async stop(): Promise<void> {
      await producer.disconnect();
    },
  };
}

export type OutputRelay = ReturnType<typeof createOutputRelay>;
