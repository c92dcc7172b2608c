import { z } from 'zod';

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
});

export type RebatePolicy = z.infer<typeof rebatePolicySchema>;

export const defaultRebatePolicy: RebatePolicy = rebatePolicySchema.parse({});
