import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase, DEFAULT_TEST_POSTGRES_URL, probePostgres, type ScratchDatabase } from '@dealerflow/db/testing';
import { createCreditHoldReader, type EmbeddedRuntime, type EmbeddedRuntimeOptions } from '@dealerflow/runtime';
import { requireServer } from '@dealerflow/testkit/testing';
import pino from 'pino';
import { afterAll } from 'vitest';
import { createServer, parseTokens } from '../src';
import { TOKEN_SPEC } from './inMemoryRuntime';

export interface Backend {
  name: string;
  /** The reason the backend cannot run here, or false. */
  skip: string | false;
  options(): Promise<Pick<EmbeddedRuntimeOptions, 'databaseUrl' | 'dataDir'>>;
}

/**
 * The embedded runtime's two databases, for suites that test the API over the real thing: PGlite in a
 * fresh folder, and a scratch database on PostgreSQL (DATABASE_URL when set, else the local server;
 * when none answers, the file fails under CI and the backend is reported skipped elsewhere).
 */
export async function runtimeBackends(folderPrefix: string): Promise<Backend[]> {
  const postgres = await probePostgres(process.env.DATABASE_URL || DEFAULT_TEST_POSTGRES_URL);
  const scratch: ScratchDatabase[] = [];
  afterAll(async () => {
    await Promise.all(scratch.map((database) => database.drop()));
  });
  return [
    { name: 'PGlite (embedded)', skip: false, options: async () => ({ dataDir: mkdtempSync(join(tmpdir(), folderPrefix)) }) },
    {
      name: `PostgreSQL at ${postgres.serverUrl}`,
      skip: requireServer(`PostgreSQL at ${postgres.serverUrl}`, postgres),
      async options() {
        const database = await createScratchDatabase(postgres.serverUrl);
        scratch.push(database);
        return { databaseUrl: database.url };
      },
    },
  ];
}

/** The HTTP API over an embedded runtime, as `dealerflow start` wires its ingest and read routes. */
export function serverOver(runtime: EmbeddedRuntime) {
  return createServer({
    eventLog: runtime.eventLog,
    outputs: runtime.outputs,
    health: runtime.health,
    directory: runtime.dealers,
    creditHolds: createCreditHoldReader(runtime.prisma),
    tokens: parseTokens(TOKEN_SPEC),
    logger: pino({ level: 'silent' }),
  });
}
