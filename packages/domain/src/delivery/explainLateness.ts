import { dateOfDayNumber, dayNumber, dayNumberOf } from '../calendar';
import { lastWorkingDayOnOrBefore, workingDaysAfter, type AvailabilityReading, type DaysOff } from '../reference';
import { attributeCauses } from './attributeCauses';
import { backorderDays } from './backorderDays';
import type { HoldSpan } from '../credit';
import { creditHoldDays } from './creditHoldDays';
import { departureOf, orderProgress, shortLines, type DeliveryStatus } from './orderProgress';
import type { DeliveryPolicy } from './policy';
import type { ExceptionCode, TrackedOrder, TrackedShipment } from './state';

export interface CarrierDelayDetail {
  shipmentId: string;
  carrier: string | null;
  estimatedArrivalDate: string;
  exceptions: { code: ExceptionCode; note: string | null }[];
}

export interface ManufacturerRescheduleDetail {
  /** The date the manufacturer moved the delivery to. */
  rescheduledTo: string;
  /** The date of its amendment. */
  amendedOn: string;
  /** The reason it gave (free text, as sent); null when it gave none. */
  reason: string | null;
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
  | { code: 'manufacturer_reschedule'; days: number; detail: ManufacturerRescheduleDetail }
  | { code: 'credit_hold'; days: number; detail: CreditHoldDetail }
  | { code: 'backorder'; days: number; detail: BackorderDetail }
  | { code: 'late_dispatch'; days: number; detail: LateDispatchDetail }
  | { code: 'unexplained'; days: number; detail: Record<string, never> };

/** Where a late order stands; `remainder_cancelled` closes an order cancelled after part of it arrived. */
export type LateStatus = DeliveryStatus | 'remainder_cancelled';

export interface LateExplanation {
  orderId: string;
  status: LateStatus;
  promisedDeliveryDate: string;
  /** The completing delivery's `occurredAt`, or null while not fully delivered. */
  deliveredAt: string | null;
  deliveredOn: string | null;
  /** The date the rest of the order was cancelled (`remainder_cancelled`), else null. */
  cancelledOn: string | null;
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
  /** The order's warehouse's days off (its working calendar); every day worked when absent. */
  daysOff?: DaysOff;
  /** Whether days late count calendar or working days (the policy's `lateDays`); calendar when absent. */
  lateDays?: DeliveryPolicy['lateDays'];
}

const EVERY_DAY_WORKED: DaysOff = { isDayOff: () => false, holidayName: () => null };

/** Where the order stands, how late it is and why, at the watermark. */
export function explainLateness(input: ExplainInput): LateExplanation {
  const { shipments, today } = input;
  const daysOff = input.daysOff ?? EVERY_DAY_WORKED;
  // A day counts towards lateness unless the policy counts working days and the warehouse was closed.
  const counts = (day: number): boolean => input.lateDays !== 'working' || !daysOff.isDayOff(day);
  const daysAfter = (from: number, to: number): number =>
    input.lateDays === 'working' ? (to > from ? workingDaysAfter(daysOff, from, to) : -workingDaysAfter(daysOff, to, from)) : to - from;

  const cancelled = input.order.cancelledAt !== undefined;
  // A cancelled remainder closes the order as if it had been amended down to what arrived.
  const order = cancelled ? closedOrder(input.order, shipments) : input.order;
  const todayDay = dayNumber(today);
  const progress = orderProgress(order, shipments, today);
  const promiseDay = dayNumber(order.promise);
  const daysLate = Math.max(0, daysAfter(promiseDay, progress.endDay));
  const judged = progress.judgedShipment;

  const eta = judged?.estimatedArrivalDate ?? null;
  const carrierDays = judged && eta !== null ? daysAfter(dayNumber(eta), progress.endDay) : 0;
  const rescheduleDays = order.reschedule ? daysAfter(promiseDay, dayNumber(order.reschedule.date)) : 0;

  const placedDay = dayNumberOf(order.placedAt);
  const departures = shipments
    .filter((shipment) => shipment.dispatchedAt !== null || shipment.deliveries.length > 0)
    .map((shipment) => departureOf(shipment));
  const backorder = backorderDays({
    lines: order.lines,
    dispatches: shipments
      .filter((shipment) => shipment.dispatchedAt !== null || shipment.deliveries.length > 0)
      .map((shipment) => ({ day: dayNumberOf(departureOf(shipment)), lines: shipment.lines })),
    availability: (sku) => input.availability(order.warehouseId, sku),
    fromDay: placedDay,
    toDay: progress.dispatchEndDay,
  });
  const held = creditHoldDays({
    spans: input.holds,
    fromDay: placedDay,
    toDay: progress.dispatchEndDay,
    todayDay,
    departures,
    shortDays: new Set(backorder.shortDays),
  });

  const dispatchDay = judged ? dayNumberOf(departureOf(judged)) : null;
  const plannedTransit = dispatchDay !== null && eta !== null ? dayNumber(eta) - dispatchDay : null;
  // The warehouse cannot dispatch on a day it is closed: the last day to leave steps back over days off.
  const latestDispatchDay = plannedTransit === null ? null : lastWorkingDayOnOrBefore(daysOff, promiseDay - plannedTransit);
  const dispatchedLate =
    progress.status === 'not_dispatched' ||
    (dispatchDay !== null && latestDispatchDay !== null && dispatchDay > latestDispatchDay);

  const split = attributeCauses({
    daysLate,
    carrierDelay: carrierDays,
    manufacturerReschedule: rescheduleDays,
    creditHold: held.days.filter(counts).length,
    backorder: backorder.shortDays.filter(counts).length,
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
      case 'manufacturer_reschedule':
        return {
          code: cause.code,
          days: cause.days,
          detail: { rescheduledTo: order.reschedule!.date, amendedOn: order.reschedule!.amendedOn, reason: order.reschedule!.reason },
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
    status: cancelled ? 'remainder_cancelled' : progress.status,
    promisedDeliveryDate: order.promise,
    deliveredAt: progress.completion?.occurredAt ?? null,
    deliveredOn: progress.completion ? dateOfDayNumber(progress.endDay) : null,
    cancelledOn: cancelled ? dateOfDayNumber(dayNumberOf(input.order.cancelledAt!)) : null,
    daysLate,
    causes,
    expectedDate: expectedDateOf(order, progress.status, judged, today),
    shortLines: shortLines(input.order, progress.delivered),
  };
}

/** The order as it closed when its remainder was cancelled: each SKU's quantity is what arrived of it. */
export function closedOrder(order: TrackedOrder, shipments: readonly TrackedShipment[]): TrackedOrder {
  const arrived = new Map<string, number>();
  for (const shipment of shipments) {
    for (const delivery of shipment.deliveries) {
      for (const line of delivery.lines) arrived.set(line.sku, (arrived.get(line.sku) ?? 0) + line.qty);
    }
  }
  const lines = order.lines
    .map((line) => ({ sku: line.sku, qty: Math.min(line.qty, arrived.get(line.sku) ?? 0) }))
    .filter((line) => line.qty > 0);
  return { ...order, lines };
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
