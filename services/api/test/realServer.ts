import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase, DEFAULT_TEST_POSTGRES_URL, probePostgres, type ScratchDatabase } from '@dealerflow/db/testing';
import { readNotifierSettings, startNotifier, type Notifier } from '@dealerflow/notifier';
import {
  createCreditHoldReader,
  createSessionStore,
  openEmbeddedRuntime,
  silentLogger,
  type EmbeddedRuntime,
  type EmbeddedRuntimeOptions,
} from '@dealerflow/runtime';
import { requireServer } from '@dealerflow/testkit/testing';
import pino from 'pino';
import { afterAll } from 'vitest';
import { createServer, parseTokens, type ApiDeps, type ApiServer } from '../src';
import { TOKEN_SPEC } from './inMemoryRuntime';

export type Location = Pick<EmbeddedRuntimeOptions, 'databaseUrl' | 'dataDir'>;

export interface Database {
  name: string;
  /** The reason it cannot run here (no PostgreSQL answers, outside CI), or false. */
  skip: string | false;
  /** A fresh, empty database. */
  location(): Promise<Location>;
}

/**
 * The two databases the real server runs on: PGlite in a fresh folder, and a scratch database on
 * PostgreSQL (DATABASE_URL, else the local server; without one the calling file fails under CI and
 * skips that half, naming why, elsewhere). Scratch databases are dropped after the calling file.
 */
export async function databases(folderPrefix: string): Promise<Database[]> {
  const postgres = await probePostgres(process.env.DATABASE_URL || DEFAULT_TEST_POSTGRES_URL);
  const scratch: ScratchDatabase[] = [];
  afterAll(async () => {
    await Promise.all(scratch.map((database) => database.drop()));
  });
  return [
    { name: 'PGlite', skip: false, location: async () => ({ dataDir: mkdtempSync(join(tmpdir(), folderPrefix)) }) },
    {
      name: 'PostgreSQL',
      skip: requireServer(`PostgreSQL at ${postgres.serverUrl}`, postgres),
      async location() {
        const database = await createScratchDatabase(postgres.serverUrl);
        scratch.push(database);
        return { databaseUrl: database.url };
      },
    },
  ];
}

export interface RealServer {
  app: ApiServer;
  runtime: EmbeddedRuntime;
  notifier: Notifier;
  /** Stops the notifier once its messages in hand are recorded: the output log stops growing. Safe to call twice. */
  stopNotifier(): Promise<void>;
  close(): Promise<void>;
}

/**
 * What `dealerflow start` serves, over a real database: the embedded runtime (not started: the tests
 * drain it when they need outputs), the notifier's stores, sessions in the database, every route.
 */
export async function openRealServer(location: Location, extra: Partial<ApiDeps> = {}): Promise<RealServer> {
  const runtime = await openEmbeddedRuntime(location);
  const notifier = await startNotifier({
    prisma: runtime.prisma,
    writeLock: runtime.writeLock,
    lockScope: runtime.lockScope,
    watermark: () => runtime.runner.watermark(),
    settings: readNotifierSettings({ DEALERFLOW_NOTIFY_BACKOFF_MS: '10' }),
    logger: silentLogger,
  });
  const app = createServer({
    eventLog: runtime.eventLog,
    outputs: runtime.outputs,
    health: runtime.health,
    directory: runtime.dealers,
    preferences: notifier.preferences,
    inbox: notifier.inbox,
    notifications: notifier.notifications,
    webhookSecrets: notifier.webhookSecrets,
    email: notifier.email,
    creditHolds: createCreditHoldReader(runtime.prisma),
    board: runtime.board,
    sessions: createSessionStore(runtime.prisma),
    tokens: parseTokens(TOKEN_SPEC),
    logger: pino({ level: 'silent' }),
    ...extra,
  });
  let stopped: Promise<void> | undefined;
  const stopNotifier = () => (stopped ??= notifier.stop());
  return {
    app,
    runtime,
    notifier,
    stopNotifier,
    async close() {
      await app.close();
      await stopNotifier();
      await runtime.close();
    },
  };
}
