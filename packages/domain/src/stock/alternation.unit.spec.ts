import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InputEvent, OutputDataOf } from '@dealerflow/contracts';
import { addDays } from '../calendar';
import { createEventBuilder, createScenario } from '../testing';
import type { StockState } from './state';
import { stockWorker } from './worker';

const SKUS = ['S-1', 'S-2'];

describe('stock worker: alert lifecycle', () => {
  it('alternates raised and resolved per (sku, kind), numbers alerts 1, 2, …, counts open ones right and raises no low stock during a stock-out', () => {
    const e = createEventBuilder();
    const sku = fc.constantFrom(...SKUS);
    const step = fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('stock' as const), sku, qty: fc.constantFrom(0, 0, 3, 10, 40, 400) }) },
      {
        weight: 4,
        arbitrary: fc.record({ kind: fc.constant('sales' as const), sku, back: fc.integer({ min: -2, max: 30 }), qty: fc.integer({ min: 0, max: 40 }) }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('order' as const), sku, id: fc.integer({ min: 1, max: 3 }), qty: fc.integer({ min: 1, max: 60 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), id: fc.integer({ min: 1, max: 3 }) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('days' as const), days: fc.integer({ min: 1, max: 20 }) }) },
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 80 }), (steps) => {
        const scenario = createScenario({ workers: [stockWorker] });
        let date = '2026-04-01';
        let n = 0;
        const at = () => `${date}T${String(Math.min(23, Math.floor(n / 60))).padStart(2, '0')}:${String(n++ % 60).padStart(2, '0')}:00Z`;
        const events: InputEvent[] = [];
        for (const s of steps) {
          if (s.kind === 'days') {
            date = addDays(date, s.days);
            n = 0;
            events.push(e('clock.tick', at(), {}));
          } else if (s.kind === 'stock') {
            events.push(e('dealer.stock.reported', at(), { items: [{ sku: s.sku, onHand: s.qty }] }));
          } else if (s.kind === 'sales') {
            events.push(e('dealer.sales.reported', at(), { date: addDays(date, -s.back), items: [{ sku: s.sku, qty: s.qty }] }));
          } else if (s.kind === 'order') {
            const lines = [{ sku: s.sku, qty: s.qty, unitPrice: 1 }];
            events.push(e('order.placed', at(), { orderId: `O-${s.id}`, warehouseId: 'W', lines, promisedDeliveryDate: date }));
          } else {
            events.push(e('order.cancelled', at(), { orderId: `O-${s.id}` }));
          }
        }
        for (const event of events) scenario.feed(event);
        const open = new Map<string, number>();
        // The opening summary raises the alerts it lists; the daily digests only repeat open ones.
        const told = scenario.outputs().flatMap((output): { type: string; data: unknown }[] => {
          if (output.type !== 'stock.alerts.summarised') return [output];
          const summary = output.data as OutputDataOf<'stock.alerts.summarised'>;
          return summary.reason === 'opening' ? summary.alerts.map((data) => ({ type: 'stock.alert.raised', data })) : [];
        });
        for (const output of told) {
          const data = output.data as OutputDataOf<'stock.alert.raised'>;
          const key = `${data.sku}/${data.kind}`;
          const [, , , seq] = data.alertId.split('/');
          const current = open.get(key) ?? 0;
          if (output.type === 'stock.alert.raised') {
            // Issue 21: a stock-out with nothing to order always says what arrives when.
            if (data.kind === 'stockout' && data.suggestedOrderQty === 0) expect(data.arrivals?.length ?? 0).toBeGreaterThan(0);
            // A stock-out raises no low stock beside it: low stock is raised only while the SKU's stock-out is
            // not open (a review's resolutions come before its raises, and its stock-out before its low stock).
            if (data.kind === 'low_stock') expect(open.get(`${data.sku}/stockout`) ?? 0).toBeLessThanOrEqual(0);
            expect(current).toBeLessThanOrEqual(0);
            expect(Number(seq)).toBe(-current + 1);
            open.set(key, Number(seq));
          } else {
            expect(current).toBe(Number(seq));
            open.set(key, -Number(seq));
          }
        }
        const stillOpen = [...open.values()].filter((value) => value > 0).length;
        const state = scenario.pipeline.stateOf<StockState>('stock', 'D-1');
        expect(state?.openAlerts ?? 0).toBe(stillOpen);
        // A slow mover's empty shelf waiting for the dealer's order is counted, and is never also an open alert.
        const waiting = state?.skus.filter((stock) => stock.alerts.low_stock?.since != null) ?? [];
        expect(state?.waitingAlerts ?? 0).toBe(waiting.length);
        for (const stock of waiting) expect(stock.alerts.low_stock?.open ?? null).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
