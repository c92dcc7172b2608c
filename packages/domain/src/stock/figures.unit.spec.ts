import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeStockFigures, figuresOfSku, suggestedOrderQty } from './figures';
import { recordDailySales } from './salesWindow';
import { newSkuStock } from './state';

const settings = { salesWindowDays: 28, leadTimeDays: 7, safetyDays: 3, reviewDays: 7 };

describe('computeStockFigures', () => {
  it('computes every figure of RULES.md §2 exactly', () => {
    expect(computeStockFigures({ onHand: 10, inTransit: 2, onOrder: 4, unitsSold: 56, packSize: 10 }, settings)).toEqual({
      onHand: 10,
      inTransit: 2,
      onOrder: 4,
      position: 16,
      avgDailySales: 2,
      reorderPoint: 20,
      daysOfCover: 5,
      suggestedOrderQty: 20,
    });
  });

  it('has no days of cover and orders nothing without sales', () => {
    expect(computeStockFigures({ onHand: 0, inTransit: 0, onOrder: 0, unitsSold: 0, packSize: 6 }, settings)).toMatchObject({
      avgDailySales: 0,
      reorderPoint: 0,
      daysOfCover: null,
      suggestedOrderQty: 0,
    });
  });

  it('keeps fractions exact (10 sold in 28 days)', () => {
    const figures = computeStockFigures({ onHand: 3, inTransit: 0, onOrder: 0, unitsSold: 10, packSize: 1 }, settings);
    expect(figures.avgDailySales).toBeCloseTo(10 / 28, 12);
    expect(figures.reorderPoint).toBeCloseTo(100 / 28, 12);
    expect(figures.daysOfCover).toBeCloseTo(8.4, 12);
    expect(figures.suggestedOrderQty).toBe(4);
  });
});

describe('suggestedOrderQty', () => {
  it('rounds the need up to whole packs and orders nothing when the position covers it', () => {
    const base = { unitsSold: 56, windowDays: 28, coverDays: 17 };
    expect(suggestedOrderQty({ ...base, position: 10, packSize: 12 })).toBe(24);
    expect(suggestedOrderQty({ ...base, position: 9, packSize: 12 })).toBe(36);
    expect(suggestedOrderQty({ ...base, position: 34, packSize: 12 })).toBe(0);
    expect(suggestedOrderQty({ ...base, position: 100, packSize: 1 })).toBe(0);
  });

  it('does not round an exact need of one pack up to two through a repeating ADS', () => {
    // ADS 10/3 over 3 days × 3 cover days = exactly 10.
    expect(suggestedOrderQty({ unitsSold: 10, windowDays: 3, coverDays: 3, position: 0, packSize: 10 })).toBe(10);
  });

  it('is a multiple of packSize, at least the shortfall and less than shortfall + packSize', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 500_000 }),
        fc.integer({ min: 1, max: 500 }),
        (unitsSold, windowDays, coverDays, position, packSize) => {
          const qty = suggestedOrderQty({ unitsSold, windowDays, coverDays, position, packSize });
          // shortfall = unitsSold × coverDays / windowDays − position, compared × windowDays to stay exact.
          const shortfallTimesWindow = unitsSold * coverDays - position * windowDays;
          expect(qty % packSize).toBe(0);
          expect(qty).toBeGreaterThanOrEqual(0);
          if (shortfallTimesWindow <= 0) {
            expect(qty).toBe(0);
          } else {
            expect(qty * windowDays).toBeGreaterThanOrEqual(shortfallTimesWindow);
            expect(qty * windowDays).toBeLessThan(shortfallTimesWindow + packSize * windowDays);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('figuresOfSku', () => {
  it('reads a SKU’s figures at a later day without sliding its window', () => {
    const sku = newSkuStock('SKU-1', 100);
    expect(figuresOfSku(sku, 100, settings, 1)).toBeNull();
    recordDailySales(sku, 90, 28, 100, 28);
    recordDailySales(sku, 100, 28, 100, 28);
    sku.onHand = 10;
    expect(figuresOfSku(sku, 100, settings, 1)).toMatchObject({ avgDailySales: 2, daysOfCover: 5, suggestedOrderQty: 24 });
    // On day 118 the day-90 sale has left the window.
    expect(figuresOfSku(sku, 118, settings, 1)).toMatchObject({ avgDailySales: 1, daysOfCover: 10, suggestedOrderQty: 7 });
    expect(sku.unitsSold).toBe(56);
  });
});
