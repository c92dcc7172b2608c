import type { InputEvent } from '@dealerflow/contracts';
import type { SimDealer } from './catalogue';
import { warehousesClosed } from './holidays';
import { onCreditHold } from './creditHolds';
import { issueInvoice } from './receivables';
import { settleShortDelivery } from './remainders';
import { dateOfSimDay, nextId, type SimLine, type SimOrder, type SimShipment, type SimulationState } from './simulationState';

const CARRIERS = ['Yangtze Freight', 'SF Express', 'Deppon Logistics', 'DHL Freight', 'Kerry Logistics'];
const EXCEPTION_NOTES: Record<SimShipment['exceptionCode'], string> = {
  weather: 'expressway closed by fog',
  vehicle: 'truck breakdown on the way',
  customs: 'held for inspection at the provincial checkpoint',
  address: 'delivery address could not be found',
  capacity: 'carrier over capacity, shipment moved to the next departure',
  other: 'delay reported by the carrier',
};
const EXCEPTION_CODES = Object.keys(EXCEPTION_NOTES) as SimShipment['exceptionCode'][];

/** A backordered order ships anyway after this many days (expedited production). */
const MAX_BACKORDER_DAYS = 10;

/**
 * The warehouse dispatches what it has of each due order: lines it lacks wait (a backorder and
 * a split shipment); now and then a complete order still leaves in two shipments. Each shipment
 * is invoiced when it leaves.
 */
export function* dispatchOrders(state: SimulationState, day: number): Generator<InputEvent> {
  if (warehousesClosed(state, day)) return postponeDispatches(state, day);
  for (const dealer of state.catalogue.dealers) {
    if (onCreditHold(state, dealer.id)) continue;
    const orders = state.orders[dealer.index]!;
    const at = state.events.dealerAt('dispatch', dealer.index);
    for (const order of [...orders]) {
      if (order.dispatchDay > day) continue;
      const { shipped, held } = pickLines(state, dealer, order, day);
      if (shipped.length === 0) {
        order.dispatchDay = day + 1;
        continue;
      }
      order.pending = held;
      if (held.length === 0) orders.splice(orders.indexOf(order), 1);
      const shipment = newShipment(state, dealer, order, shipped, day);
      state.shipments[dealer.index]!.push(shipment);
      yield state.events.dealerEvent('shipment.dispatched', at, dealer.id, {
        shipmentId: shipment.shipmentId,
        orderId: order.orderId,
        warehouseId: state.catalogue.warehouseIds[dealer.warehouse]!,
        carrier: state.random.pick(CARRIERS),
        lines: shipment.lines.map((line) => ({ sku: state.catalogue.products[line.sku]!.product.sku, qty: line.qty })),
        estimatedArrivalDate: dateOfSimDay(state, shipment.etaDay),
      });
      if (!order.replacement) yield issueInvoice(state, dealer, order.orderId, shipped, day, at);
    }
  }
}

/** On a holiday nothing leaves: what was due goes the next working day, its backorder clock stopped. */
function postponeDispatches(state: SimulationState, day: number): void {
  for (const orders of state.orders) {
    for (const order of orders) {
      if (order.dispatchDay > day) continue;
      order.dispatchDay = day + 1;
      order.plannedDispatchDay += 1;
    }
  }
}

function pickLines(state: SimulationState, dealer: SimDealer, order: SimOrder, day: number) {
  const skus = state.catalogue.options.skus;
  const base = dealer.warehouse * skus;
  const forced = day - order.plannedDispatchDay >= MAX_BACKORDER_DAYS;
  let shipped: SimLine[] = [];
  let held: SimLine[] = [];
  for (const line of order.pending) {
    if (forced || state.warehouseLevel[base + line.sku]! >= line.qty) shipped.push(line);
    else held.push(line);
  }
  if (held.length === 0 && shipped.length >= 2 && state.random.chance(0.05)) {
    const half = Math.ceil(shipped.length / 2);
    held = shipped.slice(half);
    shipped = shipped.slice(0, half);
  }
  if (held.length > 0) order.dispatchDay = day + (shipped.length > 0 && state.random.chance(0.5) ? 2 : 1);
  for (const line of shipped) state.warehouseLevel[base + line.sku] = Math.max(0, state.warehouseLevel[base + line.sku]! - line.qty);
  return { shipped, held };
}

/**
 * Planned transit is the dealer's lead time less 3–4 days for order handling (at least one day).
 * About 4 % of shipments hit a carrier exception (1–4 days late) and 3 % arrive 1–2 days late
 * without one.
 */
function newShipment(state: SimulationState, dealer: SimDealer, order: SimOrder, lines: SimLine[], day: number): SimShipment {
  const { random } = state;
  const eta = day + Math.max(1, dealer.profile.leadTimeDays - 4 + random.int(0, 1));
  const draw = random.next();
  const exception = draw < 0.04;
  const delayDays = exception ? random.int(1, 4) : draw < 0.07 ? random.int(1, 2) : 0;
  return {
    shipmentId: nextId(state, 'shipment', 'SH'),
    orderId: order.orderId,
    lines: lines.map((line) => ({ sku: line.sku, qty: line.qty })),
    etaDay: eta,
    arrivalDay: eta + delayDays,
    exceptionDay: exception ? random.int(day + 1, eta) : -1,
    exceptionCode: random.pick(EXCEPTION_CODES),
  };
}

export function* reportShipmentExceptions(state: SimulationState, day: number): Generator<InputEvent> {
  for (const dealer of state.catalogue.dealers) {
    for (const shipment of state.shipments[dealer.index]!) {
      if (shipment.exceptionDay !== day) continue;
      yield state.events.dealerEvent('shipment.exception', state.events.dealerAt('exception', dealer.index), dealer.id, {
        shipmentId: shipment.shipmentId,
        code: shipment.exceptionCode,
        note: EXCEPTION_NOTES[shipment.exceptionCode],
      });
    }
  }
}

/**
 * Goods arrive and go on hand; about 2 % of deliveries come short of one line (damaged or lost), and
 * the missing goods are re-shipped or the remainder cancelled (remainders.ts).
 */
export function* deliverShipments(state: SimulationState, day: number): Generator<InputEvent> {
  const skus = state.catalogue.options.skus;
  for (const dealer of state.catalogue.dealers) {
    const shipments = state.shipments[dealer.index]!;
    if (!shipments.some((shipment) => shipment.arrivalDay === day)) continue;
    const at = state.events.dealerAt('delivery', dealer.index);
    state.shipments[dealer.index] = shipments.filter((shipment) => shipment.arrivalDay !== day);
    for (const shipment of shipments) {
      if (shipment.arrivalDay !== day) continue;
      const received = shipment.lines.map((line) => ({ ...line }));
      if (state.random.chance(0.02)) {
        const line = state.random.pick(received);
        line.qty -= state.random.int(1, line.qty);
      }
      const stillComing = settleShortDelivery(state, dealer, shipment, received, day);
      for (let k = 0; k < received.length; k++) {
        const i = dealer.index * skus + received[k]!.sku;
        state.onHand[i]! += received[k]!.qty;
        state.inbound[i]! -= shipment.lines[k]!.qty - stillComing[k]!;
        state.changed[i] = 1;
      }
      yield state.events.dealerEvent('shipment.delivered', at, dealer.id, {
        shipmentId: shipment.shipmentId,
        orderId: shipment.orderId,
        lines: received.map((line) => ({ sku: state.catalogue.products[line.sku]!.product.sku, qty: line.qty })),
      });
    }
  }
}
