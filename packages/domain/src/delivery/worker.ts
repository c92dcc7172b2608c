import type { InputEventOf, OutputDraft } from '@dealerflow/contracts';
import { dayNumber, dayNumberOf, instantOf, utcDateOf } from '../calendar';
import { CREDIT_INPUT_TYPES, creditWorker, holdSpans } from '../credit';
import type { DealerInputEvent, DealerInputType, Worker, WorkerContext } from '../pipeline';
import { availabilityHistory, daysOffAt } from '../reference';
import { explainLateness, type LateExplanation } from './explainLateness';
import { findCompletion, sumLines } from './orderProgress';
import { addShipment, indexedShipmentsOf, linkShipment, removeShipment } from './shipmentIndex';
import { defaultDeliveryPolicy, deliveryPolicySchema, type DeliveryPolicy } from './policy';
import { initialDeliveryState, type DeliveryState, type TrackedOrder, type TrackedShipment } from './state';
import { renderExplanation } from './texts';

type Context = WorkerContext<DeliveryPolicy>;


const SHIPMENT_INPUT_TYPES = ['shipment.dispatched', 'shipment.exception', 'shipment.delivered'] as const satisfies readonly DealerInputType[];

/**
 * Late and partial deliveries (RULES.md §3): follows each order from placement to full delivery,
 * tells the dealer once when the promise day has passed, once more with the final figures when it
 * arrives late, and whenever a delivery after the promise leaves the order short.
 */
export const deliveryWorker: Worker<DeliveryState, DeliveryPolicy> = {
  name: 'delivery',
  source: 'delivery-worker',
  inputTypes: [...CREDIT_INPUT_TYPES, ...SHIPMENT_INPUT_TYPES],
  policySchema: deliveryPolicySchema,
  defaultPolicy: defaultDeliveryPolicy,
  initialState: initialDeliveryState,

  apply(state, event, ctx) {
    if (isCreditInput(event)) creditWorker.apply(state.credit, event, creditContext(ctx));
    const orderId = evolve(state, event);
    const order = orderId === null ? undefined : state.orders[orderId];
    if (!order) return [];
    const outputs = evaluateOrder(state, order, indexedShipmentsOf(state.shipments, order.orderId), ctx);
    if (event.type === 'shipment.delivered') outputs.push(...partialNotice(state, order, event, ctx));
    return outputs;
  },

  onDayChange(state, ctx) {
    creditWorker.onDayChange(state.credit, creditContext(ctx));
    dropFinished(state, ctx);
    const outputs: OutputDraft[] = [];
    for (const order of openOrders(state)) {
      const drafts = evaluateOrder(state, order, indexedShipmentsOf(state.shipments, order.orderId), ctx);
      if (drafts.length > 0) outputs.push(...drafts);
    }
    return outputs;
  },
};

function isCreditInput(event: DealerInputEvent): event is InputEventOf<(typeof CREDIT_INPUT_TYPES)[number]> {
  return (CREDIT_INPUT_TYPES as readonly string[]).includes(event.type);
}

function creditContext(ctx: Context) {
  return { ...ctx, policy: ctx.policy.credit };
}

/** Records the event; returns the order it concerns (null when none is known). */
function evolve(state: DeliveryState, event: DealerInputEvent): string | null {
  switch (event.type) {
    case 'order.placed':
      return placeOrder(state, event);
    case 'order.amended':
      return amendOrder(state, event);
    case 'order.cancelled':
      return cancelOrder(state, event);
    case 'shipment.dispatched':
      return dispatchShipment(state, event);
    case 'shipment.exception':
      return recordException(state, event);
    case 'shipment.delivered':
      return deliverShipment(state, event);
    default:
      return null;
  }
}

function placeOrder(state: DeliveryState, event: InputEventOf<'order.placed'>): string {
  const { orderId, warehouseId, lines, promisedDeliveryDate } = event.data;
  // A placement re-sent under a new eventId does not reset the order: amendments change orders.
  if (state.orders[orderId]) return orderId;
  state.orders[orderId] = {
    orderId,
    warehouseId,
    placedAt: instantOf(event.occurredAt),
    lines: sumLines(lines),
    promise: promisedDeliveryDate,
    expectedDate: promisedDeliveryDate,
    lateNotified: false,
    completedAt: null,
    partialNotified: [],
  };
  return orderId;
}

function amendOrder(state: DeliveryState, event: InputEventOf<'order.amended'>): string | null {
  const { orderId, lines, promisedDeliveryDate, requestedBy, reason } = event.data;
  const order = state.orders[orderId];
  if (!order || order.completedAt !== null) return null;
  if (lines) order.lines = sumLines(lines);
  if (promisedDeliveryDate !== undefined) {
    // Only the dealer can move the promise lateness counts from; the manufacturer's move only
    // changes the date the dealer is told to expect, and is a cause of its own (with its reason).
    if (requestedBy === 'dealer') order.promise = promisedDeliveryDate;
    else order.reschedule = { date: promisedDeliveryDate, amendedOn: utcDateOf(instantOf(event.occurredAt)), reason: reason ?? null };
    order.expectedDate = promisedDeliveryDate;
  }
  return orderId;
}

/**
 * An order cancelled before anything of it arrived is dropped with its shipments. One cancelled
 * after part of it arrived keeps what arrived: its remainder is cancelled and the order closes
 * (returned, so that its closing notice is worked out).
 */
function cancelOrder(state: DeliveryState, event: InputEventOf<'order.cancelled'>): string | null {
  const { orderId } = event.data;
  const order = state.orders[orderId];
  const shipments = indexedShipmentsOf(state.shipments, orderId);
  if (order && order.completedAt === null && shipments.some((shipment) => shipment.deliveries.length > 0)) {
    order.cancelledAt = instantOf(event.occurredAt);
    return orderId;
  }
  delete state.orders[orderId];
  for (const shipment of shipments) removeShipment(state.shipments, shipment);
  return null;
}

function shipmentRecord(state: DeliveryState, shipmentId: string, at: number): TrackedShipment {
  let shipment = state.shipments[shipmentId];
  if (!shipment) {
    shipment = {
      shipmentId,
      orderId: null,
      carrier: null,
      lines: [],
      dispatchedAt: null,
      estimatedArrivalDate: null,
      exceptions: [],
      deliveries: [],
      lastSeenAt: at,
    };
    addShipment(state.shipments, shipment);
  }
  shipment.lastSeenAt = Math.max(shipment.lastSeenAt, at);
  return shipment;
}

function dispatchShipment(state: DeliveryState, event: InputEventOf<'shipment.dispatched'>): string {
  const at = instantOf(event.occurredAt);
  const shipment = shipmentRecord(state, event.data.shipmentId, at);
  linkShipment(state.shipments, shipment, event.data.orderId);
  shipment.carrier = event.data.carrier;
  shipment.lines = sumLines(event.data.lines);
  shipment.estimatedArrivalDate = event.data.estimatedArrivalDate;
  shipment.dispatchedAt = shipment.dispatchedAt === null ? at : Math.min(shipment.dispatchedAt, at);
  return event.data.orderId;
}

function recordException(state: DeliveryState, event: InputEventOf<'shipment.exception'>): string | null {
  const at = instantOf(event.occurredAt);
  const shipment = shipmentRecord(state, event.data.shipmentId, at);
  shipment.exceptions.push({ code: event.data.code, note: event.data.note ?? null, at });
  return shipment.orderId;
}

function deliverShipment(state: DeliveryState, event: InputEventOf<'shipment.delivered'>): string {
  const at = instantOf(event.occurredAt);
  const shipment = shipmentRecord(state, event.data.shipmentId, at);
  if (shipment.orderId === null) linkShipment(state.shipments, shipment, event.data.orderId);
  shipment.deliveries.push({ at, occurredAt: event.occurredAt, lines: sumLines(event.data.lines) });
  shipment.deliveries.sort((a, b) => a.at - b.at);
  return event.data.orderId;
}

/** Sends what the order's situation now calls for: the first late notice, or the final one. */
function evaluateOrder(state: DeliveryState, order: TrackedOrder, shipments: readonly TrackedShipment[], ctx: Context): OutputDraft[] {
  if (order.completedAt !== null) return [];
  if (order.cancelledAt !== undefined) return closeCancelledRemainder(state, order, shipments, ctx);
  // The explanation is only worked out when a notice goes out: most days most orders need none,
  // and whether one does needs only the completing delivery (not the whole orderProgress).
  const completion = findCompletion(order, shipments);
  if (completion) {
    order.completedAt = completion.at;
    if (dayNumberOf(completion.at) <= dayNumber(order.promise)) return [];
  } else {
    if (order.lateNotified || ctx.today <= order.promise) return [];
    const explanation = explain(state, order, shipments, ctx);
    // Counting working days, days past the promise may all be days off: not late yet.
    if (explanation.daysLate === 0) return [];
    order.lateNotified = true;
    return [{ type: 'delivery.late', data: lateData(explanation, ctx) }];
  }
  const explanation = explain(state, order, shipments, ctx);
  if (explanation.daysLate === 0) return [];
  return [{ type: 'delivery.late', data: lateData(explanation, ctx) }];
}

/**
 * Closes an order whose remainder was cancelled after a short delivery. The dealer hears of it when
 * what arrived was late, or when it was already told the order was late (the story must end).
 */
function closeCancelledRemainder(state: DeliveryState, order: TrackedOrder, shipments: readonly TrackedShipment[], ctx: Context): OutputDraft[] {
  order.completedAt = order.cancelledAt!;
  const explanation = explain(state, order, shipments, ctx);
  if (explanation.daysLate === 0 && !order.lateNotified) return [];
  return [{ type: 'delivery.late', data: lateData(explanation, ctx) }];
}

function partialNotice(state: DeliveryState, order: TrackedOrder, event: InputEventOf<'shipment.delivered'>, ctx: Context): OutputDraft[] {
  if (order.completedAt !== null || ctx.today <= order.promise) return [];
  if (order.partialNotified.includes(event.data.shipmentId)) return [];
  const explanation = explain(state, order, indexedShipmentsOf(state.shipments, order.orderId), ctx);
  // Counting working days, a short delivery on the warehouse's day off after the promise is not late yet.
  if (explanation.shortLines.length === 0 || explanation.daysLate === 0) return [];
  order.partialNotified.push(event.data.shipmentId);
  const deliveredOn = utcDateOf(instantOf(event.occurredAt));
  return [{ type: 'delivery.partial', data: { ...lateData(explanation, ctx, deliveredOn), shortLines: explanation.shortLines } }];
}

function explain(state: DeliveryState, order: TrackedOrder, shipments: readonly TrackedShipment[], ctx: Context): LateExplanation {
  return explainLateness({
    order,
    shipments,
    holds: holdSpans(state.credit),
    availability: (warehouseId, sku) => availabilityHistory(ctx.reference, warehouseId, sku),
    today: ctx.today,
    daysOff: daysOffAt(ctx.reference, order.warehouseId),
    lateDays: ctx.policy.lateDays,
  });
}

function lateData(explanation: LateExplanation, ctx: Context, shortDeliveryOn?: string) {
  return {
    orderId: explanation.orderId,
    status: explanation.status,
    promisedDeliveryDate: explanation.promisedDeliveryDate,
    deliveredAt: explanation.deliveredAt,
    daysLate: explanation.daysLate,
    causes: explanation.causes.map((cause) => ({ code: cause.code, days: cause.days, detail: { ...cause.detail } })),
    explanation: renderExplanation(explanation, shortDeliveryOn === undefined ? {} : { shortDeliveryOn }),
    causedBy: ctx.causedBy,
  };
}

// The daily passes below walk keyed records that deletions have turned into dictionaries; `for in`
// walks them in the same order as Object.values at a third of its cost (no array of values built).

function openOrders(state: DeliveryState): TrackedOrder[] {
  const open: TrackedOrder[] = [];
  for (const orderId in state.orders) {
    const order = state.orders[orderId]!;
    if (order.completedAt === null) open.push(order);
  }
  return open.sort((a, b) => a.placedAt - b.placedAt || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0));
}

/**
 * Drops what can no longer be notified: orders fully delivered more than `retentionDays` ago with
 * their shipments, and shipments of orders never placed that were last heard of that long ago.
 */
function dropFinished(state: DeliveryState, ctx: Context): void {
  const cutoff = dayNumber(ctx.today) - ctx.policy.retentionDays;
  for (const orderId in state.orders) {
    const order = state.orders[orderId]!;
    if (order.completedAt !== null && dayNumberOf(order.completedAt) < cutoff) delete state.orders[order.orderId];
  }
  for (const shipmentId in state.shipments) {
    const shipment = state.shipments[shipmentId]!;
    const placed = shipment.orderId !== null && state.orders[shipment.orderId] !== undefined;
    if (!placed && dayNumberOf(shipment.lastSeenAt) < cutoff) removeShipment(state.shipments, shipment);
  }
}
