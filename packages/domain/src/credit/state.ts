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

export interface CreditState {
  dealerId: string;
  ledger: Ledger;
  /** Every hold placed for this dealer, oldest first; its length is the n of the next `hold-<dealerId>-<n>`. */
  holds: HoldSpan[];
  /** The active hold and the reasons it currently carries. */
  active: { holdId: string; reasons: HoldReasonCode[] } | null;
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
