import { z } from 'zod';
import { creditPolicySchema } from '../credit';

/**
 * Settings of the rebate worker. `rebatePolicySchema.parse({})` gives the defaults of RULES.md §4.
 */
export const rebatePolicySchema = z.object({
  eligibility: z
    .object({
      /** A statement is withheld when the dealer has an invoice more than this many days past due; a program's own value wins. */
      maxDaysPastDue: z.number().int().nonnegative().default(60),
    })
    .prefault({}),
  /**
   * Days of delivered lines kept so that a program published or changed later can be recomputed
   * from its period's sales. Lines inside a still open period are kept regardless.
   */
  deliveryHistoryDays: z.number().int().positive().default(120),
  /**
   * What a statement does when the dealer has overdue invoices at the close (due date passed, money
   * still open, by the credit rules): `offset` sets the rebate against them, most overdue first, and
   * pays the rest; `withhold` pays nothing until finance releases it. A program's eligibility limit
   * (`eligibility.maxDaysPastDue`) still withholds the whole rebate first.
   */
  overdueSettlement: z.enum(['offset', 'withhold']).default('offset'),
  /**
   * Days after a period's end during which late deliveries and returns into it issue
   * `rebate.adjustment.issued`; later changes are left to finance (the period's figures are then forgotten).
   */
  adjustmentWindowDays: z.number().int().positive().default(180),
  /**
   * The credit rules the worker reads receivables by (its copy of the ledger: days past due, cash
   * discounts, payment days). Always the credit section of the policy file, as for the delivery
   * worker: an invoice overdue for finance is overdue for the rebate, a discount earned is earned.
   */
  credit: creditPolicySchema.prefault({}),
  /** The 80/20 rule (docs/rebates.md, "Dealer tiers"): the cumulative shares of sales that close classes A and B. */
  tierSuggestion: z
    .object({
      classShares: z
        .object({ A: z.number().gt(0).lt(1).default(0.8), B: z.number().gt(0).max(1).default(0.95) })
        .prefault({})
        .refine((shares) => shares.A < shares.B, { message: 'class A must close below class B' }),
    })
    .prefault({}),
});

export type RebatePolicy = z.infer<typeof rebatePolicySchema>;

export const defaultRebatePolicy: RebatePolicy = rebatePolicySchema.parse({});
