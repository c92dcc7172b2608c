import { describe, expect, it } from 'vitest';
import type { OutputDataOf } from '@dealerflow/contracts';
import { findSkuStock, type StockState } from './state';
import { createEventBuilder, createScenario } from '../testing';
import { stockPolicySchema, type StockPolicy } from './policy';
import { stockWorker } from './worker';

type Tier = 'A' | 'B' | 'C' | 'D';

function setup(options: { policy?: Partial<StockPolicy> } = {}) {
  const e = createEventBuilder();
  // These cases follow single alerts: the opening summary and the daily digest have their own suite
  // (alertsActedOn.unit.spec.ts) and are off here unless a case turns them on.
  const policy = { openingSummary: false, dailyDigest: false, ...options.policy };
  const policies = { stock: stockPolicySchema.parse(policy) };
  const scenario = createScenario({ workers: [stockWorker], policies });
  const dealer = (at: string, tier: Tier = 'B', leadTimeDays = 7, dealerId = 'D-1') =>
    e(
      'dealer.upserted',
      at,
      {
        name: `Dealer ${dealerId}`,
        tier,
        region: 'East',
        locale: 'en',
        currency: 'CNY',
        creditLimit: 100_000,
        paymentTerms: { netDays: 30 },
        leadTimeDays,
      },
      { dealerId },
    );
  const product = (at: string, sku: string, packSize = 1) =>
    e('product.upserted', at, { sku, name: sku, category: 'parts', unitPrice: 10, packSize });
  const sales = (at: string, date: string, items: Record<string, number>, dealerId = 'D-1') =>
    e('dealer.sales.reported', at, { date, items: Object.entries(items).map(([sku, qty]) => ({ sku, qty })) }, { dealerId });
  const stock = (at: string, items: Record<string, number>, dealerId = 'D-1') =>
    e('dealer.stock.reported', at, { items: Object.entries(items).map(([sku, onHand]) => ({ sku, onHand })) }, { dealerId });
  const order = (at: string, orderId: string, items: Record<string, number>) =>
    e('order.placed', at, {
      orderId,
      warehouseId: 'W-1',
      lines: Object.entries(items).map(([sku, qty]) => ({ sku, qty, unitPrice: 10 })),
      promisedDeliveryDate: '2026-05-30',
    });
  const dispatch = (at: string, shipmentId: string, orderId: string, items: Record<string, number>) =>
    e('shipment.dispatched', at, {
      shipmentId,
      orderId,
      warehouseId: 'W-1',
      carrier: 'SF',
      lines: Object.entries(items).map(([sku, qty]) => ({ sku, qty })),
      estimatedArrivalDate: '2026-05-30',
    });
  const deliver = (at: string, shipmentId: string, orderId: string, items: Record<string, number>) =>
    e('shipment.delivered', at, { shipmentId, orderId, lines: Object.entries(items).map(([sku, qty]) => ({ sku, qty })) });
  const tick = (at: string) => e('clock.tick', at, {});
  return { e, scenario, dealer, product, sales, stock, order, dispatch, deliver, tick };
}

const brief = (outputs: readonly { type: string; dealerId: string; data: unknown }[]) =>
  outputs.map((output) => {
    const data = output.data as OutputDataOf<'stock.alert.raised'>;
    return `${output.type === 'stock.alert.raised' ? 'raised' : 'resolved'} ${data.alertId} ${data.severity}`;
  });

describe('stock worker: figures', () => {
  it('reports ADS, in transit, on order, reorder point, days of cover and suggested quantity on a low-stock alert', () => {
    const t = setup();
    t.scenario.feed(
      t.dealer('2026-04-01T08:00:00Z'),
      t.product('2026-04-01T08:00:00Z', 'SKU-1', 10),
      t.sales('2026-04-01T20:00:00Z', '2026-04-01', { 'SKU-1': 30 }),
      t.sales('2026-04-15T20:00:00Z', '2026-04-15', { 'SKU-1': 26 }),
      t.order('2026-04-18T09:00:00Z', 'O-1', { 'SKU-1': 6 }),
      t.dispatch('2026-04-19T09:00:00Z', 'S-1', 'O-1', { 'SKU-1': 2 }),
    );
    const outputs = t.scenario.feed(t.stock('2026-04-20T10:00:00Z', { 'SKU-1': 10 }, 'D-1'));
    // ADS 56/28 = 2; ROP 2 × (7 + 3) = 20; position 10 + 2 + 4 = 16; need 2 × 17 − 16 = 18 → 20 (packs of 10).
    expect(outputs).toEqual([
      {
        dealerId: 'D-1',
        type: 'stock.alert.raised',
        data: {
          alertId: 'D-1/SKU-1/low_stock/1',
          sku: 'SKU-1',
          kind: 'low_stock',
          severity: 'medium',
          onHand: 10,
          inTransit: 2,
          onOrder: 4,
          avgDailySales: 2,
          daysOfCover: 5,
          reorderPoint: 20,
          suggestedOrderQty: 20,
          // 10 on hand at ADS 2 lasts 5 days from the dealer's day, 04-20.
          projectedStockoutDate: '2026-04-25',
          arrivals: [
            { source: 'in_transit', ref: 'S-1', qty: 2, expectedDate: '2026-05-30' },
            { source: 'on_order', ref: 'O-1', qty: 4, expectedDate: '2026-05-30' },
          ],
          causedBy: 'dealer.stock.reported-7',
        },
      },
    ]);
  });

  it('rounds published decimals half-up to 2 places but decides on the exact values', () => {
    // ADS 0.36 is a slow mover by default (low only when empty): the floor is off for this case.
    const t = setup({ policy: { slowMoverDailySales: 0 } });
    // 10 units in 28 days: ADS 0.357142…, ROP 3.571428…; on hand 3 → low stock (3 < 3.57).
    t.scenario.feed(t.dealer('2026-04-01T08:00:00Z'), t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 10 }));
    const [raised] = t.scenario.feed(t.stock('2026-04-11T10:00:00Z', { 'SKU-1': 3 }));
    expect(raised?.data).toMatchObject({
      kind: 'low_stock',
      avgDailySales: 0.36,
      reorderPoint: 3.57,
      daysOfCover: 8.4,
      // 10 × 17 / 28 = 6.07 − 3 = 3.07 → 4
      suggestedOrderQty: 4,
    });
    // Position exactly at the reorder point is not low: 100 units → ROP 35.714…; on hand 36 is above it.
    t.scenario.feed(t.sales('2026-04-12T20:00:00Z', '2026-04-12', { 'SKU-2': 100 }));
    expect(t.scenario.feed(t.stock('2026-04-13T10:00:00Z', { 'SKU-2': 36 }))).toEqual([]);
  });

  it('counts sales days with no report as zero (the window is always salesWindowDays long)', () => {
    const t = setup();
    t.scenario.feed(
      t.dealer('2026-04-01T08:00:00Z'),
      t.sales('2026-04-03T20:00:00Z', '2026-04-03', { 'SKU-1': 10 }),
      t.sales('2026-04-20T20:00:00Z', '2026-04-20', { 'SKU-1': 18 }),
    );
    const [alert] = t.scenario.feed(t.stock('2026-04-21T10:00:00Z', { 'SKU-1': 0 }));
    expect(alert?.data).toMatchObject({ kind: 'stockout', avgDailySales: 1, daysOfCover: 0, reorderPoint: 10, suggestedOrderQty: 17 });
  });

  it('gives a dealer with no sales history ADS 0 and no alert, whatever its stock', () => {
    const t = setup();
    const outputs = t.scenario.feed(
      t.dealer('2026-04-01T08:00:00Z'),
      t.stock('2026-04-02T10:00:00Z', { 'SKU-1': 0, 'SKU-2': 5, 'SKU-3': 100_000 }),
      t.order('2026-04-03T09:00:00Z', 'O-1', { 'SKU-1': 5 }),
      t.tick('2026-06-01T00:00:00Z'),
    );
    expect(outputs).toEqual([]);
  });

  it('raises nothing for a SKU whose on hand was never reported', () => {
    const t = setup();
    const outputs = t.scenario.feed(
      t.dealer('2026-04-01T08:00:00Z'),
      t.sales('2026-04-02T20:00:00Z', '2026-04-02', { 'SKU-1': 50 }),
      t.order('2026-04-03T09:00:00Z', 'O-1', { 'SKU-1': 5 }),
      t.tick('2026-04-10T00:00:00Z'),
    );
    expect(outputs).toEqual([]);
  });

  it('uses a lead time of 7 days and non-key severity when the dealer profile is missing', () => {
    const t = setup();
    t.scenario.feed(t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 28 }));
    const [alert] = t.scenario.feed(t.stock('2026-04-11T10:00:00Z', { 'SKU-1': 9 }));
    expect(alert?.data).toMatchObject({ kind: 'low_stock', severity: 'medium', reorderPoint: 10 });
  });
});

describe('stock worker: conditions start and end', () => {
  it('raises a stockout (critical) and resolves it with the current figures when stock arrives', () => {
    const t = setup();
    t.scenario.feed(t.dealer('2026-04-01T08:00:00Z'), t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 56 }));
    const raised = t.scenario.feed(t.stock('2026-04-11T10:00:00Z', { 'SKU-1': 0 }));
    // First seen empty, nothing on the way: one stock-out, no low stock beside it (its figures say what to order).
    expect(brief(raised)).toEqual(['raised D-1/SKU-1/stockout/1 critical']);
    expect(raised[0]?.data).toMatchObject({ alertId: 'D-1/SKU-1/stockout/1', kind: 'stockout', severity: 'critical', onHand: 0, reorderPoint: 20, suggestedOrderQty: 34 });
    const resolved = t.scenario.feed(t.stock('2026-04-12T10:00:00Z', { 'SKU-1': 100 }));
    expect(resolved.map((output) => output.type)).toEqual(['stock.alert.resolved']);
    expect(resolved[0]?.data).toMatchObject({
      alertId: 'D-1/SKU-1/stockout/1',
      kind: 'stockout',
      severity: 'critical',
      onHand: 100,
      daysOfCover: 50,
      suggestedOrderQty: 0,
    });
  });

  it('keeps low stock open through a stockout (its escalation), numbering each new alert of a kind', () => {
    const t = setup();
    t.scenario.feed(t.dealer('2026-04-01T08:00:00Z'), t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 56 }));
    expect(brief(t.scenario.feed(t.stock('2026-04-11T10:00:00Z', { 'SKU-1': 5 })))).toEqual([
      'raised D-1/SKU-1/low_stock/1 medium',
    ]);
    expect(brief(t.scenario.feed(t.stock('2026-04-12T10:00:00Z', { 'SKU-1': 0 })))).toEqual([
      'raised D-1/SKU-1/stockout/1 critical',
    ]);
    expect(brief(t.scenario.feed(t.stock('2026-04-13T10:00:00Z', { 'SKU-1': 4 })))).toEqual([
      'resolved D-1/SKU-1/stockout/1 critical',
    ]);
    expect(brief(t.scenario.feed(t.stock('2026-04-14T10:00:00Z', { 'SKU-1': 20 })))).toEqual([
      'resolved D-1/SKU-1/low_stock/1 medium',
    ]);
    // From enough (20, at the reorder point) to nothing between two counts: no low stock was open, so the
    // stock-out alone.
    expect(brief(t.scenario.feed(t.stock('2026-04-15T10:00:00Z', { 'SKU-1': 0 })))).toEqual([
      'raised D-1/SKU-1/stockout/2 critical',
    ]);
  });

  it('raises one stock-out for a SKU first seen empty, and low stock once it is back above zero under the reorder point', () => {
    const t = setup();
    t.scenario.feed(t.dealer('2026-04-01T08:00:00Z'), t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 56 }));
    // ADS 2, ROP 20. The first count already reads 0.
    expect(brief(t.scenario.feed(t.stock('2026-04-11T10:00:00Z', { 'SKU-1': 0 })))).toEqual(['raised D-1/SKU-1/stockout/1 critical']);
    // Another empty count and a day passing change nothing (no low stock opens while the shelf is empty).
    expect(t.scenario.feed(t.stock('2026-04-11T18:00:00Z', { 'SKU-1': 0 }), t.tick('2026-04-12T00:00:00Z'))).toEqual([]);
    // 4 back on the shelf, still under the reorder point: the stock-out ends, the low stock starts.
    const back = t.scenario.feed(t.stock('2026-04-12T10:00:00Z', { 'SKU-1': 4 }));
    expect(brief(back)).toEqual(['resolved D-1/SKU-1/stockout/1 critical', 'raised D-1/SKU-1/low_stock/1 medium']);
    expect(back[1]?.data).toMatchObject({ onHand: 4, reorderPoint: 20, suggestedOrderQty: 30 });
    // Empty again: the low stock was open before, so it stays open through the stock-out (as a gradual fall).
    expect(brief(t.scenario.feed(t.stock('2026-04-13T10:00:00Z', { 'SKU-1': 0 })))).toEqual(['raised D-1/SKU-1/stockout/2 critical']);
    expect(brief(t.scenario.feed(t.stock('2026-04-14T10:00:00Z', { 'SKU-1': 20 })))).toEqual([
      'resolved D-1/SKU-1/stockout/2 critical',
      'resolved D-1/SKU-1/low_stock/1 medium',
    ]);
  });

  it('raises an overstock (low) that resolves as sales continue and old days leave the window', () => {
    const t = setup();
    t.scenario.feed(t.dealer('2026-03-01T08:00:00Z'));
    // 2 a day from 03-24 to 04-20: 56 in the window.
    for (let day = 24; day <= 51; day += 1) {
      const date = day <= 31 ? `2026-03-${String(day).padStart(2, '0')}` : `2026-04-${String(day - 31).padStart(2, '0')}`;
      t.scenario.feed(t.sales(`${date}T20:00:00Z`, date, { 'SKU-1': 2 }));
    }
    const raised = t.scenario.feed(t.stock('2026-04-20T21:00:00Z', { 'SKU-1': 300 }));
    expect(raised[0]?.data).toMatchObject({ alertId: 'D-1/SKU-1/overstock/1', kind: 'overstock', severity: 'low', daysOfCover: 150 });
    // From 04-21 the dealer sells 5 a day while a 2 leaves each day: 56 + 3k after k days. Cover
    // 300 × 28 / (56 + 3k) ≤ 90 first when k = 13 (95 sold, 88.42 days) — on 05-03. Each day's
    // tick slides a 2 out before that day's 5 is reported (cover goes up: the alert stays open).
    const resolvedOn: string[] = [];
    for (let k = 1; k <= 13; k += 1) {
      const date = k <= 10 ? `2026-04-${String(20 + k).padStart(2, '0')}` : `2026-05-${String(k - 10).padStart(2, '0')}`;
      const outputs = t.scenario.feed(t.tick(`${date}T00:00:01Z`), t.sales(`${date}T20:00:00Z`, date, { 'SKU-1': 5 }));
      if (outputs.length > 0) {
        resolvedOn.push(date);
        expect(outputs).toHaveLength(1);
        expect(outputs[0]?.type).toBe('stock.alert.resolved');
        expect(outputs[0]?.data).toMatchObject({ avgDailySales: 3.39, daysOfCover: 88.42 });
      }
    }
    expect(resolvedOn).toEqual(['2026-05-03']);
  });

  it('resolves a stockout on the clock once the last sale leaves the window (ADS back to 0)', () => {
    const t = setup();
    t.scenario.feed(t.dealer('2026-04-01T08:00:00Z'), t.sales('2026-04-01T20:00:00Z', '2026-04-01', { 'SKU-1': 28 }));
    expect(brief(t.scenario.feed(t.stock('2026-04-20T10:00:00Z', { 'SKU-1': 0 })))).toEqual(['raised D-1/SKU-1/stockout/1 critical']);
    // No report since 04-01: a day counts as no sales once its grace day has passed, so the window
    // ends two days back and 04-01 leaves it when it ends on 04-29, on 05-01.
    expect(t.scenario.feed(t.tick('2026-04-30T23:59:59Z'))).toEqual([]);
    const tick = t.tick('2026-05-01T00:00:00Z');
    const resolved = t.scenario.feed(tick);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]?.data).toMatchObject({
      alertId: 'D-1/SKU-1/stockout/1',
      avgDailySales: 0,
      daysOfCover: null,
      causedBy: tick.eventId,
    });
  });

  it('slides the window over a jump of several days at once', () => {
    const t = setup();
    t.scenario.feed(
      t.dealer('2026-04-01T08:00:00Z'),
      t.sales('2026-04-01T20:00:00Z', '2026-04-01', { 'SKU-1': 28 }),
      t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 28 }),
      t.stock('2026-04-11T10:00:00Z', { 'SKU-1': 15 }),
    );
    // ADS 2, ROP 20: low. On 05-05 (window 04-08..05-05) only the 04-10 sale is left: ADS 1, ROP 10.
    const outputs = t.scenario.feed(t.tick('2026-05-05T00:00:00Z'));
    expect(brief(outputs)).toEqual(['resolved D-1/SKU-1/low_stock/1 medium']);
    expect(outputs[0]?.data).toMatchObject({ avgDailySales: 1, reorderPoint: 10 });
  });

  it('counts a sale dated ahead of the watermark once the window reaches its day', () => {
    const t = setup();
    t.scenario.feed(t.dealer('2026-04-01T08:00:00Z'), t.sales('2026-04-20T08:00:00Z', '2026-04-25', { 'SKU-1': 28 }));
    expect(t.scenario.feed(t.stock('2026-04-20T10:00:00Z', { 'SKU-1': 0 }))).toEqual([]);
    expect(t.scenario.feed(t.tick('2026-04-24T12:00:00Z'))).toEqual([]);
    const raised = t.scenario.feed(t.tick('2026-04-25T00:00:00Z'));
    expect(brief(raised)).toEqual(['raised D-1/SKU-1/stockout/1 critical']);
    expect(raised[0]?.data).toMatchObject({ avgDailySales: 1 });
  });
});

describe('stock worker: supply on the way', () => {
  it('keeps a low-stock alert from firing while a shipment is in transit, and after its full delivery', () => {
    const t = setup();
    t.scenario.feed(t.dealer('2026-04-01T08:00:00Z'), t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 56 }));
    const outputs = t.scenario.feed(
      t.order('2026-04-11T08:00:00Z', 'O-1', { 'SKU-1': 20 }),
      t.dispatch('2026-04-11T09:00:00Z', 'S-1', 'O-1', { 'SKU-1': 20 }),
      t.stock('2026-04-11T10:00:00Z', { 'SKU-1': 5 }), // 5 + 20 in transit ≥ ROP 20
      t.deliver('2026-04-13T10:00:00Z', 'S-1', 'O-1', { 'SKU-1': 20 }), // on hand 25
    );
    expect(outputs).toEqual([]);
    const alert = t.scenario.feed(t.stock('2026-04-14T10:00:00Z', { 'SKU-1': 19 }));
    expect(alert[0]?.data).toMatchObject({ kind: 'low_stock', onHand: 19, inTransit: 0, onOrder: 0 });
  });

  it('closes a shipment on a partial delivery: only the delivered units join on hand', () => {
    const t = setup();
    t.scenario.feed(
      t.dealer('2026-04-01T08:00:00Z'),
      t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 56 }),
      t.order('2026-04-11T08:00:00Z', 'O-1', { 'SKU-1': 20 }),
      t.dispatch('2026-04-11T09:00:00Z', 'S-1', 'O-1', { 'SKU-1': 20 }),
      t.stock('2026-04-11T10:00:00Z', { 'SKU-1': 5 }),
    );
    const outputs = t.scenario.feed(t.deliver('2026-04-13T10:00:00Z', 'S-1', 'O-1', { 'SKU-1': 12 }));
    expect(brief(outputs)).toEqual(['raised D-1/SKU-1/low_stock/1 medium']);
    // 5 + 12 = 17 on hand, nothing on the way: 2 × 17 − 17 = 17.
    expect(outputs[0]?.data).toMatchObject({ onHand: 17, inTransit: 0, onOrder: 0, suggestedOrderQty: 17 });
  });

  it('does not add a delivery that happened before the stock report (the count already holds it)', () => {
    const t = setup();
    t.scenario.feed(
      t.dealer('2026-04-01T08:00:00Z'),
      t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 56 }),
      t.order('2026-04-11T07:00:00Z', 'O-1', { 'SKU-1': 20 }),
      t.dispatch('2026-04-11T08:00:00Z', 'S-1', 'O-1', { 'SKU-1': 20 }),
      t.stock('2026-04-11T10:00:00Z', { 'SKU-1': 25 }),
    );
    const outputs = t.scenario.feed(t.deliver('2026-04-11T09:00:00Z', 'S-1', 'O-1', { 'SKU-1': 20 }));
    expect(brief(outputs)).toEqual([]);
    const next = t.scenario.feed(t.stock('2026-04-12T10:00:00Z', { 'SKU-1': 19 }));
    expect(next[0]?.data).toMatchObject({ kind: 'low_stock', onHand: 19, inTransit: 0 });
  });

  it('stops counting a cancelled order on order', () => {
    const t = setup();
    t.scenario.feed(
      t.dealer('2026-04-01T08:00:00Z'),
      t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 56 }),
      t.order('2026-04-11T08:00:00Z', 'O-1', { 'SKU-1': 20 }),
    );
    expect(t.scenario.feed(t.stock('2026-04-11T10:00:00Z', { 'SKU-1': 5 }))).toEqual([]);
    const outputs = t.scenario.feed(t.e('order.cancelled', '2026-04-12T08:00:00Z', { orderId: 'O-1' }));
    expect(brief(outputs)).toEqual(['raised D-1/SKU-1/low_stock/1 medium']);
    expect(outputs[0]?.data).toMatchObject({ onHand: 5, onOrder: 0, suggestedOrderQty: 29 });
  });

  it('replaces the ordered quantities on an amendment and never lets over-dispatch go negative', () => {
    const t = setup();
    t.scenario.feed(
      t.dealer('2026-04-01T08:00:00Z'),
      t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 56, 'SKU-2': 56 }),
      t.order('2026-04-11T08:00:00Z', 'O-1', { 'SKU-1': 20 }),
      t.stock('2026-04-11T10:00:00Z', { 'SKU-1': 5, 'SKU-2': 30 }),
    );
    const amend = (at: string, items: Record<string, number>) =>
      t.e('order.amended', at, {
        orderId: 'O-1',
        requestedBy: 'dealer',
        lines: Object.entries(items).map(([sku, qty]) => ({ sku, qty, unitPrice: 10 })),
      });
    const down = t.scenario.feed(amend('2026-04-12T08:00:00Z', { 'SKU-1': 10 }));
    expect(brief(down)).toEqual(['raised D-1/SKU-1/low_stock/1 medium']);
    expect(down[0]?.data).toMatchObject({ onOrder: 10 });
    expect(brief(t.scenario.feed(amend('2026-04-13T08:00:00Z', { 'SKU-1': 30 })))).toEqual([
      'resolved D-1/SKU-1/low_stock/1 medium',
    ]);
    // 35 dispatched of 30 ordered: on order 0, not −5; in transit 35.
    t.scenario.feed(t.dispatch('2026-04-14T08:00:00Z', 'S-1', 'O-1', { 'SKU-1': 35 }));
    const state = t.scenario.pipeline.stateOf<StockState>('stock', 'D-1')!;
    expect(findSkuStock(state, 'SKU-1')).toMatchObject({ onOrder: 0, inTransit: 35 });
    expect(state.orders['O-1']).toBeUndefined();
    // An amendment without lines (a new promise) keeps the quantities; one with a new line counts it.
    t.scenario.feed(t.order('2026-04-14T09:00:00Z', 'O-2', { 'SKU-1': 4 }));
    const promise = { orderId: 'O-2', requestedBy: 'manufacturer' as const, promisedDeliveryDate: '2026-06-01' };
    t.scenario.feed(t.e('order.amended', '2026-04-14T10:00:00Z', promise));
    expect(findSkuStock(state, 'SKU-1')?.onOrder).toBe(4);
    t.scenario.feed(t.e('order.amended', '2026-04-14T11:00:00Z', {
      orderId: 'O-2',
      requestedBy: 'dealer',
      lines: [
        { sku: 'SKU-1', qty: 4, unitPrice: 10 },
        { sku: 'SKU-2', qty: 6, unitPrice: 10 },
      ],
    }));
    expect(findSkuStock(state, 'SKU-2')?.onOrder).toBe(6);
    // The closed order O-1 is gone: amending it afterwards puts nothing back on order.
    t.scenario.feed(amend('2026-04-14T12:00:00Z', { 'SKU-1': 50 }));
    expect(findSkuStock(state, 'SKU-1')?.onOrder).toBe(4);
  });
});

describe('stock worker: reports', () => {
  it('lets a later sales report for a day replace the SKUs it lists and keep the others', () => {
    const t = setup();
    t.scenario.feed(
      t.dealer('2026-04-01T08:00:00Z'),
      t.stock('2026-04-10T08:00:00Z', { 'SKU-1': 30, 'SKU-2': 30 }),
      t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 28, 'SKU-2': 56 }),
    );
    // Replaced: 280 (not 308) → ADS 10, ROP 100 → low stock.
    const replaced = t.scenario.feed(t.sales('2026-04-11T09:00:00Z', '2026-04-10', { 'SKU-1': 280 }));
    expect(brief(replaced)).toEqual(['raised D-1/SKU-1/low_stock/1 medium']);
    expect(replaced[0]?.data).toMatchObject({ avgDailySales: 10 });
    const kept = t.scenario.feed(t.stock('2026-04-11T10:00:00Z', { 'SKU-2': 0 }));
    expect(kept[0]?.data).toMatchObject({ sku: 'SKU-2', kind: 'stockout', avgDailySales: 2 });
    // A correction down to zero removes the day.
    const zero = t.scenario.feed(t.sales('2026-04-11T11:00:00Z', '2026-04-10', { 'SKU-2': 0 }));
    expect(brief(zero)).toEqual(['resolved D-1/SKU-2/stockout/1 critical']);
  });

  it('builds a readable alertId within the contract for the longest dealer id and sku', () => {
    const t = setup();
    const dealerId = 'D'.repeat(64);
    const sku = 'S'.repeat(128);
    t.scenario.feed(t.sales('2026-04-10T20:00:00Z', '2026-04-10', { [sku]: 28 }, dealerId));
    const [alert] = t.scenario.feed(t.stock('2026-04-11T10:00:00Z', { [sku]: 0 }, dealerId));
    expect((alert?.data as OutputDataOf<'stock.alert.raised'>).alertId).toBe(`${dealerId}/${sku}/stockout/1`);
  });

  it('ignores a stock report older than the one already held for a SKU', () => {
    const t = setup();
    t.scenario.feed(
      t.dealer('2026-04-01T08:00:00Z'),
      t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 56 }),
      t.stock('2026-04-11T10:00:00Z', { 'SKU-1': 50 }),
    );
    expect(t.scenario.feed(t.stock('2026-04-11T09:00:00Z', { 'SKU-1': 0 }))).toEqual([]);
  });

  it('rounds the suggested quantity up to the pack size and applies a new pack size from the next evaluation', () => {
    const t = setup();
    t.scenario.feed(
      t.dealer('2026-04-01T08:00:00Z'),
      t.product('2026-04-01T08:00:00Z', 'SKU-1', 12),
      t.product('2026-04-01T08:00:00Z', 'SKU-2', 12),
      t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 56, 'SKU-2': 56 }),
    );
    // Need 34 − 10 = 24: exactly two packs. Need 34 − 9 = 25: three packs.
    const outputs = t.scenario.feed(t.stock('2026-04-11T10:00:00Z', { 'SKU-1': 10, 'SKU-2': 9 }));
    expect(outputs.map((output) => (output.data as OutputDataOf<'stock.alert.raised'>).suggestedOrderQty)).toEqual([24, 36]);
    // The pack size changes: open alerts are not re-issued; the next evaluation uses it.
    expect(t.scenario.feed(t.product('2026-04-11T11:00:00Z', 'SKU-1', 50))).toEqual([]);
    const later = t.scenario.feed(t.stock('2026-04-11T12:00:00Z', { 'SKU-1': 0 }));
    expect(brief(later)).toEqual(['raised D-1/SKU-1/stockout/1 critical']);
    // Need 34: one pack of 50.
    expect(later.map((output) => (output.data as OutputDataOf<'stock.alert.raised'>).suggestedOrderQty)).toEqual([50]);
  });

  it('orders one report’s alerts: resolutions first, then raises by severity, then by sku', () => {
    const t = setup();
    t.scenario.feed(
      t.dealer('2026-04-01T08:00:00Z'),
      // A sale 28 days back: a full window of history, so overstock is judged.
      t.sales('2026-03-14T20:00:00Z', '2026-03-14', { 'SKU-Z': 1 }),
      t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-A': 56, 'SKU-B': 56, 'SKU-C': 56, 'SKU-D': 56, 'SKU-E': 56 }),
      t.stock('2026-04-11T08:00:00Z', { 'SKU-E': 0 }),
    );
    const outputs = t.scenario.feed(
      t.stock('2026-04-11T10:00:00Z', { 'SKU-C': 300, 'SKU-D': 0, 'SKU-B': 5, 'SKU-A': 0, 'SKU-E': 50 }),
    );
    expect(brief(outputs)).toEqual([
      'resolved D-1/SKU-E/stockout/1 critical',
      'raised D-1/SKU-A/stockout/1 critical',
      'raised D-1/SKU-D/stockout/1 critical',
      'raised D-1/SKU-B/low_stock/1 medium',
      'raised D-1/SKU-C/overstock/1 low',
    ]);
  });

  it('ignores a duplicate event and raises no second alert for a condition already open', () => {
    const t = setup();
    const report = t.stock('2026-04-11T10:00:00Z', { 'SKU-1': 0 });
    t.scenario.feed(t.dealer('2026-04-01T08:00:00Z'), t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 56 }));
    expect(t.scenario.feed(report)).toHaveLength(1); // the stock-out (no low stock was open before it)
    expect(t.scenario.feed(report)).toEqual([]);
    expect(t.scenario.feed(t.stock('2026-04-11T11:00:00Z', { 'SKU-1': 0 }))).toEqual([]);
    expect(t.scenario.outputsOf('stock.alert.raised')).toHaveLength(1);
  });
});

describe('stock worker: tiers', () => {
  it('raises low stock as high for a tier A dealer and puts key dealers first across dealers', () => {
    const t = setup();
    t.scenario.feed(
      t.dealer('2026-04-01T08:00:00Z', 'C', 7, 'D-C'),
      t.dealer('2026-04-01T08:00:00Z', 'A', 7, 'D-A'),
      t.sales('2026-04-01T20:00:00Z', '2026-04-01', { 'SKU-1': 56 }, 'D-C'),
      t.sales('2026-04-01T20:00:00Z', '2026-04-01', { 'SKU-1': 56 }, 'D-A'),
      t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 28 }, 'D-C'),
      t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 28 }, 'D-A'),
      t.stock('2026-04-11T10:00:00Z', { 'SKU-1': 25 }, 'D-C'),
      t.stock('2026-04-11T10:00:00Z', { 'SKU-1': 25 }, 'D-A'),
    );
    // ADS 3, ROP 30: 25 is low. The 04-01 sales leave when the window ends on 04-29, which with no
    // report since (grace: one day) is on 05-01: ADS 1, ROP 10 → resolved.
    expect(brief(t.scenario.outputs())).toEqual(['raised D-C/SKU-1/low_stock/1 medium', 'raised D-A/SKU-1/low_stock/1 high']);
    const outputs = t.scenario.feed(t.tick('2026-05-01T00:00:00Z'));
    expect(outputs.map((output) => output.dealerId)).toEqual(['D-A', 'D-C']);
    expect(brief(outputs)).toEqual(['resolved D-A/SKU-1/low_stock/1 high', 'resolved D-C/SKU-1/low_stock/1 medium']);
  });

  it('applies a tier’s policy overrides (safety days, window) and the dealer’s lead time', () => {
    const t = setup({ policy: { tiers: { A: { safetyDays: 10 }, C: { salesWindowDays: 14 } } } });
    t.scenario.feed(
      t.dealer('2026-04-01T08:00:00Z', 'A', 5, 'D-A'),
      t.dealer('2026-04-01T08:00:00Z', 'C', 5, 'D-C'),
      t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 28 }, 'D-A'),
      t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 28 }, 'D-C'),
    );
    // A: ADS 28/28 = 1, ROP 1 × (5 + 10) = 15.  C: ADS 28/14 = 2, ROP 2 × (5 + 3) = 16.
    const a = t.scenario.feed(t.stock('2026-04-11T10:00:00Z', { 'SKU-1': 14 }, 'D-A'));
    expect(a[0]?.data).toMatchObject({ severity: 'high', avgDailySales: 1, reorderPoint: 15, suggestedOrderQty: 8 });
    const c = t.scenario.feed(t.stock('2026-04-11T10:00:00Z', { 'SKU-1': 15 }, 'D-C'));
    expect(c[0]?.data).toMatchObject({ severity: 'medium', avgDailySales: 2, reorderPoint: 16, suggestedOrderQty: 15 });
    // The C dealer's 14-day window drops the 04-10 sale when it ends on 04-24 (on 04-26: no report
    // since 04-10, one grace day); the A dealer's keeps it.
    const slid = t.scenario.feed(t.tick('2026-04-26T00:00:00Z'));
    expect(brief(slid)).toEqual(['resolved D-C/SKU-1/low_stock/1 medium']);
  });

  it('re-evaluates every SKU when the dealer’s lead time or tier changes', () => {
    const t = setup({ policy: { tiers: { A: { salesWindowDays: 14 } } } });
    t.scenario.feed(
      t.dealer('2026-04-01T08:00:00Z', 'B', 7),
      t.sales('2026-04-01T20:00:00Z', '2026-04-01', { 'SKU-1': 28 }),
      t.sales('2026-04-10T20:00:00Z', '2026-04-10', { 'SKU-1': 28 }),
      t.stock('2026-04-11T10:00:00Z', { 'SKU-1': 25 }), // ADS 2, ROP 20
    );
    expect(t.scenario.outputs()).toEqual([]);
    // Lead time 10: ROP 26 > 25.
    expect(brief(t.scenario.feed(t.dealer('2026-04-11T11:00:00Z', 'B', 10)))).toEqual(['raised D-1/SKU-1/low_stock/1 medium']);
    // Tier A, 14-day window 03-29..04-11 recounted from the kept days: ADS 56/14 = 4, ROP 52: still
    // low; the open alert is re-weighed to the key dealer's severity (told in the next digest, not raised again).
    expect(t.scenario.feed(t.dealer('2026-04-11T12:00:00Z', 'A', 10))).toEqual([]);
    // A 14-day window ending 04-24 (04-11..04-24, on 04-26 with no report since) has dropped both
    // sales (a 28-day one would hold both).
    const slid = t.scenario.feed(t.tick('2026-04-26T00:00:00Z'));
    expect(brief(slid)).toEqual(['resolved D-1/SKU-1/low_stock/1 high']);
  });
});
