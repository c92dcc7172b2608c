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
  const openReceivablesCents = ledger.invoices.reduce((sum, invoice) => sum + openBalanceCents(invoice), 0);
  const openOrderValueCents = Object.values(ledger.orders).reduce(
    (sum, order) => sum + (order.status === 'open' ? order.valueCents : 0),
    0,
  );
  const creditBalanceCents = ledger.creditBalanceCents;
  return {
    exposureCents: openReceivablesCents + openOrderValueCents - creditBalanceCents,
    openReceivablesCents,
    openOrderValueCents,
    creditBalanceCents,
  };
}
