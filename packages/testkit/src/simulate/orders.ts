import type { InputEvent, OrderLine } from '@dealerflow/contracts';
import type { SimDealer } from './catalogue';
import { addWorkingDays } from './holidays';
import { cancelRemainders } from './remainders';
import { dateOfSimDay, nextId, type OrderFate, type SimLine, type SimOrder, type SimulationState } from './simulationState';

/** Days of sales the simulated dealer keeps as safety stock and orders on top of it. */
const DEALER_SAFETY_DAYS = 3;
const DEALER_REVIEW_DAYS = 14;

const DEALER_PROMISE_REASONS = ['showroom closed for stocktaking', 'receiving dock under repair', 'branch closed for a public holiday'];
const MANUFACTURER_PROMISE_REASONS = ['production capacity', 'raw material shortage', 'quality inspection hold'];
const CANCEL_REASONS = ['duplicate order', 'customer project postponed', 'covered from another branch'];

export function toOrderLines(state: SimulationState, lines: readonly SimLine[]): OrderLine[] {
  return lines.map((line) => ({
    sku: state.catalogue.products[line.sku]!.product.sku,
    qty: line.qty,
    unitPrice: line.priceCents / 100,
  }));
}

/**
 * The dealer's own replenishment: every SKU whose position (on hand + inbound) is under its
 * reorder point is ordered up to lead time + safety + review days of sales, in whole packs; the
 * day's SKUs go out as orders of 3–8 lines to the warehouse serving the dealer.
 */
export function* placeOrders(state: SimulationState, day: number): Generator<InputEvent> {
  const { catalogue, random } = state;
  const skus = catalogue.options.skus;
  for (const dealer of catalogue.dealers) {
    const leadTime = dealer.profile.leadTimeDays;
    const wanted: SimLine[] = [];
    for (let s = 0; s < skus; s++) {
      const i = dealer.index * skus + s;
      const rate = catalogue.rates[i]!;
      const position = state.onHand[i]! + state.inbound[i]!;
      if (position >= rate * (leadTime + DEALER_SAFETY_DAYS)) continue;
      const product = catalogue.products[s]!;
      const pack = product.product.packSize;
      const packs = Math.max(1, Math.ceil((rate * (leadTime + DEALER_SAFETY_DAYS + DEALER_REVIEW_DAYS) - position) / pack));
      wanted.push({ sku: s, qty: packs * pack, priceCents: priceFor(dealer, product.listPriceCents) });
      state.inbound[i]! += packs * pack;
    }
    const at = state.events.dealerAt('order', dealer.index);
    while (wanted.length > 0) {
      const lines = wanted.splice(0, random.int(3, 8));
      const order = newOrder(state, day, leadTime, lines);
      state.orders[dealer.index]!.push(order);
      yield state.events.dealerEvent('order.placed', at, dealer.id, {
        orderId: order.orderId,
        warehouseId: catalogue.warehouseIds[dealer.warehouse]!,
        lines: toOrderLines(state, lines),
        promisedDeliveryDate: dateOfSimDay(state, order.promiseDay),
      });
    }
  }
}

function priceFor(dealer: SimDealer, listPriceCents: number): number {
  return Math.round((listPriceCents * (100 - dealer.tierDiscountPct)) / 100);
}

function newOrder(state: SimulationState, day: number, leadTime: number, lines: SimLine[]): SimOrder {
  const { random } = state;
  const fateDraw = random.next();
  const fate: OrderFate =
    fateDraw < 0.02 ? 'cancel' : fateDraw < 0.045 ? 'dealer_amend' : fateDraw < 0.07 ? 'manufacturer_amend' : 'none';
  const handling = random.next();
  const dispatchDay = day + (handling < 0.5 ? 1 : handling < 0.85 ? 2 : 3);
  return {
    orderId: nextId(state, 'order', 'SO'),
    lines,
    pending: lines.map((line) => ({ ...line })),
    placedDay: day,
    // The order system promises the lead time in the warehouse's working days (holidays push it out).
    promiseDay: addWorkingDays(state, day, leadTime),
    plannedDispatchDay: dispatchDay,
    dispatchDay,
    fate,
  };
}

/**
 * The day after placement (before anything is dispatched) a few orders change: the dealer
 * cancels, the dealer moves the promise or changes a quantity, or the manufacturer moves the
 * promise (and the dispatch with it). The day's short-delivered remainders the order system
 * gives up on are cancelled then too (remainders.ts).
 */
export function* amendOrders(state: SimulationState, day: number): Generator<InputEvent> {
  for (const dealer of state.catalogue.dealers) {
    const orders = state.orders[dealer.index]!;
    const at = state.events.dealerAt('amendment', dealer.index);
    for (const order of [...orders]) {
      if (order.fate === 'none' || order.placedDay + 1 !== day) continue;
      const fate = order.fate;
      order.fate = 'none';
      if (fate === 'cancel') {
        cancel(state, dealer, order);
        yield state.events.dealerEvent('order.cancelled', at, dealer.id, {
          orderId: order.orderId,
          reason: state.random.pick(CANCEL_REASONS),
        });
      } else {
        yield state.events.dealerEvent('order.amended', at, dealer.id, amend(state, dealer, order, fate));
      }
    }
    yield* cancelRemainders(state, dealer, at);
  }
}

function cancel(state: SimulationState, dealer: SimDealer, order: SimOrder): void {
  const skus = state.catalogue.options.skus;
  for (const line of order.pending) state.inbound[dealer.index * skus + line.sku]! -= line.qty;
  const orders = state.orders[dealer.index]!;
  orders.splice(orders.indexOf(order), 1);
}

function amend(state: SimulationState, dealer: SimDealer, order: SimOrder, fate: 'dealer_amend' | 'manufacturer_amend') {
  const { random } = state;
  if (fate === 'manufacturer_amend') {
    const delay = random.int(2, 5);
    order.promiseDay += delay;
    order.dispatchDay += delay;
    order.plannedDispatchDay += delay;
    return {
      orderId: order.orderId,
      promisedDeliveryDate: dateOfSimDay(state, order.promiseDay),
      requestedBy: 'manufacturer' as const,
      reason: random.pick(MANUFACTURER_PROMISE_REASONS),
    };
  }
  if (random.chance(0.5)) {
    order.promiseDay += random.int(2, 5);
    return {
      orderId: order.orderId,
      promisedDeliveryDate: dateOfSimDay(state, order.promiseDay),
      requestedBy: 'dealer' as const,
      reason: random.pick(DEALER_PROMISE_REASONS),
    };
  }
  const index = random.int(0, order.lines.length - 1);
  const line = order.lines[index]!;
  const pack = state.catalogue.products[line.sku]!.product.packSize;
  const change = line.qty >= 2 * pack && random.chance(0.5) ? -pack : pack;
  line.qty += change;
  order.pending[index]!.qty += change;
  state.inbound[dealer.index * state.catalogue.options.skus + line.sku]! += change;
  return { orderId: order.orderId, lines: toOrderLines(state, order.lines), requestedBy: 'dealer' as const, reason: 'quantity revised after sell-out review' };
}
