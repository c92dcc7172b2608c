import type { Catalogue } from './catalogue';
import type { EventFactory } from './eventFactory';
import type { Random } from './random';
import { dateOfDayNumber as dateOfEpochDay } from '@dealerflow/domain';

export interface SimLine {
  sku: number;
  qty: number;
  priceCents: number;
}

/** What happens to an order the day after it is placed, drawn when it is placed. */
export type OrderFate = 'none' | 'cancel' | 'dealer_amend' | 'manufacturer_amend';

export interface SimOrder {
  orderId: string;
  lines: SimLine[];
  /** Lines (or what is left of them) not dispatched yet. */
  pending: SimLine[];
  placedDay: number;
  promiseDay: number;
  plannedDispatchDay: number;
  /** The next day the warehouse tries to dispatch what is pending. */
  dispatchDay: number;
  fate: OrderFate;
  /** Re-ships what a short delivery left missing: not invoiced again. */
  replacement?: boolean;
}

export interface SimShipment {
  shipmentId: string;
  orderId: string;
  lines: { sku: number; qty: number }[];
  /** The carrier's estimated arrival day. */
  etaDay: number;
  arrivalDay: number;
  /** Day the carrier reports a problem, or -1. */
  exceptionDay: number;
  exceptionCode: 'weather' | 'vehicle' | 'customs' | 'address' | 'capacity' | 'other';
}

export interface ScheduledPayment {
  day: number;
  invoiceId: string;
  cents: number;
  /** The dealer names the invoice (remittance advice); always when it takes a cash discount. */
  mustAllocate: boolean;
}

/**
 * The moving parts of the simulation. Dealer stock is kept per (dealer, sku) in typed arrays;
 * orders, shipments and scheduled payments are per dealer and dropped once done, so memory does
 * not grow with the number of days.
 */
export interface SimulationState {
  catalogue: Catalogue;
  random: Random;
  events: EventFactory;
  onHand: Int32Array;
  /** Ordered and not yet delivered (or lost on the way): what the dealer counts on. */
  inbound: Int32Array;
  /** On hand changed today (reported in the day-end stock report). */
  changed: Uint8Array;
  warehouseLevel: Int32Array;
  /** Day a warehouse's quality hold on a SKU ends; stock is blocked until then. */
  holdUntil: Int32Array;
  orders: SimOrder[][];
  shipments: SimShipment[][];
  payments: ScheduledPayment[][];
  /** Per dealer: orders whose short-delivered remainder the order system cancels today. */
  cancelledRemainders: string[][];
  counters: { order: number; shipment: number; invoice: number; payment: number };
  /** The ERP's sales ledger: invoiced cents per month (`YYYY-MM`) and dealer index (salesLedger.ts). */
  salesByMonth: Record<string, number[]>;
}

export function createSimulationState(catalogue: Catalogue, random: Random, events: EventFactory): SimulationState {
  const { dealers, skus } = catalogue.options;
  // Dealers open with 5–35 days of cover of each SKU (rounded, so some slow movers start at 0).
  const onHand = Int32Array.from(catalogue.rates, (rate) => Math.round(rate * random.uniform(5, 35)));
  return {
    catalogue,
    random,
    events,
    onHand,
    inbound: new Int32Array(dealers * skus),
    changed: new Uint8Array(dealers * skus),
    warehouseLevel: Int32Array.from(catalogue.warehouseTargets),
    holdUntil: new Int32Array(catalogue.options.warehouses * skus),
    orders: catalogue.dealers.map(() => []),
    shipments: catalogue.dealers.map(() => []),
    payments: catalogue.dealers.map(() => []),
    cancelledRemainders: catalogue.dealers.map(() => []),
    counters: { order: 0, shipment: 0, invoice: 0, payment: 0 },
    salesByMonth: {},
  };
}

/** `YYYY-MM-DD` of a simulated day (0 = the start date). */
export function dateOfSimDay(state: SimulationState, day: number): string {
  return dateOfEpochDay(state.catalogue.startDay + day);
}

export function nextId(state: SimulationState, kind: keyof SimulationState['counters'], prefix: string): string {
  state.counters[kind] += 1;
  return `${prefix}-${String(state.counters[kind]).padStart(7, '0')}`;
}
