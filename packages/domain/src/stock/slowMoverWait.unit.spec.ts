import { describe, expect, it } from 'vitest';
import type { OutputDataOf } from '@dealerflow/contracts';
import { createEventBuilder, createScenario } from '../testing';
import { stockPolicySchema, type StockPolicy } from './policy';
import type { StockState } from './state';
import { stockWorker } from './worker';

/*
 * H10 (issue 21, raised alerts ≤ 1.5 per dealer-day): a slow mover's empty shelf waits a whole day for
 * the dealer's own order before it is raised. Each case but the last two failed before the rule (the
 * empty shelf was raised at the count that found it).
 */

type Raised = OutputDataOf<'stock.alert.raised'>;
type Summary = OutputDataOf<'stock.alerts.summarised'>;

function setup(policy: Partial<StockPolicy> = {}) {
  const e = createEventBuilder();
  const scenario = createScenario({ workers: [stockWorker], policies: { stock: stockPolicySchema.parse(policy) } });
  const dealer = e('dealer.upserted', '2026-03-01T08:00:00Z', {
    name: 'Dealer D-1',
    tier: 'B',
    region: 'East',
    locale: 'en',
    currency: 'CNY',
    creditLimit: 100_000,
    paymentTerms: { netDays: 30 },
    leadTimeDays: 7,
    timezone: 'UTC',
  });
  const stock = (at: string, items: Record<string, number>) =>
    e('dealer.stock.reported', at, { items: Object.entries(items).map(([sku, onHand]) => ({ sku, onHand })) });
  const order = (at: string, orderId: string, items: Record<string, number>, promisedDeliveryDate: string) =>
    e('order.placed', at, {
      orderId,
      warehouseId: 'W-1',
      lines: Object.entries(items).map(([sku, qty]) => ({ sku, qty, unitPrice: 10 })),
      promisedDeliveryDate,
    });
  const tick = (at: string) => e('clock.tick', at, {});
  // 28 days of sales to 04-20: SKU-1 one every 4th day (0.25 a day, a slow mover), SKU-2 two a day.
  const sales = [];
  for (let index = 0; index < 28; index += 1) {
    const date = new Date(Date.parse('2026-03-24T00:00:00Z') + index * 86_400_000).toISOString().slice(0, 10);
    const items = [
      { sku: 'SKU-1', qty: index % 4 === 0 ? 1 : 0 },
      { sku: 'SKU-2', qty: 2 },
    ];
    sales.push(e('dealer.sales.reported', `${date}T21:00:00Z`, { date, items }));
  }
  scenario.feed(dealer, stock('2026-03-20T08:00:00Z', { 'SKU-1': 3, 'SKU-2': 60 }), ...sales);
  return { scenario, stock, order, tick };
}

const raisedOf = (outputs: readonly { type: string; data: unknown }[]) =>
  outputs.filter((output) => output.type === 'stock.alert.raised').map((output) => output.data as Raised);
const waitingOf = (t: ReturnType<typeof setup>) => t.scenario.pipeline.stateOf<StockState>('stock', 'D-1')?.waitingAlerts ?? 0;

describe("a slow mover's empty shelf waits a day for the dealer's own order", () => {
  it('raises nothing when the dealer orders the next morning', () => {
    const t = setup();
    expect(raisedOf(t.scenario.feed(t.stock('2026-04-20T22:00:00Z', { 'SKU-1': 0 })))).toEqual([]);
    expect(raisedOf(t.scenario.feed(t.tick('2026-04-21T06:00:00Z')))).toEqual([]);
    expect(raisedOf(t.scenario.feed(t.order('2026-04-21T10:00:00Z', 'O-1', { 'SKU-1': 2 }, '2026-04-28')))).toEqual([]);
    const later = t.scenario.feed(t.tick('2026-04-22T06:00:00Z'), t.tick('2026-04-25T06:00:00Z'));
    expect(later.filter((output) => output.type.startsWith('stock.alert'))).toEqual([]);
    expect(waitingOf(t)).toBe(0);
  });

  it('raises it (low) when the shelf is still empty as the day after next begins, and the digest lists it', () => {
    const t = setup();
    t.scenario.feed(t.stock('2026-04-20T22:00:00Z', { 'SKU-1': 0 }), t.tick('2026-04-21T06:00:00Z'));
    expect(waitingOf(t)).toBe(1);
    const tick = t.tick('2026-04-22T00:00:00Z');
    const outputs = t.scenario.feed(tick);
    expect(raisedOf(outputs)).toEqual([
      expect.objectContaining({ alertId: 'D-1/SKU-1/low_stock/1', kind: 'low_stock', severity: 'low', onHand: 0, causedBy: tick.eventId }),
    ]);
    const digest = outputs.find((output) => output.type === 'stock.alerts.summarised')?.data as Summary | undefined;
    expect(digest?.alerts.map((alert) => `${alert.alertId} ${alert.status}`)).toEqual(['D-1/SKU-1/low_stock/1 new']);
    expect(waitingOf(t)).toBe(0);
    // Raised once: it stays open, and its resolution follows the dealer's order.
    expect(raisedOf(t.scenario.feed(t.tick('2026-04-23T00:00:00Z')))).toEqual([]);
    const resolved = t.scenario.feed(t.order('2026-04-23T10:00:00Z', 'O-1', { 'SKU-1': 2 }, '2026-04-30'));
    expect(resolved.map((output) => `${output.type} ${(output.data as Raised).alertId}`)).toEqual(['stock.alert.resolved D-1/SKU-1/low_stock/1']);
  });

  it('starts the wait again when the shelf empties again after a delivery', () => {
    const t = setup();
    t.scenario.feed(t.stock('2026-04-20T22:00:00Z', { 'SKU-1': 0 }), t.stock('2026-04-21T22:00:00Z', { 'SKU-1': 1 }));
    expect(waitingOf(t)).toBe(0);
    t.scenario.feed(t.stock('2026-04-22T22:00:00Z', { 'SKU-1': 0 }));
    // Found on 04-22: still waiting on 04-23, raised as 04-24 begins (not on 04-22, two days after the first find).
    expect(raisedOf(t.scenario.feed(t.tick('2026-04-23T00:00:00Z')))).toEqual([]);
    expect(raisedOf(t.scenario.feed(t.tick('2026-04-24T00:00:00Z'))).map((alert) => alert.alertId)).toEqual(['D-1/SKU-1/low_stock/1']);
  });

  it('still raises a fast mover’s low stock at once: it is the warning before a stock-out', () => {
    const t = setup();
    // SKU-2: 2 a day, reorder point 20; 15 on hand.
    expect(raisedOf(t.scenario.feed(t.stock('2026-04-20T22:00:00Z', { 'SKU-2': 15 }))).map((a) => `${a.kind} ${a.severity}`)).toEqual([
      'low_stock medium',
    ]);
  });

  it('raises the empty shelf at once with slowMoverWaitDays 0 (the rule switched off)', () => {
    const t = setup({ slowMoverWaitDays: 0 });
    expect(raisedOf(t.scenario.feed(t.stock('2026-04-20T22:00:00Z', { 'SKU-1': 0 }))).map((a) => `${a.kind} ${a.severity}`)).toEqual([
      'low_stock low',
    ]);
  });
});
