import { silentDbLogger, type DbLogger } from './dbLogger';
import { compareNames, loadMigrations, type Migration } from './loadMigrations';
import type { SqlClient, SqlExecutor } from './sqlClient';

export const MIGRATIONS_TABLE = '_dealerflow_migrations';

// Any fixed number works as long as every Dealerflow process uses the same one.
const MIGRATION_LOCK_KEY = '4702116385029133';

export type MigrationErrorCode = 'MIGRATION_CHECKSUM_CHANGED' | 'MIGRATION_UNKNOWN';

/** The database and this build disagree about history; retrying cannot fix it, an operator must. */
export class MigrationError extends Error {
  readonly retriable = false;
  constructor(
    readonly code: MigrationErrorCode,
    readonly migration: string,
    message: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

export interface MigrateOptions {
  /** Defaults to the migrations shipped in prisma/migrations. */
  migrations?: readonly Migration[];
  log?: DbLogger;
}

export interface MigrationReport {
  /** Run by this call, in order. */
  applied: string[];
  /** Found applied by `prisma migrate deploy` and recorded without running them again. */
  adopted: string[];
}

interface AppliedRow {
  name: string;
  checksum: string;
  [column: string]: unknown;
}

/**
 * Applies, in name order, the migrations not yet recorded in `_dealerflow_migrations`, each in its own transaction
 * together with its record. Every transaction first takes one transaction-scoped advisory lock, so processes starting
 * at once queue up and each re-reads the history after the previous one committed. Refuses to touch anything when an
 * applied migration's file changed or is missing from this build.
 */
export async function migrate(db: SqlClient, options: MigrateOptions = {}): Promise<MigrationReport> {
  const log = options.log ?? silentDbLogger;
  const migrations = [...(options.migrations ?? (await loadMigrations()))].sort((a, b) => compareNames(a.name, b.name));
  const report: MigrationReport = { applied: [], adopted: [] };

  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.exec(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
      "name" TEXT NOT NULL PRIMARY KEY,
      "checksum" TEXT NOT NULL,
      "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
    )`);
    verifyHistory(await appliedMigrations(tx), migrations);
  });

  for (const migration of migrations) {
    const outcome = await db.transaction(async (tx) => {
      await lock(tx);
      const applied = await appliedMigrations(tx);
      verifyHistory(applied, migrations);
      if (applied.has(migration.name)) return 'present';
      const adopted = await appliedByPrisma(tx, migration);
      if (!adopted) await tx.exec(migration.sql);
      await tx.query(`INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum") VALUES ($1, $2)`, [
        migration.name,
        migration.checksum,
      ]);
      return adopted ? 'adopted' : 'applied';
    });
    if (outcome === 'present') continue;
    report[outcome].push(migration.name);
    log.info({ migration: migration.name, outcome }, 'migration recorded');
  }
  return report;
}

async function lock(tx: SqlExecutor): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
}

async function appliedMigrations(tx: SqlExecutor): Promise<Map<string, string>> {
  const rows = await tx.query<AppliedRow>(`SELECT "name", "checksum" FROM "${MIGRATIONS_TABLE}"`);
  return new Map(rows.map((row) => [row.name, row.checksum]));
}

function verifyHistory(applied: ReadonlyMap<string, string>, known: readonly Migration[]): void {
  const byName = new Map(known.map((migration) => [migration.name, migration]));
  for (const [name, checksum] of [...applied].sort(([a], [b]) => compareNames(a, b))) {
    const migration = byName.get(name);
    if (migration === undefined) {
      throw new MigrationError(
        'MIGRATION_UNKNOWN',
        name,
        `Migration ${name} is applied to this database but this build does not have it: the database was migrated ` +
          'by a newer build. Run that build (or a newer one); this one refuses to write to a schema it does not know.',
      );
    }
    if (migration.checksum !== checksum) {
      throw new MigrationError(
        'MIGRATION_CHECKSUM_CHANGED',
        name,
        `Migration ${name} was applied with checksum ${checksum}, but its file now has checksum ` +
          `${migration.checksum}. An applied migration must never be edited: restore the file and put the change ` +
          'in a new migration.',
      );
    }
  }
}

/**
 * A database set up with `prisma migrate deploy` already holds the schema; re-running the file would fail on
 * "relation already exists". Prisma records the same sha256, so a finished, identical entry is taken over.
 */
async function appliedByPrisma(tx: SqlExecutor, migration: Migration): Promise<boolean> {
  const [table] = await tx.query<{ present: boolean }>(
    `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS "present"`,
  );
  if (table?.present !== true) return false;
  const rows = await tx.query<{ checksum: string }>(
    `SELECT "checksum" FROM "_prisma_migrations"
     WHERE "migration_name" = $1 AND "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
    [migration.name],
  );
  if (rows.length === 0) return false;
  if (rows.some((row) => row.checksum !== migration.checksum)) {
    throw new MigrationError(
      'MIGRATION_CHECKSUM_CHANGED',
      migration.name,
      `Migration ${migration.name} was applied by prisma migrate with a different checksum than its file now has. ` +
        'An applied migration must never be edited: restore the file and put the change in a new migration.',
    );
  }
  return true;
}
