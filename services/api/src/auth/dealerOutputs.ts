import type { OutputType } from '@dealerflow/contracts';
import type { OutputQuery } from '@dealerflow/runtime';

/**
 * Which outputs are addressed to the dealer they name, for a dealer's token: what the dealer is told
 * or may act on, not the staff's working about it. Every output type is listed, so a new type cannot
 * reach dealers without a decision here (docs/api.md, "What a dealer reads").
 */
const DEALER_READS = {
  // Told to the dealer (rules §5): its hold and its release.
  'credit.hold.placed': 'yes',
  'credit.hold.released': 'yes',
  // Finance's: the review carries payment behaviour and the suggested action; the warning is finance's early signal.
  'credit.review.requested': 'no',
  'credit.limit.warning': 'no',
  // The dealer's portal shows all of these.
  'stock.alert.raised': 'yes',
  'stock.alert.resolved': 'yes',
  'stock.alerts.summarised': 'yes',
  'delivery.late': 'yes',
  'delivery.partial': 'yes',
  'rebate.accrued': 'yes',
  'rebate.tier.reached': 'yes',
  'rebate.statement.issued': 'yes',
  'rebate.adjustment.issued': 'yes',
  // Operations': a suggestion about the dealer's tier, for them to accept or ignore.
  'dealer.tier.suggested': 'no',
  'cash.discount.earned': 'yes',
  // What the dealer was told, and that it was delivered: only its own messages, never those to operations or finance.
  'notification.requested': 'when told to the dealer',
  'notification.delivered': 'when told to the dealer',
  // Operations': the notifier's diagnosis (relay, network) of a delivery they retry.
  'notification.failed': 'no',
  // The source systems' operators': an input that could not be taken, as the manufacturer's system sent it.
  'event.dead_lettered': 'no',
} as const satisfies Record<OutputType, 'yes' | 'no' | 'when told to the dealer'>;

const DEALER_TYPES = (Object.keys(DEALER_READS) as OutputType[]).filter((type) => DEALER_READS[type] !== 'no');

/** The part of an output query that holds a dealer's token to what is addressed to it. */
export const DEALER_OUTPUTS: Pick<OutputQuery, 'types' | 'notificationAudience'> = {
  types: DEALER_TYPES,
  notificationAudience: 'dealer',
};

/**
 * Whether a dealer's token may see one line of its timeline: an output addressed to it (as above), or
 * an input it sent or that named it — except finance's decisions and limits, whose notes are finance's
 * working (the dealer hears the outcome through its hold's release).
 */
export function dealerMaySee(entry: { kind: 'input' | 'output'; type: string; data: unknown }): boolean {
  if (entry.kind === 'input') return entry.type !== 'credit.decision.recorded' && entry.type !== 'credit.limit.set';
  const reads = DEALER_READS[entry.type as OutputType];
  if (reads === 'when told to the dealer') return (entry.data as { audience?: unknown } | null)?.audience === 'dealer';
  return reads === 'yes';
}
