import type { DealerTier, RebateProgram } from '@dealerflow/contracts';
import { createLedger, type Ledger } from '../credit';
import { initialTierSuggestionState, type TierSuggestionState } from '../tiers';
import type { Cents } from '../money';

/** One delivered quantity as it was sold: the facts scope and price are judged on, kept for recomputation. */
export interface DeliveredLine {
  /** The dealer's local day of the delivery (the day its periods open and close on). */
  date: string;
  orderId: string;
  sku: string;
  qty: number;
  /** The order line's price; null when the order or its line for the sku is unknown (amount 0). */
  unitPriceCents: Cents | null;
  /** The product's category at delivery; null when the product was unknown. */
  category: string | null;
  /** The dealer's tier at delivery; null before the dealer's master data arrived. */
  dealerTier: DealerTier | null;
}

export interface OrderRecord {
  lines: { sku: string; qty: number; unitPriceCents: Cents }[];
  /** Units delivered so far per sku, to price a delivery against the order's lines in order. */
  delivered: Record<string, number>;
  cancelled: boolean;
  /** The dealer's local day of the order's last event, for pruning. */
  lastDate: string;
}

/** Figures last reported for a bucket, to emit `rebate.accrued` only when they change. */
export interface ReportedFigures {
  volume: number;
  amountCents: Cents;
  tierIndex: number | null;
  rate: number;
  accruedCents: Cents;
  nextThreshold: number | null;
}

/** What qualified in a period: for the whole period, or for one order of a per-order program. */
export interface Bucket {
  quantity: number;
  amountCents: Cents;
  reported: ReportedFigures | null;
}

/** An open period of a program that applies to the dealer. */
export interface ProgramProgress {
  /** The program as last applied, to notice a change. */
  programJson: string;
  /** Epoch ms of the program version applied. */
  updatedAt: number;
  periodStart: string;
  periodEnd: string;
  /** Key "" for period accumulation, the orderId for per-order accumulation. */
  buckets: Record<string, Bucket>;
}

export interface RebateState {
  dealerId: string;
  lines: DeliveredLine[];
  orders: Record<string, OrderRecord>;
  /** By programId. */
  programs: Record<string, ProgramProgress>;
  /** Periods whose statement is decided (`programId/periodStart/periodEnd` → closing date): they never change again. */
  closedPeriods: Record<string, string>;
  /** The dealer's receivables, kept with the credit worker's rules (days past due, cash discounts). */
  ledger: Ledger;
  /** Closed periods still open to adjustment (`periodKey` → what was stated), for `adjustmentWindowDays`. */
  settledPeriods: Record<string, SettledPeriod>;
  /** Rebate money stated as set against each invoice (invoiceId → cents), so no invoice is offset twice. */
  offsetCents: Record<string, Cents>;
  /** The dealer's 80/20 tier suggestions (tiers/suggestTier.ts). */
  tiers: TierSuggestionState;
}

/** What a bucket of a closed period stands at: its sales and the rebate stated on them so far. */
export interface SettledBucket {
  quantity: number;
  amountCents: Cents;
  /** The statement's rebate plus every adjustment since. */
  rebateCents: Cents;
}

/** A closed period as its statement left it, kept so late deliveries and returns can adjust it. */
export interface SettledPeriod {
  programId: string;
  /** The program as it was at the close: an adjustment is judged by the rules the statement was. */
  program: RebateProgram;
  periodStart: string;
  periodEnd: string;
  buckets: Record<string, SettledBucket>;
  /** Set when the program's eligibility limit withheld the statement: its adjustments are withheld too. */
  ineligibleReason: string | null;
}

export function initialRebateState(dealerId: string): RebateState {
  return { dealerId, lines: [], orders: {}, programs: {}, closedPeriods: {}, ledger: createLedger(), settledPeriods: {}, offsetCents: {}, tiers: initialTierSuggestionState() };
}

/** A state stored before adjustments and tier suggestions existed lacks their fields; the worker fills them in on first use. */
export function withCurrentFields(state: RebateState): RebateState {
  state.settledPeriods ??= {};
  state.offsetCents ??= {};
  state.tiers ??= initialTierSuggestionState();
  return state;
}

export const PERIOD_BUCKET = '';

export function periodKey(programId: string, periodStart: string, periodEnd: string): string {
  return `${programId}/${periodStart}/${periodEnd}`;
}
