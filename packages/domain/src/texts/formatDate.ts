import type { Locale } from './locale';

const ENGLISH_MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

/**
 * A `YYYY-MM-DD` calendar date as a dealer reads it: en "9 April 2026", zh-CN "2026年4月9日".
 * Written out rather than through Intl so the text never depends on the ICU data of the host.
 */
export function formatDate(date: string, locale: Locale): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  switch (locale) {
    case 'en':
      return `${day} ${ENGLISH_MONTHS[month - 1] ?? month} ${year}`;
    case 'zh-CN':
      return `${year}年${month}月${day}日`;
    default: {
      const unexpected: never = locale;
      throw new Error(`no date format for locale ${String(unexpected)}`);
    }
  }
}
