import { z } from 'zod';

/**
 * Settings of the review's credit score and suggested limit (docs/credit.md, "Credit score"). Part
 * of the credit policy as `score`; `creditScorePolicySchema.parse({})` gives the defaults.
 */
export const creditScorePolicySchema = z.object({
  /** Look-back of DSO, the order trend and the count of recent holds; the trend history keeps this much. */
  windowDays: z.number().int().min(2).default(90),
  /** The recent part of the window, compared with the rest of it (utilization and order trends). */
  recentDays: z.number().int().positive().default(30),
  /** Utilization rising or falling by more than this (0.1 = 10 points of the limit) is a trend. */
  utilizationTrendThreshold: z.number().nonnegative().default(0.1),
  /** Orders per 30 days changing by more than this share of the earlier pace is a trend. */
  orderTrendThreshold: z.number().nonnegative().default(0.2),
  /** Most points per factor; the score is their sum, at most 100. */
  points: z
    .object({
      paymentRecord: z.number().int().nonnegative().default(35),
      overdue: z.number().int().nonnegative().default(20),
      utilization: z.number().int().nonnegative().default(15),
      utilizationTrend: z.number().int().nonnegative().default(10),
      recentHolds: z.number().int().nonnegative().default(20),
    })
    .prefault({})
    .refine((points) => Object.values(points).reduce((sum, value) => sum + value, 0) === 100, {
      message: 'the points of the factors must add up to 100',
    }),
  /** Lowest score of grades A, B and C; below C's is D. */
  gradeFloors: z.object({ A: z.number().default(80), B: z.number().default(60), C: z.number().default(40) }).prefault({}),
  /** Suggested limit = orders per 30 days × (net days + this) ÷ 30 × the grade's factor. */
  orderCoverDays: z.number().int().nonnegative().default(30),
  gradeFactors: z
    .object({ A: z.number().nonnegative().default(1), B: z.number().nonnegative().default(0.85), C: z.number().nonnegative().default(0.7), D: z.number().nonnegative().default(0.5) })
    .prefault({}),
  /** The suggestion moves the current limit up by at most this share... */
  maxIncrease: z.number().nonnegative().default(0.5),
  /** ...and down by at most this share. */
  maxDecrease: z.number().min(0).max(1).default(0.5),
  /** The suggestion is rounded half-up to a multiple of this (money). */
  roundTo: z.number().positive().default(1000),
});

export type CreditScorePolicy = z.infer<typeof creditScorePolicySchema>;
