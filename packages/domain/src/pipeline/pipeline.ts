import type { DealerProfile, InputEvent, OutputDraft } from '@dealerflow/contracts';
import { defaultCalendarPolicy, instantOf, type CalendarPolicy } from '../calendar';
import { applyReferenceEvent, createReferenceTables, isReferenceEvent, type ReferenceEvent, type ReferenceTables } from '../reference';
import { createDealerClocks, type DealerClock, type DealerClocksSnapshot } from './dealerClocks';
import { createMemoryStateStore, type StateStore } from './stateStore';
import type { AnyWorker, DealerInputEvent, DealerInputType, WorkerContext, WorkerName } from './worker';

/** An output as decided, with what the shell needs to put it in an envelope. */
export interface EmittedOutput {
  worker: WorkerName;
  source: string;
  dealerId: string;
  /** Epoch ms of the dealer's clock when it was decided (the output's `occurredAt`). */
  at: number;
  causedBy: string;
  /** Position among the outputs this worker decided for this dealer on this cause (for stable ids). */
  ordinal: number;
  output: OutputDraft;
}

/** A worker threw on an event: its outputs for that dealer and cause are dropped, and the rest goes on. */
export interface WorkerFailure {
  worker: WorkerName;
  /** The worker's `source`, as on its outputs. */
  source: string;
  dealerId: string;
  /** Where it threw: applying the event itself, a day change or a reference pass it caused. */
  stage: 'apply' | 'day' | 'reference';
  error: string;
}

export interface AcceptResult {
  duplicate: boolean;
  outputs: EmittedOutput[];
  /** Workers that threw on this event (each becomes a dead letter naming the worker). */
  failures: WorkerFailure[];
}

/**
 * Work one event causes beyond applying it: a rebate program reaching the dealers it concerns, or
 * dealers' clocks entering a later day (their time rules). Dealers are listed key dealers first
 * (tier A, B, C, D, then without master data), then by id.
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
  failures: WorkerFailure[];
}

/** What the pipeline knows besides the workers' states; persisted by a durable runtime. */
export interface PipelineSnapshot {
  /** The largest `occurredAt` accepted (what health reports; no rule reads it). */
  watermark: number | undefined;
  clocks: DealerClocksSnapshot;
  dealers: Map<string, DealerProfile>;
  reference: ReferenceTables;
}

/**
 * Policy per worker name, and the company's calendar under `calendar` (the settings file's `calendar`
 * section): it travels with the workers' policies so every runtime that is handed them counts a
 * dealer's days in the same zone.
 */
export type PipelinePolicies = Partial<Record<WorkerName, unknown>> & { calendar?: CalendarPolicy };

export interface PipelineOptions {
  workers: readonly AnyWorker[];
  /** Policy per worker name; a worker without one runs on its `defaultPolicy`. */
  policies?: PipelinePolicies;
  /** Where workers' states live; in memory by default. */
  store?: StateStore;
  /** Ignore a repeated `eventId` (default true). A runtime whose input log is already unique turns it off. */
  dedupe?: boolean;
  /** The company's calendar: the time zone of dealers whose master data names none (else `policies.calendar`, else UTC). */
  calendar?: CalendarPolicy;
  /** Resume from what a durable runtime persisted (`clocks` may be missing in a snapshot older than dealer clocks). */
  resume?: Omit<PipelineSnapshot, 'clocks'> & { clocks?: DealerClocksSnapshot };
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
 * in the same order always give the same outputs in the same order; and a dealer's outputs depend
 * only on its own events, the ticks and the reference data, so they are the same whichever other
 * dealers share the stream (one partition or twelve).
 *
 * For each event: the event's dealer's clock moves to its `occurredAt` if later, the dealer is
 * applied by each worker that handles its type, and when its clock entered a later local day (the
 * dealer's time zone, else the company's `calendar.timeZone`), its time rules run. A `clock.tick`
 * moves every known dealer's clock and runs the time rules of those that entered a later day. A reference event updates the global tables, then reaches the dealers
 * it concerns at their own clocks. Outputs of one event are ordered key dealers first (tier A, then
 * B, C, D), keeping the order of decision within a tier.
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
  let highWater = options.resume?.watermark ?? Number.NEGATIVE_INFINITY;
  const companyTimeZone = (options.calendar ?? options.policies?.calendar ?? defaultCalendarPolicy).timeZone;
  // A dealer's days are its own local days: its master data's time zone, else the company's.
  const zoneOf = (dealerId: string): string => dealers.get(dealerId)?.timezone ?? companyTimeZone;
  const clocks = createDealerClocks(options.resume?.clocks, zoneOf);

  function stateOf(worker: AnyWorker, dealerId: string): unknown {
    let state = store.get(worker.name, dealerId);
    if (state === undefined) {
      state = worker.initialState(dealerId);
      store.set(worker.name, dealerId, state);
    }
    return state;
  }

  function contextFor(worker: AnyWorker, dealerId: string, causedBy: string, clock: DealerClock): WorkerContext<unknown> {
    return {
      now: clock.at,
      today: clock.today,
      timeZone: zoneOf(dealerId),
      causedBy,
      dealerId,
      dealer: dealers.get(dealerId),
      reference,
      policy: policies.get(worker.name),
    };
  }

  /** Adds a worker's drafts for a dealer; `first` is the ordinal of the first (ids must differ per cause). */
  function collect(into: EmittedOutput[], worker: AnyWorker, clock: DealerClock, dealerId: string, causedBy: string, drafts: OutputDraft[], first = 0): void {
    for (let index = 0; index < drafts.length; index += 1) {
      into.push({ worker: worker.name, source: worker.source, dealerId, at: clock.at, causedBy, ordinal: first + index, output: drafts[index]! });
    }
  }

  /**
   * Runs one rule; if it throws, the failure is recorded and it decided nothing. A rule that throws on
   * one event must not stop every dealer behind it; the dead letter says which worker and why.
   */
  function guarded(step: { failures: WorkerFailure[] }, worker: AnyWorker, dealerId: string, stage: WorkerFailure['stage'], rule: () => OutputDraft[]): OutputDraft[] {
    try {
      return rule();
    } catch (error) {
      step.failures.push({ worker: worker.name, source: worker.source, dealerId, stage, error: error instanceof Error ? error.message : String(error) });
      return [];
    }
  }

  function tierRank(dealerId: string): number {
    const tier = dealers.get(dealerId)?.tier;
    return tier === undefined ? UNKNOWN_TIER_RANK : (TIER_RANK[tier] ?? UNKNOWN_TIER_RANK);
  }

  function byPriority(ids: Iterable<string>): string[] {
    return [...ids].sort((a, b) => tierRank(a) - tierRank(b) || (a < b ? -1 : a > b ? 1 : 0));
  }

  function applyDealerEvent(event: DealerInputEvent, at: number, step: EventStep): void {
    const { outputs } = step;
    const { dealerId, eventId } = event;
    // The profile first: its time zone decides which local day the clock enters.
    if (event.type === 'dealer.upserted') dealers.set(dealerId, event.data);
    const enteredDay = clocks.advance(dealerId, at);
    const clock = clocks.of(dealerId, at);
    const applied = new Map<AnyWorker, number>();
    for (const worker of workersByType.get(event.type) ?? []) {
      const drafts = guarded(step, worker, dealerId, 'apply', () => worker.apply(stateOf(worker, dealerId), event, contextFor(worker, dealerId, eventId, clock)));
      collect(outputs, worker, clock, dealerId, eventId, drafts);
      applied.set(worker, drafts.length);
    }
    if (!enteredDay) return;
    // The dealer's time rules run after the event that moved its clock, as on a tick; their ordinals
    // follow the event's own outputs, which share the cause.
    for (const worker of workers) {
      const state = store.get(worker.name, dealerId);
      if (state === undefined) continue;
      const drafts = guarded(step, worker, dealerId, 'day', () => worker.onDayChange(state, contextFor(worker, dealerId, eventId, clock)));
      collect(outputs, worker, clock, dealerId, eventId, drafts, applied.get(worker) ?? 0);
    }
  }

  function tickPass(at: number): FanOutPass | undefined {
    const entered = clocks.tick(at, byPriority(store.knownDealers()));
    return entered.length > 0 ? { kind: 'day', dealerIds: entered } : undefined;
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
        if (seenEventIds.has(event.eventId)) return { event, duplicate: true, outputs: [], passes: [], failures: [] };
        seenEventIds.add(event.eventId);
      }
      const at = instantOf(event.occurredAt);
      if (at > highWater) highWater = at;
      const step: EventStep = { event, duplicate: false, outputs: [], passes: [], failures: [] };
      if (isReferenceEvent(event)) {
        applyReferenceEvent(reference, event);
        const pass = referencePass(event);
        if (pass) step.passes.push(pass);
      } else if (event.type === 'clock.tick') {
        const pass = tickPass(at);
        if (pass) step.passes.push(pass);
      } else {
        applyDealerEvent(event, at, step);
      }
      return step;
    },

    /** Runs one fan-out pass for some of its dealers (in the pass's order); their states must be in the store. */
    runPass(step: EventStep, pass: FanOutPass, dealerIds: readonly string[]): void {
      const causedBy = step.event.eventId;
      const eventAt = instantOf(step.event.occurredAt);
      for (const dealerId of dealerIds) {
        const clock = clocks.of(dealerId, eventAt);
        for (const worker of workers) {
          if (pass.kind === 'day') {
            const state = store.get(worker.name, dealerId);
            if (state === undefined) continue;
            const drafts = guarded(step, worker, dealerId, 'day', () => worker.onDayChange(state, contextFor(worker, dealerId, causedBy, clock)));
            collect(step.outputs, worker, clock, dealerId, causedBy, drafts);
          } else {
            const event = step.event as ReferenceEvent;
            if (!worker.onReference || !worker.referenceTypes?.includes(event.type)) continue;
            const onReference = worker.onReference;
            const drafts = guarded(step, worker, dealerId, 'reference', () => onReference(stateOf(worker, dealerId), event, contextFor(worker, dealerId, causedBy, clock)));
            collect(step.outputs, worker, clock, dealerId, causedBy, drafts);
          }
        }
      }
    },

    /** The step's outputs, key dealers first. */
    finish(step: EventStep): AcceptResult {
      return { duplicate: step.duplicate, outputs: keyDealersFirst(step.outputs), failures: step.failures };
    },

    /** Applies one input event with all its fan-out; a repeated `eventId` is a duplicate with no effect. */
    accept(event: InputEvent): AcceptResult {
      const step = pipeline.stage(event);
      for (const pass of step.passes) pipeline.runPass(step, pass, pass.dealerIds);
      return pipeline.finish(step);
    },

    /** The largest `occurredAt` accepted in epoch ms, or undefined before the first event (reported, never ruled on). */
    watermark(): number | undefined {
      return Number.isFinite(highWater) ? highWater : undefined;
    },
    /** The dealer's clock in epoch ms, or undefined before its first event or tick. */
    clockOf(dealerId: string): number | undefined {
      return clocks.atOf(dealerId);
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
      return { watermark: pipeline.watermark(), clocks: clocks.snapshot(), dealers, reference };
    },
  };
  return pipeline;
}

export type Pipeline = ReturnType<typeof createPipeline>;
