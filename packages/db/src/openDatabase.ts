import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { silentDbLogger, type DbLogger } from './dbLogger';
import { PrismaClient } from './generated/prisma/client';
import type { Migration } from './loadMigrations';
import { migrate, type MigrationReport } from './migrate';
import { pgliteSqlClient, pgSqlClient, type DatabaseKind, type SqlClient } from './sqlClient';

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string. Unset or empty: the embedded PGlite database. */
  databaseUrl?: string;
  /** PGlite's data folder (created when missing). Unset: in memory, gone on close; for tests. Ignored with databaseUrl. */
  dataDir?: string;
  log?: DbLogger;
  /** Defaults to the migrations shipped in prisma/migrations. */
  migrations?: readonly Migration[];
}

export interface Database {
  readonly prisma: PrismaClient;
  readonly kind: DatabaseKind;
  /** Raw SQL on the same database, for scripts and admin work; see SqlClient. */
  readonly sql: SqlClient;
  /** What the migration run at open did. */
  readonly migrations: MigrationReport;
  /** Disconnects Prisma, then ends the pool or closes PGlite (flushing it to dataDir). Safe to call twice. */
  close(): Promise<void>;
}

interface Connection {
  prisma: PrismaClient;
  sql: SqlClient;
  release(): Promise<void>;
}

/** Connects to PostgreSQL or opens PGlite, then applies pending migrations before anything else can use it. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const log = options.log ?? silentDbLogger;
  const databaseUrl = options.databaseUrl?.trim() ?? '';
  const connection = databaseUrl === '' ? await openPglite(options.dataDir) : openPostgres(databaseUrl, log);
  const kind = connection.sql.kind;
  let migrations: MigrationReport;
  try {
    migrations = await migrate(connection.sql, {
      log,
      ...(options.migrations === undefined ? {} : { migrations: options.migrations }),
    });
  } catch (error) {
    await connection.release().catch(() => undefined);
    throw error;
  }
  log.info({ kind, dataDir: kind === 'pglite' ? (options.dataDir ?? ':memory:') : undefined }, 'database opened');

  let closing: Promise<void> | undefined;
  return {
    prisma: connection.prisma,
    kind,
    sql: connection.sql,
    migrations,
    close: () => (closing ??= connection.release()),
  };
}

/**
 * PGlite's shared buffers live in its WebAssembly memory, which only grows: at PGlite's default
 * (160 MB) they become resident as the database grows past them. 32 MB measured the same rate on the
 * bench's stream and 60–70 MiB less peak RSS (docs/performance.md, fourth round); pages not in the
 * buffers are read through the data folder's files (the OS page cache, not this process's RSS).
 */
const PGLITE_SETTINGS = { postgresqlconf: ['shared_buffers=32MB'] };

async function openPglite(dataDir: string | undefined): Promise<Connection> {
  const pglite = dataDir === undefined ? new PGlite(PGLITE_SETTINGS) : new PGlite({ dataDir, ...PGLITE_SETTINGS });
  await pglite.waitReady;
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    sql: pgliteSqlClient(pglite),
    async release() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

function openPostgres(connectionString: string, log: DbLogger): Connection {
  // One pool for Prisma and the raw client, so close() has one thing to end.
  const pool = new pg.Pool({ connectionString, application_name: 'dealerflow' });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', (error) => log.warn({ err: error.message }, 'idle database connection lost'));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    sql: pgSqlClient(pool),
    async release() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
