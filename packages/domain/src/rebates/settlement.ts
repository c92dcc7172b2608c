import type { OutputDataOf } from '@dealerflow/contracts';
import type { PastDueInvoice } from '../credit';
import { fromCents, type Cents } from '../money';
import type { RebatePolicy } from './policy';

export type OverdueSettlementPolicy = RebatePolicy['overdueSettlement'];
export type SettlementData = NonNullable<OutputDataOf<'rebate.statement.issued'>['settlement']>;

/** How an amount owed to (or, negative, by) the dealer is settled; payable + offset + withheld = the amount. */
export interface Settlement {
  policy: OverdueSettlementPolicy;
  payableCents: Cents;
  offsets: { invoiceId: string; cents: Cents; daysPastDue: number }[];
  withheldCents: Cents;
  /** `overdue: …` when the `withhold` policy held the amount back; null otherwise. */
  withheldReason: string | null;
}

/**
 * Settles a rebate amount against the dealer's overdue invoices (as the credit rules list them,
 * most overdue first). `offset` sets it against each invoice's open balance less what earlier
 * statements already set against it (`offsetCents`, updated here), and pays the rest; `withhold`
 * pays nothing while anything is overdue. A negative amount (a return after payment) is owed back:
 * it is never offset. `when` words the reason ("when the period closed", "on 2026-07-09").
 */
export function settleAgainstOverdue(
  amountCents: Cents,
  overdue: readonly PastDueInvoice[],
  policy: OverdueSettlementPolicy,
  offsetCents: Record<string, Cents>,
  when: string,
): Settlement {
  const settlement: Settlement = { policy, payableCents: amountCents, offsets: [], withheldCents: 0, withheldReason: null };
  if (amountCents <= 0 || overdue.length === 0) return settlement;
  if (policy === 'withhold') {
    const invoices = overdue.map((invoice) => `invoice ${invoice.invoiceId} was ${invoice.daysPastDue} days past due`).join(', ');
    return { ...settlement, payableCents: 0, withheldCents: amountCents, withheldReason: `overdue: ${when}, ${invoices}; the rebate waits until they are paid` };
  }
  let left = amountCents;
  for (const invoice of overdue) {
    if (left === 0) break;
    const room = invoice.openCents - (offsetCents[invoice.invoiceId] ?? 0);
    const take = Math.min(left, room);
    if (take <= 0) continue;
    settlement.offsets.push({ invoiceId: invoice.invoiceId, cents: take, daysPastDue: invoice.daysPastDue });
    offsetCents[invoice.invoiceId] = (offsetCents[invoice.invoiceId] ?? 0) + take;
    left -= take;
  }
  settlement.payableCents = left;
  return settlement;
}

/** A whole amount withheld for a reason decided elsewhere (the program's eligibility limit). */
export function withheldWhole(amountCents: Cents, policy: OverdueSettlementPolicy, reason: string): Settlement {
  return { policy, payableCents: 0, offsets: [], withheldCents: amountCents, withheldReason: reason };
}

export function settlementData(settlement: Settlement): SettlementData {
  const offsetCents = settlement.offsets.reduce((sum, offset) => sum + offset.cents, 0);
  return {
    policy: settlement.policy,
    payableAmount: fromCents(settlement.payableCents),
    offsetAmount: fromCents(offsetCents),
    offsets: settlement.offsets.map((offset) => ({ invoiceId: offset.invoiceId, amount: fromCents(offset.cents), daysPastDue: offset.daysPastDue })),
    withheldAmount: fromCents(settlement.withheldCents),
  };
}
