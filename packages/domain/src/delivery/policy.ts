import { z } from 'zod';
import { creditPolicySchema } from '../credit';

/**
 * Late-delivery settings (RULES.md §3). `deliveryPolicySchema.parse({})` gives the defaults.
 * RULES.md names no figure of its own for §3; what is here is the credit settings the worker
 * recomputes holds with, and how long finished business is kept.
 */
export const deliveryPolicySchema = z.object({
  /**
   * The credit rules used to recompute hold spans. They must equal the credit worker's policy,
   * or the holds this worker blames would differ from the holds the dealer was told about.
   */
  credit: creditPolicySchema.prefault({}),
  /**
   * Days after an order's full delivery (or after a shipment was last heard of, for a shipment
   * whose order is unknown) before it is dropped from state. Nothing is notified about it by then.
   */
  retentionDays: z.number().int().positive().default(90),
  /**
   * How days late (and each cause's days) are counted: `calendar` days, as RULES.md §3 says, or
   * `working` days of the order's warehouse (its published working calendar: holidays and weekly
   * days off are not counted).
   */
  lateDays: z.enum(['calendar', 'working']).default('calendar'),
});

export type DeliveryPolicy = z.infer<typeof deliveryPolicySchema>;

export const defaultDeliveryPolicy: DeliveryPolicy = deliveryPolicySchema.parse({});
