import { z } from 'zod';
import { creditScorePolicySchema } from './scorePolicy';

/**
 * Credit settings (RULES.md §1). `creditPolicySchema.parse({})` gives the defaults; every value is
 * an operator setting.
 */
export const creditPolicySchema = z.object({
  /** An invoice more than this many days past due puts the dealer on hold (`past_due`). */
  pastDueHoldDays: z.number().int().nonnegative().default(30),
  /** `credit.limit.warning` when exposure reaches this share of the limit. */
  warningUtilization: z.number().positive().default(0.9),
  /** Suggest keeping the hold when an invoice is more than this many days past due. */
  seriousPastDueDays: z.number().int().nonnegative().default(60),
  /** Suggest keeping the hold when the on-time ratio is below this. */
  keepHoldBelowOnTimeRatio: z.number().min(0).max(1).default(0.5),
  /** An over-limit excess up to this share of the limit may be released with an override... */
  overrideMaxExcessRatio: z.number().nonnegative().default(0.1),
  /** ...when the on-time ratio is at least this (or nothing was settled yet). */
  overrideMinOnTimeRatio: z.number().min(0).max(1).default(0.8),
  /** The payment behaviour summary looks back this many days from the watermark date. */
  reviewWindowDays: z.number().int().positive().default(365),
  /**
   * An over-limit hold is released only once exposure is at or below limit × (1 − this): a dealer
   * hovering at its limit is not released and held again on every order and payment.
   */
  releaseMargin: z.number().min(0).max(1).default(0.05),
  /**
   * A payment counts from its value date (`occurredAt`), but no earlier than this many days before
   * the day it was received (`receivedAt`): bank value dates run a day or two behind a remittance.
   */
  paymentBackdatingDays: z.number().int().nonnegative().default(2),
  /** The review's credit score and suggested limit (scorePolicy.ts). */
  score: creditScorePolicySchema.prefault({}),
});

export type CreditPolicy = z.infer<typeof creditPolicySchema>;

export const defaultCreditPolicy: CreditPolicy = creditPolicySchema.parse({});
