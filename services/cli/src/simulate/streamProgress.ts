import type { InputEvent } from '@dealerflow/contracts';
import type { SimulateOptions } from '@dealerflow/testkit';
import { createProgress, type Progress } from '../progress';

const DAY_MS = 86_400_000;
/** Progress is told every this many events: often enough to move, rarely enough to cost nothing. */
const EVERY_EVENTS = 1000;

export interface StreamProgress {
  /** Called for every event written, with the count so far. */
  written(event: InputEvent, count: number): void;
  stop(): void;
}

/** Progress of a generated stream in simulated days: the generator writes them in event time. */
export function createStreamProgress(label: string, simulation: Pick<SimulateOptions, 'start' | 'days'>): StreamProgress {
  const startMs = Date.parse(`${simulation.start}T00:00:00Z`);
  const progress: Progress = createProgress({ label, total: simulation.days, describe: (day, days) => `day ${day} of ${days}`, eta: true });
  return {
    written(event, count) {
      if (count % EVERY_EVENTS === 0) progress.update(Math.floor((Date.parse(event.occurredAt) - startMs) / DAY_MS), `${count} events`);
    },
    stop: () => progress.stop(),
  };
}
