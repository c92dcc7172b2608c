import { z } from 'zod';
import { locale, stockAlertSeverity } from '@dealerflow/contracts';

/** The output types a person can be told about (each has templates in every locale). */
export const notifiableType = z.enum([
  'stock.alert.raised',
  'stock.alerts.summarised',
  'delivery.late',
  'delivery.partial',
  'credit.hold.placed',
  'credit.review.requested',
  'credit.hold.released',
  'credit.limit.warning',
  'rebate.accrued',
  'rebate.tier.reached',
  'rebate.statement.issued',
  'rebate.adjustment.issued',
  'cash.discount.earned',
  'dealer.tier.suggested',
]);
export type NotifiableType = z.infer<typeof notifiableType>;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected a time HH:MM (24-hour)' });

const audienceRoute = (types: NotifiableType[], stockSeverities: z.infer<typeof stockAlertSeverity>[]) =>
  z
    .object({
      /** The output types this audience hears. */
      types: z.array(notifiableType).default(types),
      /** Of `stock.alert.raised`, only these severities. */
      stockSeverities: z.array(stockAlertSeverity).default(stockSeverities),
    })
    .prefault({});

/**
 * Notification settings (RULES.md §5). `notifyPolicySchema.parse({})` gives the defaults of the
 * §5 table; every value is an operator setting.
 */
export const notifyPolicySchema = z.object({
  /** Who hears what. Finance hears a new hold through `credit.review.requested`, the hold's review. */
  audiences: z
    .object({
      // Non-critical stock alerts reach the dealer in the stock worker's daily digest (stock.alerts.summarised).
      dealer: audienceRoute(
        [
          'stock.alert.raised',
          'stock.alerts.summarised',
          'delivery.late',
          'delivery.partial',
          'credit.hold.placed',
          'credit.hold.released',
          'rebate.tier.reached',
          'rebate.statement.issued',
          'rebate.adjustment.issued',
          'cash.discount.earned',
          'rebate.accrued',
        ],
        ['critical'],
      ),
      ops: audienceRoute(['stock.alert.raised', 'delivery.late', 'delivery.partial', 'dealer.tier.suggested'], ['critical', 'high']),
      finance: audienceRoute(
        ['credit.review.requested', 'credit.hold.released', 'credit.limit.warning', 'rebate.statement.issued', 'rebate.adjustment.issued'],
        [],
      ),
    })
    .prefault({}),
  /** `rebate.accrued` is told to the dealer when the gap to the next tier is at most this share of its threshold, once per tier. */
  nearTierGapShare: z.number().min(0).max(1).default(0.1),
  /**
   * Dealer messages that are not critical and fall in this window of the dealer's local time are
   * held until `end`. `start` after `end` spans midnight; `start` equal to `end` turns quiet hours off.
   */
  quietHours: z.object({ start: clockTime.default('21:00'), end: clockTime.default('08:00') }).prefault({}),
  /** Sent at once, quiet hours or not. */
  critical: z
    .object({
      types: z.array(notifiableType).default(['credit.hold.placed']),
      stockSeverities: z.array(stockAlertSeverity).default(['critical']),
    })
    .prefault({}),
  /**
   * Stock alerts for one dealer, audience and channel are sent as one digest when several share a
   * group: by default the input event that raised them (`windowMinutes: 0`); a positive window
   * also groups alerts of different events whose `occurredAt` falls in the same window of the batch.
   */
  digest: z
    .object({
      windowMinutes: z.number().int().nonnegative().default(0),
      /** A digest lists at most this many alerts in full and counts the rest. */
      maxListed: z.number().int().positive().default(50),
    })
    .prefault({}),
  /** Email address of operations; without it operations hear in-app only. */
  opsEmail: z.email().optional(),
  /** Email address of finance; without it finance hears in-app only. */
  financeEmail: z.email().optional(),
  opsLocale: locale.default('en'),
  financeLocale: locale.default('en'),
});

export type NotifyPolicy = z.infer<typeof notifyPolicySchema>;

export const defaultNotifyPolicy: NotifyPolicy = notifyPolicySchema.parse({});
