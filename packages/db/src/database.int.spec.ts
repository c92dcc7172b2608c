import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { Prisma } from './generated/prisma/client';
import { loadMigrations, migrationChecksum, type Migration } from './loadMigrations';
import { migrate, MigrationError, MIGRATIONS_TABLE } from './migrate';
import { openDatabase, type Database, type OpenDatabaseOptions } from './openDatabase';
import { toCopyText } from './copyText';
import { pgSqlClient, type SqlClient } from './sqlClient';
import { requireServer } from '@dealerflow/testkit/testing';
import { createScratchDatabase, DEFAULT_TEST_POSTGRES_URL, probePostgres, type ScratchDatabase } from './testing';

// One behavioural suite, run against every backend. The PostgreSQL half uses DATABASE_URL when set (the server to
// create scratch databases on), else the local server; when unreachable it fails under CI and is skipped elsewhere,
// with the reason.
const postgres = await probePostgres(process.env.DATABASE_URL || DEFAULT_TEST_POSTGRES_URL);
const postgresSkip = requireServer(`PostgreSQL at ${postgres.serverUrl}`, postgres);
const shipped = await loadMigrations();
const shippedNames = shipped.map((m) => m.name);
const TABLES = [
  'board_cash_discount',
  'board_credit_decision',
  'board_dealer',
  'board_delivery',
  'board_rebate_accrual',
  'board_rebate_adjustment',
  'board_rebate_statement',
  'board_stock_alert',
  'board_tier_suggestion',
  'consumer_position',
  'credit_hold_view',
  'dashboard_session',
  'dealer_webhook_secret',
  'deployment',
  'directory_dealer',
  'directory_product',
  'directory_program',
  'global_state',
  'input_log',
  'notification',
  'notification_inbox',
  'notification_preferences',
  'notifier_dealer_state',
  'output_log',
  'relay_position',
  'task_batch_end',
  'task_outbox',
  'task_snapshot',
  'task_snapshot_part',
  'worker_checkpoint',
  'worker_state',
];

interface Backend {
  /** A database nobody has touched yet; every open of the returned handle reaches the same data. */
  fresh(): Promise<Target>;
}
interface Target {
  open(options?: Omit<OpenDatabaseOptions, 'databaseUrl' | 'dataDir'>): Promise<Database>;
}

const scratch: ScratchDatabase[] = [];
const tempDirs: string[] = [];
const opened: Database[] = [];
afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()));
  await Promise.all(scratch.map((db) => db.drop()));
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function track(db: Promise<Database>): Promise<Database> {
  const database = await db;
  opened.push(database);
  return database;
}

const pgliteBackend: Backend = {
  // PGlite in memory is one database per instance, so "the same data" needs a dataDir.
  async fresh() {
    const dataDir = await mkdtemp(join(tmpdir(), 'dealerflow-pglite-'));
    tempDirs.push(dataDir);
    return { open: (options = {}) => track(openDatabase({ ...options, dataDir })) };
  },
};

const postgresBackend: Backend = {
  async fresh() {
    const database = await createScratchDatabase(postgres.serverUrl);
    scratch.push(database);
    return { open: (options = {}) => track(openDatabase({ ...options, databaseUrl: database.url })) };
  },
};

const backends = [
  { name: 'PGlite', backend: pgliteBackend, skip: undefined },
  {
    name: 'PostgreSQL',
    backend: postgresBackend,
    skip: postgresSkip || undefined,
  },
];

const extra: Migration = migrationOf('20260501000000_add_note', 'ALTER TABLE "global_state" ADD COLUMN "note" TEXT;');

function migrationOf(name: string, sql: string): Migration {
  return { name, sql, checksum: migrationChecksum(sql) };
}

function inputRows(ids: readonly string[]) {
  return {
    eventIds: ids,
    types: ids.map(() => 'order.placed'),
    topics: ids.map(() => 'dealer.orders.v1'),
    dealerIds: ids.map((_, i) => (i % 10 === 0 ? null : `D-${i % 7}`)),
    occurredAt: ids.map((_, i) => new Date(Date.UTC(2026, 3, 2, 9, 0, 0, i)).toISOString()),
    bodies: ids.map((id) => JSON.stringify({ eventId: id })),
  };
}

// Acceptance order is log order: WITH ORDINALITY + ORDER BY makes the identity follow the arrays' order.
const BULK_INSERT_INPUTS = `
  INSERT INTO input_log (event_id, type, topic, dealer_id, occurred_at, body)
  SELECT event_id, type, topic, dealer_id, occurred_at, body
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[])
       WITH ORDINALITY AS batch(event_id, type, topic, dealer_id, occurred_at, body, ord)
  ORDER BY ord
  ON CONFLICT (event_id) DO NOTHING`;

async function bulkInsert(db: Database, ids: readonly string[]): Promise<number> {
  const rows = inputRows(ids);
  return db.prisma.$executeRawUnsafe(
    BULK_INSERT_INPUTS,
    rows.eventIds,
    rows.types,
    rows.topics,
    rows.dealerIds,
    rows.occurredAt,
    rows.bodies,
  );
}

describe.each(backends)('database on $name', ({ name, backend, skip }) => {
  const test = skip === undefined ? it : it.skip;
  if (skip !== undefined) {
    it.skip(`skipped: ${skip}`, () => undefined);
  }

  test('open applies the shipped migrations once and records name, checksum and time', async () => {
    const db = await (await backend.fresh()).open();
    expect(db.kind).toBe(name === 'PGlite' ? 'pglite' : 'postgres');
    expect(db.migrations).toEqual({ applied: shippedNames, adopted: [] });
    expect(shippedNames).toEqual([
      '20260402000000_init',
      '20260403000000_notifications',
      '20260404000000_notification_outcomes',
      '20260405000000_dashboard_views',
      '20260418000000_dealer_webhook_secrets',
      '20260419000000_dashboard_sessions',
      '20260420000000_task_store',
      '20260421000000_output_consumers',
      '20260422000000_kafka_relay',
      '20260423000000_deployment',
      '20260424000000_task_snapshot_parts',
      '20260425000000_board_tiers',
      '20260426000000_audit_keep_until',
      '20260427000000_board_reprojected',
    ]);
    const recorded = await db.sql.query<{ name: string; checksum: string; applied_at: Date }>(
      `SELECT name, checksum, applied_at FROM "${MIGRATIONS_TABLE}" ORDER BY name`,
    );
    expect(recorded.map(({ name: n, checksum }) => ({ name: n, checksum }))).toEqual(
      shipped.map((m) => ({ name: m.name, checksum: m.checksum })),
    );
    expect(recorded[0]?.applied_at).toBeInstanceOf(Date);
    const tables = await db.sql.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual([MIGRATIONS_TABLE, ...TABLES]);
  });

  test('copyFrom writes rows in COPY text format, escapes and nulls intact, inside and outside a transaction', async () => {
    const db = await (await backend.fresh()).open();
    const rows: (string | null)[][] = [
      ['1', 'plain', null],
      ['2', 'tab\tnew\nline\rcr back\\slash {"q":"\\"x\\""}', '\\N is text'],
      ['3', '中文 ✓', ''],
    ];
    await db.sql.exec(`CREATE TABLE copy_probe (n int, a text, b text)`);
    await db.sql.copyFrom('copy_probe', ['n', 'a', 'b'], toCopyText(rows.slice(0, 1)));
    await db.sql.transaction(async (tx) => {
      await tx.copyFrom('copy_probe', ['n', 'a', 'b'], toCopyText(rows.slice(1)));
      await tx.copyFrom('copy_probe', ['n', 'a', 'b'], toCopyText([]));
    });
    const read = await db.sql.query<{ n: number; a: string; b: string | null }>(`SELECT n, a, b FROM copy_probe ORDER BY n`);
    expect(read.map((row) => [String(row.n), row.a, row.b])).toEqual(rows);
    await expect(db.sql.transaction(async (tx) => tx.copyFrom('copy_probe', ['n', 'a', 'b'], 'not a number\tx\ty\n'))).rejects.toThrow(/integer/);
  });

  test('migrating again, by a second migrate call or a reopen, changes nothing', async () => {
    const target = await backend.fresh();
    const db = await target.open();
    const before = await db.sql.query(`SELECT name, applied_at FROM "${MIGRATIONS_TABLE}"`);
    expect(await migrate(db.sql)).toEqual({ applied: [], adopted: [] });
    await db.close();
    const reopened = await target.open();
    expect(reopened.migrations).toEqual({ applied: [], adopted: [] });
    expect(await reopened.sql.query(`SELECT name, applied_at FROM "${MIGRATIONS_TABLE}"`)).toEqual(before);
  });

  test('a new migration is applied after the recorded ones, in name order', async () => {
    const target = await backend.fresh();
    await (await target.open()).close();
    const later = migrationOf('20260601000000_add_other', 'ALTER TABLE "global_state" ADD COLUMN "other" TEXT;');
    const db = await target.open({ migrations: [later, ...shipped, extra] });
    expect(db.migrations.applied).toEqual(['20260501000000_add_note', '20260601000000_add_other']);
    const columns = await db.sql.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'global_state' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(['key', 'value', 'updated_at', 'note', 'other']);
  });

  test('a failing migration leaves neither its changes nor its record, and the error surfaces', async () => {
    const db = await (await backend.fresh()).open();
    const broken = migrationOf(
      '20260501000000_broken',
      'CREATE TABLE "half_done" ("id" INT);\nALTER TABLE "no_such_table" ADD COLUMN "x" INT;',
    );
    await expect(migrate(db.sql, { migrations: [...shipped, broken] })).rejects.toThrow(/no_such_table/);
    const leftovers = await db.sql.query(`SELECT to_regclass('half_done') AS t`);
    expect(leftovers).toEqual([{ t: null }]);
    const recorded = await db.sql.query<{ name: string }>(`SELECT name FROM "${MIGRATIONS_TABLE}" ORDER BY name`);
    expect(recorded.map((r) => r.name)).toEqual(shippedNames);
  });

  test('an applied migration whose file changed is refused before anything else runs', async () => {
    const target = await backend.fresh();
    await (await target.open()).close();
    const edited = shipped.map((m) => migrationOf(m.name, `${m.sql}\n-- edited after release\n`));
    const refusal = target.open({ migrations: [...edited, extra] });
    await expect(refusal).rejects.toBeInstanceOf(MigrationError);
    await expect(refusal).rejects.toMatchObject({
      code: 'MIGRATION_CHECKSUM_CHANGED',
      migration: '20260402000000_init',
      retriable: false,
      message: expect.stringContaining(`applied with checksum ${shipped[0]?.checksum}`),
    });
    const db = await target.open();
    const columns = await db.sql.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'global_state' AND column_name = 'note'`,
    );
    expect(columns).toEqual([]);
  });

  test('a database migrated by a newer build is refused by an older one', async () => {
    const target = await backend.fresh();
    await (await target.open({ migrations: [...shipped, extra] })).close();
    await expect(target.open()).rejects.toMatchObject({ code: 'MIGRATION_UNKNOWN', migration: extra.name });
  });

  test('takes over a schema applied by prisma migrate deploy instead of failing on existing tables', async () => {
    const db = await (await backend.fresh()).open({ migrations: [] });
    await db.sql.exec(`
      CREATE TABLE "_prisma_migrations" (
        "id" VARCHAR(36) PRIMARY KEY, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
        "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
        "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    for (const [index, migration] of shipped.entries()) {
      await db.sql.exec(migration.sql);
      await db.sql.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
         VALUES ($1, $2, now(), $3, 1)`,
        [`00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, migration.checksum, migration.name],
      );
    }
    expect(await migrate(db.sql, { migrations: [...shipped, extra] })).toEqual({
      applied: [extra.name],
      adopted: shippedNames,
    });
  });

  test('processes starting at once apply each migration exactly once', async () => {
    const target = await backend.fresh();
    const first = await target.open({ migrations: [] });
    const clients: SqlClient[] = [first.sql];
    const pools: pg.Pool[] = [];
    if (first.kind === 'postgres') {
      // Separate pools stand in for separate processes: separate connections contending for the lock.
      const url = scratch.at(-1)?.url ?? '';
      for (let i = 0; i < 3; i += 1) {
        const pool = new pg.Pool({ connectionString: url, max: 2 });
        pools.push(pool);
        clients.push(pgSqlClient(pool));
      }
    } else {
      clients.push(first.sql, first.sql);
    }
    try {
      const reports = await Promise.all(clients.map((client) => migrate(client, { migrations: [...shipped, extra] })));
      expect(reports.flatMap((r) => r.applied).sort()).toEqual([...shippedNames, extra.name]);
      const recorded = await first.sql.query<{ name: string; n: bigint }>(
        `SELECT name, count(*) AS n FROM "${MIGRATIONS_TABLE}" GROUP BY name ORDER BY name`,
      );
      expect(recorded).toEqual([...shippedNames, extra.name].map((name) => ({ name, n: 1n })));
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  test('event_id is unique in both logs: a duplicate is rejected, or ignored with ON CONFLICT', async () => {
    const db = await (await backend.fresh()).open();
    const unique = await db.sql.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexdef LIKE 'CREATE UNIQUE INDEX%'
       ORDER BY indexname`,
    );
    expect(unique.map((u) => u.indexname)).toEqual([
      `${MIGRATIONS_TABLE}_pkey`,
      'board_cash_discount_pkey',
      'board_credit_decision_pkey',
      'board_dealer_pkey',
      'board_delivery_pkey',
      'board_rebate_accrual_pkey',
      'board_rebate_adjustment_pkey',
      'board_rebate_statement_pkey',
      'board_stock_alert_pkey',
      'board_tier_suggestion_pkey',
      'consumer_position_pkey',
      'credit_hold_view_pkey',
      'dashboard_session_pkey',
      'dealer_webhook_secret_current_key',
      'dealer_webhook_secret_pkey',
      'deployment_one_row_key',
      'deployment_pkey',
      'directory_dealer_pkey',
      'directory_product_pkey',
      'directory_program_pkey',
      'global_state_pkey',
      'input_log_event_id_key',
      'input_log_pkey',
      'notification_idempotency_key_key',
      'notification_inbox_pkey',
      'notification_pkey',
      'notification_preferences_pkey',
      'notifier_dealer_state_pkey',
      'output_log_event_id_key',
      'output_log_pkey',
      'relay_position_pkey',
      'task_batch_end_pkey',
      'task_outbox_event_id_key',
      'task_outbox_pkey',
      'task_snapshot_part_pkey',
      'task_snapshot_pkey',
      'worker_checkpoint_pkey',
      'worker_state_pkey',
    ]);

    const output = {
      eventId: 'OUT-1',
      topic: 'dealer.credit.v1',
      type: 'credit.hold.placed',
      dealerId: 'D-1',
      occurredAt: new Date('2026-04-02T09:00:00.000Z'),
      line: '{"eventId":"OUT-1"}',
    };
    await db.prisma.outputLog.create({ data: output });
    const duplicate = db.prisma.outputLog.create({ data: { ...output, line: 'other' } });
    await expect(duplicate).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    await expect(duplicate).rejects.toMatchObject({ code: 'P2002' });

    expect(await bulkInsert(db, ['E-1', 'E-2'])).toBe(2);
    expect(await bulkInsert(db, ['E-2', 'E-3', 'E-1'])).toBe(1);
    const log = await db.prisma.inputLog.findMany({ orderBy: { seq: 'asc' }, select: { eventId: true } });
    expect(log.map((row) => row.eventId)).toEqual(['E-1', 'E-2', 'E-3']);
  });

  test('bulk insert of 10 000 input events is one statement and keeps their order', async () => {
    const db = await (await backend.fresh()).open();
    const ids = Array.from({ length: 10_000 }, (_, i) => `E-${String(i).padStart(5, '0')}`);
    const started = performance.now();
    expect(await bulkInsert(db, ids)).toBe(10_000);
    const firstMs = performance.now() - started;
    const again = performance.now();
    expect(await bulkInsert(db, [...ids.slice(5_000), 'E-10000'])).toBe(1);
    const secondMs = performance.now() - again;
    console.info(
      `[${name}] bulk insert 10000 input_log rows: ${firstMs.toFixed(0)} ms; ` +
        `5001 rows of which 5000 duplicates: ${secondMs.toFixed(0)} ms`,
    );

    const rows = await db.sql.query<{ event_id: string; seq: bigint; dealer_id: string | null; occurred_at: Date }>(
      `SELECT event_id, seq, dealer_id, occurred_at FROM input_log ORDER BY seq`,
    );
    expect(rows).toHaveLength(10_001);
    expect(rows.map((r) => r.event_id)).toEqual([...ids, 'E-10000']);
    expect(rows[0]).toMatchObject({ dealer_id: null, occurred_at: new Date('2026-04-02T09:00:00.000Z') });
    expect(rows[9_999]).toMatchObject({ dealer_id: 'D-3', occurred_at: new Date('2026-04-02T09:00:09.999Z') });
    expect(typeof rows[0]?.seq).toBe('bigint');
    expect(await db.prisma.inputLog.count({ where: { dealerId: 'D-3' } })).toBe(1_286);
  });

  test('every table round-trips through the Prisma client, JSON state text byte for byte', async () => {
    const db = await (await backend.fresh()).open();
    // Key order matters to the workers (they iterate objects): text keeps it, jsonb would sort "b" before "ab".
    const state = JSON.stringify({ orders: { b: 1, ab: 2 }, ledger: [{ invoiceId: 'INV-1', cents: 125_050 }], note: 'ü' });
    await db.prisma.$transaction([
      db.prisma.workerState.upsert({
        where: { worker_dealerId: { worker: 'credit', dealerId: 'D-1' } },
        create: { worker: 'credit', dealerId: 'D-1', state },
        update: { state },
      }),
      db.prisma.globalState.create({ data: { key: 'watermark', value: '2026-04-02T09:00:00.000Z' } }),
      db.prisma.workerCheckpoint.create({
        data: { worker: 'credit', inputSeq: 9_007_199_254_740_993n, watermark: new Date('2026-04-02T09:00:00.123Z') },
      }),
      db.prisma.inputLog.create({
        data: {
          eventId: 'E-1',
          type: 'order.placed',
          topic: 'dealer.orders.v1',
          occurredAt: new Date('2026-04-02T09:00:00.123Z'),
          body: '{}',
        },
      }),
    ]);
    expect(await db.prisma.workerState.findUniqueOrThrow({ where: { worker_dealerId: { worker: 'credit', dealerId: 'D-1' } } }))
      .toMatchObject({ state });
    expect(await db.prisma.globalState.findUniqueOrThrow({ where: { key: 'watermark' } })).toMatchObject({
      value: '2026-04-02T09:00:00.000Z',
    });
    expect(await db.prisma.workerCheckpoint.findUniqueOrThrow({ where: { worker: 'credit' } })).toMatchObject({
      inputSeq: 9_007_199_254_740_993n,
      watermark: new Date('2026-04-02T09:00:00.123Z'),
    });
    const input = await db.prisma.inputLog.findUniqueOrThrow({ where: { eventId: 'E-1' } });
    expect(input).toMatchObject({ seq: 1n, dealerId: null, occurredAt: new Date('2026-04-02T09:00:00.123Z') });
    expect(input.receivedAt).toBeInstanceOf(Date);
  });

  test('raw SQL gives the same JavaScript values on both backends', async () => {
    const db = await (await backend.fresh()).open();
    const [row] = await db.sql.query(
      `SELECT $1::bigint AS big, '2026-04-02T09:00:00.123Z'::timestamptz AS at, '{"a":[1,2]}'::jsonb AS doc,
              NULL::text AS nothing, 42::int AS small`,
      [9_007_199_254_740_993n],
    );
    expect(row).toEqual({
      big: 9_007_199_254_740_993n,
      at: new Date('2026-04-02T09:00:00.123Z'),
      doc: { a: [1, 2] },
      nothing: null,
      small: 42,
    });
  });
});

describe('database on PGlite, embedded specifics', () => {
  it('keeps its data in dataDir across close and reopen', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dealerflow-pglite-'));
    tempDirs.push(dataDir);
    const first = await openDatabase({ dataDir });
    await bulkInsert(first, ['E-1', 'E-2']);
    await first.prisma.globalState.create({ data: { key: 'watermark', value: '2026-04-02T09:00:00.000Z' } });
    await first.close();
    await first.close();

    const reopened = await track(openDatabase({ dataDir }));
    expect(reopened.migrations).toEqual({ applied: [], adopted: [] });
    expect((await reopened.prisma.inputLog.findMany({ orderBy: { seq: 'asc' } })).map((r) => r.eventId)).toEqual([
      'E-1',
      'E-2',
    ]);
    expect(await reopened.prisma.globalState.count()).toBe(1);
  });

  it('in memory without dataDir: a second open starts empty', async () => {
    const first = await openDatabase();
    await bulkInsert(first, ['E-1']);
    await first.close();
    const second = await track(openDatabase());
    expect(await second.prisma.inputLog.count()).toBe(0);
  });

  it('an empty databaseUrl means the embedded database', async () => {
    const db = await track(openDatabase({ databaseUrl: '  ' }));
    expect(db.kind).toBe('pglite');
  });
});

describe.skipIf(postgresSkip)('database on PostgreSQL, external specifics', () => {
  it('a URL naming a missing database fails at open with the driver error', async () => {
    const url = new URL(postgres.serverUrl);
    url.pathname = '/dealerflow_no_such_database';
    await expect(openDatabase({ databaseUrl: url.toString() })).rejects.toThrow(/dealerflow_no_such_database/);
  });
});
