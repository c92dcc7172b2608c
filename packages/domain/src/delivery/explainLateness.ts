import { dateOfDayNumber, dayNumber, dayNumberOf } from '../calendar';
import type { AvailabilityReading } from '../reference';
import { attributeCauses } from './attributeCauses';
import { backorderDays } from './backorderDays';
import type { HoldSpan } from '../credit';
import { creditHoldDays } from './creditHoldDays';
import { departureOf, orderProgress, shortLines, type DeliveryStatus } from './orderProgress';
import type { ExceptionCode, TrackedOrder, TrackedShipment } from './state';

export interface CarrierDelayDetail {
  shipmentId: string;
  carrier: string | null;
  estimatedArrivalDate: string;
  exceptions: { code: ExceptionCode; note: string | null }[];
}

export interface CreditHoldDetail {
  holds: { holdId: string; from: string; to: string | null }[];
}

export interface BackorderDetail {
  warehouseId: string;
  skus: string[];
  firstDay: string | null;
  lastDay: string | null;
}

export interface LateDispatchDetail {
  shipmentId: string | null;
  /** Null while the goods have not left the warehouse. */
  dispatchedOn: string | null;
  /** Promise − planned transit: the last day the goods could leave and still arrive on time. */
  latestDispatchDate: string | null;
}

/** A cause with the facts a dealer needs to understand it (`detail` of the output's cause). */
export type ExplainedCause =
  | { code: 'carrier_delay'; days: number; detail: CarrierDelayDetail }
  | { code: 'credit_hold'; days: number; detail: CreditHoldDetail }
  | { code: 'backorder'; days: number; detail: BackorderDetail }
  | { code: 'late_dispatch'; days: number; detail: LateDispatchDetail }
  | { code: 'unexplained'; days: number; detail: Record<string, never> };

export interface LateExplanation {
  orderId: string;
  status: DeliveryStatus;
  promisedDeliveryDate: string;
  /** The completing delivery's `occurredAt`, or null while not fully delivered. */
  deliveredAt: string | null;
  deliveredOn: string | null;
  daysLate: number;
  causes: ExplainedCause[];
  /** The date the dealer can now expect the goods, when one is known and not past. */
  expectedDate: string | null;
  /** Ordered SKUs still short of their quantity. */
  shortLines: { sku: string; ordered: number; delivered: number }[];
}

export interface ExplainInput {
  order: TrackedOrder;
  /** The order's shipments (see `shipmentsOf`). */
  shipments: readonly TrackedShipment[];
  /** The dealer's credit-hold spans, from the credit rules. */
  holds: readonly HoldSpan[];
  /** Availability readings of a SKU in a warehouse, in time order. */
  availability: (warehouseId: string, sku: string) => readonly AvailabilityReading[];
  /** The watermark date. */
  today: string;
}

/** Where the order stands, how late it is and why, at the watermark. */
export function explainLateness(input: ExplainInput): LateExplanation {
  const { order, shipments, today } = input;
  const todayDay = dayNumber(today);
  const progress = orderProgress(order, shipments, today);
  const promiseDay = dayNumber(order.promise);
  const daysLate = Math.max(0, progress.endDay - promiseDay);
  const judged = progress.judgedShipment;

  const eta = judged?.estimatedArrivalDate ?? null;
  const carrierDays = judged && eta !== null ? progress.endDay - dayNumber(eta) : 0;

  const placedDay = dayNumberOf(order.placedAt);
  const held = creditHoldDays(input.holds, placedDay, progress.dispatchEndDay, todayDay);
  const backorder = backorderDays({
    lines: order.lines,
    dispatches: shipments
      .filter((shipment) => shipment.dispatchedAt !== null || shipment.deliveries.length > 0)
      .map((shipment) => ({ day: dayNumberOf(departureOf(shipment)), lines: shipment.lines })),
    availability: (sku) => input.availability(order.warehouseId, sku),
    fromDay: placedDay,
    toDay: progress.dispatchEndDay,
    excludedDays: new Set(held.days),
  });

  const dispatchDay = judged ? dayNumberOf(departureOf(judged)) : null;
  const plannedTransit = dispatchDay !== null && eta !== null ? dayNumber(eta) - dispatchDay : null;
  const latestDispatchDay = plannedTransit === null ? null : promiseDay - plannedTransit;
  const dispatchedLate =
    progress.status === 'not_dispatched' ||
    (dispatchDay !== null && latestDispatchDay !== null && dispatchDay > latestDispatchDay);

  const split = attributeCauses({
    daysLate,
    carrierDelay: carrierDays,
    creditHold: held.days.length,
    backorder: backorder.days,
    dispatchedLate,
  });

  const causes = split.map((cause): ExplainedCause => {
    switch (cause.code) {
      case 'carrier_delay':
        return {
          code: cause.code,
          days: cause.days,
          detail: {
            shipmentId: judged!.shipmentId,
            carrier: judged!.carrier,
            estimatedArrivalDate: eta!,
            exceptions: judged!.exceptions.map((exception) => ({ code: exception.code, note: exception.note })),
          },
        };
      case 'credit_hold':
        return { code: cause.code, days: cause.days, detail: { holds: held.holds } };
      case 'backorder':
        return {
          code: cause.code,
          days: cause.days,
          detail: { warehouseId: order.warehouseId, skus: backorder.skus, firstDay: backorder.firstDay, lastDay: backorder.lastDay },
        };
      case 'late_dispatch':
        return {
          code: cause.code,
          days: cause.days,
          detail: {
            shipmentId: progress.status === 'not_dispatched' ? null : (judged?.shipmentId ?? null),
            dispatchedOn: progress.status === 'not_dispatched' || dispatchDay === null ? null : dateOfDayNumber(dispatchDay),
            latestDispatchDate: progress.status === 'not_dispatched' || latestDispatchDay === null ? null : dateOfDayNumber(latestDispatchDay),
          },
        };
      case 'unexplained':
        return { code: cause.code, days: cause.days, detail: {} };
      default: {
        const unexpected: never = cause.code;
        throw new Error(`unknown lateness cause ${String(unexpected)}`);
      }
    }
  });

  return {
    orderId: order.orderId,
    status: progress.status,
    promisedDeliveryDate: order.promise,
    deliveredAt: progress.completion?.occurredAt ?? null,
    deliveredOn: progress.completion ? dateOfDayNumber(progress.endDay) : null,
    daysLate,
    causes,
    expectedDate: expectedDateOf(order, progress.status, judged, today),
    shortLines: shortLines(order, progress.delivered),
  };
}

/**
 * What "now expected on" shows: the arrival date the carrier gave for the goods on their way, or
 * a date the manufacturer moved the order to; never a date already past.
 */
function expectedDateOf(order: TrackedOrder, status: DeliveryStatus, judged: TrackedShipment | null, today: string): string | null {
  if (status === 'delivered') return null;
  const eta = status === 'in_transit' ? (judged?.estimatedArrivalDate ?? null) : null;
  if (eta !== null && eta >= today) return eta;
  return order.expectedDate >= today ? order.expectedDate : null;
}
