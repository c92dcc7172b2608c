import { dayNumber, dayNumberOf } from '../calendar';
import type { ShipmentDelivery, SkuQty, TrackedOrder, TrackedShipment } from './state';

export type DeliveryStatus = 'not_dispatched' | 'in_transit' | 'delivered';

/** Where an order stands at the watermark, as far as lateness is concerned. */
export interface OrderProgress {
  status: DeliveryStatus;
  /** The delivery that made every ordered SKU's delivered total reach its ordered quantity. */
  completion: { at: number; occurredAt: string; shipmentId: string } | null;
  /** Delivered total per ordered SKU, in the order's line order. */
  delivered: SkuQty[];
  /** UTC date the lateness runs to: the completing delivery's date, else the watermark date. */
  endDay: number;
  /**
   * UTC day the waiting for dispatch ended: the dispatch of the last shipment needed, or the
   * watermark day while something still has to leave the warehouse.
   */
  dispatchEndDay: number;
  /** The shipment carrier delay and late dispatch are judged on (completing, or latest in transit). */
  judgedShipment: TrackedShipment | null;
}

/** The order's shipments in a stable order: by dispatch (or first sign of life), then id. */
export function shipmentsOf(orderId: string, shipments: Record<string, TrackedShipment>): TrackedShipment[] {
  const found: TrackedShipment[] = [];
  for (const shipmentId in shipments) {
    const shipment = shipments[shipmentId]!;
    if (shipment.orderId === orderId) found.push(shipment);
  }
  return sortShipments(found);
}

/** Sorts in place by departure, then id, so "the latest shipment" is the last one. */
export function sortShipments(shipments: TrackedShipment[]): TrackedShipment[] {
  return shipments.sort((a, b) => departureOf(a) - departureOf(b) || compareText(a.shipmentId, b.shipmentId));
}

/**
 * When the goods left: the dispatch, or for a shipment whose dispatch was never reported, its first
 * delivery (it cannot have left later than it arrived).
 */
export function departureOf(shipment: TrackedShipment): number {
  return shipment.dispatchedAt ?? shipment.deliveries[0]?.at ?? shipment.lastSeenAt;
}

export function orderProgress(order: TrackedOrder, shipments: readonly TrackedShipment[], today: string): OrderProgress {
  const todayDay = dayNumber(today);
  const completion = findCompletion(order, shipments);
  const delivered = deliveredTotals(order, shipments, completion?.at ?? Number.POSITIVE_INFINITY);

  if (completion) {
    const needed = shipments.filter((shipment) => shipment.deliveries.some((delivery) => delivery.at <= completion.at));
    return {
      status: 'delivered',
      completion,
      delivered,
      endDay: dayNumberOf(completion.at),
      dispatchEndDay: Math.max(...needed.map((shipment) => dayNumberOf(departureOf(shipment)))),
      judgedShipment: shipments.find((shipment) => shipment.shipmentId === completion.shipmentId) ?? null,
    };
  }

  const open = shipments.filter((shipment) => shipment.dispatchedAt !== null && shipment.deliveries.length === 0);
  const onTheWay = sumLines(open.flatMap((shipment) => shipment.lines));
  const everythingOnTheWay = order.lines.every((line) => {
    const outstanding = line.qty - qtyOf(delivered, line.sku);
    return outstanding <= qtyOf(onTheWay, line.sku);
  });
  if (!everythingOnTheWay) {
    return { status: 'not_dispatched', completion: null, delivered, endDay: todayDay, dispatchEndDay: todayDay, judgedShipment: null };
  }
  const departed = shipments.filter((shipment) => shipment.dispatchedAt !== null || shipment.deliveries.length > 0);
  return {
    status: 'in_transit',
    completion: null,
    delivered,
    endDay: todayDay,
    dispatchEndDay: Math.max(...departed.map((shipment) => dayNumberOf(departureOf(shipment)))),
    judgedShipment: open[open.length - 1] ?? null,
  };
}

/** SKUs still short of their ordered quantity: what `delivery.partial` lists. */
export function shortLines(order: TrackedOrder, delivered: readonly SkuQty[]): { sku: string; ordered: number; delivered: number }[] {
  return order.lines
    .map((line) => ({ sku: line.sku, ordered: line.qty, delivered: qtyOf(delivered, line.sku) }))
    .filter((line) => line.delivered < line.ordered);
}

/**
 * The delivery that made every ordered SKU's delivered total reach its ordered quantity, or null.
 * Depends only on the order's lines and its shipments' deliveries, not on the day.
 */
export function findCompletion(order: TrackedOrder, shipments: readonly TrackedShipment[]): OrderProgress['completion'] {
  // Every open order is looked at every day; most of them have nothing delivered yet.
  const deliveries: (ShipmentDelivery & { shipmentId: string })[] = [];
  for (const shipment of shipments) {
    for (const delivery of shipment.deliveries) {
      deliveries.push({ at: delivery.at, occurredAt: delivery.occurredAt, lines: delivery.lines, shipmentId: shipment.shipmentId });
    }
  }
  if (deliveries.length === 0) return null;
  deliveries.sort((a, b) => a.at - b.at || compareText(a.shipmentId, b.shipmentId));
  const totals: Record<string, number> = {};
  for (const delivery of deliveries) {
    for (const line of delivery.lines) totals[line.sku] = (totals[line.sku] ?? 0) + line.qty;
    if (order.lines.every((line) => (totals[line.sku] ?? 0) >= line.qty)) {
      return { at: delivery.at, occurredAt: delivery.occurredAt, shipmentId: delivery.shipmentId };
    }
  }
  return null;
}

function deliveredTotals(order: TrackedOrder, shipments: readonly TrackedShipment[], until: number): SkuQty[] {
  const all = sumLines(shipments.flatMap((shipment) => shipment.deliveries.filter((d) => d.at <= until).flatMap((d) => d.lines)));
  return order.lines.map((line) => ({ sku: line.sku, qty: qtyOf(all, line.sku) }));
}

/** Adds up lines of the same SKU, keeping the order SKUs first appear in. */
export function sumLines(lines: readonly SkuQty[]): SkuQty[] {
  const totals: SkuQty[] = [];
  for (const line of lines) {
    const existing = totals.find((total) => total.sku === line.sku);
    if (existing) existing.qty += line.qty;
    else totals.push({ sku: line.sku, qty: line.qty });
  }
  return totals;
}

export function qtyOf(lines: readonly SkuQty[], sku: string): number {
  return lines.find((line) => line.sku === sku)?.qty ?? 0;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
