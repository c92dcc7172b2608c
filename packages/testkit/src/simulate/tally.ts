import type { InputEvent, InputType } from '@dealerflow/contracts';

/** Counts a stream's events by type as they go by, for summaries. */
export function createEventTally() {
  const counts: Partial<Record<InputType, number>> = {};
  let total = 0;
  return {
    add(event: InputEvent): void {
      counts[event.type] = (counts[event.type] ?? 0) + 1;
      total += 1;
    },
    get total(): number {
      return total;
    },
    counts: counts as Readonly<Partial<Record<InputType, number>>>,
    /** `order.placed 120, shipment.dispatched 118, …` in first-seen order. */
    describe(): string {
      return Object.entries(counts)
        .map(([type, count]) => `${type} ${count}`)
        .join(', ');
    },
  };
}

export type EventTally = ReturnType<typeof createEventTally>;
