import { roundHalfUp } from '../money';
import type { Locale } from './locale';

/**
 * A figure as a reader expects it: grouped thousands and at most `maxDecimals` decimals, trailing
 * zeros dropped (3.5, not 3.50). Both locales group with a comma (Simplified Chinese business
 * writing does too). Written out rather than through Intl so the text never depends on host ICU data.
 */
export function formatNumber(value: number, _locale: Locale, maxDecimals = 2): string {
  const rounded = roundHalfUp(value, maxDecimals);
  const [whole = '0', fraction] = Math.abs(rounded).toFixed(maxDecimals).split('.');
  const trimmed = fraction?.replace(/0+$/, '') ?? '';
  const sign = rounded < 0 ? '-' : '';
  return trimmed.length > 0 ? `${sign}${groupThousands(whole)}.${trimmed}` : `${sign}${groupThousands(whole)}`;
}

/** A share (0.025) as a percentage ("2.5%"), at most `maxDecimals` decimals. */
export function formatPercent(share: number, locale: Locale, maxDecimals = 2): string {
  return `${formatNumber(share * 100, locale, maxDecimals)}%`;
}

export function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
