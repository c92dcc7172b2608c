import type { DealerProfile, InputEventOf } from '@dealerflow/contracts';

/** What holds finance's limit: the credit state, or the exposure chart's fold. */
export interface FinanceLimitHolder {
  financeLimit?: FinanceLimit | null;
}

/** A limit finance set, and the master data's limit it was set against. */
export interface FinanceLimit {
  creditLimit: number;
  note: string;
  decidedBy: string;
  /** Wall clock of the decision. */
  decidedAt: string;
  /** The event's `occurredAt`: when it took effect in the dealer's stream. */
  effectiveAt: string;
  /** The master data's limit when it was set (null before any profile). */
  masterLimit: number | null;
}

/**
 * Keeps finance's limit (docs/credit.md, "Limits set by finance"): a `credit.limit.set` replaces
 * the limit in force; it stands while master data keeps the limit it was set against, and a
 * `dealer.upserted` with another limit ends it (the ERP's figure is a newer decision). An upsert that
 * repeats the same limit (an address change) leaves finance's limit standing.
 */
export function trackFinanceLimit(state: FinanceLimitHolder, event: { type: string }, profile: DealerProfile | undefined): void {
  if (isLimitSet(event)) {
    const { creditLimit, note, decidedBy, decidedAt } = event.data;
    state.financeLimit = { creditLimit, note, decidedBy, decidedAt, effectiveAt: event.occurredAt, masterLimit: profile?.creditLimit ?? null };
    return;
  }
  if (isUpsert(event) && state.financeLimit && state.financeLimit.masterLimit !== event.data.creditLimit) state.financeLimit = null;
}

/** The limit the rules judge by: finance's while it stands, else the master data's. */
export function creditLimitInForce(state: FinanceLimitHolder, profile: { creditLimit: number }): number {
  return state.financeLimit?.creditLimit ?? profile.creditLimit;
}

function isLimitSet(event: { type: string }): event is InputEventOf<'credit.limit.set'> {
  return event.type === 'credit.limit.set';
}

function isUpsert(event: { type: string }): event is InputEventOf<'dealer.upserted'> {
  return event.type === 'dealer.upserted';
}
