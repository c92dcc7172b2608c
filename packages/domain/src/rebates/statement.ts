import type { OutputDraft, RebateProgram } from '@dealerflow/contracts';
import { addDays } from '../calendar';
import { pastDueInvoices } from '../credit';
import { fromCents, roundHalfUp } from '../money';
import type { WorkerContext } from '../pipeline';
import type { RebatePolicy } from './policy';
import { accrualOf, applicablePrograms, volumeOf } from './programProgress';
import { PERIOD_BUCKET, periodKey, type ProgramProgress, type RebateState } from './state';

/**
 * Issues the statement of every open period that ended before the watermark's day and closes it.
 * Eligibility is judged on the day after periodEnd (the closing day), whatever day the statement is
 * computed on, so a replay without clock ticks states what live operation stated.
 */
export function closeEndedPeriods(state: RebateState, ctx: WorkerContext<RebatePolicy>): OutputDraft[] {
  const outputs: OutputDraft[] = [];
  for (const [programId, program] of applicablePrograms(state, ctx)) {
    const progress = state.programs[programId];
    if (!progress || progress.periodEnd >= ctx.today) continue;
    const statement = statementOf(programId, program, progress, state, ctx);
    if (statement) outputs.push(statement);
    state.closedPeriods[periodKey(programId, progress.periodStart, progress.periodEnd)] = ctx.today;
    delete state.programs[programId];
  }
  return outputs;
}

function statementOf(
  programId: string,
  program: RebateProgram,
  progress: ProgramProgress,
  state: RebateState,
  ctx: WorkerContext<RebatePolicy>,
): OutputDraft | undefined {
  const buckets = Object.entries(progress.buckets)
    .filter(([, bucket]) => bucket.quantity > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (buckets.length === 0) return undefined;
  const allowed = program.eligibility?.maxDaysPastDue ?? ctx.policy.eligibility.maxDaysPastDue;
  const overdue = pastDueInvoices(state.ledger, addDays(progress.periodEnd, 1), allowed);
  const eligibility = {
    status: overdue.length > 0 ? ('withheld' as const) : ('payable' as const),
    withheldReason:
      overdue.length > 0
        ? `past_due: when the period closed, ${overdue.map((invoice) => `invoice ${invoice.invoiceId} was ${invoice.daysPastDue} days`).join(', ')} past due, more than the ${allowed} days the program allows`
        : null,
    causedBy: ctx.causedBy,
  };
  const period = { programId, periodStart: progress.periodStart, periodEnd: progress.periodEnd };
  const only = progress.buckets[PERIOD_BUCKET];
  if (program.accumulation === 'period' && only) {
    const accrual = accrualOf(program, only);
    return {
      type: 'rebate.statement.issued',
      data: {
        ...period,
        volume: volumeOf(program, only),
        qualifyingAmount: fromCents(only.amountCents),
        tierIndex: accrual.tierIndex,
        rate: accrual.rate,
        rebateAmount: fromCents(accrual.accruedCents),
        ...eligibility,
      },
    };
  }
  // Per-order programs: each order is judged alone; the statement adds up the orders' accrued cents.
  const orders = buckets.map(([orderId, bucket]) => {
    const accrual = accrualOf(program, bucket);
    return { orderId, bucket, accrual };
  });
  const quantity = orders.reduce((sum, order) => sum + order.bucket.quantity, 0);
  const amountCents = orders.reduce((sum, order) => sum + order.bucket.amountCents, 0);
  const rebateCents = orders.reduce((sum, order) => sum + order.accrual.accruedCents, 0);
  return {
    type: 'rebate.statement.issued',
    data: {
      ...period,
      volume: program.basis === 'quantity' ? quantity : fromCents(amountCents),
      qualifyingAmount: fromCents(amountCents),
      tierIndex: null,
      rate: amountCents === 0 ? 0 : roundHalfUp(rebateCents / amountCents, 6),
      rebateAmount: fromCents(rebateCents),
      orders: orders.map(({ orderId, bucket, accrual }) => ({
        orderId,
        volume: volumeOf(program, bucket),
        qualifyingAmount: fromCents(bucket.amountCents),
        tierIndex: accrual.tierIndex,
        rate: accrual.rate,
        rebateAmount: fromCents(accrual.accruedCents),
      })),
      ...eligibility,
    },
  };
}
