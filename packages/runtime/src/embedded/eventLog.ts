import { randomUUID } from 'node:crypto';
import { Mutex } from 'async-mutex';
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
import { createGroupCommit } from './groupCommit';
import type { InputTail, LoggedInput } from './inputTail';
import { logLockCte } from './logLocks';
import { writeOutputRows } from './outputRows';
import { stageRows } from './stagingTables';
import type { EventLog, IngestItem, IngestResult } from './ports';

export const INGEST_SOURCE = 'dealerflow-ingest';

/** Items per commit at most when concurrent appends are committed together (a body larger than this commits alone). */
export const GROUP_COMMIT_MAX_ITEMS = 20_000;

export interface EventLogOptions {
  /** The raw SQL client (the append is the hot path: no Prisma in it). */
  sql: SqlClient;
  /**
   * The output log's write lock (its `seq` order is commit order, so no cursor skips a row): an append
   * takes it only when it writes dead letters. Appends to `input_log` alone take the event log's own
   * lock, since nothing else writes that table: ingest does not wait for the runner's outputs.
   */
  writeLock: Mutex;
  /** The watermark a dead letter is stamped with. */
  watermark: () => number | undefined;
  /** Called after events were appended (wakes the runner). */
  onAppended: () => void;
  /** Where the committed events are handed to the runner of this process (inputTail.ts); none when unset. */
  tail?: InputTail;
  /** Called after every commit of appends, with the position of the last event it added (null when none): the database answered. */
  onCommitted?: (lastSeq: bigint | null) => void;
  /** The `ingest` settings (how far ahead of its receipt an event may be dated); the defaults when absent. */
  ingest?: IngestPolicy;
  /** The time of ingest, epoch ms, stamped on every event of an append as `receivedAt`; the machine's clock by default. */
  clock?: () => number;
}

/** One append, judged: what goes into `input_log` and onto the dead-letter topic, and why items were refused. */
interface JudgedAppend {
  events: InputEvent[];
  deadLetters: OutputEvent[];
  reasons: IngestResult['reasons'];
}

/**
 * The durable input log. An append validates every item against the contract (the replay's
 * `parseInputLine`, with the time of ingest stamped as `receivedAt`); valid events go into
 * `input_log` (a repeated `eventId` is acknowledged and ignored), invalid ones onto the dead-letter
 * topic with the reason, all in one transaction. It resolves only after that commit. What the
 * store cannot keep was refused by the validation, so one bad item never fails the others.
 * Appends are judged as they arrive and committed through a group commit (groupCommit.ts): those that
 * arrive while a commit runs share the next one, each with its own result.
 */
export function createEventLog(options: EventLogOptions): EventLog {
  const clock = options.clock ?? Date.now;
  const appendLock = new Mutex();
  const commit = createGroupCommit<JudgedAppend, IngestResult>((appends) => commitAppends(options, appendLock, appends), {
    sizeOf: (append) => append.events.length + append.deadLetters.length,
    maxItems: GROUP_COMMIT_MAX_ITEMS,
    retryAlone: cannotBeStored,
  });
  return {
    append(items: readonly IngestItem[]): Promise<IngestResult> {
      return commit(judgeItems(items, new Date(clock()).toISOString(), options));
    },
  };
}

/** Validates each item as the replay does, judged at `receivedAt`; a refused one becomes a dead letter naming its place in the body. */
function judgeItems(items: readonly IngestItem[], receivedAt: string, options: EventLogOptions): JudgedAppend {
  const judged: JudgedAppend = { events: [], deadLetters: [], reasons: [] };
  const requestId = randomUUID();
  const judging: ParseOptions = { receivedAt, ingest: options.ingest ?? DEFAULT_INGEST_POLICY };
  items.forEach((item, index) => {
    const parsed = 'text' in item ? parseInputLine(item.text, judging) : parseInputValue(item.value, judging);
    if (parsed.ok) {
      judged.events.push(parsed.event);
      return;
    }
    judged.reasons.push({ index, reason: parsed.reason });
    judged.deadLetters.push(
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
  return judged;
}

/**
 * One transaction for every append given, in order; each gets back its own counts, reasons and last
 * position. `input_log`'s order is kept by `appendLock` (the only writer); dead letters also take the
 * output log's lock, always after `appendLock`, so no two writers wait on each other in turn.
 */
async function commitAppends(options: EventLogOptions, appendLock: Mutex, appends: readonly JudgedAppend[]): Promise<IngestResult[]> {
  const events = appends.flatMap((append) => append.events);
  const deadLetters = appends.flatMap((append) => append.deadLetters);
  const write = () =>
    insertsAtOnce(options.sql, events, deadLetters)
      ? insertEventsAtOnce(options.sql, events)
      : options.sql.transaction(async (tx) => {
          const rows = await appendEvents(tx, events);
          await writeOutputRows(tx, deadLetters);
          return rows;
        });
  const inserted = await appendLock.runExclusive(() => (deadLetters.length === 0 ? write() : options.writeLock.runExclusive(write)));
  if (inserted.length > 0) {
    options.tail?.push(loggedInputsOf(events, inserted));
    options.onAppended();
  }
  const results = resultsOf(appends, inserted);
  options.onCommitted?.(results.reduce<bigint | null>((max, result) => (result.lastSeq !== null && (max === null || result.lastSeq > max) ? result.lastSeq : max), null));
  return results;
}

/** The rows a commit inserted, with the events they hold (a repeated id's first occurrence is the one inserted), in `seq` order. */
function loggedInputsOf(events: readonly InputEvent[], inserted: readonly InsertedEvent[]): LoggedInput[] {
  const eventOf = new Map<string, InputEvent>();
  for (const event of events) if (!eventOf.has(event.eventId)) eventOf.set(event.eventId, event);
  return inserted
    .map((row) => ({ seq: row.seq, event: eventOf.get(row.event_id)! }))
    .sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
}

/**
 * Splits what one commit inserted among the appends it carried. An event id inserted counts as
 * accepted for its first occurrence, in the order the events were inserted; every other occurrence,
 * in the same append or a later one, is a duplicate, as it would have been had each append committed alone.
 */
function resultsOf(appends: readonly JudgedAppend[], inserted: readonly InsertedEvent[]): IngestResult[] {
  const seqOf = new Map(inserted.map((row) => [row.event_id, row.seq]));
  return appends.map((append) => {
    let accepted = 0;
    let lastSeq: bigint | null = null;
    for (const event of append.events) {
      const seq = seqOf.get(event.eventId);
      if (seq === undefined) continue;
      seqOf.delete(event.eventId);
      accepted += 1;
      if (lastSeq === null || seq > lastSeq) lastSeq = seq;
    }
    return { accepted, duplicates: append.events.length - accepted, deadLettered: append.deadLetters.length, reasons: append.reasons, lastSeq };
  });
}

const NOT_STORABLE_CLASSES = new Set(['22', '23', '54']);

/**
 * A database error about what was sent (SQLSTATE classes 22 data, 23 integrity, 54 limits): one
 * append's content may have caused it, so the appends committed with it are tried again one by one.
 */
function cannotBeStored(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length === 5 && NOT_STORABLE_CLASSES.has(code.slice(0, 2));
}

/** Events per commit up to which PostgreSQL gets them in one statement (insertEventsAtOnce). */
const AT_ONCE_MAX_EVENTS = 1_000;

/**
 * Whether a commit is one statement rather than a transaction: on PostgreSQL, events alone (no dead letters) and
 * at most AT_ONCE_MAX_EVENTS of them. Under concurrent load ingest waited on round trips to the server, and one
 * statement makes one instead of five (BEGIN, staging, COPY, INSERT, COMMIT): 22–37 % more events/s in three
 * interleaved pairs of `postgres-load` runs. Larger commits copy (COPY beats arrays there: `postgres-ingest` at
 * 2 000 per append), and so does every commit on PGlite, which has no round trips and where COPY was cheaper in
 * both phases (docs/performance.md, "Load over HTTP").
 */
function insertsAtOnce(sql: SqlClient, events: readonly InputEvent[], deadLetters: readonly OutputEvent[]): boolean {
  return sql.kind === 'postgres' && deadLetters.length === 0 && events.length <= AT_ONCE_MAX_EVENTS;
}

/** The events in one `INSERT … SELECT FROM unnest(…)`, in order, as appendEvents does through a staging table. */
async function insertEventsAtOnce(executor: SqlExecutor, events: readonly InputEvent[]): Promise<InsertedEvent[]> {
  if (events.length === 0) return [];
  return executor.query<InsertedEvent>(
    `${logLockCte('input_log')}
     INSERT INTO input_log (event_id, type, topic, dealer_id, occurred_at, body, received_at)
       SELECT e, t, p, d, o::timestamptz, b, COALESCE(r::timestamptz, now())
         FROM log_lock, unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS u(e, t, p, d, o, b, r, ord)
        ORDER BY ord
     ON CONFLICT (event_id) DO NOTHING
     RETURNING seq, event_id`,
    columnsOf(events.map(inputRowOf), 7),
  );
}

/** An event's row of `input_log`: event_id, type, topic, dealer_id, occurred_at, body, received_at. */
function inputRowOf(event: InputEvent): (string | null)[] {
  return [
    event.eventId,
    event.type,
    INPUT_TOPIC[event.type],
    'dealerId' in event ? event.dealerId : null,
    event.occurredAt,
    // The event as the contract parsed it (defaults filled, unknown fields dropped): the runner applies it as is.
    JSON.stringify(event),
    // The time the skew was judged against, in the row as in the body (null only for an event stamped by no server).
    event.receivedAt ?? null,
  ];
}

function columnsOf(rows: readonly (string | null)[][], width: number): (string | null)[][] {
  return Array.from({ length: width }, (_, column) => rows.map((row) => row[column] ?? null));
}

// A type, not an interface: the SQL client's row type takes it.
type InsertedEvent = { seq: bigint; event_id: string };

/**
 * Inserts events in order: COPY into the staging table, then one `INSERT … SELECT` in the items'
 * order (so `seq` follows it); returns the new ones with their positions (the rest were duplicates).
 */
async function appendEvents(executor: SqlExecutor, events: readonly InputEvent[]): Promise<InsertedEvent[]> {
  if (events.length === 0) return [];
  await stageRows(
    executor,
    'stage_input',
    events.map((event, ord) => [String(ord), ...inputRowOf(event)]),
  );
  return executor.query<InsertedEvent>(
    `${logLockCte('input_log')}
     INSERT INTO input_log (event_id, type, topic, dealer_id, occurred_at, body, received_at)
       SELECT event_id, type, topic, dealer_id, occurred_at::timestamptz, body, COALESCE(received_at::timestamptz, now())
         FROM log_lock, stage_input ORDER BY ord
     ON CONFLICT (event_id) DO NOTHING
     RETURNING seq, event_id`,
  );
}
