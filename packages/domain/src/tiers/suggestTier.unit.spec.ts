import { describe, expect, it } from 'vitest';
import { rebateWorker } from '../rebates';
import { createEventBuilder, createScenario } from '../testing';

/** Issue 21 bullet 3: the 80/20 rule made live, through the rebate worker as the pipeline runs it. */

function setup() {
  const e = createEventBuilder();
  const scenario = createScenario({ workers: [rebateWorker] });
  const dealer = (dealerId: string, tier: 'A' | 'B' | 'C' | 'D', at = '2026-01-05T08:00:00Z') =>
    e(
      'dealer.upserted',
      at,
      { name: dealerId, tier, region: 'East', locale: 'en', currency: 'CNY', creditLimit: 100_000, paymentTerms: { netDays: 30 } },
      { dealerId },
    );
  const totals = (month: string, at: string, dealers: [string, number][]) =>
    e('sales.totals.published', at, { month, currency: 'CNY', dealers: dealers.map(([dealerId, sales]) => ({ dealerId, sales })) });
  const accepted = (dealerId: string, tier: 'A' | 'B' | 'C' | 'D', month: string, at: string) =>
    e('dealer.tier.accepted', at, { tier, month, acceptedBy: 'ops.li' }, { dealerId });
  return { scenario, dealer, totals, accepted };
}

/** 900,000 of sales: D-1 and D-2 make the first 80 % (D-2 crosses it), D-3 the next 11 %, D-4 none. */
const MARCH: [string, number][] = [
  ['D-3', 100_000],
  ['D-1', 500_000],
  ['D-2', 300_000],
  ['D-4', 0],
];

describe('dealer.tier.suggested', () => {
  it('suggests the Pareto class to every dealer whose tier differs, with the figures', () => {
    const { scenario, dealer, totals } = setup();
    scenario.feed(dealer('D-1', 'B'), dealer('D-2', 'A'), dealer('D-3', 'A'), dealer('D-4', 'C'));
    const outputs = scenario.feed(totals('2026-03', '2026-04-02T01:00:00Z', MARCH));
    expect(outputs.map((o) => [o.dealerId, o.type])).toEqual([
      ['D-3', 'dealer.tier.suggested'],
      ['D-1', 'dealer.tier.suggested'],
      ['D-4', 'dealer.tier.suggested'],
    ]);
    const byDealer = Object.fromEntries(outputs.map((o) => [o.dealerId, o.data]));
    expect(byDealer['D-1']).toEqual({
      month: '2026-03',
      windowMonths: 12,
      currentTier: 'B',
      suggestedTier: 'A',
      sales: 500_000,
      currency: 'CNY',
      rank: 1,
      dealerCount: 4,
      share: 0.555556,
      cumulativeShare: 0.555556,
      totalSales: 900_000,
      classShares: { A: 0.8, B: 0.95 },
      causedBy: 'sales.totals.published-5',
    });
    expect(byDealer['D-3']).toMatchObject({ currentTier: 'A', suggestedTier: 'B', rank: 3, cumulativeShare: 1 });
    expect(byDealer['D-4']).toMatchObject({ currentTier: 'C', suggestedTier: 'D', rank: 4, sales: 0 });
  });

  it('ranks a dealer against every dealer in the totals, not only those its partition has seen', () => {
    const { scenario, dealer, totals } = setup();
    scenario.feed(dealer('D-3', 'A'));
    expect(scenario.feed(totals('2026-03', '2026-04-02T01:00:00Z', MARCH)).map((o) => [o.dealerId, o.data])).toEqual([
      ['D-3', expect.objectContaining({ suggestedTier: 'B', rank: 3, dealerCount: 4 })],
    ]);
  });

  it('does not repeat an ignored suggestion while the class and tier stay, and suggests again when the class moves', () => {
    const { scenario, dealer, totals } = setup();
    scenario.feed(dealer('D-1', 'B'), totals('2026-03', '2026-04-02T01:00:00Z', MARCH));
    expect(scenario.outputsOf('dealer.tier.suggested')).toHaveLength(1);
    expect(scenario.feed(totals('2026-04', '2026-05-02T01:00:00Z', MARCH))).toEqual([]);
    // D-1 falls to the third place: class C now.
    const may = scenario.feed(
      totals('2026-05', '2026-06-02T01:00:00Z', [
        ['D-1', 40_000],
        ['D-2', 800_000],
        ['D-3', 100_000],
      ]),
    );
    expect(may.map((o) => o.data)).toEqual([expect.objectContaining({ month: '2026-05', currentTier: 'B', suggestedTier: 'C' })]);
  });

  it('once accepted, the dealer is compared with the accepted tier until master data changes', () => {
    const { scenario, dealer, totals, accepted } = setup();
    scenario.feed(dealer('D-1', 'B'), totals('2026-03', '2026-04-02T01:00:00Z', MARCH), accepted('D-1', 'A', '2026-03', '2026-04-03T09:00:00Z'));
    expect(scenario.feed(totals('2026-04', '2026-05-02T01:00:00Z', [...MARCH.filter(([id]) => id !== 'D-1'), ['D-1', 900_000]]))).toEqual([]);
    // Master data now carries the accepted tier: still nothing to suggest.
    scenario.feed(dealer('D-1', 'A', '2026-05-10T08:00:00Z'));
    expect(scenario.feed(totals('2026-05', '2026-06-02T01:00:00Z', MARCH))).toEqual([]);
    // Master data moves the dealer to D by hand: master data is the record, so the class A is suggested again.
    scenario.feed(dealer('D-1', 'D', '2026-06-10T08:00:00Z'));
    expect(scenario.feed(totals('2026-06', '2026-07-02T01:00:00Z', MARCH)).map((o) => o.data)).toEqual([
      expect.objectContaining({ currentTier: 'D', suggestedTier: 'A' }),
    ]);
  });

  it('says nothing for a dealer missing from the totals or without master data', () => {
    const { scenario, dealer, totals, accepted } = setup();
    scenario.feed(dealer('D-9', 'B'), accepted('D-2', 'A', '2026-02', '2026-03-01T08:00:00Z'));
    expect(scenario.feed(totals('2026-03', '2026-04-02T01:00:00Z', MARCH))).toEqual([]);
  });
});
