import type { Cents } from './money';

/**
 * Currency conversion exact to the cent. A published rate is a decimal with at most 8 places; it is
 * held as an integer count of 10⁻⁸ (`RateUnits`), so cents × rate is an exact integer product and
 * is rounded once, half up, to whole cents. No binary fraction ever enters a sum of money.
 * Shared: the credit ledger converts invoices, payments and credit notes with it, and so does
 * anything else that turns a document into the dealer's currency (the cash discount is computed
 * on the converted invoice).
 */
export type RateUnits = bigint;

const RATE_SCALE = 100_000_000n;
const RATE_TEXT = /^(\d+)(?:\.(\d{1,8}))?$/;

/** A rate (`"7.1234"`, or a number with at most 8 decimals) in units of 10⁻⁸; throws on anything else. */
export function rateUnitsOf(rate: string | number): RateUnits {
  const text = typeof rate === 'number' ? rate.toFixed(8) : rate;
  const match = RATE_TEXT.exec(text);
  if (!match) throw new Error(`not a rate with at most 8 decimals: ${String(rate)}`);
  const units = BigInt(match[1]!) * RATE_SCALE + BigInt((match[2] ?? '').padEnd(8, '0'));
  if (units <= 0n) throw new Error(`a rate must be above zero: ${String(rate)}`);
  return units;
}

/** cents × rate, half up to the cent (money in the base currency to money in the quote currency). */
export function multiplyByRate(cents: Cents, rate: RateUnits): Cents {
  return divideHalfUp(BigInt(cents) * rate, RATE_SCALE);
}

/** cents ÷ rate, half up to the cent (money in the quote currency to money in the base currency). */
export function divideByRate(cents: Cents, rate: RateUnits): Cents {
  return divideHalfUp(BigInt(cents) * RATE_SCALE, rate);
}

function divideHalfUp(numerator: bigint, denominator: bigint): Cents {
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const rounded = (magnitude * 2n + denominator) / (denominator * 2n);
  return Number(negative ? -rounded : rounded);
}
