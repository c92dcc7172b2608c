import { z } from 'zod';
import { dateOfDayNumber } from './calendar';

/**
 * Local calendar days in a time zone. The dealers this serves keep their books on their own days
 * (an Asia/Shanghai dealer's 11 January starts at 16:00 UTC on the 10th), so "today", due dates,
 * discount windows and days past due are read in the dealer's time zone, not in UTC.
 */
const MS_PER_DAY = 86_400_000;
/*
 * Zones change their offset only on whole quarter hours (every rule in the tz database), so the
 * offset found for one instant holds for its whole quarter hour: a replay's events fall in few
 * quarter hours, and asking Intl for each event dominated the profile.
 */
const QUARTER_HOUR_MS = 900_000;
const MAX_CACHED_OFFSETS = 8192;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

/** True when `zone` is an IANA time zone name this runtime knows (e.g. `Asia/Shanghai`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at an instant, in ms (local wall clock − UTC); 0 for `UTC`. */
export function utcOffsetAt(epochMs: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const block = Math.floor(epochMs / QUARTER_HOUR_MS);
  const key = `${timeZone}@${block}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = measureOffset(block * QUARTER_HOUR_MS, timeZone);
    if (offsets.size >= MAX_CACHED_OFFSETS) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The day number (days since 1970-01-01) of the local calendar day of an instant in `timeZone`. */
export function localDayNumberOf(epochMs: number, timeZone: string): number {
  return Math.floor((epochMs + utcOffsetAt(epochMs, timeZone)) / MS_PER_DAY);
}

/** The local calendar day (`YYYY-MM-DD`) of an instant in `timeZone`. */
export function localDateOf(epochMs: number, timeZone: string): string {
  return dateOfDayNumber(localDayNumberOf(epochMs, timeZone));
}

function measureOffset(instant: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const wall = { year: 0, month: 0, day: 0, hour: 0, minute: 0 };
  for (const part of formatter.formatToParts(instant)) {
    if (part.type in wall) wall[part.type as keyof typeof wall] = Number(part.value);
  }
  // `instant` is on a quarter hour, so whole minutes compare exactly.
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute) - instant;
}

/**
 * The company's calendar settings (policy section `calendar`): the time zone of a dealer whose
 * master data names none. A dealer's own `timezone` always wins.
 */
export const calendarPolicySchema = z.object({
  timeZone: z.string().refine(isTimeZone, { message: 'expected an IANA time zone such as Asia/Shanghai' }).default('UTC'),
});
export type CalendarPolicy = z.infer<typeof calendarPolicySchema>;
export const defaultCalendarPolicy: CalendarPolicy = calendarPolicySchema.parse({});
