import type { Kafka } from 'kafkajs';
import type { OutputEvent } from '@dealerflow/contracts';
import type { Prisma, PrismaClient } from '@dealerflow/db';
import { createPollingLoop, insertOutputs, type RuntimeLogger, type SourceBatch, type SourcePositions } from '@dealerflow/runtime';
import { createKafkaOutputSource } from './kafkaOutputSource';

/** The mirror's consumer name: its group is `dealerflow.outputs.output-log`, its positions rows of `consumer_position`. */
export const OUTPUT_LOG_CONSUMER = 'output-log';

export interface OutputLogMirrorOptions {
  kafka: Kafka;
  /** The database of `dealerflow start`: `output_log` and `consumer_position` are written there. */
  prisma: PrismaClient;
  logger: RuntimeLogger;
  /** Records read per batch at most (default 5 000). */
  batchSize?: number;
  /** How long the loop sleeps when caught up, unless woken (default 250 ms). */
  idlePollMs?: number;
  /** Put before the consumer's name to make its group (default `dealerflow.outputs.`). */
  groupPrefix?: string;
  /** How long a `read` waits for its fetch to reach the end offsets (default 5 s). */
  maxWaitMs?: number;
}

/** The mirror's positions as the database holds them: per `topic:partition`, the offset of the next record to copy. */
async function storedPositions(executor: PrismaClient | Prisma.TransactionClient, forUpdate = false): Promise<Record<string, string>> {
  const rows = await executor.$queryRawUnsafe<{ partition_key: string; next_offset: bigint }[]>(
    `SELECT partition_key, next_offset FROM consumer_position WHERE consumer = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    OUTPUT_LOG_CONSUMER,
  );
  return Object.fromEntries(rows.map((row) => [row.partition_key, String(row.next_offset)]));
}

/** The records of a batch that are at or past the stored position of their partition: what was never copied. */
export function recordsToCopy(batch: SourceBatch<OutputEvent>, stored: SourcePositions): OutputEvent[] {
  return batch.records.filter((record) => record.offset >= BigInt(stored[record.partition] ?? '0')).map((record) => record.event);
}

/** Positions that moved forward: a batch read again from older positions never moves one back. */
export function positionsForward(end: SourcePositions, stored: SourcePositions): Record<string, string> {
  return Object.fromEntries(Object.entries(end).filter(([partition, offset]) => BigInt(offset) > BigInt(stored[partition] ?? '0')));
}

async function savePositions(tx: Prisma.TransactionClient, positions: Record<string, string>): Promise<void> {
  const entries = Object.entries(positions);
  if (entries.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO consumer_position (consumer, partition_key, next_offset, updated_at)
       SELECT $1, p, o::bigint, now() FROM unnest($2::text[], $3::text[]) AS x(p, o)
     ON CONFLICT (consumer, partition_key) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = EXCLUDED.updated_at`,
    OUTPUT_LOG_CONSUMER,
    entries.map(([partition]) => partition),
    entries.map(([, offset]) => offset),
  );
}

/**
 * `output_log` in `dealerflow start` on Kafka: the workers' outputs copied from the output topics,
 * so that `/v1/outputs`, the dealer timeline and every other reader of the output log answer as in
 * the embedded runtime (where the runner writes them there). The embedded runtime's own rows
 * (ingest's dead letters, the notifier's `notification.*`) are written beside them as before.
 *
 * Exactly once by position, not by hope: a batch's outputs and the positions after it are written in
 * one transaction (`consumer_position`, consumer `output-log`, a row per `topic:partition`), and
 * every assignment starts from those positions (seeking there), not from the group's offsets. In the
 * transaction the stored positions are read again under a row lock: records before them were copied
 * already and are left out. The group's offsets are committed after it, for lag tools only. A crash
 * between the two copies nothing twice; `output_log`'s unique `event_id` would drop a duplicate too.
 */
export function createOutputLogMirror(options: OutputLogMirrorOptions) {
  const { prisma } = options;
  const logger = options.logger.child({ component: 'output-log-mirror' });
  const source = createKafkaOutputSource({
    kafka: options.kafka,
    logger: options.logger,
    groupPrefix: options.groupPrefix,
    maxWaitMs: options.maxWaitMs,
    storedPositions: () => storedPositions(prisma),
  });
  const consumer = source.consumer({ name: OUTPUT_LOG_CONSUMER, batchSize: options.batchSize });
  const listeners = new Set<(copied: number) => void>();

  /** Copies the next batch; returns how many records it read (0 when caught up). */
  async function copyBatch(): Promise<number> {
    const batch = await consumer.read();
    if (batch.read === 0) return 0;
    const copied = await prisma.$transaction(
      async (tx) => {
        const stored = await storedPositions(tx, true);
        const outputs = recordsToCopy(batch, stored);
        await insertOutputs(tx, outputs);
        await savePositions(tx, positionsForward(batch.end, stored));
        return outputs.length;
      },
      { timeout: 5 * 60_000, maxWait: 60_000 },
    );
    await consumer.commit(batch.end);
    for (const listener of listeners) listener(copied);
    return batch.read;
  }

  const loop = createPollingLoop({
    step: copyBatch,
    idlePollMs: options.idlePollMs ?? 250,
    // Nothing past the stored positions was written: the next batch starts there again.
    onFailure: (error, failures) => logger.error({ err: error, failures, retriable: true }, 'output copy failed; retrying from the stored positions'),
  });

  return {
    /** Copies in the background until `stop`. */
    start: loop.start,
    /** Told after each batch written, with how many outputs it added (health, tests). */
    onCopied(listener: (copied: number) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Finishes the batch in hand, commits it, and lets go of the broker. */
    async stop(): Promise<void> {
      await loop.stop();
      await consumer.close();
    },
  };
}

export type OutputLogMirror = ReturnType<typeof createOutputLogMirror>;
