import type { OutputDataOf, OutputDraft } from '@dealerflow/contracts';
import { addDays } from '../calendar';
import { pastDueInvoices } from '../credit';
import { fromCents } from '../money';
import type { WorkerContext } from '../pipeline';
import type { RebatePolicy } from './policy';
import { accrualOf, volumeOf } from './programProgress';
import { isInScope } from './scope';
import { settleAgainstOverdue, settlementData, withheldWhole } from './settlement';
import { PERIOD_BUCKET, type DeliveredLine, type RebateState, type SettledBucket, type SettledPeriod } from './state';

type Ctx = WorkerContext<RebatePolicy>;
type AdjustmentReason = OutputDataOf<'rebate.adjustment.issued'>['reason'];

/**
 * Counts lines dated in closed periods (a late delivery, or a return's negative lines) and issues
 * `rebate.adjustment.issued` for every bucket they changed: the figures before and after, and the
 * difference to the rebate stated so far. A closed period never changes silently.
 */
export function adjustSettledPeriods(
  state: RebateState,
  lines: readonly DeliveredLine[],
  reason: AdjustmentReason,
  documentId: string,
  ctx: Ctx,
): OutputDraft[] {
  const outputs: OutputDraft[] = [];
  for (const key of Object.keys(state.settledPeriods).sort()) {
    const period = state.settledPeriods[key]!;
    const before = new Map<string, SettledBucket>();
    for (const line of lines) {
      if (line.qty === 0 || !isInScope(period.program, line)) continue;
      const bucketKey = period.program.accumulation === 'per_order' ? line.orderId : PERIOD_BUCKET;
      const bucket = (period.buckets[bucketKey] ??= { quantity: 0, amountCents: 0, rebateCents: 0 });
      if (!before.has(bucketKey)) before.set(bucketKey, { ...bucket });
      bucket.quantity += line.qty;
      bucket.amountCents += line.qty * (line.unitPriceCents ?? 0);
    }
    for (const [bucketKey, previous] of before) {
      outputs.push(adjustmentOf(state, period, bucketKey, previous, reason, documentId, ctx));
    }
  }
  return outputs;
}

function adjustmentOf(
  state: RebateState,
  period: SettledPeriod,
  bucketKey: string,
  previous: SettledBucket,
  reason: AdjustmentReason,
  documentId: string,
  ctx: Ctx,
): OutputDraft {
  const program = period.program;
  const bucket = period.buckets[bucketKey]!;
  const accrual = accrualOf(program, bucket);
  const differenceCents = accrual.accruedCents - previous.rebateCents;
  bucket.rebateCents = accrual.accruedCents;
  // The period's eligibility verdict stands; otherwise what is owed now meets today's overdue invoices.
  const settlement =
    period.ineligibleReason !== null
      ? withheldWhole(differenceCents, ctx.policy.overdueSettlement, period.ineligibleReason)
      : settleAgainstOverdue(differenceCents, pastDueInvoices(state.ledger, ctx.today), ctx.policy.overdueSettlement, state.offsetCents, `on ${ctx.today}`);
  return {
    type: 'rebate.adjustment.issued',
    data: {
      programId: period.programId,
      periodStart: period.periodStart,
      periodEnd: period.periodEnd,
      ...(bucketKey === PERIOD_BUCKET ? {} : { orderId: bucketKey }),
      reason,
      documentId,
      previousVolume: volumeOf(program, previous),
      previousQualifyingAmount: fromCents(previous.amountCents),
      previousRebateAmount: fromCents(previous.rebateCents),
      volume: volumeOf(program, bucket),
      qualifyingAmount: fromCents(bucket.amountCents),
      tierIndex: accrual.tierIndex,
      rate: accrual.rate,
      rebateAmount: fromCents(accrual.accruedCents),
      adjustmentAmount: fromCents(differenceCents),
      status: settlement.withheldCents !== 0 ? 'withheld' : 'payable',
      withheldReason: settlement.withheldReason,
      settlement: settlementData(settlement),
      causedBy: ctx.causedBy,
    },
  };
}

/** Forgets closed periods past the adjustment window: later changes to them are finance's by hand. */
export function pruneSettledPeriods(state: RebateState, today: string, windowDays: number): void {
  for (const key in state.settledPeriods) {
    if (addDays(state.settledPeriods[key]!.periodEnd, windowDays) < today) delete state.settledPeriods[key];
  }
}
