import type { SkuStock } from './state';

/*
 * The rolling sum of units sold over the window of `windowDays` days ending on `today` (UTC day
 * numbers). Each SKU keeps only the sale days still inside the window, or dated ahead of it, so
 * the state stays small over a year of daily reports and sliding costs nothing on a day when no
 * sale leaves or enters the window.
 */

/**
 * Moves a SKU's window to end on `today` (never backwards). Returns whether `unitsSold` changed.
 * Cheap when nothing leaves or enters: one comparison.
 */
export function syncSalesWindow(sku: SkuStock, today: number, windowDays: number): boolean {
  const change = sku.nextWindowChange;
  if (change === null || change > today) {
    // Nothing leaves or enters before today, so the sum of the old window is the sum of today's.
    if (today > sku.windowEnd) sku.windowEnd = today;
    return false;
  }
  const before = sku.unitsSold;
  const previousEnd = sku.windowEnd;
  const start = today - windowDays + 1;
  const days = sku.saleDays;
  const qtys = sku.saleQtys;
  let sum = before;
  let leaving = 0;
  while (leaving < days.length && days[leaving]! < start) {
    // A day dated ahead of the old window and already behind the new one was never counted.
    if (days[leaving]! <= previousEnd) sum -= qtys[leaving]!;
    leaving += 1;
  }
  dropOldest(days, qtys, leaving);
  for (let i = days.length - 1; i >= 0 && days[i]! > previousEnd; i -= 1) {
    if (days[i]! <= today) sum += qtys[i]!;
  }
  sku.unitsSold = sum;
  sku.windowEnd = today;
  sku.nextWindowChange = nextWindowChange(days, today, windowDays);
  return sum !== before;
}

/**
 * Records the units sold on `day`, replacing what an earlier report said for that day. A day
 * already behind the window can never count again and is ignored. Returns whether `unitsSold`
 * (the window ending on `today`) changed.
 */
export function recordDailySales(sku: SkuStock, day: number, qty: number, today: number, windowDays: number): boolean {
  syncSalesWindow(sku, today, windowDays);
  if (day < today - windowDays + 1) return false;
  const days = sku.saleDays;
  const qtys = sku.saleQtys;
  let index = days.length;
  while (index > 0 && days[index - 1]! >= day) index -= 1;
  const known = days[index] === day;
  const delta = qty - (known ? qtys[index]! : 0);
  if (known && qty === 0) {
    days.splice(index, 1);
    qtys.splice(index, 1);
  } else if (known) {
    qtys[index] = qty;
  } else if (qty > 0 && index === days.length) {
    days.push(day);
    qtys.push(qty);
  } else if (qty > 0) {
    days.splice(index, 0, day);
    qtys.splice(index, 0, qty);
  }
  sku.nextWindowChange = nextWindowChange(days, today, windowDays);
  if (day > today || delta === 0) return false;
  sku.unitsSold += delta;
  return true;
}

/** Recounts a SKU's window from the days it kept, for a window of a new length (a tier change). */
export function rebuildSalesWindow(sku: SkuStock, today: number, windowDays: number): void {
  const start = today - windowDays + 1;
  const days = sku.saleDays;
  const qtys = sku.saleQtys;
  let leaving = 0;
  while (leaving < days.length && days[leaving]! < start) leaving += 1;
  dropOldest(days, qtys, leaving);
  let sum = 0;
  for (let i = 0; i < days.length && days[i]! <= today; i += 1) sum += qtys[i]!;
  sku.unitsSold = sum;
  sku.windowEnd = today;
  sku.nextWindowChange = nextWindowChange(days, today, windowDays);
}

/** Drops the first `count` days; one day leaving (the daily case) is a shift, which allocates nothing. */
function dropOldest(days: number[], qtys: number[], count: number): void {
  if (count === 1) {
    days.shift();
    qtys.shift();
  } else if (count > 1) {
    days.splice(0, count);
    qtys.splice(0, count);
  }
}

/** The first day after `today` the window's sum changes: the oldest counted day leaves, or a day dated ahead enters. */
function nextWindowChange(days: readonly number[], today: number, windowDays: number): number | null {
  const first = days[0];
  if (first === undefined) return null;
  if (first > today) return first;
  let ahead: number | null = null;
  for (let i = days.length - 1; i >= 0 && days[i]! > today; i -= 1) ahead = days[i]!;
  const leaves = first + windowDays;
  return ahead !== null && ahead < leaves ? ahead : leaves;
}
