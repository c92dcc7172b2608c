export { openDatabase, type Database, type OpenDatabaseOptions } from './openDatabase';
export {
  migrate,
  MigrationError,
  MIGRATIONS_TABLE,
  type MigrateOptions,
  type MigrationErrorCode,
  type MigrationReport,
} from './migrate';
export { defaultMigrationsDir, loadMigrations, migrationChecksum, type Migration } from './loadMigrations';
export {
  pgliteSqlClient,
  pgSqlClient,
  type DatabaseKind,
  type SqlClient,
  type SqlExecutor,
  type SqlRow,
  type SqlSession,
} from './sqlClient';
export { toCopyText } from './copyText';
export { silentDbLogger, type DbLogger } from './dbLogger';
export { Prisma, PrismaClient } from './generated/prisma/client';
export type { GlobalState, InputLog, OutputLog, WorkerCheckpoint, WorkerState } from './generated/prisma/client';
