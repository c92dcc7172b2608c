import type { InputEvent, InputEventOf } from '@dealerflow/contracts';
import { describe, expect, it } from 'vitest';
import { generateStream } from './generateStream';

/*
 * Issue 21: the simulator behaves like the source systems it stands for — short lines are
 * re-shipped or cancelled, amendments carry reasons, holidays slow the warehouses and are published.
 */

// 60 days from 1 January 2026 cross New Year's Day and the Spring Festival (15–23 February).
const events = [...generateStream({ dealers: 20, skus: 60, days: 60, seed: 1 })];
const ofType = <T extends InputEvent['type']>(type: T) => events.filter((event): event is InputEventOf<T> => event.type === type);
const dateOf = (event: InputEvent) => event.occurredAt.slice(0, 10);

describe('simulated source systems: short deliveries', () => {
  const dispatched = new Map(ofType('shipment.dispatched').map((event) => [event.data.shipmentId, event]));
  const shorts = ofType('shipment.delivered').flatMap((delivery) => {
    const sent = dispatched.get(delivery.data.shipmentId)!.data.lines;
    const missing = sent
      .map((line, k) => ({ sku: line.sku, qty: line.qty - (delivery.data.lines[k]?.qty ?? 0) }))
      .filter((line) => line.qty > 0);
    return missing.length === 0 ? [] : [{ delivery, missing }];
  });

  it('re-ships what a delivery left missing (not invoiced again), or cancels the rest of an order with nothing else to come', () => {
    expect(shorts.length).toBeGreaterThan(5);
    let reshipped = 0;
    let cancelled = 0;
    for (const { delivery, missing } of shorts) {
      const later = events.slice(events.indexOf(delivery) + 1).filter((event) => 'dealerId' in event && event.dealerId === delivery.dealerId);
      const reship = later.find(
        (event): event is InputEventOf<'shipment.dispatched'> =>
          event.type === 'shipment.dispatched' &&
          event.data.orderId === delivery.data.orderId &&
          JSON.stringify(event.data.lines) === JSON.stringify(missing),
      );
      const cancel = later.find((event) => event.type === 'order.cancelled' && event.data.orderId === delivery.data.orderId);
      if (reship) {
        reshipped += 1;
        const invoiced = later.some((event) => event.type === 'invoice.issued' && event.data.orderId === delivery.data.orderId && event.occurredAt === reship.occurredAt);
        expect(invoiced).toBe(false);
      } else {
        // Neither yet: only near the stream's end, the re-shipment waiting for stock (at most 10 days, as any backorder).
        if (!cancel) {
          expect(Date.parse(dateOf(events.at(-1)!)) - Date.parse(dateOf(delivery))).toBeLessThanOrEqual(12 * 86_400_000);
          continue;
        }
        cancelled += 1;
        expect(cancel).toMatchObject({ data: { reason: 'short-delivered remainder cancelled' } });
        expect(dateOf(cancel)).toBe(dateOf(delivery));
      }
    }
    expect(reshipped).toBeGreaterThan(0);
    expect(cancelled).toBeGreaterThan(0);
  });
});

describe('simulated source systems: amendments', () => {
  it('every amendment says why; the manufacturer reschedules for reasons such as a raw material shortage', () => {
    const amendments = ofType('order.amended');
    expect(amendments.every((event) => (event.data.reason ?? '').trim().length > 0)).toBe(true);
    const manufacturer = amendments.filter((event) => event.data.requestedBy === 'manufacturer');
    expect(manufacturer.length).toBeGreaterThan(0);
    expect(manufacturer.every((event) => event.data.promisedDeliveryDate !== undefined)).toBe(true);
    expect(manufacturer.some((event) => event.data.reason === 'raw material shortage')).toBe(true);
  });
});

describe('simulated source systems: holidays', () => {
  const [calendar] = ofType('calendar.holidays.published');
  const holidays = new Set(calendar?.data.holidays.map((holiday) => holiday.date));

  it('publishes the working calendar once, with the master data, for every warehouse', () => {
    expect(ofType('calendar.holidays.published')).toHaveLength(1);
    expect(calendar!.data.warehouseIds).toBe('*');
    expect(events.indexOf(calendar!)).toBeLessThan(events.findIndex((event) => event.type === 'order.placed'));
    for (const date of ['2026-02-15', '2026-02-19', '2026-02-23']) expect(holidays.has(date)).toBe(true);
  });

  it('warehouses dispatch nothing on a holiday and catch up after it', () => {
    const perDay = new Map<string, number>();
    for (const event of ofType('shipment.dispatched')) perDay.set(dateOf(event), (perDay.get(dateOf(event)) ?? 0) + 1);
    for (const date of holidays) expect(perDay.get(date) ?? 0).toBe(0);
    expect(perDay.get('2026-02-24')!).toBeGreaterThan(3 * perDay.get('2026-02-13')!);
  });

  it('promises count the lead time in working days: an order placed before the Spring Festival is promised after it', () => {
    const leadTime = new Map(ofType('dealer.upserted').map((event) => [event.dealerId, event.data.leadTimeDays]));
    const before = ofType('order.placed').filter((event) => dateOf(event) === '2026-02-13');
    expect(before.length).toBeGreaterThan(0);
    for (const order of before) {
      const calendarDays = (Date.parse(order.data.promisedDeliveryDate) - Date.parse('2026-02-13')) / 86_400_000;
      expect(calendarDays).toBeGreaterThanOrEqual(leadTime.get(order.dealerId)! + 9);
    }
  });
});
