import type { RunnerWrites } from '@dealerflow/runtime';
import type { StateWrites } from './phases';

/** What the runner wrote of state between `from` and `to` (its timed part), and after `to` up to its stop. */
export function stateWritesBetween(from: RunnerWrites, to: RunnerWrites, stopped: RunnerWrites, events: number): StateWrites {
  const bytes = to.stateBytes - from.stateBytes;
  return {
    bytes,
    bytesPerEvent: events > 0 ? bytes / events : 0,
    snapshots: to.snapshots - from.snapshots,
    bytesAtStop: stopped.stateBytes - to.stateBytes,
  };
}
