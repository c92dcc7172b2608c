import { describe, expect, it } from 'vitest';
import { createEventBuilder, createScenario } from '../testing';
import { exposureHistory, type CreditInputEvent } from './exposureHistory';
import { creditWorker } from './worker';

function setup() {
  const scenario = createScenario({ workers: [creditWorker] });
  const e = createEventBuilder();
  return {
    scenario,
    dealer: (at: string, creditLimit: number, region = 'East') =>
      e('dealer.upserted', at, { name: 'Acme Tools', tier: 'B', region, locale: 'en', currency: 'CNY', creditLimit, paymentTerms: { netDays: 30 } }),
    order: (at: string, orderId: string, value: number) =>
      e('order.placed', at, { orderId, warehouseId: 'W-1', lines: [{ sku: 'SKU-1', qty: 1, unitPrice: value }], promisedDeliveryDate: '2026-06-30' }),
    limit: (at: string, creditLimit: number) =>
      e('credit.limit.set', at, { creditLimit, note: 'raised after the annual review', decidedBy: 'Fran', decidedAt: '2026-03-02T10:15:00+08:00' }),
  };
}

describe('credit.limit.set', () => {
  it('replaces the limit the rules judge by: a hold over the old limit is released under the new one', () => {
    const { scenario, dealer, order, limit } = setup();
    scenario.feed(dealer('2026-03-01T08:00:00Z', 10_000), order('2026-03-01T09:00:00Z', 'O-1', 11_000));
    expect(scenario.outputsOf('credit.hold.placed').map((hold) => hold.holdId)).toEqual(['hold-D-1-1']);
    const outputs = scenario.feed(limit('2026-03-02T02:15:00Z', 15_000));
    expect(outputs.map((output) => output.type)).toEqual(['credit.hold.released']);
    expect(outputs[0]?.data).toMatchObject({ holdId: 'hold-D-1-1', releasedBy: 'auto' });
    // 13 000 is within 15 000: no hold, though it is over the master data's 10 000.
    expect(scenario.feed(order('2026-03-03T09:00:00Z', 'O-2', 2_000)).map((output) => output.type)).not.toContain('credit.hold.placed');
  });

  it('lowers the limit too: exposure over the new limit places a hold with it', () => {
    const { scenario, dealer, order, limit } = setup();
    scenario.feed(dealer('2026-03-01T08:00:00Z', 10_000), order('2026-03-01T09:00:00Z', 'O-1', 6_000));
    scenario.feed(limit('2026-03-02T02:15:00Z', 5_000));
    expect(scenario.outputsOf('credit.hold.placed')).toMatchObject([{ holdId: 'hold-D-1-1', creditLimit: 5_000, exposure: 6_000 }]);
  });

  it('stands through a master-data update that keeps the limit, and ends when master data changes the limit', () => {
    const { scenario, dealer, order, limit } = setup();
    scenario.feed(dealer('2026-03-01T08:00:00Z', 10_000), limit('2026-03-02T02:15:00Z', 15_000), order('2026-03-03T09:00:00Z', 'O-1', 12_000));
    // A new region, the same limit: finance's 15 000 still stands.
    scenario.feed(dealer('2026-03-04T08:00:00Z', 10_000, 'North'));
    expect(scenario.outputsOf('credit.hold.placed')).toEqual([]);
    // The ERP sets 11 000: the newer decision wins, and 12 000 is over it.
    scenario.feed(dealer('2026-03-05T08:00:00Z', 11_000));
    expect(scenario.outputsOf('credit.hold.placed')).toMatchObject([{ holdId: 'hold-D-1-1', creditLimit: 11_000 }]);
  });

  it('is kept when it comes before the profile, and the first profile replaces it', () => {
    const { scenario, dealer, order, limit } = setup();
    scenario.feed(limit('2026-03-01T07:00:00Z', 50_000), dealer('2026-03-01T08:00:00Z', 10_000), order('2026-03-01T09:00:00Z', 'O-1', 11_000));
    expect(scenario.outputsOf('credit.hold.placed')).toMatchObject([{ creditLimit: 10_000 }]);
  });

  it('moves the exposure chart’s limit line as the worker judges: finance’s limit while it stands', () => {
    const { dealer, order, limit } = setup();
    const events = [
      dealer('2026-03-01T08:00:00Z', 10_000),
      order('2026-03-01T09:00:00Z', 'O-1', 11_000),
      limit('2026-03-02T02:15:00Z', 15_000),
      dealer('2026-03-04T08:00:00Z', 10_000, 'North'),
      dealer('2026-03-05T08:00:00Z', 12_000),
    ] as CreditInputEvent[];
    expect(exposureHistory(events).map((point) => point.creditLimit)).toEqual([10_000, 10_000, 15_000, 15_000, 12_000]);
  });
});
