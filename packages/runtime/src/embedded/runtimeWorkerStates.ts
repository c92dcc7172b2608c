import type { AnyWorker, WorkerName } from '@dealerflow/domain';
import type { WorkerStateView } from '../ports/workerStateView';
import { createFoldedWorkerStates, type FoldHorizon } from './foldedWorkerStates';
import { createLiveWorkerStates } from './liveWorkerStates';
import type { PipelineRunner } from './pipelineRunner';
import type { Executor } from './sqlExecutor';
import { readWorkerCheckpoint } from './workerStateReader';

export interface RuntimeWorkerStatesOptions {
  prisma: Executor;
  runner: Pick<PipelineRunner, 'readHeld'>;
  /** Whether this process runs the tasks now (then the runner's memory is the truth). */
  runsTasks: () => boolean;
  workers: readonly AnyWorker[];
  policies: Partial<Record<WorkerName, unknown>>;
  /** How far the workers elsewhere were handed the log; default the runner's checkpoint in the database. */
  horizon?: (worker: WorkerName) => Promise<FoldHorizon>;
}

/**
 * The embedded runtime's worker state view: the runner's memory while this process runs the tasks, else
 * (`--role ingest`, or the worker services on Kafka with their own horizon) the workers' fold of the
 * input log up to how far they were handed it.
 */
export function createRuntimeWorkerStates(options: RuntimeWorkerStatesOptions): WorkerStateView {
  const live = createLiveWorkerStates({ runner: options.runner, prisma: options.prisma });
  const folded = createFoldedWorkerStates({
    prisma: options.prisma,
    workers: options.workers,
    policies: options.policies,
    horizon: options.horizon ?? ((worker) => readWorkerCheckpoint(options.prisma, worker)),
  });
  const view = (): WorkerStateView => (options.runsTasks() ? live : folded);
  return {
    dealer: (worker, dealerId) => view().dealer(worker, dealerId),
    dealers: (worker, select) => view().dealers(worker, select),
  };
}
