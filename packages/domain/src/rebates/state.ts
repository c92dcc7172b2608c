import type { DealerTier } from '@dealerflow/contracts';
import { createLedger, type Ledger } from '../credit';
import type { Cents } from '../money';

/** One delivered quantity as it was sold: the facts scope and price are judged on, kept for recomputation. */
export interface DeliveredLine {
  /** UTC date of the delivery (the date the contract counts it on). */
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
  /** UTC date of the order's last event, for pruning. */
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
}

export function initialRebateState(dealerId: string): RebateState {
  return { dealerId, lines: [], orders: {}, programs: {}, closedPeriods: {}, ledger: createLedger() };
}

export const PERIOD_BUCKET = '';

export function periodKey(programId: string, periodStart: string, periodEnd: string): string {
  return `${programId}/${periodStart}/${periodEnd}`;
}
