/**
 * UTC calendar days. The contract compares dates without time as UTC calendar days, and every
 * span (days late, days past due) is an end date minus a start date in whole days.
 */
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function dayNumber(date: string): number {
  return Math.floor(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY);
}

/** The `YYYY-MM-DD` date of a day number. */
export function dateOfDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The UTC calendar day (`YYYY-MM-DD`) of an instant in epoch milliseconds. */
export function utcDateOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** The UTC day number of an instant in epoch milliseconds. */
export function dayNumberOf(epochMs: number): number {
  return Math.floor(epochMs / MS_PER_DAY);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** Epoch milliseconds of an RFC 3339 timestamp. */
export function instantOf(timestamp: string): number {
  return Date.parse(timestamp);
}
