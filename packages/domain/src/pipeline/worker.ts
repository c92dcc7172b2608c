import type { z } from 'zod';
import type { DealerProfile, InputEvent, InputType, OutputDraft } from '@dealerflow/contracts';
import type { ReferenceEvent, ReferenceTables } from '../reference';

export type WorkerName = 'credit' | 'stock' | 'delivery' | 'rebates';

/** Input events that carry a dealer (everything but reference data and the clock). */
export type DealerInputEvent = Exclude<InputEvent, ReferenceEvent | { type: 'clock.tick' }>;
export type DealerInputType = DealerInputEvent['type'];

/** What a worker's rules may read besides its own state. Resolved by the shell, never by the rule. */
export interface WorkerContext<P> {
  /** The dealer's clock: the largest `occurredAt` of its events and the ticks, in epoch ms. */
  readonly now: number;
  /**
   * The dealer's local calendar day of `now`, `YYYY-MM-DD`: in the dealer's `timezone`, else the
   * company's (`calendar.timeZone`). Convert other instants with `localDateOf(ms, ctx.timeZone)`.
   */
  readonly today: string;
  /** The time zone `today` is counted in (the dealer's, else the company's). */
  readonly timeZone: string;
  /** The `eventId` of the input that made this evaluation happen (goes into every output's `causedBy`). */
  readonly causedBy: string;
  readonly dealerId: string;
  /** The dealer's master data, once a `dealer.upserted` has been seen. */
  readonly dealer: DealerProfile | undefined;
  readonly reference: ReferenceTables;
  readonly policy: P;
}

/**
 * A worker's rules: a per-dealer state and three entry points that return the outputs they decide.
 *
 * The entry points update `state` in place and return the outputs. A fold over a year of daily
 * reports for thousands of SKUs cannot afford to copy a dealer's state on every event; the state
 * is owned by exactly one caller (the pipeline), and the functions stay deterministic: the same
 * state, event and context always give the same state and outputs. States hold plain data only,
 * so a runtime can store them as JSON.
 */
export interface Worker<S, P> {
  readonly name: WorkerName;
  /** The `source` written on this worker's outputs. */
  readonly source: string;
  /** Dealer-scoped input types this worker applies. */
  readonly inputTypes: readonly DealerInputType[];
  /** Reference types after which every dealer the event concerns is re-evaluated (`onReference`). */
  readonly referenceTypes?: readonly ReferenceEvent['type'][];
  /** The worker's settings; parsing `{}` gives the defaults of RULES.md, so every value is overridable. */
  readonly policySchema: z.ZodType<P, any>;
  readonly defaultPolicy: P;
  initialState(dealerId: string): S;
  /** Applies one of the dealer's input events and re-evaluates the dealer's rules at `ctx.now`. */
  apply(state: S, event: DealerInputEvent, ctx: WorkerContext<P>): OutputDraft[];
  /** The dealer's clock entered a later local day: fire the rules that depend on the passing of time. */
  onDayChange(state: S, ctx: WorkerContext<P>): OutputDraft[];
  /** A reference event (after the tables took it) that may change this dealer's figures. */
  onReference?(state: S, event: ReferenceEvent, ctx: WorkerContext<P>): OutputDraft[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWorker = Worker<any, any>;

export function handlesType(worker: AnyWorker, type: InputType): boolean {
  return (worker.inputTypes as readonly InputType[]).includes(type);
}
