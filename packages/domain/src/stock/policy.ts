import { z } from 'zod';
import type { DealerProfile, DealerTier } from '@dealerflow/contracts';

/*
 * Day counts are whole days: every condition is then decided in integer arithmetic
 * (units sold × days against position × window), never on a rounded average.
 */
const windowDays = z.number().int().min(1);
const days = z.number().int().min(0);

/** What a tier may override; anything left out falls back to the policy's own value. */
export const stockTierSettingsSchema = z
  .object({
    salesWindowDays: windowDays,
    safetyDays: days,
    reviewDays: days,
    overstockDays: days,
    slowMoverDailySales: z.number().finite().min(0),
  })
  .partial();

export const stockPolicySchema = z.object({
  salesWindowDays: windowDays.default(28),
  safetyDays: days.default(3),
  reviewDays: days.default(7),
  overstockDays: days.default(90),
  /**
   * A SKU selling fewer units a day than this (ADS) is a slow mover: running out of it is the end of
   * a normal reorder cycle, not an emergency, so it raises no stock-out (its low-stock alert, severity
   * low, stays open at zero instead). 0 switches the rule off.
   */
  slowMoverDailySales: z.number().finite().min(0).default(0.5),
  /**
   * Whole dealer-local days a slow mover's empty shelf (nothing on hand, nothing coming) is left to the
   * dealer's own routine order before it is raised: found on day D, it is raised if still empty when day
   * D + 1 + this begins. Telling it at once told the dealer what its next order was about to fix. 0 raises at once.
   */
  slowMoverWaitDays: days.default(1),
  /**
   * Days after a day ends that its sales may still be reported: a day counts in the window once the
   * dealer reported sales for it (or a later day), or once this grace has passed without a report
   * (then as no sales). Today never counts before its report: its unreported sales are not zeros.
   */
  salesReportGraceDays: days.default(1),
  /** Whether the alerts of a dealer's first review come as one `stock.alerts.summarised` (reason opening). */
  openingSummary: z.boolean().default(true),
  /** Whether the worker issues the daily digest (`stock.alerts.summarised`, reason daily) at the dealer's day start. */
  dailyDigest: z.boolean().default(true),
  tiers: z
    .object({
      A: stockTierSettingsSchema.optional(),
      B: stockTierSettingsSchema.optional(),
      C: stockTierSettingsSchema.optional(),
      D: stockTierSettingsSchema.optional(),
    })
    .default({}),
});

export type StockPolicy = z.infer<typeof stockPolicySchema>;
export type StockTierSettings = z.infer<typeof stockTierSettingsSchema>;

export const defaultStockPolicy: StockPolicy = stockPolicySchema.parse({});

/** Lead time when the dealer's profile has not been seen yet (the contract's default). */
export const DEFAULT_LEAD_TIME_DAYS = 7;

/** The settings that apply to one dealer: the policy, its tier's overrides and the dealer's lead time. */
export type StockSettings = Required<StockTierSettings> & {
  leadTimeDays: number;
  tier: DealerTier | undefined;
  salesReportGraceDays: number;
  slowMoverWaitDays: number;
};

export function stockSettingsFor(policy: StockPolicy, dealer: DealerProfile | undefined): StockSettings {
  const tier = dealer?.tier;
  const override = tier === undefined ? undefined : policy.tiers[tier];
  return {
    salesWindowDays: override?.salesWindowDays ?? policy.salesWindowDays,
    safetyDays: override?.safetyDays ?? policy.safetyDays,
    reviewDays: override?.reviewDays ?? policy.reviewDays,
    overstockDays: override?.overstockDays ?? policy.overstockDays,
    slowMoverDailySales: override?.slowMoverDailySales ?? policy.slowMoverDailySales,
    salesReportGraceDays: policy.salesReportGraceDays,
    slowMoverWaitDays: policy.slowMoverWaitDays,
    leadTimeDays: dealer?.leadTimeDays ?? DEFAULT_LEAD_TIME_DAYS,
    tier,
  };
}
