import { dateOfDayNumber, instantOf } from '../calendar';
import type { AvailabilityReading } from '../reference';
import type { SkuQty } from './state';

export interface BackorderInput {
  /** Ordered quantity per SKU. */
  lines: readonly SkuQty[];
  /** The order's dispatches so far: UTC day and quantities. */
  dispatches: readonly { day: number; lines: readonly SkuQty[] }[];
  /** Availability readings of each SKU in the order's warehouse, in time order. */
  availability: (sku: string) => readonly AvailabilityReading[];
  /** The window `[fromDay, toDay)`: placement day to the day the last shipment needed left. */
  fromDay: number;
  toDay: number;
  /** Days not to count (none by default). A credit hold never excludes a day: on a short day the hold blocked nothing. */
  excludedDays?: ReadonlySet<number>;
}

export interface BackorderDays {
  days: number;
  /** The counted days (UTC day numbers), ascending. */
  shortDays: number[];
  /** SKUs short on at least one counted day, in the order's line order. */
  skus: string[];
  firstDay: string | null;
  lastDay: string | null;
}

/**
 * Days of the window on which the warehouse could not have filled the order: for some ordered SKU,
 * the lowest availability in effect during the day was below what the order still needed from it
 * (ordered − dispatched by the end of that day). A SKU with no reading yet counts as available:
 * the warehouse never said otherwise.
 */
export function backorderDays(input: BackorderInput): BackorderDays {
  const shortDays = new Set<number>();
  const skus: string[] = [];
  for (const line of input.lines) {
    const lowest = lowestAvailableByDay(input.availability(line.sku), input.fromDay, input.toDay);
    let short = false;
    lowest.forEach((available, index) => {
      const day = input.fromDay + index;
      if (available === undefined || input.excludedDays?.has(day)) return;
      if (available < line.qty - dispatchedBy(input.dispatches, line.sku, day)) {
        shortDays.add(day);
        short = true;
      }
    });
    if (short) skus.push(line.sku);
  }
  const days = [...shortDays].sort((a, b) => a - b);
  return {
    days: days.length,
    shortDays: days,
    skus,
    firstDay: days.length > 0 ? dateOfDayNumber(days[0]!) : null,
    lastDay: days.length > 0 ? dateOfDayNumber(days[days.length - 1]!) : null,
  };
}

/**
 * For each day of `[fromDay, toDay)`: the lowest of the reading in effect at the day's start and
 * the readings taken during the day; undefined while nothing was ever reported.
 */
export function lowestAvailableByDay(readings: readonly AvailabilityReading[], fromDay: number, toDay: number): (number | undefined)[] {
  const lowest: (number | undefined)[] = [];
  let index = 0;
  let current: number | undefined;
  for (let day = fromDay; day < toDay; day += 1) {
    const dayStart = startOfDay(day);
    const nextStart = startOfDay(day + 1);
    while (index < readings.length && readings[index]!.at <= dayStart) {
      current = readings[index]!.available;
      index += 1;
    }
    let low = current;
    while (index < readings.length && readings[index]!.at < nextStart) {
      current = readings[index]!.available;
      low = low === undefined ? current : Math.min(low, current);
      index += 1;
    }
    lowest.push(low);
  }
  return lowest;
}

function startOfDay(day: number): number {
  return instantOf(`${dateOfDayNumber(day)}T00:00:00Z`);
}

function dispatchedBy(dispatches: BackorderInput['dispatches'], sku: string, day: number): number {
  let total = 0;
  for (const dispatch of dispatches) {
    if (dispatch.day > day) continue;
    for (const line of dispatch.lines) if (line.sku === sku) total += line.qty;
  }
  return total;
}
