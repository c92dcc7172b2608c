import type { OutputDataOf } from '@dealerflow/contracts';
import { fromCents, roundCentsHalfUp, type Cents } from '../money';
import type { CreditAssessment } from './assessCredit';
import type { CreditPolicy } from './policy';
import type { ActiveHold, HoldReasonCode } from './state';

type Cleared = NonNullable<OutputDataOf<'credit.hold.released'>['cleared']>;

/** What made an evaluation happen: the input's type, or the dealer's day changing. */
export type Trigger = string;
export const DAY_CHANGE: Trigger = 'day_change';

/** The highest exposure at which a hold that was over the limit may be released: limit × (1 − margin). */
export function releaseThresholdCents(creditLimitCents: Cents, policy: Pick<CreditPolicy, 'releaseMargin'>): Cents {
  return roundCentsHalfUp(creditLimitCents * (1 - policy.releaseMargin));
}

/** Notes what the hold has carried so far (its release waits on all of it). */
export function noteHoldFigures(active: ActiveHold, codes: readonly HoldReasonCode[], assessment: CreditAssessment): void {
  const seen = (active.seen ??= [...active.reasons]);
  for (const code of codes) if (!seen.includes(code)) seen.push(code);
  if (assessment.overdueCents > 0) active.overdueSeen = true;
}

/**
 * Whether an active hold may be released automatically now, and what cleared it. A hold releases
 * only when every condition holds at once:
 * - no reason is left (nothing over the limit, nothing more than `pastDueHoldDays` past due, no manual hold);
 * - a hold that was ever over the limit: exposure at or below limit × (1 − release margin);
 * - nothing is overdue at all: money past its due date is paid (or credited) before the hold goes,
 *   so a cancellation that brings exposure down never releases a dealer who still owes overdue money;
 * - a finance keep stands until its last day has passed, unless a payment is what cleared the rest.
 * Returns undefined while the hold stays.
 */
export function autoReleaseCheck(
  active: ActiveHold,
  codes: readonly HoldReasonCode[],
  assessment: CreditAssessment,
  today: string,
  trigger: Trigger,
  policy: Pick<CreditPolicy, 'releaseMargin'>,
): Cleared | undefined {
  if (codes.length > 0 || assessment.overdueCents > 0) return undefined;
  const wasOverLimit = (active.seen ?? active.reasons).includes('over_limit');
  const threshold = wasOverLimit ? releaseThresholdCents(assessment.creditLimitCents, policy) : null;
  if (threshold !== null && assessment.exposureCents > threshold) return undefined;
  const conditions: Cleared['conditions'] = [];
  if (threshold !== null) conditions.push('exposure_within_release_margin');
  if (active.overdueSeen || (active.seen ?? active.reasons).includes('past_due')) conditions.push('overdue_paid');
  const keep = active.keep;
  if (keep) {
    const kept = keep.until === null || today <= keep.until;
    if (kept && trigger !== 'payment.received') return undefined;
    if (!kept) conditions.push('keep_ended');
  }
  if (conditions.length === 0) conditions.push('overdue_paid');
  return {
    conditions,
    by: trigger,
    exposure: fromCents(assessment.exposureCents),
    releaseThreshold: threshold === null ? null : fromCents(threshold),
    overdueAmount: fromCents(assessment.overdueCents),
  };
}

/** The release's reason in words, with the figures. */
export function describeRelease(cleared: Cleared, creditLimitCents: Cents, policy: Pick<CreditPolicy, 'releaseMargin' | 'pastDueHoldDays'>): string {
  const parts: string[] = [];
  if (cleared.releaseThreshold !== null) {
    parts.push(
      `exposure ${cleared.exposure.toFixed(2)} is at or below ${cleared.releaseThreshold.toFixed(2)} ` +
        `(the limit of ${fromCents(creditLimitCents).toFixed(2)} less ${Math.round(policy.releaseMargin * 10_000) / 100}%)`,
    );
  } else {
    parts.push(`exposure ${cleared.exposure.toFixed(2)} is within the limit`);
  }
  parts.push('nothing is overdue');
  if (cleared.conditions.includes('keep_ended')) parts.push("finance's keep has ended");
  return `${parts.join(', ')} (cleared by ${cleared.by.replace('_', ' ')})`;
}
