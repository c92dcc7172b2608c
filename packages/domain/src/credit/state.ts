import type { HoldReason } from '@dealerflow/contracts';
import type { CreditTrend } from './creditTrend';
import type { FinanceLimit } from './financeLimit';
import { createLedger, type Ledger } from './ledger';

export type HoldReasonCode = HoldReason['code'];

/** A hold's time span in epoch ms (watermark when placed and released); `to` is null while active. */
export interface HoldSpan {
  holdId: string;
  from: number;
  to: number | null;
}

/** A hold in force, with what its release waits for (holdRelease.ts; the optional parts are absent in states from before them). */
export interface ActiveHold {
  holdId: string;
  reasons: HoldReasonCode[];
  /** Every reason the hold has carried: one that was ever over the limit releases only within the release margin. */
  seen?: HoldReasonCode[];
  /** Money was overdue at some point of the hold: the release says it was paid. */
  overdueSeen?: boolean;
  /** Finance decided to keep the hold: until `until` (inclusive; null: until its reasons clear by payment). */
  keep?: { until: string | null; decidedBy: string } | null;
}

export interface CreditState {
  dealerId: string;
  ledger: Ledger;
  /** Every hold placed for this dealer, oldest first; its length is the n of the next `hold-<dealerId>-<n>`. */
  holds: HoldSpan[];
  /** The active hold and the reasons it currently carries. */
  active: ActiveHold | null;
  /** A finance "hold" decision not yet released by finance. */
  manual: { note: string; decidedBy: string } | null;
  /** A finance release that still covers the reasons present when it was given. */
  override: { covers: HoldReasonCode[]; until: string | null } | null;
  /** Exposure was at or above the warning utilization at the last evaluation (a warning re-arms below it). */
  aboveWarning: boolean;
  /** A limit finance set (`credit.limit.set`) that stands over the master data's; absent in states from before it. */
  financeLimit?: FinanceLimit | null;
  /** Daily activity for the review's score (creditTrend.ts); absent until the first ledger event. */
  trend?: CreditTrend;
}

export function initialCreditState(dealerId: string): CreditState {
  return { dealerId, ledger: createLedger(), holds: [], active: null, manual: null, override: null, aboveWarning: false };
}
