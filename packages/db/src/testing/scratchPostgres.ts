import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The role and database `scripts/services.sh up` creates (and docker-compose.yml's PostgreSQL has): a login
 * role that may create databases, so each suite works in scratch databases of its own.
 */
export const DEFAULT_TEST_POSTGRES_URL = 'postgresql://dealerflow:dealerflow@127.0.0.1:5432/dealerflow';

export type PostgresProbe = { reachable: true; serverUrl: string } | { reachable: false; serverUrl: string; reason: string };

/** Tries the server tests should use: `DATABASE_URL` when set, else the local one at 127.0.0.1:5432. */
export async function probePostgres(serverUrl: string = DEFAULT_TEST_POSTGRES_URL): Promise<PostgresProbe> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { reachable: true, serverUrl };
  } catch (error) {
    const reason = error instanceof Error ? error.message || error.name : String(error);
    return { reachable: false, serverUrl: redact(serverUrl), reason };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface ScratchDatabase {
  /** Connection string of the new, empty database. */
  readonly url: string;
  readonly name: string;
  /** Drops the database, ending any connection still open to it. */
  drop(): Promise<void>;
}

/** Creates `dealerflow_test_<random>` on the server, so each test run (or test) starts from an empty database. */
export async function createScratchDatabase(serverUrl: string = DEFAULT_TEST_POSTGRES_URL): Promise<ScratchDatabase> {
  const name = `dealerflow_test_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

async function onServer(serverUrl: string, fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
