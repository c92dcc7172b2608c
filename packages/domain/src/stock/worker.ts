import type { OutputDraft } from '@dealerflow/contracts';
import { dayNumber, instantOf } from '../calendar';
import type { DealerInputEvent, Worker, WorkerContext } from '../pipeline';
import { acknowledgeAlert } from './acknowledgements';
import { orderStockAlerts, reviewSkuAlerts, type ReviewContext, type StockAlertOutput } from './alerts';
import { amendOrderLines, cancelOrder, recordDelivery, recordDispatch, recordOrderLines, reschedulePromise } from './inbound';
import { defaultStockPolicy, stockPolicySchema, stockSettingsFor, type StockPolicy, type StockSettings } from './policy';
import { noteSalesDay, salesEndOf } from './salesDays';
import { rebuildSalesWindow, recordDailySales, syncSalesWindow } from './salesWindow';
import { initialStockState, skuStockOf, type SkuStock, type StockState } from './state';
import { dailyDigest, openingSummary } from './summaries';

type StockContext = WorkerContext<StockPolicy>;

/** Stock alerts, RULES.md §2 as amended by issue 21 (docs/stock.md). */
export const stockWorker: Worker<StockState, StockPolicy> = {
  name: 'stock',
  source: 'stock-worker',
  inputTypes: [
    'dealer.upserted',
    'dealer.stock.reported',
    'dealer.sales.reported',
    'stock.alert.acknowledged',
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

function applyStockEvent(state: StockState, event: DealerInputEvent, ctx: StockContext): OutputDraft[] {
  if (event.type === 'stock.alert.acknowledged') {
    acknowledgeAlert(state, event);
    return [];
  }
  const settings = stockSettingsFor(ctx.policy, ctx.dealer);
  const today = dayNumber(ctx.today);
  if (event.type === 'dealer.sales.reported') noteSalesDay(state, dayNumber(event.data.date));
  const previousEnd = state.salesEnd;
  const end = salesEndOf(state, today, settings.salesReportGraceDays);
  const resized = adoptWindowLength(state, settings.salesWindowDays, end);
  const touched: SkuStock[] = [];
  switch (event.type) {
    case 'dealer.upserted':
      // Lead time or tier may have changed: every SKU is reviewed below.
      break;
    case 'dealer.stock.reported': {
      const at = instantOf(event.occurredAt);
      for (const item of event.data.items) {
        const stock = skuStockOf(state, item.sku, end);
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
        const stock = skuStockOf(state, item.sku, end);
        recordDailySales(stock, day, item.qty, end, settings.salesWindowDays);
        touched.push(stock);
      }
      break;
    }
    case 'order.placed':
      recordOrderLines(state, event.data.orderId, event.data.lines, end, touched, dayNumber(event.data.promisedDeliveryDate));
      break;
    case 'order.amended':
      if (event.data.lines !== undefined) amendOrderLines(state, event.data.orderId, event.data.lines, end, touched);
      if (event.data.promisedDeliveryDate !== undefined) {
        reschedulePromise(state, event.data.orderId, dayNumber(event.data.promisedDeliveryDate), end, touched);
      }
      break;
    case 'order.cancelled':
      cancelOrder(state, event.data.orderId, end, touched);
      break;
    case 'shipment.dispatched':
      recordDispatch(state, event, end, touched);
      break;
    case 'shipment.delivered':
      recordDelivery(state, event, instantOf(event.occurredAt), end, touched);
      break;
    default:
      return [];
  }
  const review = reviewContextOf(state, settings, ctx, today, end);
  const outputs: StockAlertOutput[] = [];
  if (resized || end !== previousEnd || event.type === 'dealer.upserted') {
    // The complete sales days moved (a report for a new day), or the thresholds did: every SKU.
    for (const stock of state.skus) reviewSku(state, stock, end, review, outputs);
  } else {
    for (const stock of touched.length > 1 ? new Set(touched) : touched) reviewSku(state, stock, end, review, outputs);
  }
  return finishReview(state, outputs, ctx, review);
}

/**
 * The dealer's day changed: windows that slide (a report's grace ran out) and SKUs with an open alert
 * are reviewed, then the daily digest is issued if there is something new to tell. A dealer whose
 * windows cannot change and who has no open alert costs a few comparisons.
 */
function reviewStockDay(state: StockState, ctx: StockContext): OutputDraft[] {
  const settings = stockSettingsFor(ctx.policy, ctx.dealer);
  const today = dayNumber(ctx.today);
  const previousEnd = state.salesEnd;
  const end = salesEndOf(state, today, settings.salesReportGraceDays);
  const resized = adoptWindowLength(state, settings.salesWindowDays, end);
  const quiet = end === previousEnd && (state.nextWindowChange === null || state.nextWindowChange > end);
  if (!resized && quiet && state.openAlerts === 0 && !state.waitingAlerts) return [];
  const review = reviewContextOf(state, settings, ctx, today, end);
  const outputs: StockAlertOutput[] = [];
  let next: number | null = null;
  const skus = state.skus;
  for (let i = 0; i < skus.length; i += 1) {
    const stock = skus[i]!;
    const changed = syncSalesWindow(stock, end, settings.salesWindowDays);
    if (changed || resized || hasOpenAlert(stock)) reviewSkuAlerts(state, stock, review, outputs);
    const change = stock.nextWindowChange;
    if (change !== null && (next === null || change < next)) next = change;
  }
  state.nextWindowChange = next;
  const decided = finishReview(state, outputs, ctx, review);
  if (ctx.policy.dailyDigest && state.opened !== false) {
    const digest = dailyDigest(state, review);
    if (digest) decided.push(digest);
  }
  return decided;
}

function reviewContextOf(state: StockState, settings: StockSettings, ctx: StockContext, today: number, end: number): ReviewContext {
  const first = state.firstSalesDay;
  // undefined: a state stored before issue 21, whose history is not known; it was judged in full before.
  const fullHistory = first === undefined || (first !== null && end - first + 1 >= settings.salesWindowDays);
  return { settings, reference: ctx.reference, causedBy: ctx.causedBy, today, fullHistory };
}

/**
 * Orders one evaluation's alerts. Two reviews of a dealer's start send their raises as one opening
 * summary instead: the first with figures (a stock report and a complete sales day), and the first
 * with a full window of sales history (when overstock begins to be judged, for every SKU at once).
 */
function finishReview(state: StockState, outputs: StockAlertOutput[], ctx: StockContext, review: ReviewContext): OutputDraft[] {
  const ordered = orderStockAlerts(outputs);
  let opening = false;
  if (state.opened === false && hasFigures(state)) {
    state.opened = true;
    opening = true;
  }
  if (state.historyFull === false && review.fullHistory && state.opened !== false) {
    state.historyFull = true;
    opening = true;
  }
  if (!opening || !ctx.policy.openingSummary) return ordered;
  return openingSummary(state, ordered, review.today, ctx.causedBy);
}

function hasFigures(state: StockState): boolean {
  const first = state.firstSalesDay;
  if (first === null || first === undefined || state.salesEnd === undefined || state.salesEnd < first) return false;
  return state.skus.some((stock) => stock.onHand !== null);
}

function reviewSku(state: StockState, stock: SkuStock, end: number, review: ReviewContext, outputs: StockAlertOutput[]): void {
  syncSalesWindow(stock, end, review.settings.salesWindowDays);
  const change = stock.nextWindowChange;
  if (change !== null && (state.nextWindowChange === null || change < state.nextWindowChange)) {
    state.nextWindowChange = change;
  }
  reviewSkuAlerts(state, stock, review, outputs);
}

/** An open alert, or a slow mover's low stock waiting to be raised (the day may raise it). */
function hasOpenAlert(stock: SkuStock): boolean {
  const alerts = stock.alerts;
  return alerts.stockout?.open != null || alerts.low_stock?.open != null || alerts.overstock?.open != null || alerts.low_stock?.since != null;
}

/**
 * A tier change can change the window length; the sums are then recounted from the days kept.
 * Returns whether the length changed (every SKU must be reviewed).
 */
function adoptWindowLength(state: StockState, windowDays: number, end: number): boolean {
  if (state.salesWindowDays === windowDays) return false;
  const first = state.salesWindowDays === 0;
  state.salesWindowDays = windowDays;
  if (first) return false;
  for (const stock of state.skus) rebuildSalesWindow(stock, end, windowDays);
  return true;
}
