import { describe, expect, it } from 'vitest';
import { priceDelivered } from './orderBook';
import type { OrderRecord } from './state';

function order(lines: OrderRecord['lines']): OrderRecord {
  return { lines, delivered: {}, cancelled: false, lastDate: '2026-04-01' };
}

describe('priceDelivered', () => {
  it('fills the order lines of a sku in order, across deliveries, and prices extra units at the last line', () => {
    const record = order([
      { sku: 'A', qty: 5, unitPriceCents: 1000 },
      { sku: 'B', qty: 9, unitPriceCents: 1 },
      { sku: 'A', qty: 5, unitPriceCents: 900 },
    ]);
    expect(priceDelivered(record, 'A', 3)).toEqual([{ qty: 3, unitPriceCents: 1000 }]);
    expect(priceDelivered(record, 'A', 4)).toEqual([
      { qty: 2, unitPriceCents: 1000 },
      { qty: 2, unitPriceCents: 900 },
    ]);
    expect(priceDelivered(record, 'A', 6)).toEqual([{ qty: 6, unitPriceCents: 900 }]);
    expect(record.delivered).toEqual({ A: 13 });
  });

  it('has no price for a sku not on the order or an unknown order', () => {
    expect(priceDelivered(order([{ sku: 'A', qty: 5, unitPriceCents: 1000 }]), 'Z', 2)).toEqual([{ qty: 2, unitPriceCents: null }]);
    expect(priceDelivered(undefined, 'A', 2)).toEqual([{ qty: 2, unitPriceCents: null }]);
  });
});
