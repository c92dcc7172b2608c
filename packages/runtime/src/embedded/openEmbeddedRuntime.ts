import { Mutex } from 'async-mutex';
import { openDatabase, type Database } from '@dealerflow/db';
import { WORKERS, type AnyWorker, type WorkerName } from '@dealerflow/domain';
import { resolvePolicies } from '../policy';
import { createEventLog } from './eventLog';
import { createDealerDirectory } from './dealerDirectory';
import { createHealthProbe } from './healthProbe';
import { silentLogger, type RuntimeLogger } from './logger';
import { createOutputReader } from './outputLog';
import { createPipelineRunner, type PipelineRunnerOptions } from './pipelineRunner';

export interface EmbeddedRuntimeOptions {
  /** PostgreSQL to use; the embedded PGlite when unset. */
  databaseUrl?: string;
  /** Where PGlite keeps its data; in memory when unset (tests). */
  dataDir?: string;
  workers?: readonly AnyWorker[];
  policies?: Partial<Record<WorkerName, unknown>>;
  logger?: RuntimeLogger;
  runner?: Pick<PipelineRunnerOptions, 'batchSize' | 'cacheBytes' | 'dealerChunk' | 'idlePollMs' | 'lockScope'>;
}

/**
 * Every worker over a durable input log in one process: the database (embedded PGlite or a
 * PostgreSQL server), the event log that ingest appends to, the runner that applies it, and the
 * readers the API serves. `start()` runs the runner in the background; `close()` finishes the
 * batch in hand, commits it and closes the database.
 */
export async function openEmbeddedRuntime(options: EmbeddedRuntimeOptions = {}) {
  const logger = options.logger ?? silentLogger;
  const workers = options.workers ?? WORKERS;
  const database: Database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  try {
    const writeLock = new Mutex();
    const runner = await createPipelineRunner({
      prisma: database.prisma,
      workers,
      policies: options.policies ?? resolvePolicies(workers),
      writeLock,
      logger,
      lockScope: database.kind === 'postgres' ? 'commit' : 'batch',
      ...options.runner,
    });
    const eventLog = createEventLog({
      prisma: database.prisma,
      writeLock,
      watermark: () => runner.watermark(),
      onAppended: () => runner.wake(),
    });
    return {
      kind: database.kind,
      eventLog,
      outputs: createOutputReader(database.prisma),
      health: createHealthProbe(database.prisma, workers.map((worker) => worker.name)),
      runner,
      prisma: database.prisma,
      /** Every write to the logs takes it (commit order = sequence order); the notifier shares it. */
      writeLock,
      dealers: createDealerDirectory(database.prisma),
      start: () => runner.start(),
      async close(): Promise<void> {
        await runner.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export type EmbeddedRuntime = Awaited<ReturnType<typeof openEmbeddedRuntime>>;
