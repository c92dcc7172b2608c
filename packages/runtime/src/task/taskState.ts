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
  /** Absent in states written before exchange rates. */
  fxRates?: [string, unknown][];
  states: [WorkerName, string, unknown][];
  marks?: QueueMarks;
}

/**
 * A task's state as JSON texts (Maps as entry lists): the first holds the pipeline's snapshot and the marks, each
 * of the others a list of worker states (`[worker, dealerId, state]`), at most `partChars` characters unless one
 * state alone is longer. Why parts: one text could not hold a large task's state (V8 caps a string at about 512 Mi
 * characters: at 1 000 dealers × 2 000 SKUs the whole state was 480 MB of JSON after one simulated day and could not
 * be made on the third; docs/performance.md, "Sixth round").
 */
export type TaskStateText = readonly string[];

/** Characters of JSON per part of a task's worker states (16 Mi: a part deflates to a few MB). */
export const TASK_STATE_PART_CHARS = 16 * 1024 * 1024;

/** The task's state as parts (see TaskStateText). */
export function encodeTaskState(
  pipeline: PipelineSnapshot,
  store: StateStore,
  workers: readonly WorkerName[],
  marks: QueueMarks = { sequences: {}, bounds: {} },
  partChars = TASK_STATE_PART_CHARS,
): string[] {
  const encoded: EncodedTaskState = {
    watermark: pipeline.watermark ?? null,
    clocks: { tick: pipeline.clocks.tick ?? null, dealers: [...pipeline.clocks.dealers] },
    dealers: [...pipeline.dealers],
    products: [...pipeline.reference.products],
    programs: [...pipeline.reference.programs],
    availability: [...pipeline.reference.availability].map(([warehouseId, bySku]) => [warehouseId, [...bySku]]),
    calendars: [...pipeline.reference.calendars],
    fxRates: [...pipeline.reference.fxRates],
    states: [],
    marks,
  };
  return [JSON.stringify(encoded), ...encodeStateParts(store, workers, partChars)];
}

/** The worker states as JSON lists of `[worker, dealerId, state]`, each closed before it outgrows `partChars`. */
function encodeStateParts(store: StateStore, workers: readonly WorkerName[], partChars: number): string[] {
  const parts: string[] = [];
  let items: string[] = [];
  let chars = 0;
  for (const dealerId of store.knownDealers()) {
    for (const worker of workers) {
      const state = store.get(worker, dealerId);
      if (state === undefined) continue;
      const item = JSON.stringify([worker, dealerId, state]);
      if (items.length > 0 && chars + item.length > partChars) {
        parts.push(`[${items.join(',')}]`);
        items = [];
        chars = 0;
      }
      items.push(item);
      chars += item.length + 1;
    }
  }
  if (items.length > 0) parts.push(`[${items.join(',')}]`);
  return parts;
}

/** The state back from `encodeTaskState` (or one text, as written before parts), with a memory store holding the worker states. */
export function decodeTaskState(parts: TaskStateText | string): TaskState {
  const [head, ...stateParts] = typeof parts === 'string' ? [parts] : parts;
  const encoded = JSON.parse(head ?? '') as EncodedTaskState;
  const reference = createReferenceTables();
  for (const [sku, product] of encoded.products) reference.products.set(sku, product as never);
  for (const [programId, entry] of encoded.programs) reference.programs.set(programId, entry as never);
  for (const [warehouseId, bySku] of encoded.availability) reference.availability.set(warehouseId, new Map(bySku as never));
  for (const [calendarId, calendar] of encoded.calendars ?? []) reference.calendars.set(calendarId, calendar as never);
  for (const [pair, entries] of encoded.fxRates ?? []) reference.fxRates.set(pair, entries as never);
  const store = createMemoryStateStore();
  for (const [worker, dealerId, state] of encoded.states) store.set(worker, dealerId, state);
  for (const part of stateParts) {
    for (const [worker, dealerId, state] of JSON.parse(part) as EncodedTaskState['states']) store.set(worker, dealerId, state);
  }
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
