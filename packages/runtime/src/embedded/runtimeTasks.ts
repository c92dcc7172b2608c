import type { RuntimeLogger } from './logger';
import type { TaskLease } from './taskLease';

/** A background part of the runtime that runs only in the process holding the task (the runner, the board projector). */
interface TaskPart {
  start(): void;
}

export interface RuntimeTasksOptions {
  /** Whether this process runs tasks at all (`dealerflow start --role ingest`: no). */
  runTasks: boolean;
  lease: TaskLease;
  /** The lease was taken when the runtime opened, before the runner read its snapshot: nothing to read again. */
  heldAtOpen: boolean;
  /** Reads the runner's state again from the database (what a previous holder committed since the runtime opened). */
  reload(): void;
  parts: readonly TaskPart[];
  logger: RuntimeLogger;
}

/**
 * Whether this process runs the runtime's tasks, and when it starts them: at `start` when it holds the
 * task lease, else once it takes the lease over (a standby: another process runs them until it dies).
 */
export function createRuntimeTasks(options: RuntimeTasksOptions) {
  const logger = options.logger.child({ component: 'tasks' });
  let running = options.runTasks && options.heldAtOpen;
  let closed = false;
  let markStarted!: (started: boolean) => void;
  const started = new Promise<boolean>((resolve) => (markStarted = resolve));
  void options.lease.lost.then(() => (running = false));

  function startParts(): void {
    for (const part of options.parts) part.start();
    markStarted(true);
  }

  async function takeOver(): Promise<void> {
    logger.info({}, 'another process runs the tasks on this database: waiting to take them over');
    const held = await options.lease.acquire();
    if (!held || closed) return markStarted(false);
    running = true;
    options.reload();
    logger.info({}, 'took the tasks over: resuming from the last snapshot');
    startParts();
  }

  return {
    /** Whether this process runs the tasks now. */
    running: () => running,
    /** Resolves true once this process runs the tasks, false when it will not (it runs none, or closed first). */
    started,
    /** Resolves when this process held the tasks and lost the lease: it must stop writing and go. */
    lost: options.lease.lost,
    start(): void {
      if (!options.runTasks) return markStarted(false);
      if (running) return startParts();
      void takeOver();
    },
    /** No more waiting to take the tasks over (the parts themselves are stopped by their owner). */
    close(): void {
      closed = true;
      markStarted(false);
    },
  };
}

export type RuntimeTasks = ReturnType<typeof createRuntimeTasks>;
