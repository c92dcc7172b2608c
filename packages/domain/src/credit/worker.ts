import type { InputEventOf, OutputDraft } from '@dealerflow/contracts';
import { fromCents, roundHalfUp } from '../money';
import type { DealerInputType, Worker, WorkerContext } from '../pipeline';
import { assessCredit, type CreditAssessment } from './assessCredit';
import { noteCreditActivity } from './creditTrend';
import { creditLimitInForce, trackFinanceLimit } from './financeLimit';
import { inDealerCurrency } from './documentCurrency';
import { autoReleaseCheck, DAY_CHANGE, describeRelease, noteHoldFigures, type Trigger } from './holdRelease';
import { applyLedgerEvent, isLedgerEvent, pruneLedger } from './ledger';
import { ledgerTermsOf } from './ledgerTerms';
import { summarizePaymentBehaviour } from './paymentBehaviour';
import { creditPolicySchema, defaultCreditPolicy, type CreditPolicy } from './policy';
import { initialCreditState, type CreditState, type HoldReasonCode } from './state';
import { reviewScore } from './score';
import { suggestAction } from './suggestAction';

type Ctx = WorkerContext<CreditPolicy>;
type Decision = InputEventOf<'credit.decision.recorded'>;

/** What the credit rules read; a worker that recomputes holds (delivery) feeds it the same types. */
export const CREDIT_INPUT_TYPES = [
  'dealer.upserted',
  'order.placed',
  'order.amended',
  'order.cancelled',
  'invoice.issued',
  'payment.received',
  'credit.note.issued',
  'credit.decision.recorded',
  'credit.limit.set',
] as const satisfies readonly DealerInputType[];

/**
 * Credit holds (RULES.md §1). Every event is recorded in the ledger; the rules are evaluated after
 * it and on every new watermark day, and only once the dealer's profile (its credit limit) is known.
 */
export const creditWorker: Worker<CreditState, CreditPolicy> = {
  name: 'credit',
  source: 'credit-worker',
  inputTypes: CREDIT_INPUT_TYPES,
  policySchema: creditPolicySchema,
  defaultPolicy: defaultCreditPolicy,
  initialState: initialCreditState,
  apply(state, original, ctx) {
    const outputs: OutputDraft[] = [];
    const terms = ledgerTermsOf(ctx, ctx.policy.paymentBackdatingDays);
    // Money in the dealer's currency before anything reads it: a document with no published rate
    // throws here, and the pipeline dead-letters it with the reason, nothing of it applied.
    const event = isLedgerEvent(original) ? inDealerCurrency(original, terms) : original;
    trackFinanceLimit(state, event, ctx.dealer);
    if (isLedgerEvent(event)) noteCreditActivity(state, event, ctx.today, ctx.policy.score.windowDays);
    if (isLedgerEvent(event)) applyLedgerEvent(state.ledger, event, terms);
    else if (event.type === 'credit.decision.recorded') outputs.push(...decide(state, event, ctx));
    outputs.push(...evaluate(state, ctx, event.type));
    return outputs;
  },
  onDayChange(state, ctx) {
    pruneLedger(state.ledger, ctx.today, ctx.policy.reviewWindowDays);
    return evaluate(state, ctx, DAY_CHANGE);
  },
};

function decide(state: CreditState, event: Decision, ctx: Ctx): OutputDraft[] {
  const { decision, holdId, overrideUntil, decidedBy, note } = event.data;
  if (decision === 'hold') {
    // The contract requires the note; the fallback only keeps a hand-built event from breaking the state.
    state.manual = { note: note ?? 'manual hold', decidedBy };
    return [];
  }
  if (!state.active || (holdId !== undefined && holdId !== state.active.holdId)) return [];
  if (decision === 'keep') {
    // The hold stands until keepUntil has passed, or until its reasons clear by payment (holdRelease.ts).
    state.active.keep = { until: event.data.keepUntil ?? null, decidedBy };
    return [];
  }
  const released = state.active;
  closeHold(state, ctx);
  state.manual = null;
  const assessment = ctx.dealer ? assessCredit(state, creditLimitInForce(state, ctx.dealer), ctx.today, ctx.policy) : undefined;
  const remaining = assessment ? reasonCodes(assessment) : [];
  state.override = remaining.length > 0 ? { covers: remaining, until: overrideUntil ?? null } : null;
  return [
    {
      type: 'credit.hold.released',
      data: {
        holdId: released.holdId,
        releasedBy: 'finance',
        reason: note ?? 'released by finance',
        overrideUntil: overrideUntil ?? null,
        ...(assessment
          ? {
              cleared: {
                conditions: ['finance_release' as const],
                by: event.type,
                exposure: fromCents(assessment.exposureCents),
                releaseThreshold: null,
                overdueAmount: fromCents(assessment.overdueCents),
              },
            }
          : {}),
        causedBy: ctx.causedBy,
      },
    },
  ];
}

function evaluate(state: CreditState, ctx: Ctx, trigger: Trigger): OutputDraft[] {
  if (!ctx.dealer) return [];
  const assessment = assessCredit(state, creditLimitInForce(state, ctx.dealer), ctx.today, ctx.policy);
  const outputs = warnOnCrossing(state, assessment, ctx);
  const codes = reasonCodes(assessment);
  if (state.active) {
    noteHoldFigures(state.active, codes, assessment);
    const cleared = autoReleaseCheck(state.active, codes, assessment, ctx.today, trigger, ctx.policy);
    if (cleared) outputs.push(autoRelease(state, ctx, cleared, assessment));
    else if (codes.length > 0) state.active.reasons = codes;
    return outputs;
  }
  if (state.override) {
    const override = state.override;
    if (codes.length === 0) {
      // Everything the override covered has cleared: it is spent, a recurrence is a new hold.
      state.override = null;
      return outputs;
    }
    const uncovered = codes.some((code) => !override.covers.includes(code));
    const expired = override.until !== null && ctx.today > override.until;
    if (!uncovered && !expired) return outputs;
    state.override = null;
  }
  if (codes.length > 0) outputs.push(...placeHold(state, assessment, ctx));
  return outputs;
}

function warnOnCrossing(state: CreditState, assessment: CreditAssessment, ctx: Ctx): OutputDraft[] {
  const limitCents = assessment.creditLimitCents;
  const threshold = ctx.policy.warningUtilization * limitCents;
  // A zero limit has no utilization to warn about: any exposure is over the limit and holds at once.
  const above = limitCents > 0 && assessment.exposureCents > 0 && assessment.exposureCents >= threshold - 1e-6;
  const crossed = above && !state.aboveWarning;
  state.aboveWarning = above;
  if (!crossed) return [];
  return [
    {
      type: 'credit.limit.warning',
      data: {
        exposure: fromCents(assessment.exposureCents),
        creditLimit: fromCents(limitCents),
        utilization: roundHalfUp(assessment.exposureCents / limitCents, 4),
        warningUtilization: ctx.policy.warningUtilization,
        causedBy: ctx.causedBy,
      },
    },
  ];
}

function placeHold(state: CreditState, assessment: CreditAssessment, ctx: Ctx): OutputDraft[] {
  const holdId = `hold-${state.dealerId}-${state.holds.length + 1}`;
  state.holds.push({ holdId, from: ctx.now, to: null });
  state.active = { holdId, reasons: reasonCodes(assessment), seen: reasonCodes(assessment), overdueSeen: assessment.overdueCents > 0, keep: null };
  const figures = {
    holdId,
    reasons: assessment.reasons,
    exposure: fromCents(assessment.exposureCents),
    creditLimit: fromCents(assessment.creditLimitCents),
    openReceivables: fromCents(assessment.openReceivablesCents),
    openOrderValue: fromCents(assessment.openOrderValueCents),
    creditBalance: fromCents(assessment.creditBalanceCents),
    overdueAmount: fromCents(assessment.overdueCents),
    maxDaysPastDue: assessment.maxDaysPastDue,
  };
  const paymentBehaviour = summarizePaymentBehaviour(state.ledger, ctx.today, ctx.policy.reviewWindowDays);
  return [
    { type: 'credit.hold.placed', data: { ...figures, causedBy: ctx.causedBy } },
    {
      type: 'credit.review.requested',
      data: {
        ...figures,
        paymentBehaviour,
        suggestedAction: suggestAction(assessment, paymentBehaviour, ctx.policy),
        score: reviewScore(state, assessment, paymentBehaviour, ctx),
        causedBy: ctx.causedBy,
      },
    },
  ];
}

function autoRelease(state: CreditState, ctx: Ctx, cleared: NonNullable<ReturnType<typeof autoReleaseCheck>>, assessment: CreditAssessment): OutputDraft {
  const holdId = state.active!.holdId;
  closeHold(state, ctx);
  return {
    type: 'credit.hold.released',
    data: {
      holdId,
      releasedBy: 'auto',
      reason: describeRelease(cleared, assessment.creditLimitCents, ctx.policy),
      cleared,
      causedBy: ctx.causedBy,
    },
  };
}

function closeHold(state: CreditState, ctx: Ctx): void {
  const span = state.holds[state.holds.length - 1];
  if (span && span.to === null) span.to = ctx.now;
  state.active = null;
}

function reasonCodes(assessment: CreditAssessment): HoldReasonCode[] {
  return assessment.reasons.map((reason) => reason.code);
}
