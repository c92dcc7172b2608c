/**
 * UTC calendar days. The contract compares dates without time as UTC calendar days, and every
 * span (days late, days past due) is an end date minus a start date in whole days.
 */
const MS_PER_DAY = 86_400_000;

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` date. Arithmetic on the digits (the proleptic Gregorian
 * "days from civil" algorithm) rather than `Date.UTC`: rules call this on every event for every
 * open invoice and order, and building a Date each time dominated the replay's profile.
 */
export function dayNumber(date: string): number {
  const year = digits(date, 0, 4);
  const month = digits(date, 5, 2);
  const day = digits(date, 8, 2);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index += 1) value = value * 10 + (text.charCodeAt(index) - 48);
  return value;
}

/*
 * Dates already formatted, by day number. Every ledger event, pruning pass and late notice turns
 * an instant or a day into its date, and a replay's events fall on few days: formatting each day
 * once took these conversions out of the profile. Bounded, and a pure memo: same day, same text.
 */
const datesByDay = new Map<number, string>();
const MAX_CACHED_DATES = 4096;

/** The `YYYY-MM-DD` date of a day number. */
export function dateOfDayNumber(day: number): string {
  let date = datesByDay.get(day);
  if (date === undefined) {
    date = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (datesByDay.size >= MAX_CACHED_DATES) datesByDay.clear();
    datesByDay.set(day, date);
  }
  return date;
}

/** The UTC calendar day (`YYYY-MM-DD`) of an instant in epoch milliseconds. */
export function utcDateOf(epochMs: number): string {
  return dateOfDayNumber(Math.floor(epochMs / MS_PER_DAY));
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
  // Each worker reads the same event's `occurredAt`: parse it once.
  if (timestamp !== lastTimestamp) {
    lastInstant = Date.parse(timestamp);
    lastTimestamp = timestamp;
  }
  return lastInstant;
}

let lastTimestamp: string | undefined;
let lastInstant = Number.NaN;
