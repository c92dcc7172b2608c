import { Mutex } from 'async-mutex';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createEventBuilder } from '@dealerflow/contracts/testing';
import { openDatabase, type Database, type SqlExecutor } from '@dealerflow/db';
import { createScratchDatabase, DEFAULT_TEST_POSTGRES_URL, probePostgres, type ScratchDatabase } from '@dealerflow/db/testing';
import { requireServer } from '@dealerflow/testkit/testing';
import { createEventLog, insertOutputs, toDeadLetterEnvelope } from '../src';
import { LOG_LOCK_KEY, LOG_LOCK_SPACE, logLockCte, type LockedLog } from '../src/embedded/logLocks';
import { writeOutputRows } from '../src/embedded/outputRows';

// Two processes on one PostgreSQL database, as two pools (each its own connections, nothing shared in
// memory): a writer that draws a log's seq while another transaction holds seqs of that log waits for its
// commit, so seq order is commit order and no reader following `seq > cursor` skips a row committed late.
// PGlite has one process and one connection: nothing to test there.
const postgres = await probePostgres(process.env.DATABASE_URL || DEFAULT_TEST_POSTGRES_URL);
const skip = requireServer(`PostgreSQL at ${postgres.serverUrl}`, postgres);
const scratch: ScratchDatabase[] = [];
const opened: Database[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((database) => database.close()));
});
afterAll(async () => {
  await Promise.all(scratch.map((database) => database.drop()));
});

/** Two "processes": two pools on one fresh database. */
async function twoProcesses(): Promise<[Database, Database]> {
  const database = await createScratchDatabase(postgres.serverUrl);
  scratch.push(database);
  const first = await openDatabase({ databaseUrl: database.url });
  const second = await openDatabase({ databaseUrl: database.url });
  opened.push(first, second);
  return [first, second];
}

function deadLetter(id: string) {
  return toDeadLetterEnvelope({ raw: id, text: id, reason: 'test', position: `test:${id}`, watermark: 0, source: 'test' });
}

/** Whether some connection waits for the log's lock. */
async function waitsForLock(sql: SqlExecutor, log: LockedLog): Promise<boolean> {
  const [row] = await sql.query<{ waiting: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = $1::oid AND objid = $2::oid
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS waiting`,
    [LOG_LOCK_SPACE, LOG_LOCK_KEY[log]],
  );
  return row!.waiting;
}

/** Resolves once `pending` waits for the lock; fails if it settled first (it did not wait). */
async function untilWaiting(sql: SqlExecutor, log: LockedLog, pending: Promise<unknown>): Promise<void> {
  let settled = false;
  void pending.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (;;) {
    if (settled) throw new Error(`the second writer of ${log} committed while the first held seqs it had not committed`);
    if (await waitsForLock(sql, log)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A transaction held open on `database` after `first`, until `release`; runs `second` in it before committing. */
function holdTransaction(database: Database, first: (tx: SqlExecutor) => Promise<void>, second: (tx: SqlExecutor) => Promise<void>) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let opened!: () => void;
  const isOpen = new Promise<void>((resolve) => (opened = resolve));
  const done = database.sql.transaction(async (tx) => {
    await first(tx);
    opened();
    await released;
    await second(tx);
  });
  return { isOpen, release, done };
}

async function seqsOf(sql: SqlExecutor, table: 'input_log' | 'output_log'): Promise<string[]> {
  const rows = await sql.query<{ event_id: string }>(`SELECT event_id FROM ${table} ORDER BY seq`);
  return rows.map((row) => row.event_id);
}

describe.skipIf(skip)(`the logs' locks across processes on PostgreSQL${skip ? ` — skipped: ${skip}` : ''}`, () => {
  it('an output written by another process (the notifier, Prisma) waits for the runner’s uncommitted outputs, and gets the next seq', async () => {
    const [runner, notifier] = await twoProcesses();
    const held = holdTransaction(
      runner,
      (tx) => writeOutputRows(tx, [deadLetter('runner-1')]),
      (tx) => writeOutputRows(tx, [deadLetter('runner-2')]),
    );
    await held.isOpen;
    const notified = notifier.prisma.$transaction((tx) => insertOutputs(tx, [deadLetter('notifier-1')]));
    await untilWaiting(runner.sql, 'output_log', notified).finally(held.release);
    await Promise.all([held.done, notified]);

    const ids = [deadLetter('runner-1'), deadLetter('runner-2'), deadLetter('notifier-1')].map((output) => output.eventId);
    expect(await seqsOf(runner.sql, 'output_log')).toEqual(ids);
  });

  it('an append by another ingest process, in one statement and with dead letters, waits for input_log’s uncommitted rows', async () => {
    const [held, ingest] = await twoProcesses();
    const e = createEventBuilder();
    const sale = (eventId: string) => e('dealer.sales.reported', '2026-03-01T10:00:00Z', { date: '2026-03-01', items: [{ sku: 'SKU-1', qty: 1 }] }, { eventId, dealerId: 'D-1' });
    const insertHeld = (eventId: string) => async (tx: SqlExecutor) => {
      const event = sale(eventId);
      await tx.query(
        `${logLockCte('input_log')}
         INSERT INTO input_log (event_id, type, topic, dealer_id, occurred_at, body) SELECT $1, $2, 'dealer.sales.v1', 'D-1', $3::timestamptz, $4 FROM log_lock`,
        [event.eventId, event.type, event.occurredAt, JSON.stringify(event)],
      );
    };
    const log = createEventLog({ sql: ingest.sql, writeLock: new Mutex(), watermark: () => undefined, onAppended: () => {} });

    const first = holdTransaction(held, insertHeld('held-1'), insertHeld('held-2'));
    await first.isOpen;
    const atOnce = log.append([{ value: sale('ingest-1') }]);
    await untilWaiting(held.sql, 'input_log', atOnce).finally(first.release);
    await Promise.all([first.done, atOnce]);

    const second = holdTransaction(held, insertHeld('held-3'), insertHeld('held-4'));
    await second.isOpen;
    const withDeadLetter = log.append([{ value: sale('ingest-2') }, { text: 'not json' }]);
    await untilWaiting(held.sql, 'input_log', withDeadLetter).finally(second.release);
    await Promise.all([second.done, withDeadLetter]);

    expect(await seqsOf(held.sql, 'input_log')).toEqual(['held-1', 'held-2', 'ingest-1', 'held-3', 'held-4', 'ingest-2']);
  });
});
