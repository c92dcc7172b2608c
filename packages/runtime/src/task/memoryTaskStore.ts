import type { OutputEvent } from '@dealerflow/contracts';
import type { TaskCheckpoint, TaskStore } from './taskStore';

/** The task store in memory: for tests and the in-process bus. Outputs are kept once per id, in commit order. */
export function createMemoryTaskStore() {
  const checkpoints = new Map<string, TaskCheckpoint>();
  const outputs: OutputEvent[] = [];
  const ids = new Set<string>();
  const store: TaskStore & { outputs(): readonly OutputEvent[] } = {
    async load(taskId) {
      const checkpoint = checkpoints.get(taskId);
      return checkpoint && { positions: { ...checkpoint.positions }, state: checkpoint.state };
    },
    async commit(taskId, unit) {
      for (const output of unit.outputs) {
        if (ids.has(output.eventId)) continue;
        ids.add(output.eventId);
        outputs.push(output);
      }
      if (unit.snapshot) checkpoints.set(taskId, { positions: { ...unit.snapshot.positions }, state: unit.snapshot.state });
    },
    outputs: () => outputs,
  };
  return store;
}
