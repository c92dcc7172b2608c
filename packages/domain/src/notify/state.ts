/**
 * What the notification rules remember about one dealer between batches. Plain data, so the
 * notifier can store it as JSON beside its checkpoint.
 */
export interface NotifyState {
  /**
   * Near-tier notices already given: `<programId>|<periodStart>|<orderId or "">` → the thresholds of
   * the tiers the dealer was told it is close to. Once per tier, however often the accrual changes.
   */
  nearTiersTold: Record<string, number[]>;
}

export function initialNotifyState(): NotifyState {
  return { nearTiersTold: {} };
}
