import { describe, expect, it } from 'vitest';
import type { OutputDataOf } from '@dealerflow/contracts';
import { createEventBuilder, createScenario } from '../testing';
import { stockPolicySchema, type StockPolicy } from './policy';
import type { StockState } from './state';
import { stockWorker } from './worker';

/*
 * Issue 21: stock alerts a dealer acts on. Each case is built from events, as the replay sees them;
 * each failed on the rules before the issue (RULES.md §2 as first written).
 */

type Raised = OutputDataOf<'stock.alert.raised'>;
type Summary = OutputDataOf<'stock.alerts.summarised'>;

function setup(policy: Partial<StockPolicy> = {}, profile: { timezone?: string; tier?: 'A' | 'B' } = {}) {
  const e = createEventBuilder();
  const scenario = createScenario({ workers: [stockWorker], policies: { stock: stockPolicySchema.parse(policy) } });
  const dealer = (at: string) =>
    e('dealer.upserted', at, {
      name: 'Dealer D-1',
      tier: profile.tier ?? 'B',
      region: 'East',
      locale: 'en',
      currency: 'CNY',
      creditLimit: 100_000,
      paymentTerms: { netDays: 30 },
      leadTimeDays: 7,
      ...(profile.timezone ? { timezone: profile.timezone } : {}),
    });
  const sales = (at: string, date: string, items: Record<string, number>) =>
    e('dealer.sales.reported', at, { date, items: Object.entries(items).map(([sku, qty]) => ({ sku, qty })) });
  const stock = (at: string, items: Record<string, number>) =>
    e('dealer.stock.reported', at, { items: Object.entries(items).map(([sku, onHand]) => ({ sku, onHand })) });
  const order = (at: string, orderId: string, items: Record<string, number>, promisedDeliveryDate: string) =>
    e('order.placed', at, {
      orderId,
      warehouseId: 'W-1',
      lines: Object.entries(items).map(([sku, qty]) => ({ sku, qty, unitPrice: 10 })),
      promisedDeliveryDate,
    });
  const dispatch = (at: string, shipmentId: string, orderId: string, items: Record<string, number>, estimatedArrivalDate: string) =>
    e('shipment.dispatched', at, {
      shipmentId,
      orderId,
      warehouseId: 'W-1',
      carrier: 'SF',
      lines: Object.entries(items).map(([sku, qty]) => ({ sku, qty })),
      estimatedArrivalDate,
    });
  const cancel = (at: string, orderId: string) => e('order.cancelled', at, { orderId });
  const ack = (at: string, alertId: string, snoozeUntil?: string) =>
    e('stock.alert.acknowledged', at, {
      alertId,
      action: snoozeUntil ? 'snooze' : 'acknowledge',
      ...(snoozeUntil ? { snoozeUntil } : {}),
      by: 'wang.fang@d-1',
    } as never);
  const tick = (at: string) => e('clock.tick', at, {});
  return { scenario, dealer, sales, stock, order, dispatch, cancel, ack, tick };
}

/** `days` daily reports of `qty` (a record per SKU) ending on `last`, each at 21:00 UTC on its own date. */
function dailySales(t: ReturnType<typeof setup>, last: string, days: number, qty: (date: string, index: number) => Record<string, number>) {
  const end = Date.parse(`${last}T00:00:00Z`);
  const events = [];
  for (let index = 0; index < days; index += 1) {
    const date = new Date(end - (days - 1 - index) * 86_400_000).toISOString().slice(0, 10);
    events.push(t.sales(`${date}T21:00:00Z`, date, qty(date, index)));
  }
  return events;
}

const raisedOf = (outputs: readonly { type: string; data: unknown }[]) =>
  outputs.filter((output) => output.type === 'stock.alert.raised').map((output) => output.data as Raised);
const summariesOf = (outputs: readonly { type: string; data: unknown }[]) =>
  outputs.filter((output) => output.type === 'stock.alerts.summarised').map((output) => output.data as Summary);

/** A dealer past its opening, selling SKU-1 at 2 a day (56 in the 28 days to 04-20), nothing on hand yet counted. */
function sellingTwoADay(policy: Partial<StockPolicy> = {}, profile: { timezone?: string; tier?: 'A' | 'B' } = {}) {
  const t = setup({ dailyDigest: false, ...policy }, profile);
  t.scenario.feed(t.dealer('2026-03-01T08:00:00Z'), t.stock('2026-03-20T08:00:00Z', { 'SKU-0': 5 }));
  t.scenario.feed(...dailySales(t, '2026-04-20', 28, () => ({ 'SKU-1': 2, 'SKU-0': 0 })));
  return t;
}

describe('issue 21 — severity weighs what is already coming, and the alert says what arrives when', () => {
  it('lowers a stock-out to high when an order arrives within the lead time, and lists it', () => {
    const t = sellingTwoADay();
    t.scenario.feed(t.order('2026-04-20T22:00:00Z', 'O-1', { 'SKU-1': 40 }, '2026-04-24'));
    const [alert] = raisedOf(t.scenario.feed(t.stock('2026-04-20T23:00:00Z', { 'SKU-1': 0 })));
    expect(alert).toMatchObject({
      kind: 'stockout',
      severity: 'high',
      suggestedOrderQty: 0,
      arrivals: [{ source: 'on_order', ref: 'O-1', qty: 40, expectedDate: '2026-04-24' }],
    });
  });

  it('keeps a stock-out critical when what is coming arrives after the lead time, and still says when', () => {
    const t = sellingTwoADay();
    t.scenario.feed(
      t.order('2026-04-20T22:00:00Z', 'O-1', { 'SKU-1': 40 }, '2026-05-30'),
      t.dispatch('2026-04-20T22:30:00Z', 'S-1', 'O-1', { 'SKU-1': 10 }, '2026-05-29'),
    );
    const [stockout] = raisedOf(t.scenario.feed(t.stock('2026-04-20T23:00:00Z', { 'SKU-1': 0 }))).filter((a) => a.kind === 'stockout');
    expect(stockout).toMatchObject({
      severity: 'critical',
      arrivals: [
        { source: 'in_transit', ref: 'S-1', qty: 10, expectedDate: '2026-05-29' },
        { source: 'on_order', ref: 'O-1', qty: 30, expectedDate: '2026-05-30' },
      ],
    });
  });

  it('never tells of a stock-out with nothing to order without saying what arrives when', () => {
    const t = sellingTwoADay();
    t.scenario.feed(t.dispatch('2026-04-20T22:00:00Z', 'S-9', 'O-unknown', { 'SKU-1': 60 }, '2026-04-22'));
    const stockouts = raisedOf(t.scenario.feed(t.stock('2026-04-20T23:00:00Z', { 'SKU-1': 0 }))).filter((a) => a.kind === 'stockout');
    expect(stockouts).toHaveLength(1);
    expect(stockouts[0]!.suggestedOrderQty).toBe(0);
    expect(stockouts[0]!.arrivals).toEqual([{ source: 'in_transit', ref: 'S-9', qty: 60, expectedDate: '2026-04-22' }]);
  });
});

describe('issue 21 — slow movers do not raise critical stock-outs', () => {
  it('tells an empty shelf of a SKU selling 0.25 a day as low stock (low), not a critical stock-out', () => {
    // At once here (no wait for the dealer's own order, slowMoverWait.unit.spec.ts): this case is about the kind and severity.
    const t = setup({ dailyDigest: false, slowMoverWaitDays: 0 });
    t.scenario.feed(t.dealer('2026-03-01T08:00:00Z'), t.stock('2026-03-20T08:00:00Z', { 'SKU-0': 5 }));
    t.scenario.feed(...dailySales(t, '2026-04-20', 28, (_date, index) => ({ 'SKU-0': 0, 'SKU-1': index % 4 === 0 ? 1 : 0 })));
    const outputs = t.scenario.feed(t.stock('2026-04-20T23:00:00Z', { 'SKU-1': 0 }));
    expect(raisedOf(outputs).map((alert) => `${alert.kind} ${alert.severity}`)).toEqual(['low_stock low']);
  });

  it('still raises a critical stock-out at the floor (0.5 a day)', () => {
    const t = setup({ dailyDigest: false });
    t.scenario.feed(t.dealer('2026-03-01T08:00:00Z'), t.stock('2026-03-20T08:00:00Z', { 'SKU-0': 5 }));
    t.scenario.feed(...dailySales(t, '2026-04-20', 28, (_date, index) => ({ 'SKU-0': 0, 'SKU-1': index % 2 === 0 ? 1 : 0 })));
    const kinds = raisedOf(t.scenario.feed(t.stock('2026-04-20T23:00:00Z', { 'SKU-1': 0 }))).map((a) => `${a.kind} ${a.severity}`);
    expect(kinds).toContain('stockout critical');
  });
});

describe('issue 21 — the sales window counts complete days only', () => {
  it('does not resolve in the morning and raise again in the evening when today has not been reported yet', () => {
    const t = setup({ dailyDigest: false });
    t.scenario.feed(t.dealer('2026-03-01T08:00:00Z'), t.stock('2026-03-20T08:00:00Z', { 'SKU-0': 5 }));
    // 57 sold in the 28 days to 04-20 (3 on the first day, 2 on each other): ROP 57 × 10 / 28 = 20.36.
    t.scenario.feed(...dailySales(t, '2026-04-20', 28, (_date, index) => ({ 'SKU-0': 0, 'SKU-1': index === 0 ? 3 : 2 })));
    expect(raisedOf(t.scenario.feed(t.stock('2026-04-20T22:00:00Z', { 'SKU-1': 20 }))).map((a) => a.kind)).toEqual(['low_stock']);
    // The next morning nothing is known of 04-21 yet: the window still ends on 04-20 (before: it held
    // 04-21 as a day of no sales, 54 units, ROP 19.29, and the alert resolved at 06:00).
    expect(t.scenario.feed(t.tick('2026-04-21T06:00:00Z'))).toEqual([]);
    // The evening report for 04-21 (3 sold) replaces the 3 of 03-24 leaving: still low, nothing to say
    // (before: raised again at 21:00 as a new alert).
    expect(t.scenario.feed(t.sales('2026-04-21T21:00:00Z', '2026-04-21', { 'SKU-1': 3 }))).toEqual([]);
  });

  it('counts a day without a report as no sales once the grace day has passed', () => {
    const t = setup({ dailyDigest: false });
    t.scenario.feed(t.dealer('2026-03-01T08:00:00Z'), t.stock('2026-03-20T08:00:00Z', { 'SKU-0': 5 }));
    t.scenario.feed(...dailySales(t, '2026-04-20', 28, (_date, index) => ({ 'SKU-0': 0, 'SKU-1': index === 0 ? 3 : 2 })));
    t.scenario.feed(t.stock('2026-04-20T22:00:00Z', { 'SKU-1': 20 }));
    // No report for 04-21: on 04-23 it counts as a day of no sales (grace 1 day), and 03-24's 3 leaves.
    expect(t.scenario.feed(t.tick('2026-04-22T06:00:00Z'))).toEqual([]);
    const outputs = t.scenario.feed(t.tick('2026-04-23T06:00:00Z'));
    expect(outputs.map((output) => output.type)).toEqual(['stock.alert.resolved']);
  });
});

describe('issue 21 — an opening report does not flood', () => {
  it('sends the alerts of the dealer’s first review as one summary, and resolves them by the ids listed', () => {
    const t = setup({ dailyDigest: false });
    t.scenario.feed(
      t.dealer('2026-04-01T00:00:00Z'),
      t.stock('2026-04-01T00:30:00Z', { 'SKU-1': 0, 'SKU-2': 0, 'SKU-3': 1, 'SKU-4': 500 }),
    );
    const outputs = t.scenario.feed(t.sales('2026-04-01T21:00:00Z', '2026-04-01', { 'SKU-1': 30, 'SKU-2': 20, 'SKU-3': 28, 'SKU-4': 1 }));
    expect(raisedOf(outputs)).toEqual([]);
    const [summary] = summariesOf(outputs);
    expect(outputs).toHaveLength(1);
    expect(summary).toMatchObject({ reason: 'opening', date: '2026-04-01', summaryId: 'D-1/opening/2026-04-01' });
    // One day of history: overstock is not judged yet (one day's sales over a 28-day window overstate cover).
    // SKU-1 and SKU-2 are first seen empty: a stock-out each, no low stock beside it (one fact, one alert).
    expect(summary!.counts).toEqual({ stockout: 2, low_stock: 1, overstock: 0 });
    expect(summary!.alerts.map((alert) => `${alert.alertId} ${alert.severity} ${alert.status}`)).toEqual([
      'D-1/SKU-1/stockout/1 critical new',
      'D-1/SKU-2/stockout/1 critical new',
      'D-1/SKU-3/low_stock/1 medium new',
    ]);
    const resolved = t.scenario.feed(t.stock('2026-04-02T10:00:00Z', { 'SKU-3': 40 }));
    expect(resolved.map((output) => `${output.type} ${(output.data as Raised).alertId}`)).toEqual([
      'stock.alert.resolved D-1/SKU-3/low_stock/1',
    ]);
  });

  it('summarises again when the window first holds a full history, where overstock starts being judged', () => {
    const t = setup({ dailyDigest: false });
    t.scenario.feed(t.dealer('2026-03-01T08:00:00Z'), t.stock('2026-03-20T08:00:00Z', { 'SKU-1': 500, 'SKU-2': 400 }));
    const early = t.scenario.feed(...dailySales(t, '2026-04-19', 27, () => ({ 'SKU-1': 1, 'SKU-2': 1 })));
    // 27 days of history: no overstock yet, nothing raised (the first review had nothing to say).
    expect(early).toEqual([]);
    const outputs = t.scenario.feed(t.sales('2026-04-20T21:00:00Z', '2026-04-20', { 'SKU-1': 1, 'SKU-2': 1 }));
    expect(raisedOf(outputs)).toEqual([]);
    const [summary] = summariesOf(outputs);
    expect(summary).toMatchObject({ reason: 'opening', date: '2026-04-20', counts: { stockout: 0, low_stock: 0, overstock: 2 } });
  });

  it('raises one by one after the opening', () => {
    const t = setup({ dailyDigest: false });
    t.scenario.feed(t.dealer('2026-04-01T00:00:00Z'), t.stock('2026-04-01T00:30:00Z', { 'SKU-1': 100 }));
    expect(summariesOf(t.scenario.feed(t.sales('2026-04-01T21:00:00Z', '2026-04-01', { 'SKU-1': 28 })))).toEqual([]);
    const outputs = t.scenario.feed(t.stock('2026-04-02T10:00:00Z', { 'SKU-1': 0 }));
    expect(raisedOf(outputs).map((alert) => alert.kind)).toEqual(['stockout']);
  });
});

describe('issue 21 — a state stored before the issue', () => {
  it('sends no opening summary and keeps judging overstock', () => {
    const t = setup({ dailyDigest: false });
    t.scenario.feed(t.dealer('2026-04-01T00:00:00Z'), t.stock('2026-04-01T00:30:00Z', { 'SKU-1': 5 }));
    const state = t.scenario.pipeline.stateOf<StockState>('stock', 'D-1')!;
    // What an older version stored: none of the fields.
    for (const key of ['firstSalesDay', 'lastSalesDay', 'salesEnd', 'opened', 'historyFull', 'digestDue'] as const) delete state[key];
    const outputs = t.scenario.feed(t.sales('2026-04-01T21:00:00Z', '2026-04-01', { 'SKU-1': 28 }), t.stock('2026-04-02T10:00:00Z', { 'SKU-1': 500 }));
    expect(summariesOf(outputs)).toEqual([]);
    // 28 sold on 04-01: ADS 1, ROP 10. On hand 5 is low; then 500 on hand is 500 days of cover.
    expect(raisedOf(outputs).map((alert) => alert.kind)).toEqual(['low_stock', 'overstock']);
  });
});

describe('issue 21 — each alert carries its projected stock-out date', () => {
  it('is today plus the whole days on hand lasts at the current ADS', () => {
    const t = sellingTwoADay();
    // ADS 2: 11 on hand last 5.5 days → runs out on 04-25 (counted from the dealer's day, 04-20).
    const [alert] = raisedOf(t.scenario.feed(t.stock('2026-04-20T23:00:00Z', { 'SKU-1': 11 })));
    expect(alert).toMatchObject({ kind: 'low_stock', daysOfCover: 5.5, projectedStockoutDate: '2026-04-25' });
  });
});

describe('issue 21 — acknowledging and snoozing; one daily digest', () => {
  function withOpenLowStock(profile: { timezone?: string } = {}) {
    const t = sellingTwoADay({ dailyDigest: true }, profile);
    t.scenario.feed(...dailySales(t, '2026-04-20', 28, () => ({ 'SKU-2': 2 })));
    t.scenario.feed(t.stock('2026-04-20T23:00:00Z', { 'SKU-1': 11, 'SKU-2': 100 }));
    return t;
  }

  it('lists new alerts in the next day’s digest, once', () => {
    const t = withOpenLowStock();
    const [digest] = summariesOf(t.scenario.feed(t.tick('2026-04-21T00:00:00Z')));
    expect(digest).toMatchObject({ reason: 'daily', date: '2026-04-21', counts: { stockout: 0, low_stock: 1, overstock: 0 } });
    expect(digest!.alerts.map((alert) => `${alert.alertId} ${alert.status}`)).toEqual(['D-1/SKU-1/low_stock/1 new']);
    // Nothing new the day after: no digest.
    expect(summariesOf(t.scenario.feed(t.tick('2026-04-22T00:00:00Z')))).toEqual([]);
  });

  it('leaves an acknowledged alert out of the digests until its severity changes', () => {
    const t = sellingTwoADay({ dailyDigest: true });
    t.scenario.feed(t.order('2026-04-20T22:00:00Z', 'O-1', { 'SKU-1': 40 }, '2026-04-24'));
    t.scenario.feed(t.stock('2026-04-20T23:00:00Z', { 'SKU-1': 0 }));
    expect(t.scenario.feed(t.ack('2026-04-20T23:30:00Z', 'D-1/SKU-1/stockout/1'))).toEqual([]);
    // Acknowledged while high (the order arrives in time): nothing to tell the next morning.
    expect(summariesOf(t.scenario.feed(t.tick('2026-04-21T00:00:00Z')))).toEqual([]);
    // The order is cancelled: nothing arrives any more, the stock-out is critical again and is told.
    // The position falls under the reorder point, but no low stock opens beside the stock-out (it was not
    // open before it): the stock-out's figures already say what to order.
    t.scenario.feed(t.cancel('2026-04-21T09:00:00Z', 'O-1'));
    const [digest] = summariesOf(t.scenario.feed(t.tick('2026-04-22T00:00:00Z')));
    expect(digest!.counts).toEqual({ stockout: 1, low_stock: 0, overstock: 0 });
    expect(digest!.alerts.map((alert) => `${alert.alertId} ${alert.severity} ${alert.status}`)).toEqual([
      'D-1/SKU-1/stockout/1 critical changed',
    ]);
  });

  it('leaves a snoozed alert out until the snooze ends, then tells it again', () => {
    const t = withOpenLowStock();
    t.scenario.feed(t.ack('2026-04-20T23:30:00Z', 'D-1/SKU-1/low_stock/1', '2026-04-23'));
    expect(summariesOf(t.scenario.feed(t.tick('2026-04-21T00:00:00Z')))).toEqual([]);
    expect(summariesOf(t.scenario.feed(t.tick('2026-04-22T00:00:00Z')))).toEqual([]);
    const [digest] = summariesOf(t.scenario.feed(t.tick('2026-04-23T00:00:00Z')));
    expect(digest!.alerts.map((alert) => `${alert.alertId} ${alert.status}`)).toEqual(['D-1/SKU-1/low_stock/1 open']);
  });

  it('ignores an acknowledgement of an alert that is not open', () => {
    const t = withOpenLowStock();
    expect(t.scenario.feed(t.ack('2026-04-20T23:30:00Z', 'D-1/SKU-1/low_stock/7'), t.ack('2026-04-20T23:31:00Z', 'D-2/SKU-1/low_stock/1'))).toEqual([]);
    const [digest] = summariesOf(t.scenario.feed(t.tick('2026-04-21T00:00:00Z')));
    expect(digest!.alerts.map((alert) => alert.alertId)).toEqual(['D-1/SKU-1/low_stock/1']);
  });

  it('issues the digest when the dealer’s own day begins (Asia/Shanghai: 16:00 UTC)', () => {
    const t = withOpenLowStock({ timezone: 'Asia/Shanghai' });
    // 04-21 15:59 UTC is 23:59 on 04-21 in Shanghai; the digest for 04-22 comes at its midnight.
    const beforeMidnight = summariesOf(t.scenario.feed(t.tick('2026-04-21T15:59:00Z')));
    const [digest] = summariesOf(t.scenario.feed(t.tick('2026-04-21T16:00:00Z')));
    expect(beforeMidnight.map((summary) => summary.date)).not.toContain('2026-04-22');
    expect(digest).toMatchObject({ reason: 'daily', date: '2026-04-22' });
  });
});
