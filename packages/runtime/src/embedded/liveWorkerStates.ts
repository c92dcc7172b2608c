import type { WorkerName } from '@dealerflow/domain';
import type { StateSelect, WorkerStateView } from '../ports/workerStateView';
import type { HeldStates } from './pipelineRunner';
import type { Executor } from './sqlExecutor';
import { readWorkerCheckpoint, readWorkerState, readWorkerStates } from './workerStateReader';

export interface LiveWorkerStatesOptions {
  /** The runner of this process (it must be the one running the tasks). */
  runner: { readHeld<T>(read: (held: HeldStates) => T): Promise<T> };
  /** The database the runner snapshots to: the states it holds no copy of in memory are their rows. */
  prisma: Executor;
}

/**
 * The worker state view where the runner runs in this process (`dealerflow start`, role all): its states in
 * memory, read between two batches (`runner.readHeld`), each copied with `structuredClone` so no reader
 * sees or makes a change; for every dealer, what the reader's `select` takes from each state is copied, not
 * the state (the runner waits while it runs). A state the runner does not hold in memory equals its
 * `worker_state` row (the cache evicts only states untouched since the snapshot that wrote them), so that
 * row is read (and `select` run on it), after the held states were copied: a snapshot written meanwhile
 * only makes it newer, never half-applied. After a failed batch, until the runner resumes, memory may hold
 * what was rolled back: then the rows (the last snapshot) and the checkpoint's watermark are read instead.
 */
export function createLiveWorkerStates(options: LiveWorkerStatesOptions): WorkerStateView {
  const { runner, prisma } = options;

  return {
    async dealer<S>(worker: WorkerName, dealerId: string) {
      const held = await runner.readHeld((states) => ({
        current: states.current,
        watermark: states.watermark,
        found: states.current ? cloned(states.peek(worker, dealerId)) : undefined,
      }));
      if (!held.current) {
        const [state, checkpoint] = await Promise.all([readWorkerState<S>(prisma, worker, dealerId), readWorkerCheckpoint(prisma, worker)]);
        return { state, watermark: checkpoint.watermark };
      }
      const state = held.found ? (held.found.state as S | undefined) : await readWorkerState<S>(prisma, worker, dealerId);
      return { state, watermark: held.watermark };
    },

    async dealers<S, R = S>(worker: WorkerName, select: StateSelect<S, R> = wholeState) {
      const held = await runner.readHeld((states) => ({
        current: states.current,
        watermark: states.watermark,
        taken: states.current ? takenFromHeld(states, worker, select) : new Map<string, R | undefined>(),
      }));
      if (!held.current) {
        const [rows, checkpoint] = await Promise.all([readWorkerStates<S>(prisma, worker), readWorkerCheckpoint(prisma, worker)]);
        return { state: selected(rows, select), watermark: checkpoint.watermark };
      }
      const taken = new Map<string, R>();
      for (const [dealerId, result] of held.taken) if (result !== undefined) taken.set(dealerId, result);
      for (const [dealerId, result] of selected(await readWorkerStates<S>(prisma, worker, new Set(held.taken.keys())), select)) taken.set(dealerId, result);
      return { state: taken, watermark: held.watermark };
    },
  };
}

function cloned(found: { state: unknown } | undefined): { state: unknown } | undefined {
  return found && { state: structuredClone(found.state) };
}

/** Without a select, a reader of every dealer takes each state whole (copied as any result is). */
function wholeState<S, R>(state: S): R {
  return state as unknown as R;
}

/**
 * A copy of what `select` takes from each state of the worker held in memory; a dealer held without a state, or
 * whose result is undefined, stays listed (undefined) so its row is not read. One `structuredClone` of them all:
 * one per dealer cost more in calls than in copying for small results.
 */
function takenFromHeld<S, R>(states: HeldStates, worker: WorkerName, select: StateSelect<S, R>): Map<string, R | undefined> {
  const taken = new Map<string, R | undefined>();
  for (const [dealerId, state] of states.held(worker)) taken.set(dealerId, state === undefined ? undefined : select(state as S, dealerId));
  return structuredClone(taken);
}

/** What `select` takes from states read from their rows (they are the reader's own: nothing to copy). */
function selected<S, R>(states: Map<string, S>, select: StateSelect<S, R>): Map<string, R> {
  const taken = new Map<string, R>();
  for (const [dealerId, state] of states) {
    const result = select(state, dealerId);
    if (result !== undefined) taken.set(dealerId, result);
  }
  return taken;
}
