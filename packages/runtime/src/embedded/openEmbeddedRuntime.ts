import { Mutex } from 'async-mutex';
import type { IngestPolicy } from '@dealerflow/contracts';
import { openDatabase, type Database } from '@dealerflow/db';
import { stockPolicySchema, WORKERS, type AnyWorker, type PipelinePolicies, type WorkerName } from '@dealerflow/domain';
import { createBoardProjector, createDealerBoard, type BoardProjectorOptions } from '../board';
import { resolvePolicies } from '../policy';
import { createEventLog } from './eventLog';
import { createDealerDirectory } from './dealerDirectory';
import { createHealthMonitor, type HealthMonitorOptions } from './healthProbe';
import { createInputTail } from './inputTail';
import { createAppendNotifier, listenForAppends } from './inputWakeups';
import { silentLogger, type RuntimeLogger } from './logger';
import { createLogInputFeed, createLogOutputSource } from './logSources';
import { createOutputReader } from './outputLog';
import { createPipelineRunner, type LogLockScope, type PipelineRunnerOptions } from './pipelineRunner';
import type { FoldHorizon } from './foldedWorkerStates';
import { createRuntimeTasks } from './runtimeTasks';
import { createRuntimeWorkerStates } from './runtimeWorkerStates';
import { runnerTaskId } from './snapshotStore';
import { createTaskLease, type TaskLeaseOptions } from './taskLease';

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
  /**
   * Whether this process runs the tasks (the runner and the board projector; default true). False: ingest and reads
   * only, the tasks run in another process on the same PostgreSQL database (`dealerflow start --role ingest`).
   */
  runTasks?: boolean;
  /** How often a process waiting to take the tasks over tries (taskLease.ts); PostgreSQL only. */
  taskLease?: Pick<TaskLeaseOptions, 'pollMs'>;
  /**
   * Where the workers run in other processes, how far they were handed the input log: the dashboards' worker
   * states are folded from the log up to it (runtimeWorkerStates.ts). Default: the runner's checkpoint.
   */
  workerStateHorizon?: (worker: WorkerName) => Promise<FoldHorizon>;
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
  let closeLease = async () => {};
  let closeWakeups = async () => {};
  try {
    const writeLock = new Mutex();
    const policies = options.policies ?? resolvePolicies(workers);
    const lockScope: LogLockScope = options.runner?.lockScope ?? (database.kind === 'postgres' ? 'commit' : 'batch');
    const runTasks = options.runTasks ?? true;
    const lease = createTaskLease(database.sql, runnerTaskId(workers.map((worker) => worker.name)), {
      ...options.taskLease,
      onError: (error) => logger.warn({ err: error }, 'could not ask the database who runs the tasks; trying again'),
    });
    // Taken before the runner reads its snapshot: a process that holds the tasks from the start reads it once.
    closeLease = () => lease.close();
    const heldAtOpen = runTasks && (await lease.tryAcquire());
    // Ingest hands the events it committed to the runner; the runner reads the log only for what the tail lacks.
    // None where no runner runs: nothing would take the rows, and the tail would stay full.
    const tail = runTasks ? createInputTail() : undefined;
    const runner = await createPipelineRunner({
      sql: database.sql,
      workers,
      policies,
      writeLock,
      logger,
      ...options.runner,
      lockScope,
      tail,
      fence: lease.fence,
    });
    const outputSource = createLogOutputSource(database.prisma);
    const inputFeed = createLogInputFeed(database.prisma);
    // A runner here hears appends made by ingest in other processes; an ingest-only process tells it of its own.
    const wakeups = runTasks ? await listenForAppends(database.sql, () => runner.wake(), warnWakeups(logger)) : undefined;
    closeWakeups = async () => wakeups?.close();
    const notifyAppended = runTasks ? () => runner.wake() : createAppendNotifier(database.sql, warnWakeups(logger));
    const boardProjector = createBoardProjector({ prisma: database.prisma, logger, outputs: outputSource, inputs: inputFeed, ...options.board });
    const tasks = createRuntimeTasks({ runTasks, lease, heldAtOpen, reload: () => runner.reload(), parts: [runner, boardProjector], logger });
    // The runner's watermark is the truth only where it runs; elsewhere its checkpoints are (the health monitor reads them).
    const runnerHere = { onCommitted: runner.onCommitted, watermark: () => (tasks.running() ? runner.watermark() : undefined) };
    const health = createHealthMonitor({ sql: database.sql, workers: workers.map((worker) => worker.name), runner: runnerHere, ...options.health });
    stopHealth = () => health.stop();
    await health.refresh();
    const eventLog = createEventLog({
      sql: database.sql,
      writeLock,
      watermark: () => health.watermark(),
      onAppended: notifyAppended,
      tail,
      onCommitted: (lastSeq) => health.appended(lastSeq),
      ingest: options.ingest,
      clock: options.ingestClock,
    });
    const directory = createDealerDirectory(database.prisma, inputFeed);
    const workerStates = createRuntimeWorkerStates({
      prisma: database.prisma,
      runner,
      runsTasks: tasks.running,
      workers,
      policies,
      horizon: options.workerStateHorizon,
    });
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
      board: createDealerBoard(database.prisma, {
        stockPolicy: stockPolicySchema.parse(policies.stock ?? {}),
        directory,
        workerStates,
        companyTimeZone: (policies as PipelinePolicies).calendar?.timeZone,
      }),
      /** The workers' current states, wherever they run (ports/workerStateView.ts). */
      workerStates,
      boardProjector,
      /**
       * Whether this process runs the tasks (the runner and the board projector): at once when it holds the task lease
       * at open, after it takes the lease over when another process held it (a standby), never with `runTasks: false`.
       */
      tasks,
      /** The pipeline's event time: the runner's where it runs here, else as its checkpoints last stored it. */
      watermark: () => health.watermark(),
      /** Starts the tasks in the background: now, or once this process takes them over (see `tasks`). */
      start: () => tasks.start(),
      async close(): Promise<void> {
        tasks.close();
        await runner.stop();
        await boardProjector.stop();
        health.stop();
        // After the runner's last commit: a process taking over waits for it (the lease's fence) or starts after it.
        await lease.close();
        await closeWakeups();
        await database.close();
      },
    };
  } catch (error) {
    stopHealth();
    await closeLease();
    await closeWakeups();
    await database.close();
    throw error;
  }
}

export type EmbeddedRuntime = Awaited<ReturnType<typeof openEmbeddedRuntime>>;

function warnWakeups(logger: RuntimeLogger): (error: unknown) => void {
  return (error) => logger.warn({ err: error }, 'wake-ups across processes failed; the runner finds new input at its next poll');
}
