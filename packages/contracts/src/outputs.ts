import { z } from 'zod';
import { calendarDate, dealerTier, identifier, locale, timestamp } from './primitives';

/** Output money is exact to the cent (computed in integer minor units, rounded half-up once). */
const amount = z.number().finite();
const causedBy = identifier;

// ---- 1. credit -------------------------------------------------------------------------------

export const holdReason = z.discriminatedUnion('code', [
  z.object({ code: z.literal('over_limit'), exposure: amount, creditLimit: amount, excess: amount }),
  z.object({
    code: z.literal('past_due'),
    overdueAmount: amount,
    maxDaysPastDue: z.number().int(),
    pastDueHoldDays: z.number().int(),
    invoiceIds: z.array(identifier),
  }),
  z.object({ code: z.literal('manual'), note: z.string(), decidedBy: z.string() }),
]);

const creditFigures = {
  holdId: identifier,
  reasons: z.array(holdReason).min(1),
  exposure: amount,
  creditLimit: amount,
  openReceivables: amount,
  openOrderValue: amount,
  creditBalance: amount,
  overdueAmount: amount,
  maxDaysPastDue: z.number().int(),
};

export const paymentBehaviour = z.object({
  /** Share of invoices settled in the last 12 months that were settled by their due date; null when none. */
  onTimeRatio: z.number().min(0).max(1).nullable(),
  /** Mean days from issue to settlement over invoices settled in the last 12 months; null when none. */
  averageDaysToPay: z.number().nullable(),
  /** Largest days past due any invoice reached in the last 12 months (open ones counted to today). */
  largestDaysPastDue: z.number().int(),
  invoicesSettled: z.number().int().nonnegative(),
});

export const suggestedAction = z.object({
  code: z.enum(['keep_hold', 'request_payment', 'release_with_override', 'review_limit']),
  text: z.string(),
});

const trendDirection = z.enum(['rising', 'steady', 'falling', 'unknown']);

/** The review's credit score (docs/credit.md, "Credit score"): points per factor, the figures, a suggested limit. */
export const creditScore = z.object({
  /** 0–100, the sum of the components' points. */
  score: z.number().int().min(0).max(100),
  grade: z.enum(['A', 'B', 'C', 'D']),
  components: z.array(
    z.object({
      factor: z.enum(['payment_record', 'overdue', 'utilization', 'utilization_trend', 'recent_holds']),
      points: z.number().int().nonnegative(),
      maxPoints: z.number().int().positive(),
      text: z.string(),
    }),
  ),
  figures: z.object({
    onTimeRatio: z.number().min(0).max(1).nullable(),
    averageDaysToPay: z.number().nullable(),
    /** Days sales outstanding: open receivables ÷ invoiced in the window × its days; null when nothing was invoiced. */
    daysSalesOutstanding: z.number().nullable(),
    /** Exposure ÷ limit now; null with a limit of 0. */
    utilization: z.number().nullable(),
    /** Average utilization over the last 30 days and over the 60 days before; null when not known. */
    utilizationLast30Days: z.number().nullable(),
    utilizationPrevious60Days: z.number().nullable(),
    utilizationTrend: trendDirection,
    orderValueLast30Days: amount,
    /** Orders placed in the 60 days before the last 30, per 30 days. */
    orderValuePrevious30DayAverage: amount,
    orderTrend: trendDirection,
    /** Holds placed in the window before the one under review. */
    holdsLast90Days: z.number().int().nonnegative(),
  }),
  suggestedLimit: z.object({
    amount,
    currentLimit: amount,
    /** Orders placed in the window, per 30 days. */
    monthlyOrderValue: amount,
    /** The dealer's net days plus the policy's order cover days. */
    coverDays: z.number().int().nonnegative(),
    gradeFactor: z.number().nonnegative(),
    /** Which policy cap moved the figure, if any. */
    cappedBy: z.enum(['max_increase', 'max_decrease']).nullable(),
    text: z.string(),
  }),
});

export const creditHoldPlacedData = z.object({ ...creditFigures, causedBy });
export const creditReviewRequestedData = z.object({
  ...creditFigures,
  paymentBehaviour,
  suggestedAction,
  score: creditScore,
  causedBy,
});
/**
 * What a release waited for and found met (docs/credit.md, "Releasing a hold"): exposure back within
 * the limit less the release margin, the overdue amount paid, a finance keep ended, or finance's release.
 */
export const holdReleaseCondition = z.enum(['exposure_within_release_margin', 'overdue_paid', 'keep_ended', 'finance_release']);
export const creditHoldReleasedData = z.object({
  holdId: identifier,
  releasedBy: z.enum(['auto', 'finance']),
  reason: z.string(),
  /** For a finance release: the override's last day, or null when it lasts until a new reason appears. */
  overrideUntil: calendarDate.nullable().optional(),
  /** The conditions that cleared the hold and the figures they were judged on (absent on releases written before them). */
  cleared: z
    .object({
      conditions: z.array(holdReleaseCondition).min(1),
      /** The input type that met the last condition (`payment.received`, `order.cancelled`, …), or `day_change`. */
      by: z.string(),
      exposure: amount,
      /** limit × (1 − release margin) when the hold was ever over the limit, else null. */
      releaseThreshold: amount.nullable(),
      /** Open balance of invoices past their due date at the release (0 for every automatic release). */
      overdueAmount: amount,
    })
    .optional(),
  causedBy,
});
export const creditLimitWarningData = z.object({
  exposure: amount,
  creditLimit: amount,
  utilization: z.number(),
  warningUtilization: z.number(),
  causedBy,
});

// ---- 2. stock --------------------------------------------------------------------------------

export const stockAlertKind = z.enum(['stockout', 'low_stock', 'overstock']);
export const stockAlertSeverity = z.enum(['critical', 'high', 'medium', 'low']);

/** Goods on their way to the dealer for one SKU: a shipment in transit or an order's open quantity. */
export const stockArrival = z.object({
  source: z.enum(['in_transit', 'on_order']),
  /** The shipmentId (in transit) or orderId (on order). */
  ref: identifier,
  qty: z.number().int().positive(),
  /** The shipment's estimated arrival, or the order's promised delivery date. */
  expectedDate: calendarDate,
});

export const stockAlertData = z.object({
  /** `<dealerId>/<sku>/<kind>/<n>`: a dealer id (≤ 64) and a sku (≤ 128) can pass 128 characters. */
  alertId: z.string().min(1).max(256),
  sku: identifier,
  kind: stockAlertKind,
  severity: stockAlertSeverity,
  onHand: z.number().int(),
  inTransit: z.number().int(),
  onOrder: z.number().int(),
  avgDailySales: z.number().nonnegative(),
  daysOfCover: z.number().nonnegative().nullable(),
  reorderPoint: z.number().nonnegative(),
  suggestedOrderQty: z.number().int().nonnegative(),
  /**
   * The dealer-local day on hand runs out at the current ADS, arrivals not counted (null when nothing
   * sells). Absent on alerts written before issue 21.
   */
  projectedStockoutDate: calendarDate.nullable().optional(),
  /** What is on its way for the SKU, earliest first. Absent on alerts written before issue 21. */
  arrivals: z.array(stockArrival).optional(),
  causedBy,
});

/** One alert as a summary lists it: its figures, and whether it is new since the dealer's last summary. */
export const summarisedStockAlert = stockAlertData.omit({ causedBy: true }).extend({
  status: z.enum(['new', 'changed', 'open']),
});

export const stockAlertsSummarisedData = z.object({
  /** `<dealerId>/<reason>/<date>`. */
  summaryId: z.string().min(1).max(256),
  /** `opening`: the alerts of the dealer's first review (raised here, not one by one); `daily`: the digest. */
  reason: z.enum(['opening', 'daily']),
  /** The dealer-local day the summary is for. */
  date: calendarDate,
  counts: z.object({ stockout: z.number().int(), low_stock: z.number().int(), overstock: z.number().int() }),
  alerts: z.array(summarisedStockAlert).min(1),
  causedBy,
});

// ---- 3. delivery -----------------------------------------------------------------------------

export const lateCauseCode = z.enum(['carrier_delay', 'manufacturer_reschedule', 'credit_hold', 'backorder', 'late_dispatch', 'unexplained']);

export const lateCause = z.object({
  code: lateCauseCode,
  days: z.number().int().nonnegative(),
  detail: z.record(z.string(), z.unknown()),
});

export const explanationText = z.object({ en: z.string().min(1), 'zh-CN': z.string().min(1) });

const deliveryFigures = {
  orderId: identifier,
  /** `remainder_cancelled`: closed after a short delivery whose missing goods will not come (order cancelled). */
  status: z.enum(['not_dispatched', 'in_transit', 'delivered', 'remainder_cancelled']),
  promisedDeliveryDate: calendarDate,
  deliveredAt: timestamp.nullable(),
  daysLate: z.number().int().nonnegative(),
  causes: z.array(lateCause),
  explanation: explanationText,
};

export const deliveryLateData = z.object({ ...deliveryFigures, causedBy });
export const deliveryPartialData = z.object({
  ...deliveryFigures,
  shortLines: z.array(z.object({ sku: identifier, ordered: z.number().int(), delivered: z.number().int() })).min(1),
  causedBy,
});

// ---- 4. rebates ------------------------------------------------------------------------------

const nextTier = z.object({ threshold: z.number(), rate: z.number(), gap: z.number().nonnegative() }).nullable();

const rebatePeriod = {
  programId: identifier,
  periodStart: calendarDate,
  periodEnd: calendarDate,
  /** Set for per-order programs: the order whose volume is judged. */
  orderId: identifier.optional(),
};

export const rebateAccruedData = z.object({
  ...rebatePeriod,
  volume: z.number().nonnegative(),
  qualifyingAmount: amount,
  /** Index into the program's tiers; null while no tier's threshold is reached. */
  tierIndex: z.number().int().nonnegative().nullable(),
  rate: z.number(),
  accruedAmount: amount,
  nextTier,
  causedBy,
});

export const rebateTierReachedData = z.object({
  ...rebatePeriod,
  tierIndex: z.number().int().nonnegative(),
  threshold: z.number(),
  rate: z.number(),
  volume: z.number().nonnegative(),
  accruedAmount: amount,
  nextTier,
  causedBy,
});

/**
 * How a statement's (or an adjustment's) amount is settled: payable + offset + withheld = the amount.
 * `offset`: set against the dealer's overdue invoices, most overdue first; `withheld`: not paid while
 * the dealer is ineligible or, under the `withhold` policy, has overdue invoices.
 */
export const rebateSettlement = z.object({
  policy: z.enum(['offset', 'withhold']),
  payableAmount: amount,
  offsetAmount: amount,
  offsets: z.array(z.object({ invoiceId: identifier, amount, daysPastDue: z.number().int() })),
  withheldAmount: amount,
});

export const rebateStatementIssuedData = z.object({
  programId: identifier,
  periodStart: calendarDate,
  periodEnd: calendarDate,
  volume: z.number().nonnegative(),
  qualifyingAmount: amount,
  tierIndex: z.number().int().nonnegative().nullable(),
  rate: z.number(),
  rebateAmount: amount,
  /** Per-order programs: each order's own figures (tierIndex and rate above are then null and the effective rate). */
  orders: z
    .array(
      z.object({
        orderId: identifier,
        volume: z.number().nonnegative(),
        qualifyingAmount: amount,
        tierIndex: z.number().int().nonnegative().nullable(),
        rate: z.number(),
        rebateAmount: amount,
      }),
    )
    .optional(),
  status: z.enum(['payable', 'withheld']),
  withheldReason: z.string().nullable(),
  /** How the rebate is settled against what the dealer owes (always written since issue 21; absent on older statements). */
  settlement: rebateSettlement.optional(),
  causedBy,
});

/**
 * A closed period's figures changed: a delivery dated in it arrived after it closed, or goods sold in
 * it came back (`credit.note.issued` with returned lines). Figures are the period's (per-order
 * programs: the order's) after the change; `adjustmentAmount` is the difference to what was stated.
 */
export const rebateAdjustmentIssuedData = z.object({
  ...rebatePeriod,
  reason: z.enum(['late_delivery', 'return']),
  /** The shipmentId of the late delivery or the creditNoteId of the return. */
  documentId: identifier,
  previousVolume: z.number().nonnegative(),
  previousQualifyingAmount: amount,
  previousRebateAmount: amount,
  volume: z.number().nonnegative(),
  qualifyingAmount: amount,
  tierIndex: z.number().int().nonnegative().nullable(),
  rate: z.number(),
  rebateAmount: amount,
  /** rebateAmount − previousRebateAmount: positive is owed to the dealer, negative is owed back. */
  adjustmentAmount: amount,
  status: z.enum(['payable', 'withheld']),
  withheldReason: z.string().nullable(),
  settlement: rebateSettlement,
  causedBy,
});

/**
 * The 80/20 rule at a month end: the dealer's Pareto class by its sales over the window differs from
 * its tier. For operations to accept (`dealer.tier.accepted`) or ignore; master data is not changed.
 */
export const dealerTierSuggestedData = z.object({
  month: z.string(),
  windowMonths: z.number().int().positive(),
  /** The tier the dealer has (master data, or a tier accepted since). */
  currentTier: dealerTier,
  suggestedTier: dealerTier,
  sales: amount,
  currency: z.string(),
  /** 1 for the largest sales. */
  rank: z.number().int().positive(),
  dealerCount: z.number().int().positive(),
  /** The dealer's share of all dealers' sales, and the share of the dealers ranked before it and itself. */
  share: z.number().min(0).max(1),
  cumulativeShare: z.number().min(0).max(1),
  totalSales: amount,
  /** The cumulative shares that close classes A and B. */
  classShares: z.object({ A: z.number(), B: z.number() }),
  causedBy,
});

export const cashDiscountEarnedData = z.object({
  invoiceId: identifier,
  amount,
  pct: z.number(),
  untilDate: calendarDate,
  causedBy,
});

// ---- 5. notifications ------------------------------------------------------------------------

export const notificationAudience = z.enum(['dealer', 'ops', 'finance']);
export const notificationChannel = z.enum(['webhook', 'email', 'inApp']);

const notificationBase = {
  notificationId: identifier,
  outputEventId: identifier,
  outputType: z.string(),
  audience: notificationAudience,
  channel: notificationChannel,
  causedBy,
};

export const notificationRequestedData = z.object({ ...notificationBase, locale, title: z.string(), body: z.string() });
export const notificationDeliveredData = z.object({ ...notificationBase, attempts: z.number().int().positive() });
export const notificationFailedData = z.object({
  ...notificationBase,
  attempts: z.number().int().nonnegative(),
  error: z.string(),
});

// ---- dead letters ----------------------------------------------------------------------------

export const deadLetterData = z.object({
  /** The input as received: parsed JSON when it was JSON, else the text. */
  raw: z.unknown(),
  reason: z.string().min(1),
  /** The topic the input came from, when known. */
  topic: z.string().optional(),
  /** The worker that threw on the input (absent when the input itself was invalid). */
  worker: z.string().optional(),
});

export const outputDataSchemas = {
  'credit.hold.placed': creditHoldPlacedData,
  'credit.review.requested': creditReviewRequestedData,
  'credit.hold.released': creditHoldReleasedData,
  'credit.limit.warning': creditLimitWarningData,
  'stock.alert.raised': stockAlertData,
  'stock.alert.resolved': stockAlertData,
  'stock.alerts.summarised': stockAlertsSummarisedData,
  'delivery.late': deliveryLateData,
  'delivery.partial': deliveryPartialData,
  'rebate.accrued': rebateAccruedData,
  'rebate.tier.reached': rebateTierReachedData,
  'rebate.statement.issued': rebateStatementIssuedData,
  'rebate.adjustment.issued': rebateAdjustmentIssuedData,
  'dealer.tier.suggested': dealerTierSuggestedData,
  'cash.discount.earned': cashDiscountEarnedData,
  'notification.requested': notificationRequestedData,
  'notification.delivered': notificationDeliveredData,
  'notification.failed': notificationFailedData,
  'event.dead_lettered': deadLetterData,
} as const;

export type OutputType = keyof typeof outputDataSchemas;
export const OUTPUT_TYPES = Object.keys(outputDataSchemas) as OutputType[];
export type OutputDataOf<T extends OutputType> = z.infer<(typeof outputDataSchemas)[T]>;

/** What a domain rule decides: an output's type and data. The runtime adds the envelope. */
export type OutputDraft = { [T in OutputType]: { type: T; data: OutputDataOf<T> } }[OutputType];
export type OutputDraftOf<T extends OutputType> = Extract<OutputDraft, { type: T }>;

const outputEnvelopeBase = {
  eventId: identifier,
  schemaVersion: z.literal(1),
  occurredAt: timestamp,
  dealerId: z.string().optional(),
  source: z.string(),
  topic: z.string(),
};

export const outputEvent = z.discriminatedUnion(
  'type',
  Object.entries(outputDataSchemas).map(([type, data]) =>
    z.object({ ...outputEnvelopeBase, type: z.literal(type), data }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

/** An output envelope as written to a topic or an NDJSON file (with `topic`). */
export type OutputEvent = { [T in OutputType]: {
  eventId: string;
  type: T;
  schemaVersion: 1;
  occurredAt: string;
  dealerId?: string;
  source: string;
  data: OutputDataOf<T>;
  topic: string;
} }[OutputType];

export type HoldReason = z.infer<typeof holdReason>;
export type PaymentBehaviour = z.infer<typeof paymentBehaviour>;
export type SuggestedAction = z.infer<typeof suggestedAction>;
export type CreditScore = z.infer<typeof creditScore>;
export type StockAlertKind = z.infer<typeof stockAlertKind>;
export type StockAlertSeverity = z.infer<typeof stockAlertSeverity>;
export type StockArrival = z.infer<typeof stockArrival>;
export type SummarisedStockAlert = z.infer<typeof summarisedStockAlert>;
export type LateCause = z.infer<typeof lateCause>;
