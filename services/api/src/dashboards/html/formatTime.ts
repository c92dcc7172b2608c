import { formatDate, type Locale } from '@dealerflow/domain';

/** An RFC 3339 event time as a person reads it, in UTC (event time is UTC throughout the pipeline). */
export function formatTime(at: string, locale: Locale = 'en'): string {
  const utc = new Date(at).toISOString();
  return `${formatDate(utc.slice(0, 10), locale)} ${utc.slice(11, 16)} UTC`;
}
