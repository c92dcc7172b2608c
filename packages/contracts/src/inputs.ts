import { z } from 'zod';
import {
  calendarDate,
  currency,
  dealerId,
  dealerTier,
  identifier,
  locale,
  money,
  positiveMoney,
  positiveQuantity,
  quantity,
  timestamp,
} from './primitives';

const ianaTimeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an IANA time zone such as Asia/Shanghai' },
);

/** Fields every envelope has; `data` is refined per type below. */
const envelopeBase = {
  eventId: identifier,
  schemaVersion: z.literal(1),
  occurredAt: timestamp,
  /** When the log received it; stamped by the server (docs/pipeline.md, ingest.maxFutureSkewMinutes). */
  receivedAt: timestamp.optional(),
  source: z.string().optional(),
};

function dealerEvent<T extends string, D extends z.ZodType>(type: T, data: D) {
  return z.object({ ...envelopeBase, type: z.literal(type), dealerId, data });
}

function globalEvent<T extends string, D extends z.ZodType>(type: T, data: D) {
  return z.object({ ...envelopeBase, type: z.literal(type), data });
}

// ---- master and reference data ----------------------------------------------------------------

export const dealerUpsertedData = z.object({
  name: z.string().min(1),
  tier: dealerTier,
  region: z.string().min(1),
  locale,
  /** The dealer's days (today, due dates, days past due) are counted in it; absent, in the company's (policy `calendar.timeZone`). */
  timezone: ianaTimeZone.optional(),
  currency,
  creditLimit: money,
  paymentTerms: z.object({
    netDays: z.number().int().positive(),
    discountPct: z.number().min(0).max(100).optional(),
    discountDays: z.number().int().nonnegative().optional(),
  }),
  leadTimeDays: z.number().int().nonnegative().default(7),
  contacts: z
    .object({
      email: z.email().optional(),
      webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
    })
    .optional(),
});

export const productUpsertedData = z.object({
  sku: identifier,
  name: z.string().min(1),
  category: z.string().min(1),
  unitPrice: money,
  packSize: z.number().int().min(1).default(1),
});

const rebateTier = z.object({
  threshold: z.number().finite().nonnegative(),
  rate: z.number().finite().min(0).max(1),
});

export const rebateProgramUpsertedData = z
  .object({
    programId: identifier,
    name: z.string().min(1),
    periodStart: calendarDate,
    periodEnd: calendarDate,
    basis: z.enum(['quantity', 'amount']),
    accumulation: z.enum(['period', 'per_order']),
    method: z.enum(['all_units', 'incremental']),
    tiers: z.array(rebateTier).min(1),
    scope: z
      .object({
        skus: z.array(identifier).optional(),
        categories: z.array(z.string().min(1)).optional(),
        dealerTiers: z.array(dealerTier).optional(),
      })
      .optional(),
    eligibility: z.object({ maxDaysPastDue: z.number().int().nonnegative().default(60) }).optional(),
  })
  .superRefine((program, ctx) => {
    if (program.method === 'incremental' && program.basis !== 'amount') {
      ctx.addIssue({ code: 'custom', path: ['method'], message: 'incremental tiers are allowed only with basis "amount"' });
    }
    if (program.periodEnd < program.periodStart) {
      ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'periodEnd is before periodStart' });
    }
    program.tiers.forEach((tier, index) => {
      const previous = program.tiers[index - 1];
      if (previous && tier.threshold <= previous.threshold) {
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', index, 'threshold'],
          message: 'tier thresholds must be strictly ascending',
        });
      }
    });
  });

/**
 * The month-end close of the sales ledger (reference data): each dealer's net sales (invoiced less
 * credit notes) over the `windowMonths` months ending with `month`, in the company's currency. Every
 * partition receives it, so each dealer can be ranked against all the others (docs/rebates.md, "Dealer tiers").
 */
export const salesTotalsPublishedData = z
  .object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'expected a month YYYY-MM' }),
    windowMonths: z.number().int().positive().default(12),
    currency,
    dealers: z.array(z.object({ dealerId, sales: money })).min(1, { message: 'sales totals name at least one dealer' }),
  })
  .refine((totals) => new Set(totals.dealers.map((dealer) => dealer.dealerId)).size === totals.dealers.length, {
    path: ['dealers'],
    message: 'each dealer appears once',
  });

/**
 * Operations accept a `dealer.tier.suggested`: the dealer's tier should become `tier`. Master data
 * stays the record (its next `dealer.upserted` carries the tier); until then the suggestion is not repeated.
 */
export const dealerTierAcceptedData = z.object({
  tier: dealerTier,
  /** The month of the suggestion accepted (`YYYY-MM`). */
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'expected a month YYYY-MM' }),
  acceptedBy: z.string().min(1),
  note: z.string().optional(),
});

// ---- orders -----------------------------------------------------------------------------------

export const orderLine = z.object({ sku: identifier, qty: positiveQuantity, unitPrice: money });

export const orderPlacedData = z.object({
  orderId: identifier,
  warehouseId: identifier,
  lines: z.array(orderLine).min(1, { message: 'an order has at least one line' }),
  promisedDeliveryDate: calendarDate,
});

export const orderAmendedData = z.object({
  orderId: identifier,
  lines: z.array(orderLine).min(1, { message: 'an amendment that replaces lines has at least one line' }).optional(),
  promisedDeliveryDate: calendarDate.optional(),
  requestedBy: z.enum(['dealer', 'manufacturer']),
  reason: z.string().optional(),
});

export const orderCancelledData = z.object({ orderId: identifier, reason: z.string().optional() });

// ---- deliveries -------------------------------------------------------------------------------

export const shipmentDispatchedData = z.object({
  shipmentId: identifier,
  orderId: identifier,
  warehouseId: identifier,
  carrier: z.string().min(1),
  lines: z.array(z.object({ sku: identifier, qty: positiveQuantity })).min(1, { message: 'a shipment has at least one line' }),
  estimatedArrivalDate: calendarDate,
});

export const shipmentExceptionData = z.object({
  shipmentId: identifier,
  code: z.enum(['weather', 'vehicle', 'customs', 'address', 'capacity', 'other']),
  note: z.string().optional(),
});

export const shipmentDeliveredData = z.object({
  shipmentId: identifier,
  orderId: identifier,
  lines: z.array(z.object({ sku: identifier, qty: quantity })).min(1, { message: 'a delivery has at least one line' }),
});

// ---- inventory --------------------------------------------------------------------------------

export const dealerStockReportedData = z.object({
  items: z.array(z.object({ sku: identifier, onHand: quantity })).min(1, { message: 'a stock report has at least one item' }),
});

export const dealerSalesReportedData = z.object({
  date: calendarDate,
  items: z.array(z.object({ sku: identifier, qty: quantity })).min(1, { message: 'a sales report has at least one item' }),
});

export const warehouseStockReportedData = z.object({
  warehouseId: identifier,
  items: z.array(z.object({ sku: identifier, available: quantity })).min(1, { message: 'a stock report has at least one item' }),
});

/**
 * A dealer or operations acknowledged or snoozed a stock alert (the API's
 * `POST /v1/dealers/{dealerId}/stock-alerts/acknowledgements`). The alert is left out of the dealer's
 * daily digests until its severity changes or, for a snooze, until `snoozeUntil` (a day in the
 * dealer's time zone) begins. docs/stock.md, "Acknowledging and snoozing".
 */
export const stockAlertAcknowledgedData = z
  .object({
    alertId: z.string().min(1).max(256),
    action: z.enum(['acknowledge', 'snooze']),
    snoozeUntil: calendarDate.optional(),
    by: z.string().min(1),
    note: z.string().optional(),
  })
  .superRefine((ack, ctx) => {
    if (ack.action === 'snooze' && ack.snoozeUntil === undefined) {
      ctx.addIssue({ code: 'custom', path: ['snoozeUntil'], message: 'a snooze needs the day it ends (snoozeUntil)' });
    }
    if (ack.action === 'acknowledge' && ack.snoozeUntil !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['snoozeUntil'], message: 'only a snooze has snoozeUntil' });
    }
  });

/**
 * A working calendar: the days a warehouse does not work (public holidays, and weekdays off if it
 * keeps a weekend). `warehouseIds` names the warehouses it applies to, or `"*"` for every warehouse
 * (a country's calendar where all warehouses are in one country). A publication replaces the
 * calendar of the same `calendarId`; a warehouse's days off are those of every calendar naming it.
 */
export const calendarHolidaysPublishedData = z.object({
  calendarId: identifier,
  warehouseIds: z.union([z.literal('*'), z.array(identifier).min(1, { message: 'name at least one warehouse, or "*" for all' })]),
  /** Days of the week off every week, 0 = Sunday … 6 = Saturday; none by default (warehouses that work every day). */
  weekendDays: z.array(z.number().int().min(0).max(6)).default([]),
  holidays: z.array(z.object({ date: calendarDate, name: z.string().min(1) })),
});

/**
 * A published exchange rate (reference data): from `validFrom` (a date) on, one `base` buys `rate`
 * `quote`, until a later publication for the pair. A rate is exact: decimal text (or a number) with
 * at most 8 decimals. Documents in a currency other than the dealer's are converted with it (docs/credit.md).
 */
export const fxRatePublishedData = z
  .object({
    base: currency,
    quote: currency,
    rate: z.union([
      z.string().regex(/^\d+(\.\d{1,8})?$/, { message: 'expected a decimal with at most 8 places, such as "7.1234"' }),
      z.number().positive().refine((rate) => Math.abs(rate * 1e8 - Math.round(rate * 1e8)) < 1e-6, { message: 'a rate has at most 8 decimals' }),
    ]).refine((rate) => Number(rate) > 0, { message: 'a rate is above zero' }),
    validFrom: calendarDate,
  })
  .refine((fx) => fx.base !== fx.quote, { path: ['quote'], message: 'base and quote are the same currency' });

// ---- payments ---------------------------------------------------------------------------------

export const invoiceIssuedData = z.object({
  invoiceId: identifier,
  orderId: identifier.optional(),
  amount: positiveMoney,
  currency,
  dueDate: calendarDate,
  discount: z.object({ pct: z.number().gt(0).max(100), untilDate: calendarDate }).optional(),
});

export const paymentReceivedData = z.object({
  paymentId: identifier,
  amount: positiveMoney,
  currency,
  allocations: z.array(z.object({ invoiceId: identifier, amount: positiveMoney })).optional(),
});

/**
 * A credit note: money taken off what the dealer owes (against an invoice, or on account). A return
 * of goods is a credit note with `returnedLines`; the rebate worker takes them off the sales they were
 * counted in (docs/rebates.md).
 */
export const creditNoteIssuedData = z.object({
  creditNoteId: identifier,
  invoiceId: identifier.optional(),
  orderId: identifier.optional(),
  amount: positiveMoney,
  currency,
  reason: z.string().min(1),
  returnedLines: z
    .array(z.object({ sku: identifier, qty: positiveQuantity, unitPrice: money.optional(), orderId: identifier.optional() }))
    .min(1, { message: 'a return names at least one line (leave returnedLines out for a credit note without goods)' })
    .optional(),
});

// ---- finance and clock ------------------------------------------------------------------------

export const creditDecisionRecordedData = z
  .object({
    holdId: identifier.optional(),
    decision: z.enum(['release', 'keep', 'hold']),
    overrideUntil: calendarDate.optional(),
    /** For `keep`: the last day the hold is kept whatever the figures do (absent: until the reasons clear by payment). */
    keepUntil: calendarDate.optional(),
    decidedBy: z.string().min(1),
    note: z.string().optional(),
  })
  .superRefine((decision, ctx) => {
    if (decision.decision === 'hold' && !decision.note?.trim()) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'a manual hold needs a note saying why' });
    }
    if (decision.keepUntil !== undefined && decision.decision !== 'keep') {
      ctx.addIssue({ code: 'custom', path: ['keepUntil'], message: 'only a keep decision has keepUntil' });
    }
  });

/**
 * Finance sets a dealer's credit limit (the API's `POST /v1/dealers/{dealerId}/credit-limit`). It
 * stands until master data changes the limit (docs/credit.md). `decidedAt` is the wall clock of the
 * person's decision; the envelope's `occurredAt` places it in the dealer's stream.
 */
export const creditLimitSetData = z.object({
  creditLimit: money,
  note: z.string().refine((note) => note.trim().length > 0, { message: 'a limit change needs a note saying why' }),
  decidedBy: z.string().min(1),
  decidedAt: timestamp,
});

export const clockTickData = z.object({});

// ---- envelopes --------------------------------------------------------------------------------

export const dealerUpserted = dealerEvent('dealer.upserted', dealerUpsertedData);
export const dealerTierAccepted = dealerEvent('dealer.tier.accepted', dealerTierAcceptedData);
export const salesTotalsPublished = globalEvent('sales.totals.published', salesTotalsPublishedData);
export const productUpserted = globalEvent('product.upserted', productUpsertedData);
export const rebateProgramUpserted = z.object({
  ...envelopeBase,
  type: z.literal('rebate.program.upserted'),
  /** The dealer the program applies to, or `"*"` for all dealers. */
  dealerId,
  data: rebateProgramUpsertedData,
});
export const orderPlaced = dealerEvent('order.placed', orderPlacedData);
export const orderAmended = dealerEvent('order.amended', orderAmendedData);
export const orderCancelled = dealerEvent('order.cancelled', orderCancelledData);
export const shipmentDispatched = dealerEvent('shipment.dispatched', shipmentDispatchedData);
export const shipmentException = dealerEvent('shipment.exception', shipmentExceptionData);
export const shipmentDelivered = dealerEvent('shipment.delivered', shipmentDeliveredData);
export const dealerStockReported = dealerEvent('dealer.stock.reported', dealerStockReportedData);
export const dealerSalesReported = dealerEvent('dealer.sales.reported', dealerSalesReportedData);
export const stockAlertAcknowledged = dealerEvent('stock.alert.acknowledged', stockAlertAcknowledgedData);
export const warehouseStockReported = globalEvent('warehouse.stock.reported', warehouseStockReportedData);
export const calendarHolidaysPublished = globalEvent('calendar.holidays.published', calendarHolidaysPublishedData);
export const fxRatePublished = globalEvent('fx.rate.published', fxRatePublishedData);
export const invoiceIssued = dealerEvent('invoice.issued', invoiceIssuedData);
export const paymentReceived = dealerEvent('payment.received', paymentReceivedData);
export const creditNoteIssued = dealerEvent('credit.note.issued', creditNoteIssuedData);
export const creditDecisionRecorded = dealerEvent('credit.decision.recorded', creditDecisionRecordedData);
export const creditLimitSet = dealerEvent('credit.limit.set', creditLimitSetData);
export const clockTick = globalEvent('clock.tick', clockTickData);

export const inputEventSchemas = {
  'dealer.upserted': dealerUpserted,
  'dealer.tier.accepted': dealerTierAccepted,
  'sales.totals.published': salesTotalsPublished,
  'product.upserted': productUpserted,
  'rebate.program.upserted': rebateProgramUpserted,
  'order.placed': orderPlaced,
  'order.amended': orderAmended,
  'order.cancelled': orderCancelled,
  'shipment.dispatched': shipmentDispatched,
  'shipment.exception': shipmentException,
  'shipment.delivered': shipmentDelivered,
  'dealer.stock.reported': dealerStockReported,
  'dealer.sales.reported': dealerSalesReported,
  'stock.alert.acknowledged': stockAlertAcknowledged,
  'warehouse.stock.reported': warehouseStockReported,
  'calendar.holidays.published': calendarHolidaysPublished,
  'fx.rate.published': fxRatePublished,
  'invoice.issued': invoiceIssued,
  'payment.received': paymentReceived,
  'credit.note.issued': creditNoteIssued,
  'credit.decision.recorded': creditDecisionRecorded,
  'credit.limit.set': creditLimitSet,
  'clock.tick': clockTick,
} as const;

export const inputEvent = z.discriminatedUnion('type', [
  dealerUpserted,
  dealerTierAccepted,
  salesTotalsPublished,
  productUpserted,
  rebateProgramUpserted,
  orderPlaced,
  orderAmended,
  orderCancelled,
  shipmentDispatched,
  shipmentException,
  shipmentDelivered,
  dealerStockReported,
  dealerSalesReported,
  stockAlertAcknowledged,
  warehouseStockReported,
  calendarHolidaysPublished,
  fxRatePublished,
  invoiceIssued,
  paymentReceived,
  creditNoteIssued,
  creditDecisionRecorded,
  creditLimitSet,
  clockTick,
]);

export type InputEvent = z.infer<typeof inputEvent>;
export type InputType = InputEvent['type'];
export type InputEventOf<T extends InputType> = Extract<InputEvent, { type: T }>;
export type DealerProfile = z.infer<typeof dealerUpsertedData>;
export type Product = z.infer<typeof productUpsertedData>;
export type RebateProgram = z.infer<typeof rebateProgramUpsertedData>;
export type OrderLine = z.infer<typeof orderLine>;

export const INPUT_TYPES = Object.keys(inputEventSchemas) as InputType[];

/** Input types that carry no dealer: reference data and the clock. */
export const GLOBAL_INPUT_TYPES = ['product.upserted', 'warehouse.stock.reported', 'calendar.holidays.published', 'fx.rate.published', 'sales.totals.published', 'clock.tick'] as const satisfies readonly InputType[];
