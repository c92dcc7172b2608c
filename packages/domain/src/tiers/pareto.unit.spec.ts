import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paretoRanking } from './pareto';

const shares = { A: 0.8, B: 0.95 };

describe('paretoRanking', () => {
  it('makes A the dealers that bring the first 80 % of sales (the one crossing 80 % included), B up to 95 %, C the rest, D without sales', () => {
    const ranking = paretoRanking(
      [
        { dealerId: 'D-C', salesCents: 4_000 },
        { dealerId: 'D-A1', salesCents: 50_000 },
        { dealerId: 'D-A2', salesCents: 35_000 },
        { dealerId: 'D-B', salesCents: 11_000 },
        { dealerId: 'D-0', salesCents: 0 },
      ],
      shares,
    );
    expect(ranking.map((entry) => [entry.dealerId, entry.rank, entry.tier, entry.cumulativeShare])).toEqual([
      ['D-A1', 1, 'A', 0.5],
      ['D-A2', 2, 'A', 0.85],
      ['D-B', 3, 'B', 0.96],
      ['D-C', 4, 'C', 1],
      ['D-0', 5, 'D', 1],
    ]);
    expect(ranking[0]?.share).toBe(0.5);
  });

  it('breaks ties by dealerId, so the order of the published list does not matter', () => {
    const a = paretoRanking([{ dealerId: 'D-2', salesCents: 10 }, { dealerId: 'D-1', salesCents: 10 }], shares);
    const b = paretoRanking([{ dealerId: 'D-1', salesCents: 10 }, { dealerId: 'D-2', salesCents: 10 }], shares);
    expect(a).toEqual(b);
    expect(a.map((entry) => [entry.dealerId, entry.tier])).toEqual([
      ['D-1', 'A'],
      ['D-2', 'A'],
    ]);
  });

  it('the A dealers bring at least 80 % of sales, and no smaller set of the top dealers does', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 40 }), (sales) => {
        const ranking = paretoRanking(sales.map((salesCents, i) => ({ dealerId: `D-${String(i).padStart(2, '0')}`, salesCents })), shares);
        const total = sales.reduce((sum, cents) => sum + cents, 0);
        const a = ranking.filter((entry) => entry.tier === 'A');
        if (total === 0) return expect(a).toEqual([]);
        const aCents = a.reduce((sum, entry) => sum + entry.salesCents, 0);
        expect(aCents / total).toBeGreaterThanOrEqual(0.8 - 1e-12);
        expect((aCents - a[a.length - 1]!.salesCents) / total).toBeLessThan(0.8);
        // Classes never go back up down the ranking.
        const order = ['A', 'B', 'C', 'D'];
        ranking.forEach((entry, i) => expect(order.indexOf(entry.tier)).toBeGreaterThanOrEqual(order.indexOf(ranking[i - 1]?.tier ?? 'A')));
      }),
      { numRuns: 200 },
    );
  });
});
