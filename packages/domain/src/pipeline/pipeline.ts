import type { DealerProfile, InputEvent, OutputDraft } from '@dealerflow/contracts';
import { dayNumberOf, instantOf, utcDateOf } from '../calendar';
import { applyReferenceEvent, createReferenceTables, isReferenceEvent, type ReferenceEvent, type ReferenceTables } from '../reference';
import { createMemoryStateStore, type StateStore } from './stateStore';
import type { AnyWorker, DealerInputEvent, DealerInputType, WorkerContext, WorkerName } from './worker';

/** An output as decided, with what the shell needs to put it in an envelope. */
export interface EmittedOutput {
  worker: WorkerName;
  source: string;
  dealerId: string;
  /** Epoch ms of the watermark when it was decided (the output's `occurredAt`). */
  at: number;
  causedBy: string;
  /** Position among the outputs this worker decided for this dealer on this cause (for stable ids). */
  ordinal: number;
  output: OutputDraft;
}

export interface AcceptResult {
  duplicate: boolean;
  outputs: EmittedOutput[];
}

/**
 * Work one event causes beyond its own dealer: a rebate program reaching the dealers it concerns,
 * or the watermark entering a later day (every known dealer's time rules). Dealers are listed key
 * dealers first (tier A, B, C, D, then without master data), then by id.
 */
export interface FanOutPass {
  kind: 'reference' | 'day';
  dealerIds: string[];
}

/** One event in progress: its own outputs so far and the passes still to run. */
export interface EventStep {
  event: InputEvent;
  duplicate: boolean;
  outputs: EmittedOutput[];
  passes: FanOutPass[];
}

/** What the pipeline knows besides the workers' states; persisted by a durable runtime. */
export interface PipelineSnapshot {
  watermark: number | undefined;
  dealers: Map<string, DealerProfile>;
  reference: ReferenceTables;
}

export interface PipelineOptions {
  workers: readonly AnyWorker[];
  /** Policy per worker name; a worker without one runs on its `defaultPolicy`. */
  policies?: Partial<Record<WorkerName, unknown>>;
  /** Where workers' states live; in memory by default. */
  store?: StateStore;
  /** Ignore a repeated `eventId` (default true). A runtime whose input log is already unique turns it off. */
  dedupe?: boolean;
  /** Resume from what a durable runtime persisted. */
  resume?: PipelineSnapshot;
}

const TIER_RANK: Record<string, number> = { A: 0, B: 1, C: 2, D: 3 };

/** Outputs of one dealer are already in order: most events decide for their own dealer only. */
function oneDealer(outputs: readonly EmittedOutput[]): boolean {
  const dealerId = outputs[0]!.dealerId;
  for (let index = 1; index < outputs.length; index += 1) if (outputs[index]!.dealerId !== dealerId) return false;
  return true;
}
const UNKNOWN_TIER_RANK = 4;

/**
 * The fold of every worker over one ordered stream of input events. Deterministic: the same events
 * in the same order always give the same outputs in the same order.
 *
 * For each event: the watermark moves to the largest `occurredAt` seen; the event's dealer is
 * applied by each worker that handles its type (a reference event updates the global tables, then
 * reaches the dealers it concerns); when the watermark entered a later UTC day, every known
 * dealer's time rules run. Outputs of one event are ordered key dealers first (tier A, then B, C,
 * D), keeping the order of decision within a tier.
 *
 * `accept` does all of it at once. A runtime that cannot hold every dealer's state in memory uses
 * the steps instead: `stage` (the event and its own dealer), `runPass` for each fan-out pass over
 * chunks of dealers it has loaded, then `finish` for the outputs in order.
 */
export function createPipeline(options: PipelineOptions) {
  const workers = options.workers;
  const policies = new Map(workers.map((worker) => [worker.name, options.policies?.[worker.name] ?? worker.defaultPolicy]));
  const store = options.store ?? createMemoryStateStore();
  const dedupe = options.dedupe ?? true;
  const dealers = options.resume?.dealers ?? new Map<string, DealerProfile>();
  const reference = options.resume?.reference ?? createReferenceTables();
  const seenEventIds = new Set<string>();
  const workersByType = new Map<DealerInputType, AnyWorker[]>();
  for (const worker of workers) {
    for (const type of worker.inputTypes) {
      const list = workersByType.get(type) ?? [];
      list.push(worker);
      workersByType.set(type, list);
    }
  }
  let watermark = options.resume?.watermark ?? Number.NEGATIVE_INFINITY;
  let watermarkDay = Number.isFinite(watermark) ? dayNumberOf(watermark) : Number.NEGATIVE_INFINITY;
  // The watermark's date, recomputed only when the watermark moves (every worker call reads it).
  let today = Number.isFinite(watermark) ? utcDateOf(watermark) : '';

  function stateOf(worker: AnyWorker, dealerId: string): unknown {
    let state = store.get(worker.name, dealerId);
    if (state === undefined) {
      state = worker.initialState(dealerId);
      store.set(worker.name, dealerId, state);
    }
    return state;
  }

  function contextFor(worker: AnyWorker, dealerId: string, causedBy: string): WorkerContext<unknown> {
    return {
      now: watermark,
      today,
      causedBy,
      dealerId,
      dealer: dealers.get(dealerId),
      reference,
      policy: policies.get(worker.name),
    };
  }

  function collect(into: EmittedOutput[], worker: AnyWorker, dealerId: string, causedBy: string, drafts: OutputDraft[]): void {
    for (let ordinal = 0; ordinal < drafts.length; ordinal += 1) {
      into.push({ worker: worker.name, source: worker.source, dealerId, at: watermark, causedBy, ordinal, output: drafts[ordinal]! });
    }
  }

  function tierRank(dealerId: string): number {
    const tier = dealers.get(dealerId)?.tier;
    return tier === undefined ? UNKNOWN_TIER_RANK : (TIER_RANK[tier] ?? UNKNOWN_TIER_RANK);
  }

  function byPriority(ids: Iterable<string>): string[] {
    return [...ids].sort((a, b) => tierRank(a) - tierRank(b) || (a < b ? -1 : a > b ? 1 : 0));
  }

  function applyDealerEvent(event: DealerInputEvent, outputs: EmittedOutput[]): void {
    if (event.type === 'dealer.upserted') dealers.set(event.dealerId, event.data);
    for (const worker of workersByType.get(event.type) ?? []) {
      const drafts = worker.apply(stateOf(worker, event.dealerId), event, contextFor(worker, event.dealerId, event.eventId));
      collect(outputs, worker, event.dealerId, event.eventId, drafts);
    }
  }

  function referencePass(event: ReferenceEvent): FanOutPass | undefined {
    if (!workers.some((worker) => worker.onReference && worker.referenceTypes?.includes(event.type))) return undefined;
    if (event.type === 'rebate.program.upserted' && event.dealerId !== '*') return { kind: 'reference', dealerIds: [event.dealerId] };
    return { kind: 'reference', dealerIds: byPriority(store.knownDealers()) };
  }

  function keyDealersFirst(outputs: EmittedOutput[]): EmittedOutput[] {
    if (outputs.length < 2 || oneDealer(outputs)) return outputs;
    return outputs
      .map((output, index) => ({ output, index, rank: tierRank(output.dealerId) }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .map((entry) => entry.output);
  }

  const pipeline = {
    /** Applies an event to its own dealer (or the reference tables) and says what fan-out it needs. */
    stage(event: InputEvent): EventStep {
      if (dedupe) {
        if (seenEventIds.has(event.eventId)) return { event, duplicate: true, outputs: [], passes: [] };
        seenEventIds.add(event.eventId);
      }
      const at = instantOf(event.occurredAt);
      if (at > watermark) {
        watermark = at;
        today = utcDateOf(watermark);
      }
      const outputs: EmittedOutput[] = [];
      const passes: FanOutPass[] = [];
      if (isReferenceEvent(event)) {
        applyReferenceEvent(reference, event);
        const pass = referencePass(event);
        if (pass) passes.push(pass);
      } else if (event.type !== 'clock.tick') {
        applyDealerEvent(event, outputs);
      }
      const day = dayNumberOf(watermark);
      if (day > watermarkDay) {
        const first = watermarkDay === Number.NEGATIVE_INFINITY;
        watermarkDay = day;
        if (!first) passes.push({ kind: 'day', dealerIds: byPriority(store.knownDealers()) });
      }
      return { event, duplicate: false, outputs, passes };
    },

    /** Runs one fan-out pass for some of its dealers (in the pass's order); their states must be in the store. */
    runPass(step: EventStep, pass: FanOutPass, dealerIds: readonly string[]): void {
      const causedBy = step.event.eventId;
      for (const dealerId of dealerIds) {
        for (const worker of workers) {
          if (pass.kind === 'day') {
            const state = store.get(worker.name, dealerId);
            if (state === undefined) continue;
            collect(step.outputs, worker, dealerId, causedBy, worker.onDayChange(state, contextFor(worker, dealerId, causedBy)));
          } else {
            const event = step.event as ReferenceEvent;
            if (!worker.onReference || !worker.referenceTypes?.includes(event.type)) continue;
            const drafts = worker.onReference(stateOf(worker, dealerId), event, contextFor(worker, dealerId, causedBy));
            collect(step.outputs, worker, dealerId, causedBy, drafts);
          }
        }
      }
    },

    /** The step's outputs, key dealers first. */
    finish(step: EventStep): AcceptResult {
      return { duplicate: step.duplicate, outputs: keyDealersFirst(step.outputs) };
    },

    /** Applies one input event with all its fan-out; a repeated `eventId` is a duplicate with no effect. */
    accept(event: InputEvent): AcceptResult {
      const step = pipeline.stage(event);
      for (const pass of step.passes) pipeline.runPass(step, pass, pass.dealerIds);
      return pipeline.finish(step);
    },

    /** The watermark in epoch ms, or undefined before the first event. */
    watermark(): number | undefined {
      return Number.isFinite(watermark) ? watermark : undefined;
    },
    /** A worker's state of one dealer, for inspection in tests and read models. */
    stateOf<S>(worker: WorkerName, dealerId: string): S | undefined {
      return store.get(worker, dealerId) as S | undefined;
    },
    dealer(dealerId: string): DealerProfile | undefined {
      return dealers.get(dealerId);
    },
    reference(): ReferenceTables {
      return reference;
    },
    /** What a durable runtime persists besides the states (shared, not copied: persist before mutating again). */
    snapshot(): PipelineSnapshot {
      return { watermark: pipeline.watermark(), dealers, reference };
    },
  };
  return pipeline;
}

export type Pipeline = ReturnType<typeof createPipeline>;
