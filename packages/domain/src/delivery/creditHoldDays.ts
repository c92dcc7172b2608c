import { dateOfDayNumber, dayNumberOf } from '../calendar';
import type { HoldSpan } from '../credit';

export interface HoldDays {
  /** UTC day numbers inside the window on which a hold was active. */
  days: number[];
  /** The holds that overlapped the window, with their dates (`to` null while still active). */
  holds: { holdId: string; from: string; to: string | null }[];
}

/**
 * Days of `[fromDay, toDay)` on which the dealer was on credit hold. A hold covers the UTC days from
 * its start date up to (not including) its release date, so a span counts end date − start date;
 * a hold still active counts up to the watermark day.
 */
export function creditHoldDays(spans: readonly HoldSpan[], fromDay: number, toDay: number, todayDay: number): HoldDays {
  const covered = new Set<number>();
  const holds: HoldDays['holds'] = [];
  for (const span of spans) {
    const start = Math.max(dayNumberOf(span.from), fromDay);
    const end = Math.min(span.to === null ? todayDay : dayNumberOf(span.to), toDay);
    if (end <= start) continue;
    for (let day = start; day < end; day += 1) covered.add(day);
    holds.push({
      holdId: span.holdId,
      from: dateOfDayNumber(dayNumberOf(span.from)),
      to: span.to === null ? null : dateOfDayNumber(dayNumberOf(span.to)),
    });
  }
  return { days: [...covered].sort((a, b) => a - b), holds };
}
