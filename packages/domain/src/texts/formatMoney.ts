import { roundHalfUp } from '../money';
import { groupThousands } from './formatNumber';
import type { Locale } from './locale';

/**
 * An amount in a currency, always with 2 decimals: en "CNY 12,345.60"; zh-CN "12,345.60元" for
 * renminbi (how Chinese invoices and letters write it) and "12,345.60 USD" for other currencies.
 * Without a currency (a dealer whose master data is not known yet) the bare amount.
 */
export function formatMoney(amount: number, currency: string | undefined, locale: Locale): string {
  const rounded = roundHalfUp(amount, 2);
  const [whole = '0', fraction = '00'] = Math.abs(rounded).toFixed(2).split('.');
  const figure = `${rounded < 0 ? '-' : ''}${groupThousands(whole)}.${fraction}`;
  if (currency === undefined) return figure;
  if (locale === 'zh-CN') return currency === 'CNY' ? `${figure}元` : `${figure} ${currency}`;
  return `${currency} ${figure}`;
}
