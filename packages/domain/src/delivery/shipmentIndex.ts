import { sortShipments } from './orderProgress';
import type { TrackedShipment } from './state';

type Shipments = Record<string, TrackedShipment>;

/*
 * A dealer's shipments grouped by order, kept beside the state and never in it (the state stays
 * plain data a runtime stores as JSON). Every order event looks up its order's shipments, and a
 * scan of the dealer's keyed shipments (a dictionary-mode object after deletions) was the largest
 * single cost of the delivery worker. The index is built on first use for a shipments object (a
 * state just loaded from storage gets a fresh one) and kept current by the functions below, which
 * are the only way the worker adds, re-links or removes a shipment. A pure memo: the same
 * shipments always give the same lists.
 */
const indexes = new WeakMap<Shipments, Map<string, TrackedShipment[]>>();

function indexOf(shipments: Shipments): Map<string, TrackedShipment[]> {
  let index = indexes.get(shipments);
  if (!index) {
    index = new Map();
    for (const shipmentId in shipments) {
      const shipment = shipments[shipmentId]!;
      if (shipment.orderId !== null) addTo(index, shipment.orderId, shipment);
    }
    indexes.set(shipments, index);
  }
  return index;
}

function addTo(index: Map<string, TrackedShipment[]>, orderId: string, shipment: TrackedShipment): void {
  const list = index.get(orderId);
  if (list) list.push(shipment);
  else index.set(orderId, [shipment]);
}

function removeFrom(index: Map<string, TrackedShipment[]>, orderId: string, shipment: TrackedShipment): void {
  const list = index.get(orderId);
  if (!list) return;
  const at = list.indexOf(shipment);
  if (at >= 0) list.splice(at, 1);
  if (list.length === 0) index.delete(orderId);
}

/** The order's shipments in a stable order (as `shipmentsOf` gives them), a new array. */
export function indexedShipmentsOf(shipments: Shipments, orderId: string): TrackedShipment[] {
  const list = indexOf(shipments).get(orderId);
  return list ? sortShipments(list.slice()) : [];
}

/** Adds a shipment not linked to an order yet (`orderId` null). */
export function addShipment(shipments: Shipments, shipment: TrackedShipment): void {
  shipments[shipment.shipmentId] = shipment;
  const index = indexes.get(shipments);
  if (index && shipment.orderId !== null) addTo(index, shipment.orderId, shipment);
}

/** Links a shipment to an order (or to another order than before). */
export function linkShipment(shipments: Shipments, shipment: TrackedShipment, orderId: string): void {
  if (shipment.orderId === orderId) return;
  const index = indexes.get(shipments);
  if (index && shipment.orderId !== null) removeFrom(index, shipment.orderId, shipment);
  shipment.orderId = orderId;
  if (index) addTo(index, orderId, shipment);
}

export function removeShipment(shipments: Shipments, shipment: TrackedShipment): void {
  delete shipments[shipment.shipmentId];
  const index = indexes.get(shipments);
  if (index && shipment.orderId !== null) removeFrom(index, shipment.orderId, shipment);
}
