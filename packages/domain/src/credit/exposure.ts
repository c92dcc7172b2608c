import type { Cents } from '../money';
import { openBalanceCents, type Ledger } from './ledger';

export interface Exposure {
  exposureCents: Cents;
  openReceivablesCents: Cents;
  openOrderValueCents: Cents;
  creditBalanceCents: Cents;
}

/** exposure = open receivables + open order value − credit balance (RULES.md §1). */
export function computeExposure(ledger: Ledger): Exposure {
  let openReceivablesCents = 0;
  for (const invoice of ledger.invoices) {
    if (invoice.settledDate === null) openReceivablesCents += openBalanceCents(invoice);
  }
  let openOrderValueCents = 0;
  for (const orderId in ledger.orders) {
    const order = ledger.orders[orderId]!;
    if (order.status === 'open') openOrderValueCents += order.valueCents;
  }
  const creditBalanceCents = ledger.creditBalanceCents;
  return {
    exposureCents: openReceivablesCents + openOrderValueCents - creditBalanceCents,
    openReceivablesCents,
    openOrderValueCents,
    creditBalanceCents,
  };
}
