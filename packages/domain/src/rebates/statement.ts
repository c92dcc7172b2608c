import type { OutputDraft, RebateProgram } from '@dealerflow/contracts';
import { addDays } from '../calendar';
import { pastDueInvoices } from '../credit';
import { fromCents, roundHalfUp } from '../money';
import type { WorkerContext } from '../pipeline';
import type { RebatePolicy } from './policy';
import { accrualOf, applicablePrograms, volumeOf } from './programProgress';
import { settleAgainstOverdue, settlementData, withheldWhole } from './settlement';
import { PERIOD_BUCKET, periodKey, type ProgramProgress, type RebateState, type SettledPeriod } from './state';

/**
 * Issues the statement of every open period that ended before the dealer's day and closes it,
 * keeping what it stated so later deliveries and returns can adjust it. Eligibility and overdue
 * invoices are judged on the day after periodEnd (the closing day), whatever day the statement is
 * computed on, so a replay without clock ticks states what live operation stated.
 */
export function closeEndedPeriods(state: RebateState, ctx: WorkerContext<RebatePolicy>): OutputDraft[] {
  const outputs: OutputDraft[] = [];
  for (const [programId, program] of applicablePrograms(state, ctx)) {
    const progress = state.programs[programId];
    if (!progress || progress.periodEnd >= ctx.today) continue;
    const ineligibleReason = ineligibilityOf(program, progress, state, ctx.policy);
    const statement = statementOf(programId, program, progress, state, ctx, ineligibleReason);
    if (statement) outputs.push(statement);
    const key = periodKey(programId, progress.periodStart, progress.periodEnd);
    state.closedPeriods[key] = ctx.today;
    state.settledPeriods[key] = settledPeriodOf(programId, program, progress, ineligibleReason);
    delete state.programs[programId];
  }
  return outputs;
}

/** `past_due: …` when an invoice was more days past due at the close than the program allows; null when eligible. */
function ineligibilityOf(program: RebateProgram, progress: ProgramProgress, state: RebateState, policy: RebatePolicy): string | null {
  const allowed = program.eligibility?.maxDaysPastDue ?? policy.eligibility.maxDaysPastDue;
  const overdue = pastDueInvoices(state.ledger, addDays(progress.periodEnd, 1), allowed);
  if (overdue.length === 0) return null;
  return `past_due: when the period closed, ${overdue.map((invoice) => `invoice ${invoice.invoiceId} was ${invoice.daysPastDue} days`).join(', ')} past due, more than the ${allowed} days the program allows`;
}

/**
 * The statement's status and settlement: withheld whole when the program's eligibility limit was
 * passed; otherwise settled against the invoices overdue on the closing day by the policy.
 */
function settle(rebateCents: number, progress: ProgramProgress, state: RebateState, policy: RebatePolicy, ineligibleReason: string | null) {
  const settlement =
    ineligibleReason !== null
      ? withheldWhole(rebateCents, policy.overdueSettlement, ineligibleReason)
      : settleAgainstOverdue(rebateCents, pastDueInvoices(state.ledger, addDays(progress.periodEnd, 1)), policy.overdueSettlement, state.offsetCents, 'when the period closed');
  return {
    status: settlement.withheldCents > 0 ? ('withheld' as const) : ('payable' as const),
    withheldReason: settlement.withheldReason,
    settlement: settlementData(settlement),
  };
}

function settledPeriodOf(programId: string, program: RebateProgram, progress: ProgramProgress, ineligibleReason: string | null): SettledPeriod {
  const buckets: SettledPeriod['buckets'] = {};
  for (const [key, bucket] of Object.entries(progress.buckets)) {
    buckets[key] = { quantity: bucket.quantity, amountCents: bucket.amountCents, rebateCents: bucket.quantity > 0 ? accrualOf(program, bucket).accruedCents : 0 };
  }
  return { programId, program, periodStart: progress.periodStart, periodEnd: progress.periodEnd, buckets, ineligibleReason };
}

function statementOf(
  programId: string,
  program: RebateProgram,
  progress: ProgramProgress,
  state: RebateState,
  ctx: WorkerContext<RebatePolicy>,
  ineligibleReason: string | null,
): OutputDraft | undefined {
  const buckets = Object.entries(progress.buckets)
    .filter(([, bucket]) => bucket.quantity > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (buckets.length === 0) return undefined;
  const eligibility = (rebateCents: number) => ({ ...settle(rebateCents, progress, state, ctx.policy, ineligibleReason), causedBy: ctx.causedBy });
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
        ...eligibility(accrual.accruedCents),
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
      ...eligibility(rebateCents),
    },
  };
}
