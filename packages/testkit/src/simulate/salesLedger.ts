import type { InputEvent } from '@dealerflow/contracts';
import { dateOfSimDay, type SimulationState } from './simulationState';

/** The months a sales total covers (the stream's first months cover only what there is). */
const WINDOW_MONTHS = 12;

/** The ERP books an invoice's amount as the dealer's sales of the invoice's month. */
export function recordSale(state: SimulationState, dealerIndex: number, day: number, cents: number): void {
  const month = dateOfSimDay(state, day).slice(0, 7);
  const byDealer = (state.salesByMonth[month] ??= new Array<number>(state.catalogue.dealers.length).fill(0));
  byDealer[dealerIndex] = (byDealer[dealerIndex] ?? 0) + cents;
}

/**
 * On the first day of a month the ERP closes the month before and publishes every dealer's sales
 * over the 12 months ending with it (`sales.totals.published`), which Dealerflow ranks for the
 * 80/20 tier suggestions.
 */
export function* closeSalesMonth(state: SimulationState, day: number): Generator<InputEvent> {
  const date = dateOfSimDay(state, day);
  if (day === 0 || !date.endsWith('-01')) return;
  const closed = dateOfSimDay(state, day - 1).slice(0, 7);
  const months = Object.keys(state.salesByMonth).filter((month) => month <= closed && month > monthsBefore(closed, WINDOW_MONTHS));
  const dealers = state.catalogue.dealers.map((dealer) => ({
    dealerId: dealer.id,
    sales: months.reduce((sum, month) => sum + (state.salesByMonth[month]?.[dealer.index] ?? 0), 0) / 100,
  }));
  yield state.events.globalEvent('sales.totals.published', state.events.dealerAt('master', 0), {
    month: closed,
    windowMonths: WINDOW_MONTHS,
    currency: 'CNY',
    dealers,
  });
}

/** `YYYY-MM` `count` months before `month`. */
function monthsBefore(month: string, count: number): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (mon - 1) - count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
