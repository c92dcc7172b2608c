import type { OutputDataOf, OutputDraftOf, StockAlertKind, StockAlertSeverity } from '@dealerflow/contracts';
import { dateOfDayNumber } from '../calendar';
import { roundHalfUp } from '../money';
import type { ReferenceTables } from '../reference';
import { arrivalsOf, arrivesWithinLeadTime } from './arrivals';
import { alertedConditions, isSlowMover, LOW_STOCK, OVERSTOCK, STOCK_ALERT_KINDS, STOCKOUT, stockAlertSeverity, stockConditions } from './conditions';
import { computeStockFigures } from './figures';
import type { StockSettings } from './policy';
import type { AlertSlot, SkuStock, StockState } from './state';

export type StockAlertOutput = OutputDraftOf<'stock.alert.raised' | 'stock.alert.resolved'>;

/** Where one review stands: the dealer-local day, whether overstock can be judged, what caused it. */
export interface ReviewContext {
  settings: StockSettings;
  reference: ReferenceTables;
  causedBy: string;
  /** The dealer-local day number of the review. */
  today: number;
  /** The dealer's sales history covers the whole window (overstock is judged only then). */
  fullHistory: boolean;
}

/**
 * Compares a SKU's conditions with its open alerts and appends a raise for each condition that
 * started (a stock-out's low stock only if it was open before: `alertedConditions`) and a
 * resolution for each that ended; an open stock-out or low-stock alert whose severity
 * changed (goods now arrive in time, or no longer do) is re-weighed in the state for the next digest.
 * A SKU whose on hand was never reported has no alerts. Allocates nothing when nothing is open and
 * no condition holds.
 */
export function reviewSkuAlerts(state: StockState, stock: SkuStock, review: ReviewContext, into: StockAlertOutput[]): void {
  const onHand = stock.onHand;
  if (onHand === null) return;
  const settings = review.settings;
  const position = onHand + stock.inTransit + stock.onOrder;
  const holding = stockConditions(onHand, position, stock.unitsSold, settings, review.fullHistory);
  if (holding === 0 && state.openAlerts === 0 && !state.waitingAlerts) return;
  // Most reviews change nothing: compare with the open alerts by fixed names before the loop's
  // lookups by kind (keyed reads on objects of varying shape were this function's cost).
  const alerts = stock.alerts;
  const openBits =
    (alerts.stockout?.open != null ? STOCKOUT : 0) |
    (alerts.low_stock?.open != null ? LOW_STOCK : 0) |
    (alerts.overstock?.open != null ? OVERSTOCK : 0);
  // A stock-out raises no low stock beside it unless that was open before (one fact, one alert).
  const bits = alertedConditions(holding, openBits);
  if (bits === openBits && (bits & (STOCKOUT | LOW_STOCK)) === 0 && alerts.low_stock?.since == null) return;
  let figures: AlertFigures | undefined;
  for (let k = 0; k < STOCK_ALERT_KINDS.length; k += 1) {
    const { kind, bit } = STOCK_ALERT_KINDS[k]!;
    const active = (bits & bit) !== 0;
    const slot = stock.alerts[kind];
    const open = slot?.open ?? null;
    if (active && open !== null) {
      reweigh(state, stock, kind, slot!, review);
      continue;
    }
    if (active === (open !== null)) {
      if (slot?.since != null) stopWaiting(state, slot); // the shelf was filled before it was raised
      continue;
    }
    if (active && kind === 'low_stock' && waitsForDealersOrder(state, stock, slot, review)) continue;
    figures ??= alertFigures(state, stock, onHand, review);
    if (active) {
      const severity = severityOf(state, stock, kind, review);
      const seq = (slot?.seq ?? 0) + 1;
      if (slot?.since != null) stopWaiting(state, slot);
      stock.alerts[kind] = { seq, open: severity, pending: 'new' };
      state.openAlerts += 1;
      state.digestDue = true;
      into.push({ type: 'stock.alert.raised', data: alertData(state.dealerId, stock.sku, kind, seq, severity, figures, review.causedBy) });
    } else {
      const seq = slot!.seq;
      stock.alerts[kind] = { seq, open: null };
      state.openAlerts -= 1;
      into.push({ type: 'stock.alert.resolved', data: alertData(state.dealerId, stock.sku, kind, seq, open!, figures, review.causedBy) });
    }
  }
}

/**
 * Whether a low stock that just holds waits instead of being raised: only a slow mover's empty shelf
 * (nothing on hand, nothing coming), found on day `since`, until day since + 1 + `slowMoverWaitDays`
 * begins. Running out of a SKU that sells a unit a week or two is the end of its reorder cycle; the
 * dealer's routine order, usually the next day, refills it, and an alert then told what that order was
 * about to fix. Still empty after that, it is raised (low severity, in the daily digest). A fast mover's
 * low stock is raised at once: it is the warning before a stock-out.
 */
function waitsForDealersOrder(state: StockState, stock: SkuStock, slot: AlertSlot | undefined, review: ReviewContext): boolean {
  const wait = review.settings.slowMoverWaitDays;
  if (wait === 0 || !isSlowMover(stock.unitsSold, review.settings)) return false;
  if (slot?.since == null) {
    stock.alerts.low_stock = { seq: slot?.seq ?? 0, open: null, since: review.today };
    state.waitingAlerts = (state.waitingAlerts ?? 0) + 1;
    return true;
  }
  return review.today < slot.since + 1 + wait;
}

function stopWaiting(state: StockState, slot: AlertSlot): void {
  slot.since = undefined;
  state.waitingAlerts = Math.max(0, (state.waitingAlerts ?? 0) - 1);
}

/** The severity an alert of `kind` would have now. */
export function severityOf(state: StockState, stock: SkuStock, kind: StockAlertKind, review: ReviewContext): StockAlertSeverity {
  const settings = review.settings;
  return stockAlertSeverity(kind, settings.tier, {
    arrivingWithinLeadTime: kind === 'stockout' && arrivesWithinLeadTime(state, stock.sku, review.today, settings.leadTimeDays),
    slowMover: kind === 'low_stock' && isSlowMover(stock.unitsSold, settings),
  });
}

/** An open alert whose severity changed: the next digest tells it (an acknowledgement at the old severity no longer hides it). */
function reweigh(state: StockState, stock: SkuStock, kind: StockAlertKind, slot: AlertSlot, review: ReviewContext): void {
  if (kind === 'overstock') return;
  const severity = severityOf(state, stock, kind, review);
  if (severity === slot.open) return;
  slot.open = severity;
  if (slot.pending !== 'new') slot.pending = 'changed';
  state.digestDue = true;
}

/** `<dealerId>/<sku>/<kind>/<n>`: readable, and the same on every replay. */
export function stockAlertId(dealerId: string, sku: string, kind: StockAlertKind, seq: number): string {
  return `${dealerId}/${sku}/${kind}/${seq}`;
}

const SEVERITY_RANK: Record<StockAlertSeverity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const KIND_RANK: Record<StockAlertKind, number> = { stockout: 0, low_stock: 1, overstock: 2 };

/** Alerts by severity (critical first), then sku, then kind. */
export function compareAlerts(
  a: { severity: StockAlertSeverity; sku: string; kind: StockAlertKind },
  b: { severity: StockAlertSeverity; sku: string; kind: StockAlertKind },
): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0) ||
    KIND_RANK[a.kind] - KIND_RANK[b.kind]
  );
}

/** One evaluation's outputs for a dealer: resolutions first, then raises; each by severity, then sku. */
export function orderStockAlerts(outputs: StockAlertOutput[]): StockAlertOutput[] {
  if (outputs.length < 2) return outputs;
  return outputs.sort(
    (a, b) => (a.type === b.type ? 0 : a.type === 'stock.alert.resolved' ? -1 : 1) || compareAlerts(a.data, b.data),
  );
}

export type AlertFigures = Omit<OutputDataOf<'stock.alert.raised'>, 'alertId' | 'sku' | 'kind' | 'severity' | 'causedBy'>;

/** The figures as published: decimals rounded half-up to 2 places; what arrives when; the projected stock-out day. */
export function alertFigures(state: StockState, stock: SkuStock, onHand: number, review: ReviewContext): AlertFigures {
  const settings = review.settings;
  // A SKU missing from the product table is ordered by the unit, as if its pack size were 1.
  const packSize = review.reference.products.get(stock.sku)?.packSize ?? 1;
  const figures = computeStockFigures(
    { onHand, inTransit: stock.inTransit, onOrder: stock.onOrder, unitsSold: stock.unitsSold, packSize },
    settings,
  );
  return {
    onHand,
    inTransit: figures.inTransit,
    onOrder: figures.onOrder,
    avgDailySales: roundHalfUp(figures.avgDailySales, 2),
    daysOfCover: figures.daysOfCover === null ? null : roundHalfUp(figures.daysOfCover, 2),
    reorderPoint: roundHalfUp(figures.reorderPoint, 2),
    suggestedOrderQty: figures.suggestedOrderQty,
    projectedStockoutDate: projectedStockoutDate(onHand, stock.unitsSold, settings.salesWindowDays, review.today),
    arrivals: arrivalsOf(state, stock.sku, review.today, settings.leadTimeDays),
  };
}

/**
 * The day on hand runs out at the current ADS, arrivals not counted: today plus the whole days of
 * cover (on hand × window ÷ units sold, rounded down: the last day stock lasts in full). Null when
 * nothing sells.
 */
export function projectedStockoutDate(onHand: number, unitsSold: number, windowDays: number, today: number): string | null {
  if (unitsSold <= 0) return null;
  return dateOfDayNumber(today + Math.floor((onHand * windowDays) / unitsSold));
}

export function alertData(
  dealerId: string,
  sku: string,
  kind: StockAlertKind,
  seq: number,
  severity: StockAlertSeverity,
  figures: AlertFigures,
  causedBy: string,
): OutputDataOf<'stock.alert.raised'> {
  return { alertId: stockAlertId(dealerId, sku, kind, seq), sku, kind, severity, ...figures, causedBy };
}
