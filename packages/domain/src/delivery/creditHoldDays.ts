import { dateOfDayNumber, dayNumberOf } from '../calendar';
import type { HoldSpan } from '../credit';

export interface HoldDaysInput {
  spans: readonly HoldSpan[];
  /** The window `[fromDay, toDay)`: placement day to the day the last shipment needed left. */
  fromDay: number;
  toDay: number;
  /** The day of the dealer's clock: a hold still active counts up to it. */
  todayDay: number;
  /** Epoch ms of each of the order's departures. */
  departures: readonly number[];
  /** Days on which the warehouse lacked what the order still needed (the backorder's evidence). */
  shortDays: ReadonlySet<number>;
}

export interface HoldDays {
  /** UTC day numbers inside the window on which a hold blocked the order's dispatch. */
  days: number[];
  /** The holds that blocked at least one such day, with their dates (`to` null while still active). */
  holds: { holdId: string; from: string; to: string | null }[];
}

/**
 * Days of `[fromDay, toDay)` on which a credit hold is what kept the order in the warehouse. A hold
 * covers the UTC days from its start date up to (not including) its release date; one still active
 * counts up to the dealer's day. Of those days, a hold blocks only
 * - when no part of the order left the warehouse while it was on: if goods of the order were
 *   dispatched during the hold, the hold did not stop them, and none of its days count;
 * - on days the warehouse had what the order still needed: a day the SKU read short is the
 *   warehouse's (a backorder day), not the hold's.
 */
export function creditHoldDays(input: HoldDaysInput): HoldDays {
  const covered = new Set<number>();
  const holds: HoldDays['holds'] = [];
  for (const span of input.spans) {
    const end = span.to ?? Number.POSITIVE_INFINITY;
    if (input.departures.some((departure) => departure >= span.from && departure < end)) continue;
    const firstDay = Math.max(dayNumberOf(span.from), input.fromDay);
    const lastDay = Math.min(span.to === null ? input.todayDay : dayNumberOf(span.to), input.toDay);
    let blocked = false;
    for (let day = firstDay; day < lastDay; day += 1) {
      if (input.shortDays.has(day)) continue;
      covered.add(day);
      blocked = true;
    }
    if (!blocked) continue;
    holds.push({
      holdId: span.holdId,
      from: dateOfDayNumber(dayNumberOf(span.from)),
      to: span.to === null ? null : dateOfDayNumber(dayNumberOf(span.to)),
    });
  }
  return { days: [...covered].sort((a, b) => a - b), holds };
}
