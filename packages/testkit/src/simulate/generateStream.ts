import type { InputEvent } from '@dealerflow/contracts';
import { createCatalogue } from './catalogue';
import { honourCreditHolds } from './creditHolds';
import { createEventFactory } from './eventFactory';
import { publishHolidays } from './holidays';
import { simulateOptionsSchema, type SimulateOptionsInput } from './options';
import { amendOrders, placeOrders } from './orders';
import { createRandom } from './random';
import { receivePayments } from './receivables';
import { closeSalesMonth } from './salesLedger';
import { reportSales, reportStock } from './sellThrough';
import { deliverShipments, dispatchOrders, reportShipmentExceptions } from './shipments';
import { createSimulationState, dateOfSimDay, type SimulationState } from './simulationState';
import { reportWarehouses } from './warehouses';

/** Dealers send a full stock snapshot every this many days; in between, only what changed. */
const SNAPSHOT_EVERY_DAYS = 7;

/**
 * A deterministic, realistic input stream: master and reference data on day 0, then each day
 * warehouse stock, carrier exceptions, deliveries, orders, amendments and cancellations,
 * dispatches with their invoices, payments, sell-through, dealer stock and a clock tick, in
 * non-decreasing occurredAt order. The same options always give the same stream. It is a
 * generator: memory stays proportional to dealers × SKUs whatever the number of days.
 */
export function* generateStream(input: SimulateOptionsInput = {}): Generator<InputEvent> {
  const options = simulateOptionsSchema.parse(input);
  const random = createRandom(options.seed);
  const catalogue = createCatalogue(options, random);
  const events = createEventFactory(options.seed, options.dealers, options.warehouses);
  const state = createSimulationState(catalogue, random, events);
  honourCreditHolds(state);
  events.setDate(dateOfSimDay(state, 0));
  yield* masterData(state);
  yield* reportStock(state, 'opening', true);
  for (let day = 0; day < options.days; day++) {
    events.setDate(dateOfSimDay(state, day));
    yield* closeSalesMonth(state, day);
    yield* reportWarehouses(state, day);
    yield* reportShipmentExceptions(state, day);
    yield* deliverShipments(state, day);
    yield* placeOrders(state, day);
    yield* amendOrders(state, day);
    yield* dispatchOrders(state, day);
    yield* receivePayments(state, day);
    yield* reportSales(state, day);
    yield* reportStock(state, 'stock', (day + 1) % SNAPSHOT_EVERY_DAYS === 0);
    yield events.globalEvent('clock.tick', events.warehouseAt('tick', 0), {});
  }
}

function* masterData(state: SimulationState): Generator<InputEvent> {
  const { catalogue, events } = state;
  const at = events.dealerAt('master', 0);
  for (const { product } of catalogue.products) yield events.globalEvent('product.upserted', at, product);
  yield* publishHolidays(state);
  for (const { dealerId, program } of catalogue.programs) yield events.dealerEvent('rebate.program.upserted', at, dealerId, program);
  for (const dealer of catalogue.dealers) yield events.dealerEvent('dealer.upserted', at, dealer.id, dealer.profile);
}
