import { addDays, dateOfDayNumber, instantOf, utcOffsetAt } from '../calendar';

export interface QuietHours {
  /** `HH:MM` local time the quiet window starts. */
  start: string;
  /** `HH:MM` local time it ends (messages held until then). */
  end: string;
}

interface LocalTime {
  date: string;
  minutes: number;
}

/**
 * When a message held for quiet hours may go: the next `end` in `timeZone` after `at`, as an RFC 3339
 * UTC instant, or null when `at` is outside the quiet window. Pure time-zone arithmetic through
 * Intl (deterministic: no clock); daylight saving time is honoured because the offset is looked up
 * at the release instant itself.
 */
export function quietUntil(at: string, timeZone: string, quiet: QuietHours): string | null {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const instant = instantOf(at);
  const local = localTimeOf(instant, timeZone);
  const spansMidnight = start > end;
  const inside = spansMidnight ? local.minutes >= start || local.minutes < end : local.minutes >= start && local.minutes < end;
  if (!inside) return null;
  const releaseDate = spansMidnight && local.minutes >= start ? addDays(local.date, 1) : local.date;
  return new Date(instantOfLocal(releaseDate, end, timeZone)).toISOString().replace('.000Z', 'Z');
}

function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/**
 * The instant a local wall-clock time happens. The zone's offsets a day either side are the only
 * candidates (no zone changes its offset twice in two days); the earliest that reads back as that
 * wall time wins (an hour repeated by a fall-back is its first occurrence), and a wall time skipped
 * by a spring-forward gap resolves to the instant just after the gap.
 */
function instantOfLocal(date: string, minutes: number, timeZone: string): number {
  const wall = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), 0, minutes);
  const candidates = [utcOffsetAt(wall - DAY_MS, timeZone), utcOffsetAt(wall + DAY_MS, timeZone)].map((offset) => wall - offset);
  const exact = candidates.filter((candidate) => candidate + utcOffsetAt(candidate, timeZone) === wall);
  return exact.length > 0 ? Math.min(...exact) : Math.max(...candidates);
}

const DAY_MS = 86_400_000;

function localTimeOf(instant: number, timeZone: string): LocalTime {
  const local = instant + utcOffsetAt(instant, timeZone);
  const dayNumber = Math.floor(local / DAY_MS);
  return { date: dateOfDayNumber(dayNumber), minutes: Math.floor((local - dayNumber * DAY_MS) / 60_000) };
}
