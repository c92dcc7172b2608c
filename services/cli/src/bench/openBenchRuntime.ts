import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createScratchDatabase, type ScratchDatabase } from '@dealerflow/db/testing';
import { openEmbeddedRuntime, type EmbeddedRuntime, type RuntimeLogger } from '@dealerflow/runtime';
import type { RuntimeTarget } from './phases';
import { preparePgliteFolder } from './preparePgliteFolder';

/** A runner that fails retries forever; say so on stderr, or a stuck bench looks like a slow one. */
const stderrLogger: RuntimeLogger = {
  info: () => {},
  warn: (context, message) => process.stderr.write(`bench runtime: ${message} ${JSON.stringify(context)}\n`),
  error: (context, message) => {
    const err = (context as { err?: unknown }).err;
    process.stderr.write(`bench runtime: ${message}: ${err instanceof Error ? err.stack : JSON.stringify(context)}\n`);
  },
  child: () => stderrLogger,
};

/**
 * The bench replays simulated history that may run past today (the big stream is a whole year): its
 * events are not dated ahead of their receipt in any sense the door should judge, so it takes them all.
 */
export const BENCH_INGEST = { maxFutureSkewMinutes: Number.MAX_SAFE_INTEGER };

export interface BenchRuntime {
  runtime: EmbeddedRuntime;
  /** Closes the runtime and removes what it stored (PGlite folder or scratch database). */
  dispose(): Promise<void>;
}

/**
 * A fresh embedded runtime with default settings: PGlite in a new temporary data folder (initialized
 * and migrated by a process of its own, see preparePgliteFolder), or a new
 * scratch database on the PostgreSQL server `DATABASE_URL` names (dropped by `dispose`).
 */
export async function openBenchRuntime(target: RuntimeTarget): Promise<BenchRuntime> {
  if (target === 'pglite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'dealerflow-bench-pglite-'));
    await preparePgliteFolder(dataDir);
    const runtime = await openEmbeddedRuntime({ dataDir, logger: stderrLogger, ingest: BENCH_INGEST });
    return {
      runtime,
      async dispose() {
        await runtime.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is unset');
  const scratch = await createScratchDatabase(serverUrl);
  try {
    const runtime = await openEmbeddedRuntime({ databaseUrl: scratch.url, logger: stderrLogger, ingest: BENCH_INGEST });
    return {
      runtime,
      async dispose() {
        try {
          await runtime.close();
        } finally {
          await dropScratch(scratch);
        }
      },
    };
  } catch (error) {
    await scratch.drop();
    throw error;
  }
}

/**
 * Drops the phase's scratch database, trying again for a few seconds: `DROP … WITH (FORCE)` fails while a backend of
 * another role is in it, such as an autovacuum worker the phase's writes woke. What was measured stands either way,
 * so a database that cannot be dropped is named on stderr rather than failing the phase.
 */
export async function dropScratch(scratch: ScratchDatabase): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await scratch.drop();
      return;
    } catch (error) {
      if (attempt === 5) {
        const reason = error instanceof Error ? error.message : String(error);
        process.stderr.write(`bench: could not drop the scratch database ${scratch.name} (${reason}); drop it by hand\n`);
        return;
      }
      await sleep(500 * attempt);
    }
  }
}
