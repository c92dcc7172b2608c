import type { z } from 'zod';
import type { shipmentExceptionData } from '@dealerflow/contracts';
import { creditWorker, type CreditState } from '../credit';

/** Quantities by SKU, kept as an array of lines so the order of the order's lines is kept. */
export interface SkuQty {
  sku: string;
  qty: number;
}

/** An order as the delivery worker follows it, from placement to full delivery. */
export interface TrackedOrder {
  orderId: string;
  warehouseId: string;
  /** Epoch ms of `order.placed`. */
  placedAt: number;
  /** Ordered quantity per SKU (lines of the same SKU added up), as last amended. */
  lines: SkuQty[];
  /** The promise lateness counts from: placement's date, or the last date the dealer asked for. */
  promise: string;
  /** The latest date anyone set, the manufacturer's moves included; shown as "now expected on". */
  expectedDate: string;
  /** Whether the first `delivery.late` (not_dispatched or in_transit) was sent. */
  lateNotified: boolean;
  /** Epoch ms of the delivery that completed the order, once it is fully delivered. */
  completedAt: number | null;
  /** Shipments whose short delivery was already told with `delivery.partial`. */
  partialNotified: string[];
  /**
   * The manufacturer's latest move of the delivery date (`order.amended` it asked for), with its
   * reason; absent while it never moved it. Its days past the promise are its own cause.
   */
  reschedule?: Reschedule;
  /** Epoch ms of the `order.cancelled` that closed the order after part of it arrived. */
  cancelledAt?: number;
}

export interface Reschedule {
  /** The date the manufacturer moved the delivery to. */
  date: string;
  /** The UTC date of the amendment. */
  amendedOn: string;
  reason: string | null;
}

export interface ShipmentDelivery {
  at: number;
  /** The delivery's `occurredAt` as received (the output's `deliveredAt`). */
  occurredAt: string;
  lines: SkuQty[];
}

export type ExceptionCode = z.infer<typeof shipmentExceptionData>['code'];

export interface ShipmentException {
  code: ExceptionCode;
  note: string | null;
  at: number;
}

/**
 * A shipment, built from whichever of its events arrived (an exception or a delivery may be seen
 * before the dispatch, and a shipment may name an order not placed yet).
 */
export interface TrackedShipment {
  shipmentId: string;
  /** Null while only an exception was seen. */
  orderId: string | null;
  carrier: string | null;
  lines: SkuQty[];
  /** Epoch ms of `shipment.dispatched`; null until it is seen. */
  dispatchedAt: number | null;
  estimatedArrivalDate: string | null;
  exceptions: ShipmentException[];
  deliveries: ShipmentDelivery[];
  /** Epoch ms of the last event about this shipment (for dropping orphans). */
  lastSeenAt: number;
}

export interface DeliveryState {
  /** The dealer's credit state, recomputed here with the credit worker's own code (hold spans). */
  credit: CreditState;
  orders: Record<string, TrackedOrder>;
  shipments: Record<string, TrackedShipment>;
}

export function initialDeliveryState(dealerId: string): DeliveryState {
  return { credit: creditWorker.initialState(dealerId), orders: {}, shipments: {} };
}
