import type { OutputEvent } from '@dealerflow/contracts';
import type { SourceBatch } from '@dealerflow/runtime';

function causeOf(output: OutputEvent): string {
  return (output.data as { causedBy?: string }).causedBy ?? output.eventId;
}

/**
 * The outputs of one input event are planned together (a digest needs them all). A batch cut by its
 * size may end inside the last event's outputs: those, from the first of them in their partition
 * on, are held back (their eventIds) and read again with the rest, unless they are the whole batch.
 */
export function lastCauseHeldBack(batch: SourceBatch<OutputEvent>): Set<string> {
  const last = batch.records[batch.records.length - 1];
  if (!batch.truncated || !last) return new Set();
  const lastCause = causeOf(last.event);
  const inPartition = batch.records.filter((record) => record.partition === last.partition);
  const cut = inPartition.findIndex((record) => causeOf(record.event) === lastCause);
  if (cut === 0 && inPartition.length === batch.records.length) return new Set();
  return new Set(inPartition.slice(cut).map((record) => record.event.eventId));
}
