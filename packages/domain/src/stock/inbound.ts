import type { InputEventOf } from '@dealerflow/contracts';
import { dayNumber } from '../calendar';
import { findSkuStock, skuStockOf, type OrderStock, type SkuStock, type StockState } from './state';

/*
 * On order and in transit per SKU, kept as running totals that each order or shipment event
 * adjusts by the difference it makes, so no evaluation ever sums over orders. Every function
 * appends the SKUs whose figures it may have changed to `touched`.
 */

type OrderLines = InputEventOf<'order.placed'>['data']['lines'];

/** An order's open quantity of a SKU: never negative, however much was dispatched. */
function openQty(order: OrderStock, sku: string): number {
  return Math.max(0, (order.ordered[sku] ?? 0) - (order.dispatched[sku] ?? 0));
}

function quantitiesBySku(lines: readonly { sku: string; qty: number }[]): Record<string, number> {
  const bySku: Record<string, number> = {};
  for (const line of lines) bySku[line.sku] = (bySku[line.sku] ?? 0) + line.qty;
  return bySku;
}

/** Applies a change to an order's quantities, moving each SKU's on order by the difference. */
function changeOrder(
  state: StockState,
  orderId: string,
  order: OrderStock,
  skus: Iterable<string>,
  change: () => void,
  today: number,
  touched: SkuStock[],
): void {
  const before: Record<string, number> = {};
  for (const sku of skus) before[sku] = openQty(order, sku);
  change();
  let open = false;
  for (const sku of Object.keys(order.ordered)) if (openQty(order, sku) > 0) open = true;
  for (const sku of Object.keys(before)) {
    const delta = openQty(order, sku) - before[sku]!;
    if (delta === 0) continue;
    const stock = skuStockOf(state, sku, today);
    stock.onOrder += delta;
    touched.push(stock);
  }
  // A fully dispatched order has nothing left on order; dropping it keeps the state from growing.
  if (open) state.orders[orderId] = order;
  else delete state.orders[orderId];
}

/** `order.placed`, or `order.amended` with lines: the lines replace the ordered quantities. */
export function recordOrderLines(
  state: StockState,
  orderId: string,
  lines: OrderLines,
  today: number,
  touched: SkuStock[],
  promised?: number,
): void {
  const known = state.orders[orderId];
  if (known === undefined && lines.length === 0) return;
  const order: OrderStock = known ?? { ordered: {}, dispatched: {} };
  if (promised !== undefined) order.promised = promised;
  const ordered = quantitiesBySku(lines);
  const skus = new Set([...Object.keys(order.ordered), ...Object.keys(ordered)]);
  changeOrder(state, orderId, order, skus, () => (order.ordered = ordered), today, touched);
}

/** `order.amended` with lines for an order still open; an amendment of a closed or unknown order counts nothing. */
export function amendOrderLines(state: StockState, orderId: string, lines: OrderLines, today: number, touched: SkuStock[]): void {
  if (state.orders[orderId] === undefined) return;
  recordOrderLines(state, orderId, lines, today, touched);
}

/**
 * `order.amended` with a new promised date: what the order still has to dispatch is now expected
 * then. Its SKUs are reviewed (a stock-out's severity weighs when the goods come).
 */
export function reschedulePromise(state: StockState, orderId: string, promised: number, today: number, touched: SkuStock[]): void {
  const order = state.orders[orderId];
  if (order === undefined || order.promised === promised) return;
  order.promised = promised;
  for (const sku of Object.keys(order.ordered)) touched.push(skuStockOf(state, sku, today));
}

export function cancelOrder(state: StockState, orderId: string, today: number, touched: SkuStock[]): void {
  const order = state.orders[orderId];
  if (order === undefined) return;
  changeOrder(state, orderId, order, Object.keys(order.ordered), () => (order.ordered = {}), today, touched);
}

/** Goods leave the warehouse: in transit up, the order's open quantity down. A repeated shipmentId counts once. */
export function recordDispatch(state: StockState, event: InputEventOf<'shipment.dispatched'>, today: number, touched: SkuStock[]): void {
  const { shipmentId, orderId } = event.data;
  if (state.shipments[shipmentId] !== undefined) return;
  const lines = quantitiesBySku(event.data.lines);
  state.shipments[shipmentId] = { orderId, lines, eta: dayNumber(event.data.estimatedArrivalDate) };
  for (const sku of Object.keys(lines)) {
    const stock = skuStockOf(state, sku, today);
    stock.inTransit += lines[sku]!;
    touched.push(stock);
  }
  const order = state.orders[orderId];
  if (order === undefined) return;
  const change = () => {
    for (const sku of Object.keys(lines)) order.dispatched[sku] = (order.dispatched[sku] ?? 0) + lines[sku]!;
  };
  changeOrder(state, orderId, order, Object.keys(lines), change, today, touched);
}

/**
 * The dealer received goods: the shipment leaves transit (all of it: a short delivery's missing
 * units are a shortfall, not still on the way), and units delivered after the SKU's last stock
 * report join on hand until the next report replaces it.
 */
export function recordDelivery(
  state: StockState,
  event: InputEventOf<'shipment.delivered'>,
  deliveredAt: number,
  today: number,
  touched: SkuStock[],
): void {
  const shipment = state.shipments[event.data.shipmentId];
  if (shipment !== undefined) {
    delete state.shipments[event.data.shipmentId];
    for (const sku of Object.keys(shipment.lines)) {
      const stock = skuStockOf(state, sku, today);
      stock.inTransit -= shipment.lines[sku]!;
      touched.push(stock);
    }
  }
  for (const line of event.data.lines) {
    const stock = findSkuStock(state, line.sku);
    if (stock === undefined || stock.onHand === null || line.qty === 0) continue;
    if (deliveredAt <= stock.reportedAt) continue; // the report already counts it
    stock.onHand += line.qty;
    touched.push(stock);
  }
}
