import type { LateCause } from '@dealerflow/contracts';

export type LateCauseCode = LateCause['code'];

/** Each cause's own count of days, before they are fitted into the days late. */
export interface CauseDays {
  daysLate: number;
  carrierDelay: number;
  /** Days the manufacturer moved the delivery past the promise (an amendment it asked for). */
  manufacturerReschedule?: number;
  creditHold: number;
  backorder: number;
  /** Whether the goods left later than promise − planned transit (or have not left by now). */
  dispatchedLate: boolean;
}

/**
 * Splits the days late over the causes in RULES.md order: carrier delay, the manufacturer's
 * reschedule, credit hold, backorder, each capped by what the causes before it left; late dispatch takes the rest when the dispatch
 * was late; whatever remains is unexplained. The days therefore always add up to the days late,
 * and causes with no day are left out.
 */
export function attributeCauses(figures: CauseDays): { code: LateCauseCode; days: number }[] {
  let left = Math.max(0, figures.daysLate);
  const take = (days: number): number => {
    const taken = Math.min(Math.max(0, days), left);
    left -= taken;
    return taken;
  };
  const split: { code: LateCauseCode; days: number }[] = [
    { code: 'carrier_delay', days: take(figures.carrierDelay) },
    { code: 'manufacturer_reschedule', days: take(figures.manufacturerReschedule ?? 0) },
    { code: 'credit_hold', days: take(figures.creditHold) },
    { code: 'backorder', days: take(figures.backorder) },
    { code: 'late_dispatch', days: figures.dispatchedLate ? take(left) : 0 },
    { code: 'unexplained', days: take(left) },
  ];
  return split.filter((cause) => cause.days > 0);
}
