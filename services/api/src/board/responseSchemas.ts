import {
  cashDiscountEarnedData,
  dealerTier,
  deliveryLateData,
  deliveryPartialData,
  locale,
  rebateAccruedData,
  rebateAdjustmentIssuedData,
  rebateStatementIssuedData,
  stockAlertData,
  stockAlertSeverity,
} from '@dealerflow/contracts';
import type {
  CashDiscount,
  CreditDecisionRecord,
  DealerSummary,
  DeliveryExplanation,
  ExposurePoint,
  OpenStockAlert,
  RebateProgress,
  RebateAdjustment,
  RebateStatement,
  StockPosition,
  TimelineEntry,
} from '@dealerflow/runtime';
import { z } from 'zod';

/**
 * The answers of the board's JSON routes: the outputs' own data schemas from the contract plus
 * what the read models add, each checked against the port's type so the two cannot drift apart.
 */

const rfc3339 = (what: string) => z.string().describe(`RFC 3339, ${what}`);

export const dealerSummarySchema = z.object({
  dealerId: z.string(),
  name: z.string(),
  tier: dealerTier,
  region: z.string(),
  locale,
  openAlerts: z.record(stockAlertSeverity, z.number().int()).describe('stock alerts raised and not yet resolved, by severity'),
  lateDeliveries: z.number().int().describe('orders whose latest explanation is delivery.late or delivery.partial'),
  credit: z.object({
    status: z.enum(['ok', 'warning', 'on_hold']).describe('on_hold: an active hold; warning: a limit warning since the last release'),
    holdId: z.string().nullable().describe("the active hold's id"),
    exposure: z.number().nullable().describe('the last exposure an output reported (hold or warning)'),
    creditLimit: z.number(),
  }),
}) satisfies z.ZodType<DealerSummary>;

export const openStockAlertSchema = stockAlertData.extend({
  dealerId: z.string(),
  raisedAt: rfc3339('event time of the latest stock.alert.raised'),
}) satisfies z.ZodType<OpenStockAlert>;

const explained = { dealerId: z.string(), occurredAt: rfc3339('event time of the explanation') };

export const deliveryExplanationSchema = z.discriminatedUnion('type', [
  deliveryLateData.extend({ type: z.literal('delivery.late'), ...explained }),
  deliveryPartialData.extend({ type: z.literal('delivery.partial'), ...explained }),
]) satisfies z.ZodType<DeliveryExplanation>;

export const timelineEntrySchema = z.object({
  kind: z.enum(['input', 'output']),
  eventId: z.string(),
  type: z.string(),
  occurredAt: rfc3339('event time'),
  topic: z.string(),
  data: z.unknown().describe("the envelope's data"),
}) satisfies z.ZodType<TimelineEntry>;

export const exposurePointSchema = z.object({
  at: rfc3339('event time of the credit-relevant input'),
  exposure: z.number(),
  creditLimit: z.number(),
  openReceivables: z.number(),
  openOrderValue: z.number(),
  overdueAmount: z.number(),
}) satisfies z.ZodType<ExposurePoint>;

export const stockPositionSchema = z.object({
  sku: z.string(),
  onHand: z.number().int(),
  inTransit: z.number().int(),
  onOrder: z.number().int(),
  avgDailySales: z.number(),
  daysOfCover: z.number().nullable().describe('null when nothing sold in the window'),
  reorderPoint: z.number(),
  position: z.number().describe('on hand + in transit + on order'),
  suggestedOrderQty: z.number().int().describe('what the alerts would suggest ordering now, 0 when nothing is needed'),
}) satisfies z.ZodType<StockPosition>;

const dealt = { dealerId: z.string(), occurredAt: rfc3339('event time of the output') };

export const rebateProgressSchema = rebateAccruedData.extend(dealt) satisfies z.ZodType<RebateProgress>;
export const rebateStatementSchema = rebateStatementIssuedData.extend(dealt) satisfies z.ZodType<RebateStatement>;
export const cashDiscountSchema = cashDiscountEarnedData.extend(dealt) satisfies z.ZodType<CashDiscount>;
export const rebateAdjustmentSchema = rebateAdjustmentIssuedData.extend(dealt) satisfies z.ZodType<RebateAdjustment>;

export const creditDecisionSchema = z.object({
  eventId: z.string().describe('of the credit.decision.recorded or credit.limit.set input'),
  dealerId: z.string(),
  holdId: z.string().nullable().describe('null for a manual hold and a limit'),
  decision: z.enum(['release', 'keep', 'hold', 'set_limit']),
  decidedBy: z.string(),
  note: z.string().nullable(),
  overrideUntil: z.string().nullable().describe('YYYY-MM-DD'),
  keepUntil: z.string().nullable().describe("YYYY-MM-DD: a keep's last day (the hold stands through it whatever the figures do); null otherwise"),
  creditLimit: z.number().nullable().describe('the limit set (set_limit), else null'),
  decidedAt: rfc3339('when the person decided (wall clock)'),
  effectiveAt: rfc3339("when it took effect in the dealer's stream (event time: the input's occurredAt)"),
}) satisfies z.ZodType<CreditDecisionRecord>;

/** `{ items }` of one page; the next page's cursor is in the `Next-Cursor` header. */
export const pageOf = <T extends z.ZodType>(item: T, order: string) => z.object({ items: z.array(item).describe(order) });
