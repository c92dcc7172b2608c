import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rebuildSalesWindow, recordDailySales, syncSalesWindow } from './salesWindow';
import { newSkuStock } from './state';

const W = 28;

describe('sales window', () => {
  it('adds sales inside the window, ignores days behind it, and holds days ahead until the window reaches them', () => {
    const sku = newSkuStock('SKU-1', 100);
    expect(recordDailySales(sku, 100, 5, 100, W)).toBe(true);
    expect(recordDailySales(sku, 73, 7, 100, W)).toBe(true); // first day of the window
    expect(recordDailySales(sku, 72, 9, 100, W)).toBe(false); // one day behind
    expect(recordDailySales(sku, 103, 4, 100, W)).toBe(false); // ahead
    expect(sku.unitsSold).toBe(12);
    expect(sku.saleDays).toEqual([73, 100, 103]);
    expect(syncSalesWindow(sku, 101, W)).toBe(true); // 73 leaves
    expect(sku.unitsSold).toBe(5);
    expect(syncSalesWindow(sku, 102, W)).toBe(false);
    expect(syncSalesWindow(sku, 103, W)).toBe(true); // 103 enters
    expect(sku.unitsSold).toBe(9);
    expect(sku.saleDays).toEqual([100, 103]);
  });

  it('replaces a day’s figure and removes a day corrected to zero', () => {
    const sku = newSkuStock('SKU-1', 100);
    recordDailySales(sku, 95, 10, 100, W);
    recordDailySales(sku, 90, 3, 100, W); // out of order
    expect(recordDailySales(sku, 95, 4, 100, W)).toBe(true);
    expect(sku.unitsSold).toBe(7);
    expect(recordDailySales(sku, 90, 0, 100, W)).toBe(true);
    expect(sku.unitsSold).toBe(4);
    expect(sku.saleDays).toEqual([95]);
    expect(recordDailySales(sku, 95, 4, 100, W)).toBe(false);
  });

  it('does no work on a day when nothing leaves or enters', () => {
    const sku = newSkuStock('SKU-1', 100);
    recordDailySales(sku, 100, 5, 100, W);
    expect(sku.nextWindowChange).toBe(128);
    expect(syncSalesWindow(sku, 127, W)).toBe(false);
    expect(sku.unitsSold).toBe(5);
    expect(syncSalesWindow(sku, 128, W)).toBe(true);
    expect(sku.unitsSold).toBe(0);
    expect(sku.nextWindowChange).toBeNull();
  });

  it('recounts from the kept days when the window length changes', () => {
    const sku = newSkuStock('SKU-1', 100);
    recordDailySales(sku, 80, 10, 100, W);
    recordDailySales(sku, 95, 6, 100, W);
    rebuildSalesWindow(sku, 100, 14);
    expect(sku.unitsSold).toBe(6);
    expect(sku.saleDays).toEqual([95]);
    expect(sku.nextWindowChange).toBe(109);
  });

  it('always equals the sum recounted over the window, and keeps no day behind it', () => {
    // Steps: advance the watermark by some days, or report a day's sales relative to today.
    const step = fc.oneof(
      fc.record({ advance: fc.integer({ min: 0, max: 40 }), sync: fc.boolean() }),
      fc.record({ offset: fc.integer({ min: -35, max: 10 }), qty: fc.integer({ min: 0, max: 50 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 35 }), fc.array(step, { maxLength: 120 }), (windowDays, steps) => {
        let today = 1_000;
        const sku = newSkuStock('SKU-1', today);
        const truth = new Map<number, number>();
        for (const s of steps) {
          if ('advance' in s) {
            today += s.advance;
            // A quiet dealer's day change does not touch the SKU at all.
            if (s.sync) syncSalesWindow(sku, today, windowDays);
          } else {
            const day = today + s.offset;
            recordDailySales(sku, day, s.qty, today, windowDays);
            if (day >= today - windowDays + 1) truth.set(day, s.qty);
          }
          let expected = 0;
          for (const [day, qty] of truth) if (day > today - windowDays && day <= today) expected += qty;
          // Read the way an evaluation does (sync first), on a copy so skipped syncs stay skipped.
          const probe = structuredClone(sku);
          syncSalesWindow(probe, today, windowDays);
          expect(probe.unitsSold).toBe(expected);
          expect(probe.saleDays.every((day) => day > today - windowDays)).toBe(true);
          expect(probe.saleDays.length).toBeLessThanOrEqual(windowDays + 10);
          expect([...sku.saleDays].sort((a, b) => a - b)).toEqual(sku.saleDays);
        }
      }),
      { numRuns: 500 },
    );
  });
});
