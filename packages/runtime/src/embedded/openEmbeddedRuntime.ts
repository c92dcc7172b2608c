import { Mutex } from 'async-mutex';
import type { IngestPolicy } from '@dealerflow/contracts';
import { openDatabase, type Database } from '@dealerflow/db';
import { stockPolicySchema, WORKERS, type AnyWorker, type WorkerName } from '@dealerflow/domain';
import { createBoardProjector, createDealerBoard, type BoardProjectorOptions } from '../board';
import { resolvePolicies } from '../policy';
import { createEventLog } from './eventLog';
import { createDealerDirectory } from './dealerDirectory';
import { createHealthMonitor, type HealthMonitorOptions } from './healthProbe';
import { createInputTail } from './inputTail';
import { silentLogger, type RuntimeLogger } from './logger';
import { createLogInputFeed, createLogOutputSource } from './logSources';
import { createOutputReader } from './outputLog';
import { createPipelineRunner, type LogLockScope, type PipelineRunnerOptions } from './pipelineRunner';

export interface EmbeddedRuntimeOptions {
  /** PostgreSQL to use; the embedded PGlite when unset. */
  databaseUrl?: string;
  /** Where PGlite keeps its data; in memory when unset (tests). */
  dataDir?: string;
  workers?: readonly AnyWorker[];
  policies?: Partial<Record<WorkerName, unknown>>;
  logger?: RuntimeLogger;
  runner?: Pick<PipelineRunnerOptions, 'batchSize' | 'cacheBytes' | 'dealerChunk' | 'idlePollMs' | 'lockScope'>;
  /** The dashboards' projector (batch size, idle poll). */
  board?: Pick<BoardProjectorOptions, 'batchSize' | 'idlePollMs'>;
  /** The `ingest` settings (docs/policy.md); the defaults when unset. */
  ingest?: IngestPolicy;
  /** The time of ingest stamped on each event, epoch ms; the machine's clock when unset (a test fixes it). */
  ingestClock?: () => number;
  /** How /healthz's figures are refreshed and when the database counts as unreachable (healthProbe.ts). */
  health?: Pick<HealthMonitorOptions, 'refreshMs' | 'unreachableAfterMs'>;
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
  let stopHealth = () => {};
  try {
    const writeLock = new Mutex();
    const policies = options.policies ?? resolvePolicies(workers);
    const lockScope: LogLockScope = options.runner?.lockScope ?? (database.kind === 'postgres' ? 'commit' : 'batch');
    // Ingest hands the events it committed to the runner; the runner reads the log only for what the tail lacks.
    const tail = createInputTail();
    const runner = await createPipelineRunner({
      sql: database.sql,
      workers,
      policies,
      writeLock,
      logger,
      ...options.runner,
      lockScope,
      tail,
    });
    const health = createHealthMonitor({ sql: database.sql, workers: workers.map((worker) => worker.name), runner, ...options.health });
    stopHealth = () => health.stop();
    await health.refresh();
    const eventLog = createEventLog({
      sql: database.sql,
      writeLock,
      watermark: () => runner.watermark(),
      onAppended: () => runner.wake(),
      tail,
      onCommitted: (lastSeq) => health.appended(lastSeq),
      ingest: options.ingest,
      clock: options.ingestClock,
    });
    const outputSource = createLogOutputSource(database.prisma);
    const inputFeed = createLogInputFeed(database.prisma);
    const directory = createDealerDirectory(database.prisma, inputFeed);
    const boardProjector = createBoardProjector({ prisma: database.prisma, logger, outputs: outputSource, inputs: inputFeed, ...options.board });
    runner.onCommitted(() => boardProjector.wake());
    return {
      kind: database.kind,
      eventLog,
      outputs: createOutputReader(database.prisma),
      /** The output source port over `output_log`: how the notifier and the read models consume outputs. */
      outputSource,
      /** The input feed port over `input_log`: how read models consume the inputs they keep. */
      inputFeed,
      /** The figures /healthz serves, from memory (it never waits for the database). */
      health,
      runner,
      prisma: database.prisma,
      /** Every write to the logs takes it (commit order = sequence order); the notifier shares it. */
      writeLock,
      /** How long the runner's transactions hold `writeLock`; others that append to the logs do the same. */
      lockScope,
      /** Master and reference data (profiles, programs, pack sizes): the directory read model over `inputFeed`. */
      dealers: directory,
      /** The dashboards' read models; kept fresh by `boardProjector`, which the runner wakes after each commit. */
      board: createDealerBoard(database.prisma, { stockPolicy: stockPolicySchema.parse(policies.stock ?? {}), directory }),
      boardProjector,
      start: () => {
        runner.start();
        boardProjector.start();
      },
      async close(): Promise<void> {
        await runner.stop();
        await boardProjector.stop();
        health.stop();
        await database.close();
      },
    };
  } catch (error) {
    stopHealth();
    await database.close();
    throw error;
  }
}

export type EmbeddedRuntime = Awaited<ReturnType<typeof openEmbeddedRuntime>>;
