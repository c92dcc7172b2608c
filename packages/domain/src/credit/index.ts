export { creditWorker, CREDIT_INPUT_TYPES } from './worker';
export { creditPolicySchema, defaultCreditPolicy, type CreditPolicy } from './policy';
export { initialCreditState, type CreditState, type HoldSpan, type HoldReasonCode } from './state';
export {
  createLedger,
  applyLedgerEvent,
  pruneLedger,
  openBalanceCents,
  discountCents,
  isLedgerEvent,
  type Ledger,
  type LedgerEvent,
  type LedgerEffect,
  type LedgerInvoice,
  type LedgerOrder,
  type SettlementTotals,
  SETTLED_DETAIL_DAYS,
} from './ledger';
export { maxDaysPastDue, pastDueInvoices, overdueCents, type PastDueInvoice } from './daysPastDue';
export { computeExposure, type Exposure } from './exposure';
export { exposureHistory, type ExposureFigures, type CreditInputEvent } from './exposureHistory';
export { holdSpans } from './holdSpans';
export { assessCredit, type CreditAssessment } from './assessCredit';
export { summarizePaymentBehaviour } from './paymentBehaviour';
export { suggestAction } from './suggestAction';
export { scoreCredit, reviewScore, type ScoreInput } from './score';
export { creditScorePolicySchema, type CreditScorePolicy } from './scorePolicy';
export { creditLimitInForce, trackFinanceLimit, type FinanceLimit } from './financeLimit';
export { noteCreditActivity, type CreditTrend, type TrendDay } from './creditTrend';
export {
  AGEING_BUCKETS,
  ageingBucketOf,
  ageingCents,
  ageingReport,
  ageingReportOfOpen,
  openCentsByDueDate,
  openInvoices,
  type Ageing,
  type AgeingBucket,
  type AgeingCents,
  type AgeingReport,
  type DealerLedgerOnDay,
  type DealerOpenOnDay,
  type OpenCentsByDueDate,
  type OpenInvoice,
} from './ageing';
export { ledgerTermsOf, localDayOf, paymentDayOf, UTC_TERMS, type LedgerTerms } from './ledgerTerms';
export { inDealerCurrency } from './documentCurrency';
export { autoReleaseCheck, releaseThresholdCents, describeRelease, DAY_CHANGE, type Trigger } from './holdRelease';
export type { ActiveHold } from './state';
