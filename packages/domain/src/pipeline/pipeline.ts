import type { DealerProfile, InputEvent, OutputDraft } from '@dealerflow/contracts';
import { dayNumberOf, instantOf, utcDateOf } from '../calendar';
import { applyReferenceEvent, createReferenceTables, isReferenceEvent, type ReferenceEvent, type ReferenceTables } from '../reference';
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

export interface PipelineOptions {
  workers: readonly AnyWorker[];
  /** Policy per worker name; a worker without one runs on its `defaultPolicy`. */
  policies?: Partial<Record<WorkerName, unknown>>;
}

const TIER_RANK: Record<string, number> = { A: 0, B: 1, C: 2, D: 3 };
const UNKNOWN_TIER_RANK = 4;

/**
 * The in-memory fold of every worker over one ordered stream of input events. Pure and
 * deterministic: the same events in the same order always give the same outputs in the same order.
 *
 * For each accepted event: the watermark moves to the largest `occurredAt` seen; the event's
 * dealer is applied by each worker that handles its type (a reference event updates the global
 * tables, then reaches the dealers it concerns); when the watermark entered a later UTC day, every
 * known dealer's time rules run. Outputs of one event are ordered key dealers first (tier A, then
 * B, C, D), keeping the order of decision within a tier.
 */
export function createPipeline(options: PipelineOptions) {
  const workers = options.workers;
  const policies = new Map(workers.map((worker) => [worker.name, options.policies?.[worker.name] ?? worker.defaultPolicy]));
  const states = new Map<WorkerName, Map<string, unknown>>(workers.map((worker) => [worker.name, new Map()]));
  const dealers = new Map<string, DealerProfile>();
  const reference = createReferenceTables();
  const seenEventIds = new Set<string>();
  const workersByType = new Map<DealerInputType, AnyWorker[]>();
  for (const worker of workers) {
    for (const type of worker.inputTypes) {
      const list = workersByType.get(type) ?? [];
      list.push(worker);
      workersByType.set(type, list);
    }
  }
  let watermark = Number.NEGATIVE_INFINITY;
  let watermarkDay = Number.NEGATIVE_INFINITY;

  function stateOf(worker: AnyWorker, dealerId: string): unknown {
    const byDealer = states.get(worker.name)!;
    let state = byDealer.get(dealerId);
    if (state === undefined) {
      state = worker.initialState(dealerId);
      byDealer.set(dealerId, state);
    }
    return state;
  }

  function contextFor(worker: AnyWorker, dealerId: string, causedBy: string): WorkerContext<unknown> {
    return {
      now: watermark,
      today: utcDateOf(watermark),
      causedBy,
      dealerId,
      dealer: dealers.get(dealerId),
      reference,
      policy: policies.get(worker.name),
    };
  }

  function collect(into: EmittedOutput[], worker: AnyWorker, dealerId: string, causedBy: string, drafts: OutputDraft[]): void {
    drafts.forEach((output, ordinal) => {
      into.push({ worker: worker.name, source: worker.source, dealerId, at: watermark, causedBy, ordinal, output });
    });
  }

  function dealersByPriority(worker: AnyWorker, only?: (dealerId: string) => boolean): string[] {
    const ids = [...states.get(worker.name)!.keys()].filter((id) => !only || only(id));
    return ids.sort((a, b) => tierRank(a) - tierRank(b) || (a < b ? -1 : a > b ? 1 : 0));
  }

  function tierRank(dealerId: string): number {
    const tier = dealers.get(dealerId)?.tier;
    return tier === undefined ? UNKNOWN_TIER_RANK : (TIER_RANK[tier] ?? UNKNOWN_TIER_RANK);
  }

  function applyDealerEvent(event: DealerInputEvent, outputs: EmittedOutput[]): void {
    if (event.type === 'dealer.upserted') dealers.set(event.dealerId, event.data);
    for (const worker of workersByType.get(event.type) ?? []) {
      const drafts = worker.apply(stateOf(worker, event.dealerId), event, contextFor(worker, event.dealerId, event.eventId));
      collect(outputs, worker, event.dealerId, event.eventId, drafts);
    }
  }

  function applyReference(event: ReferenceEvent, outputs: EmittedOutput[]): void {
    applyReferenceEvent(reference, event);
    const target = event.type === 'rebate.program.upserted' && event.dealerId !== '*' ? event.dealerId : undefined;
    for (const worker of workers) {
      if (!worker.onReference || !worker.referenceTypes?.includes(event.type)) continue;
      if (target !== undefined) stateOf(worker, target);
      for (const dealerId of dealersByPriority(worker, target === undefined ? undefined : (id) => id === target)) {
        const drafts = worker.onReference(stateOf(worker, dealerId), event, contextFor(worker, dealerId, event.eventId));
        collect(outputs, worker, dealerId, event.eventId, drafts);
      }
    }
  }

  function fireDayChange(causedBy: string, outputs: EmittedOutput[]): void {
    for (const worker of workers) {
      for (const dealerId of dealersByPriority(worker)) {
        const drafts = worker.onDayChange(stateOf(worker, dealerId), contextFor(worker, dealerId, causedBy));
        collect(outputs, worker, dealerId, causedBy, drafts);
      }
    }
  }

  function keyDealersFirst(outputs: EmittedOutput[]): EmittedOutput[] {
    if (outputs.length < 2) return outputs;
    return outputs
      .map((output, index) => ({ output, index, rank: tierRank(output.dealerId) }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .map((entry) => entry.output);
  }

  return {
    /** Applies one input event; a repeated `eventId` is a duplicate with no effect. */
    accept(event: InputEvent): AcceptResult {
      if (seenEventIds.has(event.eventId)) return { duplicate: true, outputs: [] };
      seenEventIds.add(event.eventId);
      const at = instantOf(event.occurredAt);
      if (at > watermark) watermark = at;
      const outputs: EmittedOutput[] = [];
      if (isReferenceEvent(event)) applyReference(event, outputs);
      else if (event.type !== 'clock.tick') applyDealerEvent(event, outputs);
      const day = dayNumberOf(watermark);
      if (day > watermarkDay) {
        const first = watermarkDay === Number.NEGATIVE_INFINITY;
        watermarkDay = day;
        if (!first) fireDayChange(event.eventId, outputs);
      }
      return { duplicate: false, outputs: keyDealersFirst(outputs) };
    },
    /** The watermark in epoch ms, or undefined before the first event. */
    watermark(): number | undefined {
      return Number.isFinite(watermark) ? watermark : undefined;
    },
    /** A worker's state of one dealer, for inspection in tests and read models. */
    stateOf<S>(worker: WorkerName, dealerId: string): S | undefined {
      return states.get(worker)?.get(dealerId) as S | undefined;
    },
    dealer(dealerId: string): DealerProfile | undefined {
      return dealers.get(dealerId);
    },
    reference(): ReferenceTables {
      return reference;
    },
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;
