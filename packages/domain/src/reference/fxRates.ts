import type { InputEventOf } from '@dealerflow/contracts';
import { divideByRate, multiplyByRate, rateUnitsOf, type Cents } from '../money';

/**
 * Published exchange rates (`fx.rate.published`, reference data): per currency pair `BASE/QUOTE`,
 * the rates in force from each `validFrom` date, oldest first. One unit of base buys `rate` of quote.
 */
export type FxRates = Map<string, FxRateEntry[]>;

export interface FxRateEntry {
  validFrom: string;
  /** The rate as published (decimal text, at most 8 places). */
  rate: string;
}

export type FxRatePublished = InputEventOf<'fx.rate.published'>;

export function pairKey(base: string, quote: string): string {
  return `${base}/${quote}`;
}

/** Records a publication; one for a pair and `validFrom` already known replaces it (a correction). */
export function recordFxRate(rates: FxRates, event: FxRatePublished): void {
  const { base, quote, validFrom } = event.data;
  const rate = typeof event.data.rate === 'number' ? event.data.rate.toFixed(8) : event.data.rate;
  const key = pairKey(base, quote);
  const entries = (rates.get(key) ?? []).filter((entry) => entry.validFrom !== validFrom);
  entries.push({ validFrom, rate });
  entries.sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0));
  rates.set(key, entries);
}

/** The rate of a pair in force on `date` (the latest `validFrom` on or before it), or undefined. */
function rateOn(rates: FxRates, base: string, quote: string, date: string): FxRateEntry | undefined {
  const entries = rates.get(pairKey(base, quote));
  if (!entries) return undefined;
  let found: FxRateEntry | undefined;
  for (const entry of entries) {
    if (entry.validFrom > date) break;
    found = entry;
  }
  return found;
}

/** Why an amount could not be converted; the event carrying it becomes a dead letter with this text. */
export class NoFxRateError extends Error {
  override readonly name = 'NoFxRateError';
}

/**
 * Money in `from` turned into `to` with the rate in force on `date`: the `from/to` rate multiplies,
 * else the published `to/from` rate divides; half up to the cent, once. Throws NoFxRateError when
 * neither pair has a rate on or before `date`.
 */
export function convertCents(rates: FxRates, cents: Cents, from: string, to: string, date: string): Cents {
  if (from === to) return cents;
  const direct = rateOn(rates, from, to, date);
  if (direct) return multiplyByRate(cents, rateUnitsOf(direct.rate));
  const inverse = rateOn(rates, to, from, date);
  if (inverse) return divideByRate(cents, rateUnitsOf(inverse.rate));
  throw new NoFxRateError(`no ${from}/${to} exchange rate published on or before ${date} (fx.rate.published)`);
}
