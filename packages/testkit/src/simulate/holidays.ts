import type { InputEvent } from '@dealerflow/contracts';
import { dateOfDayNumber, dayNumber } from '@dealerflow/domain';
import type { SimulationState } from './simulationState';

/**
 * Public holidays the simulated warehouses close for, modelled on mainland China's 2026 schedule
 * (the Spring Festival closes them for nine days). Streams outside 2026 have no holidays.
 */
const HOLIDAYS_2026: readonly [from: string, to: string, name: string][] = [
  ['2026-01-01', '2026-01-03', "New Year's Day"],
  ['2026-02-15', '2026-02-23', 'Spring Festival'],
  ['2026-04-04', '2026-04-06', 'Qingming Festival'],
  ['2026-05-01', '2026-05-05', 'Labour Day'],
  ['2026-06-19', '2026-06-21', 'Dragon Boat Festival'],
  ['2026-09-25', '2026-09-27', 'Mid-Autumn Festival'],
  ['2026-10-01', '2026-10-07', 'National Day'],
];

/** Epoch day number → holiday name. */
const HOLIDAY_DAYS: ReadonlyMap<number, string> = new Map(
  HOLIDAYS_2026.flatMap(([from, to, name]) => {
    const days: [number, string][] = [];
    for (let day = dayNumber(from); day <= dayNumber(to); day += 1) days.push([day, name]);
    return days;
  }),
);

/** Whether the warehouses are closed on a simulated day (they dispatch nothing). */
export function warehousesClosed(state: SimulationState, day: number): boolean {
  return HOLIDAY_DAYS.has(state.catalogue.startDay + day);
}

/** The simulated day `workingDays` warehouse working days after `day` (how the order system promises). */
export function addWorkingDays(state: SimulationState, day: number, workingDays: number): number {
  let found = day;
  for (let left = workingDays; left > 0; ) {
    found += 1;
    if (!warehousesClosed(state, found)) left -= 1;
  }
  return found;
}

/**
 * The ERP publishes the year's holidays with the master data, for every warehouse (all are in one
 * country), when the stream has any.
 */
export function* publishHolidays(state: SimulationState): Generator<InputEvent> {
  const { startDay, options } = state.catalogue;
  // Promises reach past the last simulated day: holidays up to two months after it still matter.
  const lastDay = startDay + options.days + 60;
  if (![...HOLIDAY_DAYS.keys()].some((day) => day >= startDay && day < lastDay)) return;
  yield state.events.globalEvent('calendar.holidays.published', state.events.dealerAt('master', 0), {
    calendarId: 'CN-2026',
    warehouseIds: '*',
    weekendDays: [],
    holidays: [...HOLIDAY_DAYS].map(([day, name]) => ({ date: dateOfDayNumber(day), name })),
  });
}
