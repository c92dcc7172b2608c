import { setImmediate } from 'node:timers/promises';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyStreamFrom } from 'pg-copy-streams';

export type DatabaseKind = 'pglite' | 'postgres';

export type SqlRow = Record<string, unknown>;

export interface SqlExecutor {
  /** One statement with `$1…` parameters. int8 comes back as bigint on both backends. */
  query<Row extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** A script of several statements, no parameters (a migration file). */
  exec(script: string): Promise<void>;
  /**
   * `COPY <table> (<columns>) FROM STDIN` with `data` in COPY's text format (`toCopyText`): the bulk
   * write for rows that then go on with `INSERT … SELECT` (PGlite reads it as a blob, PostgreSQL
   * through the COPY protocol).
   */
  copyFrom(table: string, columns: readonly string[], data: string): Promise<void>;
}

/**
 * The raw SQL port under Prisma, one adapter per backend.
 *
 * It exists for what Prisma's raw queries cannot do: run a multi-statement script (a migration) and hold one
 * connection for a whole transaction outside Prisma (the migration lock and the migration it guards). Data access
 * goes through Prisma, whose `$executeRawUnsafe` handles `unnest($1::text[], …)` bulk statements on both backends.
 */
export interface SqlClient extends SqlExecutor {
  readonly kind: DatabaseKind;
  /** Runs `fn` in one transaction on one connection; rolls back and rethrows when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * One connection held outside any transaction until `release`: for what lives as long as a session,
   * such as a session-level advisory lock that says which process runs a task (it goes when the
   * connection goes, a killed process's too). PGlite: its only connection.
   */
  session(): Promise<SqlSession>;
}

export interface SqlSession extends SqlExecutor {
  /** Resolves with the error when the connection is lost (the server ended it, the network failed): what the session held is gone. PGlite: never. */
  readonly lost: Promise<Error>;
  /** Calls `listener` for each notification on `channel` (`LISTEN`; the name is a lower-case identifier). PGlite: never (one process). */
  listen(channel: string, listener: () => void): Promise<void>;
  /** Ends the session: PostgreSQL closes the connection (never back to the pool: it may hold session locks). */
  release(): Promise<void>;
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]*$/;

const INT8_OID = 20;
const parseInt8 = (value: string): bigint => BigInt(value);

// The drivers disagree on int8 (pg: string, PGlite: number, which loses precision past 2^53): both give bigint here.
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};
const pgliteParsers = { [INT8_OID]: parseInt8 };

export function pgliteSqlClient(pglite: PGlite): SqlClient {
  return {
    kind: 'pglite',
    ...pgliteExecutor(pglite),
    transaction: (fn) => pglite.transaction((tx) => fn(pgliteExecutor(tx))),
    session: async () => ({ ...pgliteExecutor(pglite), lost: new Promise<Error>(() => {}), listen: async () => {}, release: async () => {} }),
  };
}

type PgliteQueryable = Pick<PGlite, 'query' | 'exec'>;

/**
 * PGlite runs each statement on this thread, and a chain of them resolves through promises that never
 * return to the event loop: a batch's statements would hold every request (a /healthz probe too) until
 * the chain ends. Each statement first lets the event loop handle what is ready (issue 18).
 */
function pgliteExecutor(queryable: PgliteQueryable): SqlExecutor {
  return {
    async query<Row extends SqlRow>(sql: string, params: readonly unknown[] = []) {
      await setImmediate();
      const result = await queryable.query<Row>(sql, [...params], { parsers: pgliteParsers });
      return result.rows;
    },
    async exec(script) {
      await setImmediate();
      await queryable.exec(script);
    },
    async copyFrom(table, columns, data) {
      if (data.length === 0) return;
      await setImmediate();
      await queryable.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([data]) });
    },
  };
}

export function pgSqlClient(pool: pg.Pool): SqlClient {
  return {
    kind: 'postgres',
    ...pgExecutor(pool),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(pgExecutor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          // A connection that cannot roll back is unusable: drop it instead of returning it to the pool.
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    session: () => pgSession(pool),
  };
}

async function pgSession(pool: pg.Pool): Promise<SqlSession> {
  const client = await pool.connect();
  let markLost!: (error: Error) => void;
  const lost = new Promise<Error>((resolve) => (markLost = resolve));
  // A checked-out client with no 'error' listener would crash the process when its connection fails.
  const onError = (error: Error) => markLost(error);
  const onEnd = () => markLost(new Error('the session connection ended'));
  client.on('error', onError);
  client.on('end', onEnd);
  return {
    ...pgExecutor(client),
    lost,
    async listen(channel, listener) {
      if (!CHANNEL_NAME.test(channel)) throw new Error(`not a channel name: ${channel}`);
      client.on('notification', (message) => {
        if (message.channel === channel) listener();
      });
      await client.query(`LISTEN ${channel}`);
    },
    async release() {
      client.off('end', onEnd);
      client.release(true);
    },
  };
}

async function pgCopyFrom(client: pg.PoolClient, table: string, columns: readonly string[], data: string): Promise<void> {
  const stream = client.query(copyStreamFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', resolve);
    stream.end(data);
  });
}

function pgExecutor(queryable: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    async query<Row extends SqlRow>(sql: string, params: readonly unknown[] = []) {
      const result = await queryable.query<Row>({ text: sql, values: [...params], types: pgTypes });
      return result.rows;
    },
    async exec(script) {
      // Without parameters pg uses the simple protocol, which accepts several statements.
      await queryable.query(script);
    },
    async copyFrom(table, columns, data) {
      if (data.length === 0) return;
      if (!(queryable instanceof pg.Pool)) return pgCopyFrom(queryable, table, columns, data);
      const client = await queryable.connect();
      try {
        await pgCopyFrom(client, table, columns, data);
      } finally {
        client.release();
      }
    },
  };
}
