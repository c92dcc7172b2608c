import { dayNumber } from '../calendar';
import { toCents, type Cents } from '../money';
import { computeExposure } from './exposure';
import type { LedgerEvent } from './ledger';
import type { CreditState } from './state';

/**
 * What the score's trends read: per day with credit activity, the order value placed, the amount
 * invoiced and the exposure the day closed at. Only days with a ledger event are kept (exposure
 * moves only with them), for the score's window and one day before it (the exposure the window
 * opened with), so a dealer's state stays small however long its history.
 */
export interface CreditTrend {
  /** The day number the trend began on: days before it are unknown, not zero (a state from before the trend). */
  since: number;
  /** `[dayNumber, orderedCents, invoicedCents, closingExposureCents]`, oldest first; tuples keep snapshots small. */
  days: TrendDay[];
}

export type TrendDay = [day: number, orderedCents: Cents, invoicedCents: Cents, closingExposureCents: Cents];

/**
 * Notes one ledger event before the ledger applies it: its new order value or invoice amount (a
 * document already in the ledger is a re-send and adds nothing), and the exposure the earlier
 * events left, which closes the previous day with activity. The latest day's exposure is read from
 * the ledger when the score needs it.
 */
export function noteCreditActivity(state: CreditState, event: LedgerEvent, today: string, keepDays: number): void {
  const day = dayNumber(today);
  const trend = (state.trend ??= { since: day, days: [] });
  const exposureCents = computeExposure(state.ledger).exposureCents;
  let latest = trend.days.at(-1);
  if (latest) latest[3] = exposureCents;
  if (!latest || latest[0] !== day) {
    latest = [day, 0, 0, exposureCents];
    trend.days.push(latest);
  }
  if (event.type === 'order.placed' && !(event.data.orderId in state.ledger.orders)) {
    latest[1] += event.data.lines.reduce((sum, line) => sum + line.qty * toCents(line.unitPrice), 0);
  }
  if (event.type === 'invoice.issued' && !state.ledger.invoices.some((invoice) => invoice.invoiceId === event.data.invoiceId)) {
    latest[2] += toCents(event.data.amount);
  }
  // Keep one day older than the window: the exposure the window opened with.
  while (trend.days.length > 1 && trend.days[1]![0] <= day - keepDays) trend.days.shift();
}

/** Σ of one column over the days in [fromDay, toDay]. */
export function sumTrend(trend: CreditTrend | undefined, column: 1 | 2, fromDay: number, toDay: number): Cents {
  let sum = 0;
  for (const entry of trend?.days ?? []) if (entry[0] >= fromDay && entry[0] <= toDay) sum += entry[column];
  return sum;
}

/**
 * The mean exposure over the days [fromDay, toDay] that the trend knows (from `since`), each day at
 * the exposure it closed with; days after the last activity are at `currentCents`. Undefined when
 * no day of the range is known.
 */
export function averageExposure(trend: CreditTrend | undefined, fromDay: number, toDay: number, currentCents: Cents): number | undefined {
  if (!trend) return undefined;
  const days = trend.days;
  const lastActive = days.at(-1)?.[0] ?? Number.NEGATIVE_INFINITY;
  let sum = 0;
  let count = 0;
  let index = 0;
  let closing: Cents = 0;
  for (let day = Math.max(fromDay, trend.since); day <= toDay; day += 1) {
    while (index < days.length && days[index]![0] <= day) closing = days[index++]![3];
    sum += day >= lastActive ? currentCents : closing;
    count += 1;
  }
  return count === 0 ? undefined : sum / count;
}
