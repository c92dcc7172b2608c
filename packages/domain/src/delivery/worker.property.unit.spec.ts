import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InputEvent } from '@dealerflow/contracts';
import { addDays, instantOf } from '../calendar';
import { createEventBuilder, createScenario } from '../testing';
import { deliveryWorker } from './worker';

const START = '2026-03-01';
const SKUS = ['SKU-1', 'SKU-2', 'SKU-3', 'SKU-4', 'SKU-5'];
const DEALERS = ['D-1', 'D-2', 'D-3'];

const time = (day: number, hour: number): string => `${addDays(START, day)}T${String(hour).padStart(2, '0')}:00:00Z`;

const lineArb = fc.record({ sku: fc.constantFrom(...SKUS), qty: fc.integer({ min: 1, max: 20 }) });

const shipmentArb = fc.record({
  dispatchOffset: fc.integer({ min: -1, max: 20 }),
  dispatchReported: fc.boolean(),
  transit: fc.integer({ min: 0, max: 6 }),
  /** Share of each line's remaining quantity this shipment carries (1 = all of it). */
  share: fc.constantFrom(0.5, 1, 1),
  exception: fc.option(fc.constantFrom('weather', 'vehicle', 'customs', 'address', 'capacity', 'other'), { nil: undefined }),
  deliveryOffset: fc.option(fc.integer({ min: -1, max: 8 }), { nil: undefined }),
  shortBy: fc.constantFrom(0, 0, 0, 1, 3),
});

const orderArb = fc.record({
  dealer: fc.constantFrom(...DEALERS),
  placedDay: fc.integer({ min: 0, max: 40 }),
  hour: fc.integer({ min: 0, max: 23 }),
  promiseOffset: fc.integer({ min: 0, max: 15 }),
  lines: fc.array(lineArb, { minLength: 1, maxLength: 3 }),
  shipments: fc.array(shipmentArb, { minLength: 0, maxLength: 3 }),
  amendment: fc.option(
    fc.record({ offset: fc.integer({ min: 0, max: 10 }), by: fc.constantFrom('dealer', 'manufacturer'), shift: fc.integer({ min: -3, max: 8 }), halveLines: fc.boolean() }),
    { nil: undefined },
  ),
  cancelOffset: fc.option(fc.integer({ min: 0, max: 25 }), { nil: undefined }),
});

const holdArb = fc.record({ dealer: fc.constantFrom(...DEALERS), day: fc.integer({ min: 0, max: 50 }), length: fc.integer({ min: 0, max: 10 }) });
const stockArb = fc.record({
  day: fc.integer({ min: -2, max: 60 }),
  hour: fc.integer({ min: 0, max: 23 }),
  warehouse: fc.constantFrom('W1', 'W2'),
  sku: fc.constantFrom(...SKUS),
  available: fc.integer({ min: 0, max: 40 }),
});

const streamArb = fc.record({
  limits: fc.tuple(fc.constantFrom(0, 2_000, 50_000, 10_000_000), fc.constantFrom(2_000, 50_000), fc.constant(10_000_000)),
  orders: fc.array(orderArb, { minLength: 200, maxLength: 300 }),
  holds: fc.array(holdArb, { maxLength: 12 }),
  stock: fc.array(stockArb, { maxLength: 80 }),
});

type Stream = typeof streamArb extends fc.Arbitrary<infer T> ? T : never;

/** Turns a generated plan into input events in business-time order (placements may still come after their shipments). */
function eventsOf(stream: Stream): InputEvent[] {
  const e = createEventBuilder();
  const timed: { at: string; make: () => InputEvent }[] = [];
  const add = (at: string, make: () => InputEvent) => timed.push({ at, make });

  DEALERS.forEach((dealerId, index) =>
    add(time(-3, 0), () =>
      e('dealer.upserted', time(-3, 0), {
        name: dealerId,
        tier: 'B',
        region: 'East',
        locale: 'en',
        currency: 'CNY',
        creditLimit: stream.limits[index]!,
        paymentTerms: { netDays: 30 },
      }, { dealerId }),
    ),
  );
  for (const report of stream.stock) {
    const at = time(report.day + 3, report.hour);
    add(at, () => e('warehouse.stock.reported', at, { warehouseId: report.warehouse, items: [{ sku: report.sku, available: report.available }] }));
  }
  for (const hold of stream.holds) {
    const from = time(hold.day, 10);
    const to = time(hold.day + hold.length, 11);
    add(from, () => e('credit.decision.recorded', from, { decision: 'hold', decidedBy: 'finance', note: 'check' }, { dealerId: hold.dealer }));
    add(to, () => e('credit.decision.recorded', to, { decision: 'release', decidedBy: 'finance' }, { dealerId: hold.dealer }));
  }

  stream.orders.forEach((order, index) => {
    const orderId = `PO-${index}`;
    const dealerId = order.dealer;
    const warehouseId = index % 2 === 0 ? 'W1' : 'W2';
    const placedAt = time(order.placedDay, order.hour);
    add(placedAt, () =>
      e('order.placed', placedAt, {
        orderId,
        warehouseId,
        lines: order.lines.map((line) => ({ ...line, unitPrice: 100 })),
        promisedDeliveryDate: addDays(START, order.placedDay + order.promiseOffset),
      }, { dealerId }),
    );
    if (order.amendment) {
      const { offset, by, shift, halveLines } = order.amendment;
      const at = time(order.placedDay + offset, 12);
      add(at, () =>
        e('order.amended', at, {
          orderId,
          requestedBy: by,
          promisedDeliveryDate: addDays(START, order.placedDay + order.promiseOffset + shift),
          ...(halveLines ? { lines: order.lines.map((line) => ({ sku: line.sku, qty: Math.max(1, Math.floor(line.qty / 2)), unitPrice: 100 })) } : {}),
        }, { dealerId }),
      );
    }
    if (order.cancelOffset !== undefined && index % 5 === 0) {
      const at = time(order.placedDay + order.cancelOffset, 13);
      add(at, () => e('order.cancelled', at, { orderId }, { dealerId }));
    }
    const remaining = order.lines.map((line) => ({ ...line }));
    order.shipments.forEach((plan, n) => {
      const lines = remaining
        .map((line) => ({ sku: line.sku, qty: Math.ceil(line.qty * plan.share) }))
        .filter((line) => line.qty > 0);
      if (lines.length === 0) return;
      for (const line of remaining) line.qty -= Math.ceil(line.qty * plan.share);
      const shipmentId = `${orderId}-S${n}`;
      const dispatchDay = order.placedDay + plan.dispatchOffset;
      const dispatchedAt = time(dispatchDay, 8 + n);
      const eta = addDays(START, dispatchDay + plan.transit);
      if (plan.dispatchReported) {
        add(dispatchedAt, () =>
          e('shipment.dispatched', dispatchedAt, { shipmentId, orderId, warehouseId, carrier: 'FastFreight', lines, estimatedArrivalDate: eta }, { dealerId }),
        );
      }
      if (plan.exception) {
        const at = time(dispatchDay + 1, 6);
        const code = plan.exception;
        add(at, () => e('shipment.exception', at, { shipmentId, code }, { dealerId }));
      }
      if (plan.deliveryOffset !== undefined) {
        const at = time(dispatchDay + plan.transit + plan.deliveryOffset, 15);
        const received = lines.map((line, i) => ({ sku: line.sku, qty: i === 0 ? Math.max(0, line.qty - plan.shortBy) : line.qty }));
        add(at, () => e('shipment.delivered', at, { shipmentId, orderId, lines: received }, { dealerId }));
      }
    });
  });
  for (let day = 0; day <= 75; day += 1) {
    const at = time(day, 0);
    add(at, () => e('clock.tick', at, {}));
  }
  return timed
    .map((entry, index) => ({ ...entry, index, ms: instantOf(entry.at) }))
    .sort((a, b) => a.ms - b.ms || a.index - b.index)
    .map((entry) => entry.make());
}

describe('delivery worker over generated streams of orders', () => {
  it('every explanation attributes exactly its days late to causes, none negative, and notifies each order at most once per status', () => {
    let explanations = 0;
    /** How often each cause and each (type:status) occurred. */
    const stats: Record<string, number> = {};
    fc.assert(
      fc.property(streamArb, (stream) => {
        const s = createScenario({ workers: [deliveryWorker] });
        s.feed(...eventsOf(stream));
        const notices = s.outputs().filter((output) => output.type === 'delivery.late' || output.type === 'delivery.partial');
        const firstNotices = new Map<string, number>();
        const finalNotices = new Map<string, number>();
        for (const notice of notices) {
          const data = notice.data as { orderId: string; status: string; daysLate: number; causes: { code: string; days: number }[] };
          explanations += 1;
          // A cancelled remainder closes an order the dealer was told about, even when what arrived was in time.
          if (data.status === 'remainder_cancelled') expect(data.daysLate).toBeGreaterThanOrEqual(0);
          else expect(data.daysLate).toBeGreaterThan(0);
          expect(data.causes.reduce((sum, cause) => sum + cause.days, 0)).toBe(data.daysLate);
          for (const cause of data.causes) expect(cause.days).toBeGreaterThan(0);
          for (const cause of data.causes) stats[cause.code] = (stats[cause.code] ?? 0) + 1;
          stats[`${notice.type}:${data.status}`] = (stats[`${notice.type}:${data.status}`] ?? 0) + 1;
          if (notice.type !== 'delivery.late') continue;
          const key = `${notice.dealerId}/${data.orderId}`;
          const counts = data.status === 'delivered' || data.status === 'remainder_cancelled' ? finalNotices : firstNotices;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        for (const count of [...firstNotices.values(), ...finalNotices.values()]) expect(count).toBe(1);
      }),
      { numRuns: 15, seed: 20260409 },
    );
    // The streams must actually produce explanations, or the property proves nothing.
    console.log('STATS', explanations, JSON.stringify(stats));
    expect(explanations).toBeGreaterThan(1000);
  }, 120_000);
});

describe('delivery worker over generated streams, counting working days', () => {
  it('with holidays and a weekend, every notice still attributes exactly its (working) days late, never 0', () => {
    const holidaysArb = fc.uniqueArray(fc.integer({ min: 0, max: 70 }), { maxLength: 15 });
    const weekendArb = fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 2 });
    let explanations = 0;
    fc.assert(
      fc.property(streamArb, holidaysArb, weekendArb, (stream, holidayDays, weekendDays) => {
        const s = createScenario({ workers: [deliveryWorker], policies: { delivery: { ...deliveryWorker.defaultPolicy, lateDays: 'working' } } });
        const calendar = createEventBuilder()('calendar.holidays.published', time(-5, 0), {
          calendarId: 'CAL',
          warehouseIds: '*',
          weekendDays,
          holidays: holidayDays.map((day) => ({ date: addDays(START, day), name: 'holiday' })),
        });
        s.feed(calendar, ...eventsOf(stream));
        for (const notice of s.outputs()) {
          if (notice.type !== 'delivery.late' && notice.type !== 'delivery.partial') continue;
          const data = notice.data as { status: string; daysLate: number; causes: { days: number }[] };
          explanations += 1;
          if (data.status !== 'remainder_cancelled') expect(data.daysLate).toBeGreaterThan(0);
          expect(data.causes.reduce((sum, cause) => sum + cause.days, 0)).toBe(data.daysLate);
          for (const cause of data.causes) expect(cause.days).toBeGreaterThan(0);
        }
      }),
      { numRuns: 8, seed: 20260215 },
    );
    expect(explanations).toBeGreaterThan(300);
  }, 120_000);
});
