/**
 * Money is exact: amounts are held as integer minor units (cents) and only turned back into a
 * decimal number at the edge. The contract allows at most 2 decimals, so `toCents` is exact.
 */
export type Cents = number;

export function toCents(amount: number): Cents {
  return Math.round(amount * 100);
}

export function fromCents(cents: Cents): number {
  return cents / 100;
}

/**
 * Rounds a (possibly fractional) number of cents half-up (away from zero at .5) to whole cents.
 * Products such as cents × rate carry binary noise (0.5 may arrive as 0.49999999); a tolerance
 * of 1e-6 cent treats such values as the exact half they stand for.
 */
export function roundCentsHalfUp(cents: number): Cents {
  const sign = cents < 0 ? -1 : 1;
  const magnitude = Math.abs(cents);
  return sign * Math.floor(magnitude + 0.5 + 1e-6);
}

/** Rounds a decimal number to `decimals` places half-up, for reported ratios and averages. */
export function roundHalfUp(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const sign = value < 0 ? -1 : 1;
  return (sign * Math.floor(Math.abs(value) * factor + 0.5 + 1e-9)) / factor;
}
