import type { RebateProgram } from '@dealerflow/contracts';
import { roundCentsHalfUp, roundHalfUp, toCents, type Cents } from '../money';

export type RebateTier = RebateProgram['tiers'][number];
export type RebateMethod = RebateProgram['method'];

export interface NextTier {
  threshold: number;
  rate: number;
  /** Basis units (units or money) still missing to reach the next tier. */
  gap: number;
}

export interface Accrual {
  /** Index of the tier the volume stands in; null while below the first threshold. */
  tierIndex: number | null;
  /** The rate of that tier (the marginal rate for incremental programs); 0 without a tier. */
  rate: number;
  accruedCents: Cents;
  nextTier: NextTier | null;
}

/** The highest tier whose threshold ≤ volume (tiers ascend), or null below the first one. */
export function tierIndexFor(tiers: readonly RebateTier[], volume: number): number | null {
  let found: number | null = null;
  tiers.forEach((tier, index) => {
    if (tier.threshold <= volume) found = index;
  });
  return found;
}

/**
 * A program's rebate on a volume (in basis units: units for "quantity", money for "amount") and
 * the qualifying amount in cents. The product is rounded half-up to the cent once, at the end,
 * so an incremental rebate is not the sum of separately rounded bands.
 */
export function computeAccrual(
  tiers: readonly RebateTier[],
  method: RebateMethod,
  volume: number,
  qualifyingAmountCents: Cents,
): Accrual {
  const tierIndex = tierIndexFor(tiers, volume);
  const tier = tierIndex === null ? undefined : tiers[tierIndex];
  const exactCents =
    method === 'all_units' ? (tier?.rate ?? 0) * qualifyingAmountCents : incrementalCents(tiers, qualifyingAmountCents);
  const next = tiers[tierIndex === null ? 0 : tierIndex + 1];
  return {
    tierIndex,
    rate: tier?.rate ?? 0,
    accruedCents: roundCentsHalfUp(exactCents),
    // Differences of 2-decimal amounts carry binary noise; 6 places keep units and cents exact.
    nextTier: next ? { threshold: next.threshold, rate: next.rate, gap: roundHalfUp(next.threshold - volume, 6) } : null,
  };
}

/** Each tier's rate on the part of the amount between its threshold and the next one (unrounded cents). */
function incrementalCents(tiers: readonly RebateTier[], amountCents: Cents): number {
  let total = 0;
  tiers.forEach((tier, index) => {
    const from = toCents(tier.threshold);
    const upper = tiers[index + 1];
    const to = upper === undefined ? amountCents : Math.min(amountCents, toCents(upper.threshold));
    if (to > from) total += tier.rate * (to - from);
  });
  return total;
}
