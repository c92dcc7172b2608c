import type { StockState } from './state';

/*
 * Complete sales days. A dealer reports each day's sales once the day is over (often late in the
 * evening, or the next morning). Counting today before its report as a day of no sales made alerts
 * resolve when the day began and come back when the report arrived; the window now ends on the last
 * day whose sales are known.
 */

/** A sales report for `day` arrived: the dealer's reported history now reaches it. */
export function noteSalesDay(state: StockState, day: number): void {
  // undefined: a state stored before issue 21, with sales history of unknown length: taken as a full one.
  if (state.firstSalesDay === undefined) state.firstSalesDay = state.skus.length > 0 ? 0 : day;
  if (state.firstSalesDay === null || day < state.firstSalesDay) state.firstSalesDay = day;
  if (state.lastSalesDay === null || state.lastSalesDay === undefined || day > state.lastSalesDay) state.lastSalesDay = day;
}

/**
 * The last complete sales day on dealer-local day `today`, recorded in the state (it never moves
 * back): the latest day the dealer reported (never after today), or the day `graceDays` before
 * yesterday when no report came since (unreported days then count as no sales).
 */
export function salesEndOf(state: StockState, today: number, graceDays: number): number {
  const floor = today - 1 - graceDays;
  const last = state.lastSalesDay;
  let end = last === null || last === undefined ? floor : Math.min(today, Math.max(last, floor));
  if (state.salesEnd === undefined) {
    // A state stored before issue 21: its windows end on the day they were last moved to.
    for (const stock of state.skus) if (stock.windowEnd > end) end = stock.windowEnd;
  } else if (state.salesEnd > end) {
    end = state.salesEnd;
  }
  state.salesEnd = end;
  return end;
}
