import { INPUT_TYPES, parseInputValue, type InputEvent, type InputEventOf } from '@dealerflow/contracts';
import { describe, expect, it } from 'vitest';
import { generateStream } from './generateStream';
import { simulateOptionsSchema, type SimulateOptionsInput } from './options';

const collect = (options: SimulateOptionsInput) => [...generateStream(options)];
const ofType = <T extends InputEvent['type']>(events: InputEvent[], type: T) =>
  events.filter((event): event is InputEventOf<T> => event.type === type);

/** Big enough to contain every kind of fact, small enough to run in about a second. */
const MIX = { dealers: 20, skus: 60, days: 45, seed: 1 } as const;
const mix = collect(MIX);

describe('generateStream options', () => {
  it('has the documented defaults', () => {
    expect(simulateOptionsSchema.parse({})).toEqual({ dealers: 50, skus: 200, days: 30, seed: 1, start: '2026-01-01', warehouses: 3 });
  });

  it('rejects impossible options', () => {
    expect(() => collect({ dealers: 0 })).toThrow();
    expect(() => collect({ start: '2026-02-30' })).toThrow();
  });
});

describe('generateStream determinism', () => {
  it('gives the identical stream for the same seed', () => {
    const options = { dealers: 4, skus: 15, days: 10, seed: 42 };
    expect(JSON.stringify(collect(options))).toBe(JSON.stringify(collect(options)));
  });

  it('gives a different stream for a different seed', () => {
    const a = collect({ dealers: 4, skus: 15, days: 10, seed: 42 });
    const b = collect({ dealers: 4, skus: 15, days: 10, seed: 43 });
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    expect(a[0]?.eventId).toBe('sim-42-000000001');
    expect(b[0]?.eventId).toBe('sim-43-000000001');
  });

  it('starts on the start date and ends with the last day’s clock tick', () => {
    const events = collect({ dealers: 2, skus: 5, days: 3, start: '2026-02-27' });
    expect(events[0]?.occurredAt).toBe('2026-02-27T00:00:00Z');
    expect(events.at(-1)).toMatchObject({ type: 'clock.tick', occurredAt: '2026-03-01T23:59:00Z' });
  });
});

describe('generateStream validity', () => {
  it.each([1, 2, 3, 99])('seed %i: every event parses unchanged against the contract, ids are unique, time never goes back', (seed) => {
    const events = seed === 1 ? mix : collect({ dealers: 6, skus: 25, days: 40, seed });
    const ids = new Set<string>();
    let previous = 0;
    for (const event of events) {
      const result = parseInputValue(JSON.parse(JSON.stringify(event)));
      if (!result.ok) throw new Error(`${event.eventId} ${event.type}: ${result.reason}`);
      expect(result.event).toEqual(event);
      ids.add(event.eventId);
      const at = Date.parse(event.occurredAt);
      expect(at).toBeGreaterThanOrEqual(previous);
      previous = at;
    }
    expect(ids.size).toBe(events.length);
  });

  it('contains every input type except what people send through the API, credit notes (no returns are simulated) and exchange rates (every simulated dealer bills in CNY)', () => {
    const notSimulated = new Set(['credit.decision.recorded', 'credit.limit.set', 'stock.alert.acknowledged', 'dealer.tier.accepted', 'credit.note.issued', 'fx.rate.published']);
    const types = new Set(mix.map((event) => event.type));
    expect([...types].sort()).toEqual(INPUT_TYPES.filter((type) => !notSimulated.has(type)).sort());
  });

  it('closes the sales ledger on the first of each month: every dealer, sales up to the month closed', () => {
    const totals = mix.filter((event) => event.type === 'sales.totals.published');
    expect(totals.map((event) => [event.occurredAt, event.data.month])).toEqual([['2026-02-01T00:00:00Z', '2026-01']]);
    const invoiced = mix
      .filter((event) => event.type === 'invoice.issued' && event.occurredAt < '2026-02-01')
      .reduce((sum, event) => sum + Math.round((event.data as { amount: number }).amount * 100), 0);
    const [january] = totals;
    expect(january?.data.dealers).toHaveLength(MIX.dealers);
    expect(january?.data.dealers.reduce((sum, dealer) => sum + Math.round(dealer.sales * 100), 0)).toBe(invoiced);
  });
});

describe('generateStream counts', () => {
  const options = { dealers: 10, skus: 40, days: 14, seed: 1, warehouses: 2 };
  const events = collect(options);
  const count = (type: InputEvent['type']) => ofType(events, type).length;

  it('publishes master and reference data once and daily feeds every day', () => {
    expect(count('product.upserted')).toBe(40);
    expect(count('dealer.upserted')).toBe(10);
    // Q1 2026 volume rebate plus the per-order bulk bonus.
    expect(ofType(events, 'rebate.program.upserted').map((event) => event.data.programId)).toEqual(['2026Q1-VOLUME', 'BULK-2026-01-01']);
    expect(count('warehouse.stock.reported')).toBe(2 * 14);
    expect(count('clock.tick')).toBe(14);
    expect(count('dealer.sales.reported')).toBe(10 * 14);
    // An opening snapshot and one report a day from each dealer.
    expect(count('dealer.stock.reported')).toBe(10 + 10 * 14);
  });

  it('has a realistic volume of orders, shipments and money', () => {
    expect(count('order.placed')).toBeGreaterThan(100);
    expect(count('order.placed')).toBeLessThan(400);
    expect(count('shipment.dispatched')).toBeGreaterThan(0.8 * count('order.placed'));
    // Every shipment is invoiced when it leaves, except the re-shipment of what a delivery left short.
    expect(count('invoice.issued')).toBeLessThanOrEqual(count('shipment.dispatched'));
    expect(count('invoice.issued')).toBeGreaterThan(0.95 * count('shipment.dispatched'));
    expect(count('shipment.delivered')).toBeLessThanOrEqual(count('shipment.dispatched'));
    expect(count('order.cancelled') + count('order.amended')).toBeLessThan(0.15 * count('order.placed'));
  });

  it('assigns tiers by ABC: 20 % A, 30 % B, 30 % C, 20 % D', () => {
    const tiers = ofType(collect({ dealers: 50, skus: 10, days: 1 }), 'dealer.upserted').map((event) => event.data.tier);
    expect(['A', 'B', 'C', 'D'].map((tier) => tiers.filter((t) => t === tier).length)).toEqual([10, 15, 15, 10]);
  });

  it('gives about 30 % of dealers the zh-CN locale in Asia/Shanghai and credit limits that rise with tier', () => {
    const dealers = ofType(collect({ dealers: 200, skus: 30, days: 1 }), 'dealer.upserted').map((event) => event.data);
    const chinese = dealers.filter((dealer) => dealer.locale === 'zh-CN');
    expect(chinese.length).toBeGreaterThan(40);
    expect(chinese.length).toBeLessThan(80);
    expect(chinese.every((dealer) => dealer.timezone === 'Asia/Shanghai')).toBe(true);
    const meanLimit = (tier: string) => {
      const limits = dealers.filter((dealer) => dealer.tier === tier).map((dealer) => dealer.creditLimit);
      return limits.reduce((a, b) => a + b, 0) / limits.length;
    };
    expect(meanLimit('A')).toBeGreaterThan(meanLimit('B'));
    expect(meanLimit('B')).toBeGreaterThan(meanLimit('C'));
    expect(meanLimit('C')).toBeGreaterThan(meanLimit('D'));
  });
});

describe('generateStream story', () => {
  it('keeps each dealer’s reported stock equal to the last report plus deliveries minus sales', () => {
    const onHand = new Map<string, number>();
    const key = (dealerId: string, sku: string) => `${dealerId}/${sku}`;
    let checked = 0;
    for (const event of mix) {
      if (event.type === 'shipment.delivered') {
        for (const line of event.data.lines) onHand.set(key(event.dealerId, line.sku), (onHand.get(key(event.dealerId, line.sku)) ?? 0) + line.qty);
      } else if (event.type === 'dealer.sales.reported') {
        for (const item of event.data.items) onHand.set(key(event.dealerId, item.sku), (onHand.get(key(event.dealerId, item.sku)) ?? 0) - item.qty);
      } else if (event.type === 'dealer.stock.reported') {
        for (const item of event.data.items) {
          const expected = onHand.get(key(event.dealerId, item.sku));
          if (expected !== undefined) {
            expect(item.onHand).toBe(expected);
            checked += 1;
          }
          onHand.set(key(event.dealerId, item.sku), item.onHand);
        }
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  it('only dispatches placed, uncancelled orders and only delivers dispatched shipments', () => {
    const placed = new Set<string>();
    const cancelled = new Set<string>();
    const dispatched = new Map<string, number>();
    for (const event of mix) {
      if (event.type === 'order.placed') placed.add(event.data.orderId);
      if (event.type === 'order.cancelled') cancelled.add(event.data.orderId);
      if (event.type === 'order.amended') expect(placed.has(event.data.orderId)).toBe(true);
      if (event.type === 'shipment.dispatched') {
        expect(placed.has(event.data.orderId) && !cancelled.has(event.data.orderId)).toBe(true);
        dispatched.set(event.data.shipmentId, event.data.lines.reduce((sum, line) => sum + line.qty, 0));
      }
      if (event.type === 'shipment.delivered') {
        expect(dispatched.get(event.data.shipmentId)).toBeGreaterThanOrEqual(event.data.lines.reduce((sum, line) => sum + line.qty, 0));
      }
    }
  });

  it('includes split shipments, short deliveries, backorders and late carriers', () => {
    const shipmentsPerOrder = new Map<string, number>();
    for (const event of ofType(mix, 'shipment.dispatched')) shipmentsPerOrder.set(event.data.orderId, (shipmentsPerOrder.get(event.data.orderId) ?? 0) + 1);
    expect([...shipmentsPerOrder.values()].some((n) => n === 2)).toBe(true);

    const dispatched = new Map(ofType(mix, 'shipment.dispatched').map((event) => [event.data.shipmentId, event.data]));
    const short = ofType(mix, 'shipment.delivered').filter((event) =>
      event.data.lines.some((line, k) => line.qty < (dispatched.get(event.data.shipmentId)?.lines[k]?.qty ?? 0)),
    );
    expect(short.length).toBeGreaterThan(0);
    expect(ofType(mix, 'warehouse.stock.reported').some((event) => event.data.items.some((item) => item.available === 0))).toBe(true);

    const lateArrivals = ofType(mix, 'shipment.delivered').filter((event) => {
      const eta = dispatched.get(event.data.shipmentId)?.estimatedArrivalDate ?? '';
      return event.occurredAt.slice(0, 10) > eta;
    });
    expect(lateArrivals.length).toBeGreaterThan(0);
  });

  it('has invoices with and without cash-discount terms and payments with and without allocations', () => {
    const invoices = ofType(mix, 'invoice.issued');
    expect(invoices.some((event) => event.data.discount?.pct === 2)).toBe(true);
    expect(invoices.some((event) => event.data.discount === undefined)).toBe(true);
    const payments = ofType(mix, 'payment.received');
    expect(payments.some((event) => event.data.allocations !== undefined)).toBe(true);
    expect(payments.some((event) => event.data.allocations === undefined)).toBe(true);
    const known = new Set(invoices.map((event) => event.data.invoiceId));
    for (const payment of payments) for (const allocation of payment.data.allocations ?? []) expect(known.has(allocation.invoiceId)).toBe(true);
  });

  it('skews sales: the top 20 % of (dealer, SKU) pairs sell most of the units', () => {
    const sold = new Map<string, number>();
    for (const event of ofType(mix, 'dealer.sales.reported')) {
      for (const item of event.data.items) sold.set(`${event.dealerId}/${item.sku}`, (sold.get(`${event.dealerId}/${item.sku}`) ?? 0) + item.qty);
    }
    const units = [...sold.values()].sort((a, b) => b - a);
    const total = units.reduce((a, b) => a + b, 0);
    const top = units.slice(0, Math.ceil((MIX.dealers * MIX.skus) / 5)).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThan(0.6);
  });
});
