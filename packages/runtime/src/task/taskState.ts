import type { DealerProfile } from '@dealerflow/contracts';
import { createMemoryStateStore, createReferenceTables, type PipelineSnapshot, type StateStore, type WorkerName } from '@dealerflow/domain';
import type { QueueMarks } from './taskQueues';

/** What a task holds in memory: the pipeline's snapshot and every worker state of its dealers. */
export interface TaskState {
  pipeline: PipelineSnapshot;
  store: StateStore;
  /** What the publisher promised per partition, up to what was applied (see FetchedRecord). */
  marks: QueueMarks;
}

interface EncodedTaskState {
  watermark: number | null;
  clocks: { tick: number | null; dealers: [string, number][] };
  dealers: [string, DealerProfile][];
  products: [string, unknown][];
  programs: [string, unknown][];
  availability: [string, [string, unknown][]][];
  /** Absent in states written before working calendars. */
  calendars?: [string, unknown][];
  states: [WorkerName, string, unknown][];
  marks?: QueueMarks;
}

/** The task's state as one JSON text (Maps as entry lists). */
export function encodeTaskState(pipeline: PipelineSnapshot, store: StateStore, workers: readonly WorkerName[], marks: QueueMarks = { sequences: {}, bounds: {} }): string {
  const states: [WorkerName, string, unknown][] = [];
  for (const dealerId of store.knownDealers()) {
    for (const worker of workers) {
      const state = store.get(worker, dealerId);
      if (state !== undefined) states.push([worker, dealerId, state]);
    }
  }
  const encoded: EncodedTaskState = {
    watermark: pipeline.watermark ?? null,
    clocks: { tick: pipeline.clocks.tick ?? null, dealers: [...pipeline.clocks.dealers] },
    dealers: [...pipeline.dealers],
    products: [...pipeline.reference.products],
    programs: [...pipeline.reference.programs],
    availability: [...pipeline.reference.availability].map(([warehouseId, bySku]) => [warehouseId, [...bySku]]),
    calendars: [...pipeline.reference.calendars],
    states,
    marks,
  };
  return JSON.stringify(encoded);
}

/** The state back from `encodeTaskState`, with a memory store holding the worker states. */
export function decodeTaskState(text: string): TaskState {
  const encoded = JSON.parse(text) as EncodedTaskState;
  const reference = createReferenceTables();
  for (const [sku, product] of encoded.products) reference.products.set(sku, product as never);
  for (const [programId, entry] of encoded.programs) reference.programs.set(programId, entry as never);
  for (const [warehouseId, bySku] of encoded.availability) reference.availability.set(warehouseId, new Map(bySku as never));
  for (const [calendarId, calendar] of encoded.calendars ?? []) reference.calendars.set(calendarId, calendar as never);
  const store = createMemoryStateStore();
  for (const [worker, dealerId, state] of encoded.states) store.set(worker, dealerId, state);
  return {
    store,
    marks: encoded.marks ?? { sequences: {}, bounds: {} },
    pipeline: {
      watermark: encoded.watermark ?? undefined,
      clocks: { tick: encoded.clocks.tick ?? undefined, dealers: new Map(encoded.clocks.dealers) },
      dealers: new Map(encoded.dealers),
      reference,
    },
  };
}
