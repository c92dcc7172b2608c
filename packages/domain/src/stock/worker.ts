import { dayNumber, instantOf } from '../calendar';
import type { DealerInputEvent, Worker, WorkerContext } from '../pipeline';
import { orderStockAlerts, reviewSkuAlerts, type StockAlertOutput } from './alerts';
import { amendOrderLines, cancelOrder, recordDelivery, recordDispatch, recordOrderLines } from './inbound';
import { defaultStockPolicy, stockPolicySchema, stockSettingsFor, type StockPolicy, type StockSettings } from './policy';
import { rebuildSalesWindow, recordDailySales, syncSalesWindow } from './salesWindow';
import { initialStockState, skuStockOf, type SkuStock, type StockState } from './state';

type StockContext = WorkerContext<StockPolicy>;

/** Stock alerts, RULES.md §2: per (dealer, sku) figures and the stockout / low stock / overstock alerts. */
export const stockWorker: Worker<StockState, StockPolicy> = {
  name: 'stock',
  source: 'stock-worker',
  inputTypes: [
    'dealer.upserted',
    'dealer.stock.reported',
    'dealer.sales.reported',
    'order.placed',
    'order.amended',
    'order.cancelled',
    'shipment.dispatched',
    'shipment.delivered',
  ],
  policySchema: stockPolicySchema,
  defaultPolicy: defaultStockPolicy,
  initialState: initialStockState,
  apply: applyStockEvent,
  onDayChange: reviewStockDay,
};

function applyStockEvent(state: StockState, event: DealerInputEvent, ctx: StockContext): StockAlertOutput[] {
  const settings = stockSettingsFor(ctx.policy, ctx.dealer);
  const today = dayNumber(ctx.today);
  const resized = adoptWindowLength(state, settings.salesWindowDays, today);
  const touched: SkuStock[] = [];
  switch (event.type) {
    case 'dealer.upserted':
      // Lead time or tier may have changed: every SKU is reviewed below.
      break;
    case 'dealer.stock.reported': {
      const at = instantOf(event.occurredAt);
      for (const item of event.data.items) {
        const stock = skuStockOf(state, item.sku, today);
        if (at < stock.reportedAt) continue; // an older count than the one we hold
        stock.onHand = item.onHand;
        stock.reportedAt = at;
        touched.push(stock);
      }
      break;
    }
    case 'dealer.sales.reported': {
      const day = dayNumber(event.data.date);
      for (const item of event.data.items) {
        const stock = skuStockOf(state, item.sku, today);
        recordDailySales(stock, day, item.qty, today, settings.salesWindowDays);
        touched.push(stock);
      }
      break;
    }
    case 'order.placed':
      recordOrderLines(state, event.data.orderId, event.data.lines, today, touched);
      break;
    case 'order.amended':
      if (event.data.lines !== undefined) amendOrderLines(state, event.data.orderId, event.data.lines, today, touched);
      break;
    case 'order.cancelled':
      cancelOrder(state, event.data.orderId, today, touched);
      break;
    case 'shipment.dispatched':
      recordDispatch(state, event, today, touched);
      break;
    case 'shipment.delivered':
      recordDelivery(state, event, instantOf(event.occurredAt), today, touched);
      break;
    default:
      return [];
  }
  const outputs: StockAlertOutput[] = [];
  if (resized || event.type === 'dealer.upserted') {
    for (const stock of state.skus) reviewSku(state, stock, today, settings, ctx, outputs);
  } else {
    for (const stock of touched.length > 1 ? new Set(touched) : touched) reviewSku(state, stock, today, settings, ctx, outputs);
  }
  return orderStockAlerts(outputs);
}

/**
 * The window slid: review the SKUs whose units sold changed and those with an open alert. A dealer
 * whose windows cannot change today and who has no open alert costs two comparisons.
 */
function reviewStockDay(state: StockState, ctx: StockContext): StockAlertOutput[] {
  const settings = stockSettingsFor(ctx.policy, ctx.dealer);
  const today = dayNumber(ctx.today);
  const resized = adoptWindowLength(state, settings.salesWindowDays, today);
  const quiet = state.nextWindowChange === null || state.nextWindowChange > today;
  if (!resized && quiet && state.openAlerts === 0) return [];
  const outputs: StockAlertOutput[] = [];
  let next: number | null = null;
  const skus = state.skus;
  for (let i = 0; i < skus.length; i += 1) {
    const stock = skus[i]!;
    const changed = syncSalesWindow(stock, today, settings.salesWindowDays);
    if (changed || resized || hasOpenAlert(stock)) {
      reviewSkuAlerts(state, stock, settings, ctx.reference, ctx.causedBy, outputs);
    }
    const change = stock.nextWindowChange;
    if (change !== null && (next === null || change < next)) next = change;
  }
  state.nextWindowChange = next;
  return orderStockAlerts(outputs);
}

function reviewSku(
  state: StockState,
  stock: SkuStock,
  today: number,
  settings: StockSettings,
  ctx: StockContext,
  outputs: StockAlertOutput[],
): void {
  syncSalesWindow(stock, today, settings.salesWindowDays);
  const change = stock.nextWindowChange;
  if (change !== null && (state.nextWindowChange === null || change < state.nextWindowChange)) {
    state.nextWindowChange = change;
  }
  reviewSkuAlerts(state, stock, settings, ctx.reference, ctx.causedBy, outputs);
}

function hasOpenAlert(stock: SkuStock): boolean {
  const alerts = stock.alerts;
  return alerts.stockout?.open != null || alerts.low_stock?.open != null || alerts.overstock?.open != null;
}

/**
 * A tier change can change the window length; the sums are then recounted from the days kept.
 * Returns whether the length changed (every SKU must be reviewed).
 */
function adoptWindowLength(state: StockState, windowDays: number, today: number): boolean {
  if (state.salesWindowDays === windowDays) return false;
  const first = state.salesWindowDays === 0;
  state.salesWindowDays = windowDays;
  if (first) return false;
  for (const stock of state.skus) rebuildSalesWindow(stock, today, windowDays);
  return true;
}
