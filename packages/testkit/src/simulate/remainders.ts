import type { InputEvent } from '@dealerflow/contracts';
import type { SimDealer } from './catalogue';
import type { SimShipment, SimulationState } from './simulationState';

/** Of short deliveries whose order has nothing else on the way, the share re-shipped (the rest is cancelled). */
const RESHIP_SHARE = 0.7;
const REMAINDER_CANCEL_REASON = 'short-delivered remainder cancelled';

/**
 * What the source systems do about a delivery that came short (damaged or lost goods): the
 * warehouse re-ships the missing quantities the next day as a replacement order line (not invoiced
 * again), or — when nothing else of the order is still to come — sometimes the order system
 * cancels the remainder instead (published with the day's amendments). Returns, per line, how much
 * the dealer still counts on (what is re-shipped).
 */
export function settleShortDelivery(
  state: SimulationState,
  dealer: SimDealer,
  shipment: SimShipment,
  received: readonly { sku: number; qty: number }[],
  day: number,
): number[] {
  const missing = shipment.lines
    .map((line, k) => ({ sku: line.sku, qty: line.qty - received[k]!.qty, priceCents: 0 }))
    .filter((line) => line.qty > 0);
  if (missing.length === 0) return shipment.lines.map(() => 0);
  if (!stillComing(state, dealer, shipment) && !state.random.chance(RESHIP_SHARE)) {
    state.cancelledRemainders[dealer.index]!.push(shipment.orderId);
    return shipment.lines.map(() => 0);
  }
  state.orders[dealer.index]!.push({
    orderId: shipment.orderId,
    lines: missing,
    pending: missing.map((line) => ({ ...line })),
    placedDay: day,
    promiseDay: day,
    plannedDispatchDay: day + 1,
    dispatchDay: day + 1,
    fate: 'none',
    replacement: true,
  });
  return shipment.lines.map((line, k) => line.qty - received[k]!.qty);
}

/** Whether anything else of the shipment's order is still to leave the warehouse or to arrive. */
function stillComing(state: SimulationState, dealer: SimDealer, shipment: SimShipment): boolean {
  const { orderId } = shipment;
  return (
    state.orders[dealer.index]!.some((order) => order.orderId === orderId) ||
    state.shipments[dealer.index]!.some((other) => other !== shipment && other.orderId === orderId)
  );
}

/** The order system cancels the dealer's short-delivered remainders of the day, at `at` (its amendment time). */
export function* cancelRemainders(state: SimulationState, dealer: SimDealer, at: string): Generator<InputEvent> {
  for (const orderId of state.cancelledRemainders[dealer.index]!) {
    yield state.events.dealerEvent('order.cancelled', at, dealer.id, { orderId, reason: REMAINDER_CANCEL_REASON });
  }
  state.cancelledRemainders[dealer.index] = [];
}
