import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertedConditions, LOW_STOCK, OVERSTOCK, STOCKOUT, stockAlertSeverity, stockConditions } from './conditions';

// The slow-mover floor off: these cases are about the thresholds themselves.
const settings = { salesWindowDays: 28, leadTimeDays: 7, safetyDays: 3, overstockDays: 90, slowMoverDailySales: 0 };

describe('stockConditions', () => {
  it('finds a stockout only when something sells', () => {
    expect(stockConditions(0, 0, 28, settings)).toBe(STOCKOUT | LOW_STOCK);
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

  it('keeps low stock through a stock-out (the stock-out escalates it), and raises no stock-out for a slow mover', () => {
    const floor = { ...settings, slowMoverDailySales: 0.5 };
    // 13 units in 28 days is ADS 0.46, below the floor of 0.5: an empty shelf is low stock, not a stock-out.
    expect(stockConditions(0, 0, 13, floor)).toBe(LOW_STOCK);
    // 14 units in 28 days is ADS 0.5 exactly: not a slow mover.
    expect(stockConditions(0, 0, 14, floor)).toBe(STOCKOUT | LOW_STOCK);
    // Something on its way above the reorder point: the stock-out alone.
    expect(stockConditions(0, 20, 14, floor)).toBe(STOCKOUT);
    // A slow mover is low only with nothing on hand and nothing on its way (ROP 4.6 here).
    expect(stockConditions(1, 1, 13, floor)).toBe(0);
    expect(stockConditions(0, 1, 13, floor)).toBe(0);
    // … and never overstocked (1 000 units would be 2 154 days of cover).
    expect(stockConditions(1_000, 1_000, 13, floor)).toBe(0);
  });

  it('judges overstock only with a full window of sales history', () => {
    expect(stockConditions(181, 181, 56, settings, false)).toBe(0);
    expect(stockConditions(181, 181, 56, settings, true)).toBe(OVERSTOCK);
  });

  it('finds a stockout exactly when nothing is on hand of a SKU selling at or above the floor, and nothing without sales', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (onHand, onTheWay, unitsSold) => {
          const bits = stockConditions(onHand, onHand + onTheWay, unitsSold, settings);
          if (unitsSold === 0) expect(bits).toBe(0);
          if (bits & STOCKOUT) expect(bits & OVERSTOCK).toBe(0);
          expect((bits & STOCKOUT) !== 0).toBe(onHand === 0 && unitsSold > 0);
        },
      ),
    );
  });
});

describe('alertedConditions', () => {
  it('raises no low stock beside a stock-out unless it was open before it', () => {
    // First seen empty (or emptied between two counts): the stock-out alone.
    expect(alertedConditions(STOCKOUT | LOW_STOCK, 0)).toBe(STOCKOUT);
    // A stock-out already open, the position falling under the reorder point (an order cancelled): still alone.
    expect(alertedConditions(STOCKOUT | LOW_STOCK, STOCKOUT)).toBe(STOCKOUT);
    // Low, then out: the low stock stays open through the stock-out.
    expect(alertedConditions(STOCKOUT | LOW_STOCK, LOW_STOCK)).toBe(STOCKOUT | LOW_STOCK);
    // Back above zero, still under the reorder point: low stock (the stock-out ends).
    expect(alertedConditions(LOW_STOCK, STOCKOUT)).toBe(LOW_STOCK);
  });

  it('only ever drops low stock, and only while a stock-out holds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), (bits, openBits) => {
        const alerted = alertedConditions(bits, openBits);
        expect(alerted | LOW_STOCK).toBe(bits | LOW_STOCK);
        expect(alerted & ~bits).toBe(0);
        if (alerted !== bits) expect(bits & STOCKOUT).toBe(STOCKOUT);
      }),
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

  it('lowers a stock-out with goods arriving within the lead time, and a slow mover\'s low stock', () => {
    const arriving = { arrivingWithinLeadTime: true, slowMover: false };
    expect(stockAlertSeverity('stockout', 'A', arriving)).toBe('high');
    expect(stockAlertSeverity('low_stock', 'A', { arrivingWithinLeadTime: false, slowMover: true })).toBe('low');
  });
});
