import type { StockArrival } from '@dealerflow/contracts';
import { dateOfDayNumber } from '../calendar';
import type { StockState } from './state';

/*
 * What is already coming for a SKU, and when: shipments in transit (their estimated arrival) and
 * open order quantities not yet dispatched (the order's promised delivery date). Walked only when an
 * alert is raised, re-weighed or listed, never on the daily pass of a quiet SKU.
 */

/** The SKU's arrivals, earliest first (then in transit before on order, then by reference). */
export function arrivalsOf(state: StockState, sku: string, today: number, leadTimeDays: number): StockArrival[] {
  const arrivals: { day: number; arrival: StockArrival }[] = [];
  // A date unknown to a state stored before issue 21 is taken as the dealer's lead time from today.
  const fallback = today + leadTimeDays;
  for (const shipmentId of Object.keys(state.shipments)) {
    const shipment = state.shipments[shipmentId]!;
    const qty = shipment.lines[sku];
    if (qty === undefined || qty <= 0) continue;
    const day = shipment.eta ?? fallback;
    arrivals.push({ day, arrival: { source: 'in_transit', ref: shipmentId, qty, expectedDate: dateOfDayNumber(day) } });
  }
  for (const orderId of Object.keys(state.orders)) {
    const order = state.orders[orderId]!;
    const qty = Math.max(0, (order.ordered[sku] ?? 0) - (order.dispatched[sku] ?? 0));
    if (qty === 0) continue;
    const day = order.promised ?? fallback;
    arrivals.push({ day, arrival: { source: 'on_order', ref: orderId, qty, expectedDate: dateOfDayNumber(day) } });
  }
  arrivals.sort(
    (a, b) =>
      a.day - b.day ||
      (a.arrival.source === b.arrival.source ? 0 : a.arrival.source === 'in_transit' ? -1 : 1) ||
      (a.arrival.ref < b.arrival.ref ? -1 : a.arrival.ref > b.arrival.ref ? 1 : 0),
  );
  return arrivals.map((entry) => entry.arrival);
}

/**
 * Whether something arrives within the dealer's lead time: expected on or before today + lead time.
 * An arrival already overdue still counts (the goods are on their way; the delivery worker explains
 * the delay). Goods expected later than an order placed today would come do not lower a stock-out.
 */
export function arrivesWithinLeadTime(state: StockState, sku: string, today: number, leadTimeDays: number): boolean {
  const last = today + leadTimeDays;
  for (const shipmentId of Object.keys(state.shipments)) {
    const shipment = state.shipments[shipmentId]!;
    if ((shipment.lines[sku] ?? 0) > 0 && (shipment.eta ?? last) <= last) return true;
  }
  for (const orderId of Object.keys(state.orders)) {
    const order = state.orders[orderId]!;
    if ((order.ordered[sku] ?? 0) - (order.dispatched[sku] ?? 0) > 0 && (order.promised ?? last) <= last) return true;
  }
  return false;
}
