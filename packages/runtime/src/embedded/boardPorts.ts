/**
 * What the dashboards and their JSON routes read (issue 9). Read models kept from the input and
 * output logs; they answer in pages filtered on the server so a page stays fast with thousands of
 * dealers. Nothing here decides anything: figures come from the workers' outputs, or from a pure
 * domain function over a dealer's own inputs or state.
 */
import type { DealerProfile, OutputDataOf } from '@dealerflow/contracts';
import type { AgeingReport, OpenInvoice } from '@dealerflow/domain';

export type { AgeingReport, OpenInvoice } from '@dealerflow/domain';

export type DealerTier = DealerProfile['tier'];
export type StockSeverity = OutputDataOf<'stock.alert.raised'>['severity'];

/** A page of items; `nextCursor` is opaque, passed back as `after` for the next page, null at the end. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface DealerSummary {
  dealerId: string;
  name: string;
  tier: DealerTier;
  region: string;
  locale: DealerProfile['locale'];
  /** Stock alerts raised and not yet resolved, by severity. */
  openAlerts: Record<StockSeverity, number>;
  /**
   * Orders whose latest explanation is still open: a `delivery.late` not yet delivered, or a
   * `delivery.partial` (see DeliveryExplanation). A late order once delivered in full leaves the count
   * (it stays in `deliveries`).
   */
  lateDeliveries: number;
  credit: {
    /** `on_hold`: an active hold; `warning`: a limit warning since the last hold release; else `ok`. */
    status: 'ok' | 'warning' | 'on_hold';
    /** The active hold's id, or null. */
    holdId: string | null;
    /** Last exposure an output reported (hold or warning), or null when none did. */
    exposure: number | null;
    creditLimit: number;
  };
}

export interface DealerListQuery {
  region?: string;
  tier?: DealerTier;
  /** Case-insensitive match on the dealer's id or name. */
  search?: string;
  /** Only dealers with at least one open alert of this severity or worse. */
  minSeverity?: StockSeverity;
  /** Only dealers with an active credit hold. */
  onHold?: boolean;
  limit: number;
  after?: string;
}

/**
 * Order of the list: tier A first, then the most critical open alerts (critical count, then high),
 * then dealerId — the order operations works in.
 */
export interface DealerListPage extends Page<DealerSummary> {
  /** How many dealers match the filter (all pages). */
  total: number;
}

/** An open stock alert: the data of its latest `stock.alert.raised`. */
export type OpenStockAlert = OutputDataOf<'stock.alert.raised'> & { dealerId: string; raisedAt: string };

/** The latest `delivery.late` or `delivery.partial` of one order. */
export type DeliveryExplanation =
  | (OutputDataOf<'delivery.late'> & { type: 'delivery.late'; dealerId: string; occurredAt: string })
  | (OutputDataOf<'delivery.partial'> & { type: 'delivery.partial'; dealerId: string; occurredAt: string });

/** One line of a dealer's timeline: an input it sent or that named it, or an output about it. */
export interface TimelineEntry {
  kind: 'input' | 'output';
  eventId: string;
  type: string;
  /** The event's `occurredAt` (event time). */
  occurredAt: string;
  /** The output's topic, or the input's topic. */
  topic: string;
  /** The envelope's `data`. */
  data: unknown;
}

/** A point of the exposure chart: the figures after one credit-relevant input, in event time. */
export interface ExposurePoint {
  at: string;
  exposure: number;
  creditLimit: number;
  openReceivables: number;
  openOrderValue: number;
  overdueAmount: number;
}

/**
 * One SKU of a dealer's stock position as the stock worker holds it at the watermark; decimals
 * rounded as the alerts publish them. SKUs whose on hand was never reported are not listed.
 */
export interface StockPosition {
  sku: string;
  onHand: number;
  inTransit: number;
  onOrder: number;
  avgDailySales: number;
  /** null when nothing sold in the window. */
  daysOfCover: number | null;
  reorderPoint: number;
  /** on hand + in transit + on order. */
  position: number;
  /** What the alerts would suggest ordering now (RULES.md §2), 0 when nothing is needed. */
  suggestedOrderQty: number;
}

/** The latest `rebate.accrued` of one program and period for one dealer. */
export type RebateProgress = OutputDataOf<'rebate.accrued'> & { dealerId: string; occurredAt: string };

export type RebateStatement = OutputDataOf<'rebate.statement.issued'> & { dealerId: string; occurredAt: string };
export type CashDiscount = OutputDataOf<'cash.discount.earned'> & { dealerId: string; occurredAt: string };
/** A closed period's rebate changed (issue 21): before, after and the difference, as the rebate worker issued it. */
export type RebateAdjustment = OutputDataOf<'rebate.adjustment.issued'> & { dealerId: string; occurredAt: string };
/** A dealer's open 80/20 suggestion: its latest `dealer.tier.suggested`, not yet accepted, whose class master data does not carry yet. */
export type TierSuggestion = OutputDataOf<'dealer.tier.suggested'> & { dealerId: string; occurredAt: string };
/**
 * A dealer's latest `dealer.tier.suggested` and where it stands: `open` (waiting for operations), `accepted`
 * (operations accepted its month or a later one), `in_master_data` (master data carries the suggested class).
 */
export type DealerTierSuggestion = TierSuggestion & { status: 'open' | 'accepted' | 'in_master_data' };

/** A finance decision as recorded (`credit.decision.recorded`, or `credit.limit.set` as `set_limit`), for the audit list. */
export interface CreditDecisionRecord {
  eventId: string;
  dealerId: string;
  holdId: string | null;
  decision: 'release' | 'keep' | 'hold' | 'set_limit';
  decidedBy: string;
  note: string | null;
  overrideUntil: string | null;
  /** A keep's last day (inclusive): the hold stands through it whatever the figures do; null for a keep without one and every other decision. */
  keepUntil: string | null;
  /** The limit set (`set_limit`), else null. */
  creditLimit: number | null;
  /** When the person decided (wall clock): a limit's `decidedAt`; a hold decision's `occurredAt`, which the API stamps from its clock. */
  decidedAt: string;
  /** When it took effect in the dealer's stream (event time): the input's `occurredAt`. */
  effectiveAt: string;
}

export interface DealerBoard {
  /** Regions of known dealers, sorted; for the filter. */
  regions(): Promise<string[]>;
  listDealers(query: DealerListQuery): Promise<DealerListPage>;
  /** undefined for a dealer no `dealer.upserted` named. */
  dealer(dealerId: string): Promise<DealerSummary | undefined>;
  /** Most severe first, then newest. */
  openAlerts(query: { dealerId?: string; minSeverity?: StockSeverity; limit: number; after?: string }): Promise<Page<OpenStockAlert>>;
  /** Newest first; `open`: only orders not yet delivered in full (status other than delivered, or partial). */
  deliveries(query: { dealerId?: string; open?: boolean; limit: number; after?: string }): Promise<Page<DeliveryExplanation>>;
  /**
   * Inputs and outputs of one dealer in event time (then inputs before outputs, then log order),
   * oldest first within a page. `after` pages forward (no cursor: from the start); `before` pages
   * backward and takes a cursor or `'end'` (the newest page); its `nextCursor` is then the cursor of
   * the page's first entry, for the page before it. `until` (an RFC 3339 instant, without a cursor)
   * is the page that ends at that instant, inclusive: what the system had been told and had
   * concluded by then; its `nextCursor` pages backward like `before`'s.
   */
  timeline(query: { dealerId: string; limit: number; after?: string; before?: string; until?: string }): Promise<Page<TimelineEntry>>;
  /** After each credit-relevant input of the dealer, oldest first (at most the last `limit` points). */
  exposureHistory(dealerId: string, limit: number): Promise<ExposurePoint[]>;
  /** Every SKU the stock worker follows for the dealer, lowest days of cover first. */
  stockPositions(dealerId: string): Promise<StockPosition[]>;
  /** Per program and period, current period first. */
  rebateProgress(dealerId: string): Promise<RebateProgress[]>;
  /** Newest first. */
  rebateStatements(query: { dealerId?: string; status?: 'payable' | 'withheld'; limit: number; after?: string }): Promise<Page<RebateStatement>>;
  cashDiscounts(query: { dealerId?: string; limit: number; after?: string }): Promise<Page<CashDiscount>>;
  /** Newest first. */
  rebateAdjustments(query: { dealerId?: string; limit: number; after?: string }): Promise<Page<RebateAdjustment>>;
  /** Open tier suggestions (one per dealer at most), newest first. */
  tierSuggestions(query: { dealerId?: string; limit: number; after?: string }): Promise<Page<TierSuggestion>>;
  /** The dealer's latest tier suggestion, open or not; undefined when none was made for it. */
  latestTierSuggestion(dealerId: string): Promise<DealerTierSuggestion | undefined>;
  /**
   * Open receivables by age, per dealer with something open and in total, from the credit worker's
   * committed ledgers; each dealer's invoices aged on its local day at the credit worker's watermark
   * (`asOf`, null before its first batch).
   */
  ageing(): Promise<AgeingReport & { asOf: string | null }>;
  /** The dealer's open invoices, earliest due first, aged as `ageing` does (`today`: the dealer's day). */
  openInvoices(dealerId: string): Promise<{ today: string | null; invoices: OpenInvoice[] }>;
  /** Newest first. */
  creditDecisions(query: { dealerId?: string; holdId?: string; limit: number; after?: string }): Promise<Page<CreditDecisionRecord>>;
}
