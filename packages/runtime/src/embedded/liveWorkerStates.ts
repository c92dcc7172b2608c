import type { WorkerName } from '@dealerflow/domain';
import type { WorkerStateView } from '../ports/workerStateView';
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
 * sees or makes a change. A state the runner does not hold in memory equals its `worker_state` row (the
 * cache evicts only states untouched since the snapshot that wrote them), so that row is read, after the
 * held states were copied: a snapshot written meanwhile only makes it newer, never half-applied. After a
 * failed batch, until the runner resumes, memory may hold what was rolled back: then the rows (the last
 * snapshot) and the checkpoint's watermark are read instead.
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

    async dealers<S>(worker: WorkerName) {
      const held = await runner.readHeld((states) => ({
        current: states.current,
        watermark: states.watermark,
        states: states.current ? heldCopies(states, worker) : new Map<string, unknown>(),
      }));
      if (!held.current) {
        const [states, checkpoint] = await Promise.all([readWorkerStates<S>(prisma, worker), readWorkerCheckpoint(prisma, worker)]);
        return { state: states, watermark: checkpoint.watermark };
      }
      const states = new Map<string, S>();
      for (const [dealerId, state] of held.states) if (state !== undefined) states.set(dealerId, state as S);
      for (const [dealerId, state] of await readWorkerStates<S>(prisma, worker, new Set(held.states.keys()))) states.set(dealerId, state);
      return { state: states, watermark: held.watermark };
    },
  };
}

function cloned(found: { state: unknown } | undefined): { state: unknown } | undefined {
  return found && { state: structuredClone(found.state) };
}

/** Copies of the worker's states held in memory; a dealer held without a state stays listed (its row is not read). */
function heldCopies(states: HeldStates, worker: WorkerName): Map<string, unknown> {
  const copies = new Map<string, unknown>();
  for (const [dealerId, state] of states.held(worker)) copies.set(dealerId, structuredClone(state));
  return copies;
}
