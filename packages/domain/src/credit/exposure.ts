import type { Cents } from '../money';
import type { Ledger } from './ledger';

export interface Exposure {
  exposureCents: Cents;
  openReceivablesCents: Cents;
  openOrderValueCents: Cents;
  creditBalanceCents: Cents;
}

/** exposure = open receivables + open order value − credit balance (RULES.md §1), from the ledger's running totals. */
export function computeExposure(ledger: Ledger): Exposure {
  const { openReceivablesCents, openOrderValueCents, creditBalanceCents } = ledger;
  return {
    exposureCents: openReceivablesCents + openOrderValueCents - creditBalanceCents,
    openReceivablesCents,
    openOrderValueCents,
    creditBalanceCents,
  };
}
