import { addDays, instantOf } from '../calendar';

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
  const candidates = [offsetAt(wall - DAY_MS, timeZone), offsetAt(wall + DAY_MS, timeZone)].map((offset) => wall - offset);
  const exact = candidates.filter((candidate) => candidate + offsetAt(candidate, timeZone) === wall);
  return exact.length > 0 ? Math.min(...exact) : Math.max(...candidates);
}

const DAY_MS = 86_400_000;

/** The zone's offset from UTC at an instant, in ms (local wall clock − UTC). */
function offsetAt(instant: number, timeZone: string): number {
  const parts = wallClockOf(instant, timeZone);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

function localTimeOf(instant: number, timeZone: string): LocalTime {
  const parts = wallClockOf(instant, timeZone);
  const date = `${String(parts.year).padStart(4, '0')}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`;
  return { date, minutes: parts.hour * 60 + parts.minute };
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// Building a DateTimeFormat costs far more than using one; one per zone is kept for the process.
const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockOf(instant: number, timeZone: string): WallClock {
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
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const wall: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter.formatToParts(instant)) {
    if (part.type in wall) wall[part.type as keyof WallClock] = Number(part.value);
  }
  return wall;
}
