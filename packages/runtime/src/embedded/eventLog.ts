import { randomUUID } from 'node:crypto';
import type { Mutex } from 'async-mutex';
import {
  DEFAULT_INGEST_POLICY,
  INPUT_TOPIC,
  parseInputLine,
  parseInputValue,
  type IngestPolicy,
  type InputEvent,
  type OutputEvent,
  type ParseOptions,
} from '@dealerflow/contracts';
import type { SqlClient, SqlExecutor } from '@dealerflow/db';
import { toDeadLetterEnvelope } from '../envelope';
import { writeOutputRows } from './outputRows';
import { stageRows } from './stagingTables';
import type { EventLog, IngestItem, IngestResult } from './ports';

export const INGEST_SOURCE = 'dealerflow-ingest';

export interface EventLogOptions {
  /** The raw SQL client (the append is the hot path: no Prisma in it). */
  sql: SqlClient;
  /** Serializes every write to the logs, so `seq` order is commit order and no cursor skips a row. */
  writeLock: Mutex;
  /** The watermark a dead letter is stamped with. */
  watermark: () => number | undefined;
  /** Called after events were appended (wakes the runner). */
  onAppended: () => void;
  /** The `ingest` settings (how far ahead of its receipt an event may be dated); the defaults when absent. */
  ingest?: IngestPolicy;
  /** The time of ingest, epoch ms, stamped on every event of an append as `receivedAt`; the machine's clock by default. */
  clock?: () => number;
}

/**
 * The durable input log. An append validates every item against the contract (the replay's
 * `parseInputLine`, with the time of ingest stamped as `receivedAt`); valid events go into
 * `input_log` (a repeated `eventId` is acknowledged and ignored), invalid ones onto the dead-letter
 * topic with the reason, all in one transaction. It resolves only after that commit. What the
 * store cannot keep was refused by the validation, so one bad item never fails the others.
 */
export function createEventLog(options: EventLogOptions): EventLog {
  const clock = options.clock ?? Date.now;
  return {
    async append(items: readonly IngestItem[]): Promise<IngestResult> {
      const events: InputEvent[] = [];
      const deadLetters: OutputEvent[] = [];
      const reasons: IngestResult['reasons'] = [];
      const requestId = randomUUID();
      const receivedAt = new Date(clock()).toISOString();
      const judging: ParseOptions = { receivedAt, ingest: options.ingest ?? DEFAULT_INGEST_POLICY };
      items.forEach((item, index) => {
        const parsed = 'text' in item ? parseInputLine(item.text, judging) : parseInputValue(item.value, judging);
        if (parsed.ok) {
          events.push(parsed.event);
          return;
        }
        reasons.push({ index, reason: parsed.reason });
        deadLetters.push(
          toDeadLetterEnvelope({
            raw: parsed.raw,
            // `raw`, not the value: a value nested too deep cannot be serialized, its storable copy can.
            text: 'text' in item ? item.text : (JSON.stringify(parsed.raw) ?? String(parsed.raw)),
            reason: parsed.reason,
            topic: parsed.topic,
            position: `ingest:${requestId}:${index}`,
            watermark: options.watermark(),
            source: INGEST_SOURCE,
          }),
        );
      });
      const inserted = await options.writeLock.runExclusive(() =>
        options.sql.transaction(async (tx) => {
          const seqs = await appendEvents(tx, events);
          await writeOutputRows(tx, deadLetters);
          return seqs;
        }),
      );
      if (inserted.length > 0) options.onAppended();
      const lastSeq = inserted.reduce<bigint | null>((max, seq) => (max === null || seq > max ? seq : max), null);
      return { accepted: inserted.length, duplicates: events.length - inserted.length, deadLettered: deadLetters.length, reasons, lastSeq };
    },
  };
}

/**
 * Inserts events in order: COPY into the staging table, then one `INSERT … SELECT` in the items'
 * order (so `seq` follows it); returns the positions of the new ones (the rest were duplicates).
 */
async function appendEvents(executor: SqlExecutor, events: readonly InputEvent[]): Promise<bigint[]> {
  if (events.length === 0) return [];
  await stageRows(
    executor,
    'stage_input',
    // The event as the contract parsed it (defaults filled, unknown fields dropped): the runner applies it as is.
    events.map((event, ord) => [
      String(ord),
      event.eventId,
      event.type,
      INPUT_TOPIC[event.type],
      'dealerId' in event ? event.dealerId : null,
      event.occurredAt,
      JSON.stringify(event),
      // The time the skew was judged against, in the row as in the body (null only for an event stamped by no server).
      event.receivedAt ?? null,
    ]),
  );
  const rows = await executor.query<{ seq: bigint }>(
    `INSERT INTO input_log (event_id, type, topic, dealer_id, occurred_at, body, received_at)
       SELECT event_id, type, topic, dealer_id, occurred_at::timestamptz, body, COALESCE(received_at::timestamptz, now())
         FROM stage_input ORDER BY ord
     ON CONFLICT (event_id) DO NOTHING
     RETURNING seq`,
  );
  return rows.map((row) => row.seq);
}
