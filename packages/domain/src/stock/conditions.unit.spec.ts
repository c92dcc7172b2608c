import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOW_STOCK, OVERSTOCK, STOCKOUT, stockAlertSeverity, stockConditions } from './conditions';

const settings = { salesWindowDays: 28, leadTimeDays: 7, safetyDays: 3, overstockDays: 90 };

describe('stockConditions', () => {
  it('finds a stockout only when something sells', () => {
    expect(stockConditions(0, 0, 28, settings)).toBe(STOCKOUT);
    expect(stockConditions(0, 50, 28, settings)).toBe(STOCKOUT);
    expect(stockConditions(0, 0, 0, settings)).toBe(0);
  });

  it('finds low stock strictly below the reorder point (ADS 2 → ROP 20)', () => {
    expect(stockConditions(5, 19, 56, settings)).toBe(LOW_STOCK);
    expect(stockConditions(5, 20, 56, settings)).toBe(0);
  });

  it('finds overstock strictly above overstockDays of cover (ADS 2 → 180 units)', () => {
    expect(stockConditions(181, 181, 56, settings)).toBe(OVERSTOCK);
    expect(stockConditions(180, 180, 56, settings)).toBe(0);
    expect(stockConditions(1_000, 1_000, 0, settings)).toBe(0);
  });

  it('can find low stock and overstock together when the lead time exceeds the overstock horizon', () => {
    expect(stockConditions(100, 100, 28, { ...settings, leadTimeDays: 120, overstockDays: 90 })).toBe(LOW_STOCK | OVERSTOCK);
  });

  it('never finds a stockout together with another condition, nor anything without sales', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (onHand, onTheWay, unitsSold) => {
          const bits = stockConditions(onHand, onHand + onTheWay, unitsSold, settings);
          if (unitsSold === 0) expect(bits).toBe(0);
          if (bits & STOCKOUT) expect(bits).toBe(STOCKOUT);
          expect((bits & STOCKOUT) !== 0).toBe(onHand === 0 && unitsSold > 0);
        },
      ),
    );
  });
});

describe('stockAlertSeverity', () => {
  it('protects key dealers: low stock is high for tier A, medium otherwise', () => {
    expect(stockAlertSeverity('stockout', 'B')).toBe('critical');
    expect(stockAlertSeverity('low_stock', 'A')).toBe('high');
    expect(stockAlertSeverity('low_stock', 'B')).toBe('medium');
    expect(stockAlertSeverity('low_stock', undefined)).toBe('medium');
    expect(stockAlertSeverity('overstock', 'A')).toBe('low');
  });
});
