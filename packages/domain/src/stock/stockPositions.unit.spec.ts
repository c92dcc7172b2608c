import { describe, expect, it } from 'vitest';
import type { InputEvent, OutputDataOf } from '@dealerflow/contracts';
import { dayNumber } from '../calendar';
import { createEventBuilder, createScenario } from '../testing';
import { defaultStockPolicy, stockPolicySchema, stockSettingsFor } from './policy';
import type { StockState } from './state';
import { stockPositions } from './stockPositions';
import { stockWorker } from './worker';

const e = createEventBuilder();
const profile = { name: 'Acme', tier: 'A' as const, region: 'East', locale: 'en' as const, currency: 'CNY', creditLimit: 1000, paymentTerms: { netDays: 30 }, leadTimeDays: 5 };

function run(withOrder = true) {
  // Alerts one by one (not the opening summary): the case below compares one with the positions.
  const scenario = createScenario({ workers: [stockWorker], policies: { stock: stockPolicySchema.parse({ openingSummary: false }) } });
  const events: InputEvent[] = [
    e('dealer.upserted', '2026-05-01T08:00:00Z', profile),
    e('product.upserted', '2026-05-01T08:00:00Z', { sku: 'PUMP', name: 'Pump', category: 'pumps', unitPrice: 10, packSize: 4 }),
    e('dealer.sales.reported', '2026-05-01T12:00:00Z', { date: '2026-05-01', items: [{ sku: 'PUMP', qty: 56 }, { sku: 'VALVE', qty: 28 }] }),
    e('dealer.stock.reported', '2026-05-01T13:00:00Z', { items: [{ sku: 'PUMP', onHand: 10 }, { sku: 'VALVE', onHand: 100 }, { sku: 'HOSE', onHand: 3 }] }),
  ];
  if (withOrder) {
    events.push(e('order.placed', '2026-05-01T14:00:00Z', { orderId: 'O-1', warehouseId: 'W-1', lines: [{ sku: 'PUMP', qty: 8, unitPrice: 10 }, { sku: 'GASKET', qty: 5, unitPrice: 1 }], promisedDeliveryDate: '2026-05-09' }));
  }
  scenario.feed(...events);
  return { scenario, state: scenario.pipeline.stateOf<StockState>('stock', 'D-1') };
}

describe('stockPositions', () => {
  it('lists every counted SKU, lowest days of cover first, those selling nothing last', () => {
    const { state } = run();
    const settings = stockSettingsFor(defaultStockPolicy, { ...profile, timezone: 'UTC' });
    const positions = stockPositions(state, dayNumber('2026-05-01'), settings, (sku) => (sku === 'PUMP' ? 4 : 1));
    expect(positions.map((position) => position.sku)).toEqual(['PUMP', 'VALVE', 'HOSE']);
    expect(positions[0]).toEqual({
      sku: 'PUMP',
      onHand: 10,
      inTransit: 0,
      onOrder: 8,
      position: 18,
      avgDailySales: 2,
      daysOfCover: 5,
      reorderPoint: 16,
      // 2 a day over 5 + 3 + 7 days = 30, less 18 in position = 12: three packs of 4.
      suggestedOrderQty: 12,
    });
    expect(positions[2]).toMatchObject({ sku: 'HOSE', daysOfCover: null, avgDailySales: 0 });
  });

  it('gives the figures the alert published for that SKU', () => {
    const { scenario, state } = run(false);
    const raised = scenario.outputsOf('stock.alert.raised').filter((alert: OutputDataOf<'stock.alert.raised'>) => alert.sku === 'PUMP').at(-1)!;
    const settings = stockSettingsFor(defaultStockPolicy, { ...profile, timezone: 'UTC' });
    const pump = stockPositions(state, dayNumber('2026-05-01'), settings, () => 4).find((position) => position.sku === 'PUMP')!;
    expect(raised.kind).toBe('low_stock');
    const { alertId, kind, severity, causedBy, projectedStockoutDate, arrivals, ...published } = raised;
    expect(pump).toMatchObject(published);
  });

  it('slides the sales window to the day asked for', () => {
    const { state } = run();
    const settings = stockSettingsFor(defaultStockPolicy, { ...profile, timezone: 'UTC' });
    const later = stockPositions(state, dayNumber('2026-05-29'), settings, () => 1);
    expect(later.every((position) => position.avgDailySales === 0 && position.daysOfCover === null)).toBe(true);
  });

  it('is empty for a dealer the stock worker has no state for', () => {
    expect(stockPositions(undefined, 0, stockSettingsFor(defaultStockPolicy, undefined), () => 1)).toEqual([]);
  });
});
