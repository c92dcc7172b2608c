import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createScratchDatabase, DEFAULT_TEST_POSTGRES_URL, probePostgres, type ScratchDatabase } from '@dealerflow/db/testing';
import { requireServer } from '@dealerflow/testkit/testing';
import type { EmbeddedRuntimeOptions } from '../embedded';

export interface Backend {
  name: string;
  /** The reason the backend cannot run here, or false. */
  skip: string | false;
  options(): Promise<Pick<EmbeddedRuntimeOptions, 'databaseUrl' | 'dataDir'>>;
}

/**
 * The two backends every runtime suite runs on: PGlite in a fresh folder, and a scratch database on
 * PostgreSQL (DATABASE_URL when set, else the local server; when no server answers, the calling file fails
 * under CI and reports the backend skipped, with the reason, elsewhere). Scratch databases are dropped after
 * the calling file's tests.
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
