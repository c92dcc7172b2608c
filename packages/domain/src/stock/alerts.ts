import type { OutputDataOf, OutputDraftOf, StockAlertKind, StockAlertSeverity } from '@dealerflow/contracts';
import { roundHalfUp } from '../money';
import type { ReferenceTables } from '../reference';
import { LOW_STOCK, OVERSTOCK, STOCK_ALERT_KINDS, STOCKOUT, stockAlertSeverity, stockConditions } from './conditions';
import { computeStockFigures } from './figures';
import type { StockSettings } from './policy';
import type { SkuStock, StockState } from './state';

export type StockAlertOutput = OutputDraftOf<'stock.alert.raised' | 'stock.alert.resolved'>;

/**
 * Compares a SKU's conditions with its open alerts and appends a raise for each condition that
 * started and a resolution for each that ended. A SKU whose on hand was never reported has no
 * alerts. Allocates nothing unless an alert starts or ends.
 */
export function reviewSkuAlerts(
  state: StockState,
  stock: SkuStock,
  settings: StockSettings,
  reference: ReferenceTables,
  causedBy: string,
  into: StockAlertOutput[],
): void {
  const sku = stock.sku;
  const onHand = stock.onHand;
  if (onHand === null) return;
  const position = onHand + stock.inTransit + stock.onOrder;
  const bits = stockConditions(onHand, position, stock.unitsSold, settings);
  if (bits === 0 && state.openAlerts === 0) return;
  // Most reviews change nothing: compare with the open alerts by fixed names before the loop's
  // lookups by kind (keyed reads on objects of varying shape were this function's cost).
  const alerts = stock.alerts;
  const openBits =
    (alerts.stockout?.open != null ? STOCKOUT : 0) |
    (alerts.low_stock?.open != null ? LOW_STOCK : 0) |
    (alerts.overstock?.open != null ? OVERSTOCK : 0);
  if (bits === openBits) return;
  let figures: AlertFigures | undefined;
  for (let k = 0; k < STOCK_ALERT_KINDS.length; k += 1) {
    const { kind, bit } = STOCK_ALERT_KINDS[k]!;
    const active = (bits & bit) !== 0;
    const slot = stock.alerts[kind];
    const open = slot?.open ?? null;
    if (active === (open !== null)) continue;
    figures ??= alertFigures(stock, onHand, settings, reference, sku);
    if (active) {
      const severity = stockAlertSeverity(kind, settings.tier);
      const seq = (slot?.seq ?? 0) + 1;
      stock.alerts[kind] = { seq, open: severity };
      state.openAlerts += 1;
      into.push({ type: 'stock.alert.raised', data: alertData(state.dealerId, sku, kind, seq, severity, figures, causedBy) });
    } else {
      const seq = slot!.seq;
      slot!.open = null;
      state.openAlerts -= 1;
      into.push({ type: 'stock.alert.resolved', data: alertData(state.dealerId, sku, kind, seq, open!, figures, causedBy) });
    }
  }
}

/** `<dealerId>/<sku>/<kind>/<n>`: readable, and the same on every replay. */
export function stockAlertId(dealerId: string, sku: string, kind: StockAlertKind, seq: number): string {
  return `${dealerId}/${sku}/${kind}/${seq}`;
}

const SEVERITY_RANK: Record<StockAlertSeverity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const KIND_RANK: Record<StockAlertKind, number> = { stockout: 0, low_stock: 1, overstock: 2 };

/** One evaluation's outputs for a dealer: resolutions first, then raises; each by severity, then sku. */
export function orderStockAlerts(outputs: StockAlertOutput[]): StockAlertOutput[] {
  if (outputs.length < 2) return outputs;
  return outputs.sort(
    (a, b) =>
      (a.type === b.type ? 0 : a.type === 'stock.alert.resolved' ? -1 : 1) ||
      SEVERITY_RANK[a.data.severity] - SEVERITY_RANK[b.data.severity] ||
      (a.data.sku < b.data.sku ? -1 : a.data.sku > b.data.sku ? 1 : 0) ||
      KIND_RANK[a.data.kind] - KIND_RANK[b.data.kind],
  );
}

type AlertFigures = Omit<OutputDataOf<'stock.alert.raised'>, 'alertId' | 'sku' | 'kind' | 'severity' | 'causedBy'>;

/** The figures as published: decimals rounded half-up to 2 places. */
function alertFigures(
  stock: SkuStock,
  onHand: number,
  settings: StockSettings,
  reference: ReferenceTables,
  sku: string,
): AlertFigures {
  // A SKU missing from the product table is ordered by the unit, as if its pack size were 1.
  const packSize = reference.products.get(sku)?.packSize ?? 1;
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
  };
}

function alertData(
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
