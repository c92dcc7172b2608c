import { dayNumber } from '../calendar';
import type { ReferenceTables, WorkingCalendar } from './reference';

/**
 * The days a warehouse does not work, from every published calendar that names it (or names
 * `"*"`): its holidays and its weekly days off. With no calendar every day is a working day.
 */
export interface DaysOff {
  /** Whether the warehouse is closed on this UTC day number. */
  isDayOff(day: number): boolean;
  /** The name of the holiday on this day, if one was published. */
  holidayName(day: number): string | null;
}

const EVERY_DAY_WORKED: DaysOff = { isDayOff: () => false, holidayName: () => null };

// Calendars are immutable once published (a new publication is a new object), so what a calendar
// says about its days is worked out once per calendar object.
const holidayDays = new WeakMap<WorkingCalendar, Map<number, string>>();

function holidaysOf(calendar: WorkingCalendar): Map<number, string> {
  let days = holidayDays.get(calendar);
  if (!days) {
    days = new Map(calendar.holidays.map((holiday) => [dayNumber(holiday.date), holiday.name] as const));
    holidayDays.set(calendar, days);
  }
  return days;
}

export function daysOffAt(tables: ReferenceTables, warehouseId: string): DaysOff {
  const calendars = [...tables.calendars.values()].filter(
    (calendar) => calendar.warehouseIds === '*' || calendar.warehouseIds.includes(warehouseId),
  );
  if (calendars.length === 0) return EVERY_DAY_WORKED;
  const holidayName = (day: number): string | null => {
    for (const calendar of calendars) {
      const name = holidaysOf(calendar).get(day);
      if (name !== undefined) return name;
    }
    return null;
  };
  // Day 0 (1970-01-01) was a Thursday: weekday = (day + 4) mod 7, 0 = Sunday.
  const weekday = (day: number): number => (((day + 4) % 7) + 7) % 7;
  return {
    holidayName,
    isDayOff: (day) => holidayName(day) !== null || calendars.some((calendar) => calendar.weekendDays.includes(weekday(day))),
  };
}

/** Working days in `(fromDay, toDay]`: the days after `fromDay` up to and including `toDay` the warehouse works. */
export function workingDaysAfter(daysOff: DaysOff, fromDay: number, toDay: number): number {
  let count = 0;
  for (let day = fromDay + 1; day <= toDay; day += 1) if (!daysOff.isDayOff(day)) count += 1;
  return count;
}

/** The last working day at or before `day` (a day off steps back to the working day before it). */
export function lastWorkingDayOnOrBefore(daysOff: DaysOff, day: number): number {
  let found = day;
  // A calendar closing every day would loop for ever; a year back is far beyond any real closure.
  for (let steps = 0; steps < 366 && daysOff.isDayOff(found); steps += 1) found -= 1;
  return found;
}
