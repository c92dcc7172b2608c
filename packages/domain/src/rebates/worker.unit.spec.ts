import type { RebateProgram } from '@dealerflow/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEventBuilder, createScenario } from '../testing';
import { rebatePolicySchema } from './policy';
import type { RebateState } from './state';
import { rebateWorker } from './worker';

type ProgramInput = Partial<Omit<RebateProgram, 'eligibility'>> & { eligibility?: { maxDaysPastDue?: number } };

function setup() {
  const e = createEventBuilder();
  const scenario = createScenario({ workers: [rebateWorker] });
  const dealer = (dealerId: string, tier: 'A' | 'B' | 'C' | 'D' = 'B', at = '2026-03-01T08:00:00Z') =>
    e(
      'dealer.upserted',
      at,
      { name: dealerId, tier, region: 'East', locale: 'en', currency: 'CNY', creditLimit: 100_000, paymentTerms: { netDays: 30 } },
      { dealerId },
    );
  const program = (data: ProgramInput, dealerId = 'D-1', at = '2026-03-15T08:00:00Z') =>
    e(
      'rebate.program.upserted',
      at,
      {
        programId: 'P-1',
        name: 'Q2 volume rebate',
        periodStart: '2026-04-01',
        periodEnd: '2026-06-30',
        basis: 'quantity',
        accumulation: 'period',
        method: 'all_units',
        tiers: [
          { threshold: 0, rate: 0.01 },
          { threshold: 100, rate: 0.02 },
          { threshold: 200, rate: 0.03 },
        ],
        ...data,
      },
      { dealerId },
    );
  const order = (at: string, orderId: string, lines: { sku: string; qty: number; unitPrice: number }[], dealerId = 'D-1') =>
    e('order.placed', at, { orderId, warehouseId: 'W-1', lines, promisedDeliveryDate: '2026-06-30' }, { dealerId });
  let shipments = 0;
  const delivered = (at: string, orderId: string, lines: { sku: string; qty: number }[], dealerId = 'D-1') =>
    e('shipment.delivered', at, { shipmentId: `S-${++shipments}`, orderId, lines }, { dealerId });
  const tick = (at: string) => e('clock.tick', at, {});
  return { e, scenario, dealer, program, order, delivered, tick };
}

describe('quantity basis, period accumulation, all units', () => {
  it('accrues on each delivery, reports the tier reached after its accrual, and states the period once it ends', () => {
    const { scenario, dealer, program, order, delivered, tick } = setup();
    scenario.feed(dealer('D-1'), program({}), order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 150, unitPrice: 10 }]));

    const first = scenario.feed(delivered('2026-04-05T10:00:00Z', 'O-1', [{ sku: 'A', qty: 60 }]));
    expect(first.map((o) => o.type)).toEqual(['rebate.accrued']);
    expect(first[0]?.data).toMatchObject({
      programId: 'P-1',
      periodStart: '2026-04-01',
      periodEnd: '2026-06-30',
      volume: 60,
      qualifyingAmount: 600,
      tierIndex: 0,
      rate: 0.01,
      accruedAmount: 6,
      nextTier: { threshold: 100, rate: 0.02, gap: 40 },
    });
    expect(first[0]?.data).not.toHaveProperty('orderId');

    const second = scenario.feed(delivered('2026-04-10T10:00:00Z', 'O-1', [{ sku: 'A', qty: 50 }]));
    expect(second.map((o) => o.type)).toEqual(['rebate.accrued', 'rebate.tier.reached']);
    expect(second[0]?.data).toMatchObject({ volume: 110, qualifyingAmount: 1100, tierIndex: 1, rate: 0.02, accruedAmount: 22 });
    expect(second[1]?.data).toMatchObject({
      tierIndex: 1,
      threshold: 100,
      rate: 0.02,
      volume: 110,
      accruedAmount: 22,
      nextTier: { threshold: 200, rate: 0.03, gap: 90 },
    });

    expect(scenario.feed(tick('2026-06-30T23:59:00Z'))).toEqual([]);
    const closing = scenario.feed(tick('2026-07-01T00:01:00Z'));
    expect(closing.map((o) => o.type)).toEqual(['rebate.statement.issued']);
    expect(closing[0]?.data).toEqual({
      programId: 'P-1',
      periodStart: '2026-04-01',
      periodEnd: '2026-06-30',
      volume: 110,
      qualifyingAmount: 1100,
      tierIndex: 1,
      rate: 0.02,
      rebateAmount: 22,
      status: 'payable',
      withheldReason: null,
      settlement: { policy: 'offset', payableAmount: 22, offsetAmount: 0, offsets: [], withheldAmount: 0 },
      causedBy: 'clock.tick-7',
    });
    expect(scenario.feed(tick('2026-07-02T00:01:00Z'))).toEqual([]);
  });

  it('reports one tier.reached naming the highest tier when a delivery skips a tier; threshold 0 is never "reached"', () => {
    const { scenario, dealer, program, order, delivered } = setup();
    scenario.feed(dealer('D-1'), program({}), order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 250, unitPrice: 2.5 }]));
    const outputs = scenario.feed(delivered('2026-04-05T10:00:00Z', 'O-1', [{ sku: 'A', qty: 250 }]));
    expect(outputs.map((o) => o.type)).toEqual(['rebate.accrued', 'rebate.tier.reached']);
    expect(outputs[0]?.data).toMatchObject({ volume: 250, qualifyingAmount: 625, tierIndex: 2, rate: 0.03, accruedAmount: 18.75, nextTier: null });
    expect(outputs[1]?.data).toMatchObject({ tierIndex: 2, threshold: 200 });
  });

  it('reports no tier below the first threshold and no accrual for a zero-quantity delivery line', () => {
    const { scenario, dealer, program, order, delivered } = setup();
    scenario.feed(
      dealer('D-1'),
      program({ tiers: [{ threshold: 100, rate: 0.02 }] }),
      order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 150, unitPrice: 10 }]),
    );
    const outputs = scenario.feed(delivered('2026-04-05T10:00:00Z', 'O-1', [{ sku: 'A', qty: 30 }]));
    expect(outputs[0]?.data).toMatchObject({ volume: 30, tierIndex: null, rate: 0, accruedAmount: 0, nextTier: { threshold: 100, rate: 0.02, gap: 70 } });
    expect(scenario.feed(delivered('2026-04-06T10:00:00Z', 'O-1', [{ sku: 'A', qty: 0 }]))).toEqual([]);
  });
});

describe('quantity basis, per-order accumulation, all units', () => {
  it('judges each order alone, with its orderId, and states the sum over orders', () => {
    const { scenario, dealer, program, order, delivered, tick } = setup();
    scenario.feed(
      dealer('D-1'),
      program({ accumulation: 'per_order' }),
      order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 80, unitPrice: 10 }]),
      order('2026-04-01T10:00:00Z', 'O-2', [{ sku: 'A', qty: 120, unitPrice: 10 }]),
    );
    const one = scenario.feed(delivered('2026-04-05T10:00:00Z', 'O-1', [{ sku: 'A', qty: 80 }]));
    expect(one.map((o) => o.type)).toEqual(['rebate.accrued']);
    expect(one[0]?.data).toMatchObject({ orderId: 'O-1', volume: 80, qualifyingAmount: 800, tierIndex: 0, accruedAmount: 8 });

    const two = scenario.feed(delivered('2026-04-06T10:00:00Z', 'O-2', [{ sku: 'A', qty: 120 }]));
    expect(two.map((o) => o.type)).toEqual(['rebate.accrued', 'rebate.tier.reached']);
    expect(two[0]?.data).toMatchObject({ orderId: 'O-2', volume: 120, qualifyingAmount: 1200, tierIndex: 1, rate: 0.02, accruedAmount: 24 });
    expect(two[1]?.data).toMatchObject({ orderId: 'O-2', tierIndex: 1, threshold: 100 });

    const statement = scenario.feed(tick('2026-07-01T00:00:00Z'));
    expect(statement[0]?.data).toMatchObject({
      volume: 200,
      qualifyingAmount: 2000,
      tierIndex: null,
      rate: 0.016,
      rebateAmount: 32,
      status: 'payable',
      orders: [
        { orderId: 'O-1', volume: 80, qualifyingAmount: 800, tierIndex: 0, rate: 0.01, rebateAmount: 8 },
        { orderId: 'O-2', volume: 120, qualifyingAmount: 1200, tierIndex: 1, rate: 0.02, rebateAmount: 24 },
      ],
    });
  });
});

describe('amount basis', () => {
  const amountTiers = [
    { threshold: 0, rate: 0.01 },
    { threshold: 10_000, rate: 0.02 },
    { threshold: 20_000, rate: 0.03 },
  ];

  it('period, all units: the reached tier rate applies to the whole amount', () => {
    const { scenario, dealer, program, order, delivered } = setup();
    scenario.feed(
      dealer('D-1'),
      program({ basis: 'amount', tiers: amountTiers }),
      order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 100, unitPrice: 123.45 }]),
    );
    const first = scenario.feed(delivered('2026-04-05T10:00:00Z', 'O-1', [{ sku: 'A', qty: 60 }]));
    expect(first[0]?.data).toMatchObject({ volume: 7407, qualifyingAmount: 7407, tierIndex: 0, accruedAmount: 74.07, nextTier: { gap: 2593 } });
    const second = scenario.feed(delivered('2026-04-06T10:00:00Z', 'O-1', [{ sku: 'A', qty: 21 }]));
    // 81 × 123.45 = 9,999.45: a cent-exact gap of 0.55 to the next tier.
    expect(second[0]?.data).toMatchObject({ volume: 9999.45, tierIndex: 0, accruedAmount: 99.99, nextTier: { threshold: 10_000, gap: 0.55 } });
    const third = scenario.feed(delivered('2026-04-07T10:00:00Z', 'O-1', [{ sku: 'A', qty: 1 }]));
    // 82 × 123.45 = 10,122.90 × 2 % = 202.458 → 202.46 (rounded half-up once).
    expect(third.map((o) => o.type)).toEqual(['rebate.accrued', 'rebate.tier.reached']);
    expect(third[0]?.data).toMatchObject({ volume: 10_122.9, tierIndex: 1, rate: 0.02, accruedAmount: 202.46 });
  });

  it('period, incremental: each band at its own rate, rounded once at the end', () => {
    const { scenario, dealer, program, order, delivered, tick } = setup();
    scenario.feed(
      dealer('D-1'),
      program({ basis: 'amount', method: 'incremental', tiers: amountTiers }),
      order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 100, unitPrice: 250.01 }]),
    );
    scenario.feed(delivered('2026-04-05T10:00:00Z', 'O-1', [{ sku: 'A', qty: 100 }]));
    // 25,001.00: 10,000 × 1 % + 10,000 × 2 % + 5,001 × 3 % = 100 + 200 + 150.03
    expect(scenario.outputsOf('rebate.accrued')[0]).toMatchObject({
      volume: 25_001,
      qualifyingAmount: 25_001,
      tierIndex: 2,
      rate: 0.03,
      accruedAmount: 450.03,
      nextTier: null,
    });
    scenario.feed(tick('2026-07-01T00:00:00Z'));
    expect(scenario.outputsOf('rebate.statement.issued')[0]).toMatchObject({ tierIndex: 2, rate: 0.03, rebateAmount: 450.03 });
  });

  it('per order, all units', () => {
    const { scenario, dealer, program, order, delivered, tick } = setup();
    scenario.feed(
      dealer('D-1'),
      program({ basis: 'amount', accumulation: 'per_order', tiers: amountTiers }),
      order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 50, unitPrice: 100 }]),
      order('2026-04-01T10:00:00Z', 'O-2', [{ sku: 'A', qty: 150, unitPrice: 100 }]),
      delivered('2026-04-05T10:00:00Z', 'O-1', [{ sku: 'A', qty: 50 }]),
      delivered('2026-04-06T10:00:00Z', 'O-2', [{ sku: 'A', qty: 150 }]),
      tick('2026-07-01T00:00:00Z'),
    );
    expect(scenario.outputsOf('rebate.accrued').map((a) => [a.orderId, a.volume, a.tierIndex, a.accruedAmount])).toEqual([
      ['O-1', 5000, 0, 50],
      ['O-2', 15_000, 1, 300],
    ]);
    expect(scenario.outputsOf('rebate.statement.issued')[0]).toMatchObject({ volume: 20_000, qualifyingAmount: 20_000, rebateAmount: 350, rate: 0.0175 });
  });

  it('per order, incremental', () => {
    const { scenario, dealer, program, order, delivered, tick } = setup();
    scenario.feed(
      dealer('D-1'),
      program({ basis: 'amount', accumulation: 'per_order', method: 'incremental', tiers: amountTiers }),
      order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 50, unitPrice: 100 }]),
      order('2026-04-01T10:00:00Z', 'O-2', [{ sku: 'A', qty: 150, unitPrice: 100 }]),
      delivered('2026-04-05T10:00:00Z', 'O-1', [{ sku: 'A', qty: 50 }]),
      delivered('2026-04-06T10:00:00Z', 'O-2', [{ sku: 'A', qty: 100 }]),
      delivered('2026-04-07T10:00:00Z', 'O-2', [{ sku: 'A', qty: 50 }]),
      tick('2026-07-01T00:00:00Z'),
    );
    // O-2 at 10,000: 100 (tier 1 starts); at 15,000: 100 + 5,000 × 2 % = 200.
    expect(scenario.outputsOf('rebate.accrued').map((a) => [a.orderId, a.volume, a.tierIndex, a.accruedAmount])).toEqual([
      ['O-1', 5000, 0, 50],
      ['O-2', 10_000, 1, 100],
      ['O-2', 15_000, 1, 200],
    ]);
    expect(scenario.outputsOf('rebate.tier.reached').map((t) => [t.orderId, t.tierIndex])).toEqual([['O-2', 1]]);
    expect(scenario.outputsOf('rebate.statement.issued')[0]).toMatchObject({ volume: 20_000, rebateAmount: 250 });
  });
});

describe('scope', () => {
  it('counts only the listed skus', () => {
    const { scenario, dealer, program, order, delivered } = setup();
    scenario.feed(
      dealer('D-1'),
      program({ scope: { skus: ['A'] } }),
      order('2026-04-01T09:00:00Z', 'O-1', [
        { sku: 'A', qty: 10, unitPrice: 10 },
        { sku: 'B', qty: 10, unitPrice: 99 },
      ]),
    );
    const outputs = scenario.feed(
      delivered('2026-04-05T10:00:00Z', 'O-1', [
        { sku: 'A', qty: 10 },
        { sku: 'B', qty: 10 },
      ]),
    );
    expect(outputs).toHaveLength(1);
    expect(outputs[0]?.data).toMatchObject({ volume: 10, qualifyingAmount: 100 });
    expect(scenario.feed(delivered('2026-04-06T10:00:00Z', 'O-1', [{ sku: 'B', qty: 5 }]))).toEqual([]);
  });

  it('counts only products of the listed categories (an unknown product is out)', () => {
    const { e, scenario, dealer, program, order, delivered } = setup();
    scenario.feed(
      e('product.upserted', '2026-03-01T00:00:00Z', { sku: 'TIRE-1', name: 'Tire', category: 'tires', unitPrice: 50 }),
      e('product.upserted', '2026-03-01T00:00:00Z', { sku: 'OIL-1', name: 'Oil', category: 'lubricants', unitPrice: 8 }),
      dealer('D-1'),
      program({ scope: { categories: ['tires'] } }),
      order('2026-04-01T09:00:00Z', 'O-1', [
        { sku: 'TIRE-1', qty: 40, unitPrice: 50 },
        { sku: 'OIL-1', qty: 100, unitPrice: 8 },
        { sku: 'NEW-1', qty: 5, unitPrice: 20 },
      ]),
    );
    scenario.feed(
      delivered('2026-04-05T10:00:00Z', 'O-1', [
        { sku: 'TIRE-1', qty: 40 },
        { sku: 'OIL-1', qty: 100 },
        { sku: 'NEW-1', qty: 5 },
      ]),
    );
    expect(scenario.outputsOf('rebate.accrued')).toEqual([expect.objectContaining({ volume: 40, qualifyingAmount: 2000, accruedAmount: 20 })]);
  });

  it('a program for all dealers ("*") with a dealer-tier scope reaches only dealers of those tiers', () => {
    const { scenario, dealer, program, order, delivered, tick } = setup();
    scenario.feed(dealer('D-A', 'A'), dealer('D-B', 'B'), program({ scope: { dealerTiers: ['A'] } }, '*'));
    scenario.feed(
      order('2026-04-01T09:00:00Z', 'O-A', [{ sku: 'A', qty: 120, unitPrice: 10 }], 'D-A'),
      order('2026-04-01T09:00:00Z', 'O-B', [{ sku: 'A', qty: 120, unitPrice: 10 }], 'D-B'),
      delivered('2026-04-05T10:00:00Z', 'O-A', [{ sku: 'A', qty: 120 }], 'D-A'),
      delivered('2026-04-05T10:00:00Z', 'O-B', [{ sku: 'A', qty: 120 }], 'D-B'),
      tick('2026-07-01T00:00:00Z'),
    );
    expect(scenario.outputs().map((o) => [o.dealerId, o.type])).toEqual([
      ['D-A', 'rebate.accrued'],
      ['D-A', 'rebate.tier.reached'],
      ['D-A', 'rebate.statement.issued'],
    ]);
    expect(scenario.outputsOf('rebate.statement.issued')[0]).toMatchObject({ volume: 120, rebateAmount: 24 });
  });

  it('a program for all dealers reaches a dealer first seen after it was published', () => {
    const { scenario, dealer, program, order, delivered } = setup();
    scenario.feed(program({}, '*'));
    scenario.feed(
      dealer('D-9', 'C', '2026-04-02T08:00:00Z'),
      order('2026-04-02T09:00:00Z', 'O-9', [{ sku: 'A', qty: 5, unitPrice: 4 }], 'D-9'),
      delivered('2026-04-05T10:00:00Z', 'O-9', [{ sku: 'A', qty: 5 }], 'D-9'),
    );
    expect(scenario.outputsOf('rebate.accrued')).toEqual([expect.objectContaining({ volume: 5, qualifyingAmount: 20, accruedAmount: 0.2 })]);
  });
});

describe('qualifying sales', () => {
  it('counts on the delivery date inside the period: not before periodStart, nor after periodEnd for an order placed inside', () => {
    const { scenario, dealer, program, order, delivered, tick } = setup();
    scenario.feed(
      dealer('D-1'),
      program({}),
      order('2026-03-20T09:00:00Z', 'O-1', [{ sku: 'A', qty: 300, unitPrice: 1 }]),
      delivered('2026-03-31T23:00:00Z', 'O-1', [{ sku: 'A', qty: 100 }]),
      delivered('2026-04-01T00:30:00Z', 'O-1', [{ sku: 'A', qty: 10 }]),
      order('2026-06-29T09:00:00Z', 'O-2', [{ sku: 'A', qty: 100, unitPrice: 1 }]),
    );
    // Delivered on the first day after the period: the statement is issued before the delivery is counted,
    // and the delivery does not qualify in the closed period.
    const late = scenario.feed(delivered('2026-07-01T09:00:00Z', 'O-2', [{ sku: 'A', qty: 100 }]));
    expect(late.map((o) => o.type)).toEqual(['rebate.statement.issued']);
    expect(late[0]?.data).toMatchObject({ volume: 10, qualifyingAmount: 10, rebateAmount: 0.1 });
    expect(scenario.outputsOf('rebate.accrued').map((a) => a.volume)).toEqual([10]);
    expect(scenario.feed(tick('2026-07-02T00:00:00Z'))).toEqual([]);
  });

  it('keeps what was delivered before a cancellation; deliveries after it do not qualify', () => {
    const { e, scenario, dealer, program, order, delivered, tick } = setup();
    scenario.feed(
      dealer('D-1'),
      program({}),
      order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 300, unitPrice: 1 }]),
      delivered('2026-04-05T10:00:00Z', 'O-1', [{ sku: 'A', qty: 120 }]),
      e('order.cancelled', '2026-04-06T10:00:00Z', { orderId: 'O-1' }),
      delivered('2026-04-07T10:00:00Z', 'O-1', [{ sku: 'A', qty: 180 }]),
      tick('2026-07-01T00:00:00Z'),
    );
    expect(scenario.outputsOf('rebate.accrued').map((a) => a.volume)).toEqual([120]);
    expect(scenario.outputsOf('rebate.statement.issued')[0]).toMatchObject({ volume: 120, rebateAmount: 2.4 });
  });

  it('counts units above the ordered quantity at the line price, and a sku not on the order in quantity only', () => {
    const { scenario, dealer, program, order, delivered } = setup();
    scenario.feed(dealer('D-1'), program({}), order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 10, unitPrice: 5 }]));
    scenario.feed(
      delivered('2026-04-05T10:00:00Z', 'O-1', [
        { sku: 'A', qty: 12 },
        { sku: 'Z', qty: 3 },
      ]),
    );
    expect(scenario.outputsOf('rebate.accrued')).toEqual([expect.objectContaining({ volume: 15, qualifyingAmount: 60, accruedAmount: 0.6 })]);
  });

  it('prices deliveries made after an amendment at the amended price, and keeps the price of earlier ones', () => {
    const { e, scenario, dealer, program, order, delivered } = setup();
    scenario.feed(
      dealer('D-1'),
      program({ basis: 'amount', tiers: [{ threshold: 0, rate: 0.1 }] }),
      order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 10, unitPrice: 5 }]),
      delivered('2026-04-05T10:00:00Z', 'O-1', [{ sku: 'A', qty: 4 }]),
      e('order.amended', '2026-04-06T10:00:00Z', { orderId: 'O-1', lines: [{ sku: 'A', qty: 10, unitPrice: 6 }], requestedBy: 'manufacturer' }),
      delivered('2026-04-07T10:00:00Z', 'O-1', [{ sku: 'A', qty: 6 }]),
    );
    expect(scenario.outputsOf('rebate.accrued').map((a) => [a.qualifyingAmount, a.accruedAmount])).toEqual([
      [20, 2],
      [56, 5.6],
    ]);
  });
});

describe('program changes', () => {
  it('recomputes a program changed mid-period from the recorded sales and reports the new figures', () => {
    const { scenario, dealer, program, order, delivered, tick } = setup();
    scenario.feed(
      dealer('D-1'),
      program({}),
      order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 100, unitPrice: 10 }]),
      delivered('2026-04-05T10:00:00Z', 'O-1', [{ sku: 'A', qty: 80 }]),
    );
    const changed = scenario.feed(
      program(
        {
          tiers: [
            { threshold: 0, rate: 0.01 },
            { threshold: 50, rate: 0.025 },
          ],
        },
        'D-1',
        '2026-05-01T08:00:00Z',
      ),
    );
    expect(changed.map((o) => o.type)).toEqual(['rebate.accrued', 'rebate.tier.reached']);
    expect(changed[0]?.data).toMatchObject({ volume: 80, qualifyingAmount: 800, tierIndex: 1, rate: 0.025, accruedAmount: 20, nextTier: null });
    expect(changed[1]?.data).toMatchObject({ tierIndex: 1, threshold: 50, causedBy: 'rebate.program.upserted-5' });

    // Re-sent unchanged: nothing to report.
    expect(scenario.feed(program({ tiers: [{ threshold: 0, rate: 0.01 }, { threshold: 50, rate: 0.025 }] }, 'D-1', '2026-05-02T08:00:00Z'))).toEqual([]);

    // Narrowed to another sku: the sales no longer qualify and are reported at zero.
    const narrowed = scenario.feed(program({ scope: { skus: ['B'] } }, 'D-1', '2026-05-03T08:00:00Z'));
    expect(narrowed.map((o) => o.data)).toEqual([expect.objectContaining({ volume: 0, qualifyingAmount: 0, accruedAmount: 0 })]);
    scenario.feed(tick('2026-07-01T00:00:00Z'));
    expect(scenario.outputsOf('rebate.statement.issued')).toEqual([]);
  });

  it('counts sales made before a program was published, from its periodStart', () => {
    const { scenario, dealer, program, order, delivered } = setup();
    scenario.feed(
      dealer('D-1'),
      order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 150, unitPrice: 10 }]),
      delivered('2026-04-05T10:00:00Z', 'O-1', [{ sku: 'A', qty: 150 }]),
    );
    const published = scenario.feed(program({}, 'D-1', '2026-04-20T08:00:00Z'));
    expect(published.map((o) => o.type)).toEqual(['rebate.accrued', 'rebate.tier.reached']);
    expect(published[0]?.data).toMatchObject({ volume: 150, accruedAmount: 30 });
  });

  it('does not reopen a closed period when the program is re-sent after its statement', () => {
    const { scenario, dealer, program, order, delivered, tick } = setup();
    scenario.feed(
      dealer('D-1'),
      program({}),
      order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 150, unitPrice: 10 }]),
      delivered('2026-04-05T10:00:00Z', 'O-1', [{ sku: 'A', qty: 150 }]),
      tick('2026-07-01T00:00:00Z'),
    );
    expect(scenario.outputsOf('rebate.statement.issued')).toHaveLength(1);
    expect(scenario.feed(program({ tiers: [{ threshold: 0, rate: 0.05 }] }, 'D-1', '2026-07-05T08:00:00Z'), tick('2026-07-06T00:00:00Z'))).toEqual(
      [],
    );
  });
});

describe('statement eligibility', () => {
  function withInvoice(paidOn: string | null) {
    const { e, scenario, dealer, program, order, delivered, tick } = setup();
    scenario.feed(
      dealer('D-1'),
      program({}),
      e('invoice.issued', '2026-03-02T08:00:00Z', { invoiceId: 'INV-1', amount: 500, currency: 'CNY', dueDate: '2026-04-30' }),
      order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 150, unitPrice: 10 }]),
      delivered('2026-04-05T10:00:00Z', 'O-1', [{ sku: 'A', qty: 150 }]),
    );
    if (paidOn) scenario.feed(e('payment.received', paidOn, { paymentId: 'PAY-1', amount: 500, currency: 'CNY' }));
    // The clock jumps well past the period end: eligibility is judged on the closing day (2026-07-01).
    scenario.feed(tick('2026-07-20T00:00:00Z'));
    return scenario.outputsOf('rebate.statement.issued');
  }

  it('is payable when no invoice is more than 60 days past due when the period closes', () => {
    // Due 2026-04-30, paid 2026-06-29: nothing open at the close.
    expect(withInvoice('2026-06-29T10:00:00Z')).toEqual([expect.objectContaining({ status: 'payable', withheldReason: null, rebateAmount: 30 })]);
  });

  it('is payable when the open invoice is exactly 62 days past due and the program allows 62', () => {
    const { e, scenario, dealer, program, tick, order, delivered } = setup();
    scenario.feed(
      dealer('D-1'),
      program({ eligibility: { maxDaysPastDue: 62 } }),
      e('invoice.issued', '2026-03-02T08:00:00Z', { invoiceId: 'INV-1', amount: 500, currency: 'CNY', dueDate: '2026-04-30' }),
      order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 1, unitPrice: 10 }]),
      delivered('2026-04-05T10:00:00Z', 'O-1', [{ sku: 'A', qty: 1 }]),
      tick('2026-07-01T00:00:00Z'),
    );
    expect(scenario.outputsOf('rebate.statement.issued')[0]).toMatchObject({ status: 'payable' });
  });

  it('is withheld, with the reason, when an invoice is more than 60 days past due', () => {
    // Due 2026-04-30, still open on 2026-07-01: 62 days past due.
    expect(withInvoice(null)).toEqual([
      expect.objectContaining({
        status: 'withheld',
        rebateAmount: 30,
        withheldReason:
          'past_due: when the period closed, invoice INV-1 was 62 days past due, more than the 60 days the program allows',
      }),
    ]);
  });

  it('judges on the receivables as the period left them when a payment is what moves the clock past periodEnd', () => {
    const { e, scenario, dealer, program, order, delivered } = setup();
    scenario.feed(
      dealer('D-1'),
      program({}),
      e('invoice.issued', '2026-03-02T08:00:00Z', { invoiceId: 'INV-1', amount: 500, currency: 'CNY', dueDate: '2026-04-15' }),
      order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 1, unitPrice: 10 }]),
      delivered('2026-04-05T10:00:00Z', 'O-1', [{ sku: 'A', qty: 1 }]),
    );
    const outputs = scenario.feed(e('payment.received', '2026-07-01T09:00:00Z', { paymentId: 'PAY-1', amount: 500, currency: 'CNY' }));
    expect(outputs.map((o) => o.data)).toEqual([expect.objectContaining({ status: 'withheld' })]);
  });

  it('judges on the closing day even when the clock first moves past periodEnd weeks later', () => {
    const { e, scenario, dealer, program, order, delivered, tick } = setup();
    scenario.feed(
      dealer('D-1'),
      program({}),
      e('invoice.issued', '2026-03-02T08:00:00Z', { invoiceId: 'INV-1', amount: 500, currency: 'CNY', dueDate: '2026-05-02' }),
      order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 1, unitPrice: 10 }]),
      delivered('2026-04-05T10:00:00Z', 'O-1', [{ sku: 'A', qty: 1 }]),
      // 60 days past due on 2026-07-01 (allowed), 79 on 2026-07-20.
      tick('2026-07-20T00:00:00Z'),
    );
    expect(scenario.outputsOf('rebate.statement.issued')[0]).toMatchObject({ status: 'payable' });
  });

  it('uses the policy default when the program names no limit', () => {
    const { e, dealer, program, order, delivered, tick } = setup();
    const scenario = createScenario({ workers: [rebateWorker], policies: { rebates: rebatePolicySchema.parse({ eligibility: { maxDaysPastDue: 90 }, deliveryHistoryDays: 400 }) } });
    scenario.feed(
      dealer('D-1'),
      program({}),
      e('invoice.issued', '2026-03-02T08:00:00Z', { invoiceId: 'INV-1', amount: 500, currency: 'CNY', dueDate: '2026-04-30' }),
      order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 1, unitPrice: 10 }]),
      delivered('2026-04-05T10:00:00Z', 'O-1', [{ sku: 'A', qty: 1 }]),
      tick('2026-07-01T00:00:00Z'),
    );
    expect(scenario.outputsOf('rebate.statement.issued')[0]).toMatchObject({ status: 'payable' });
  });

  it('issues no statement to a dealer without qualifying sales', () => {
    const { scenario, dealer, program, tick } = setup();
    scenario.feed(dealer('D-1'), dealer('D-2'), program({}, '*'), tick('2026-07-01T00:00:00Z'));
    expect(scenario.outputs()).toEqual([]);
  });
});

describe('cash discounts', () => {
  function invoiced() {
    const { e, scenario, dealer } = setup();
    scenario.feed(
      dealer('D-1'),
      e('invoice.issued', '2026-04-01T08:00:00Z', {
        invoiceId: 'INV-1',
        amount: 1234.5,
        currency: 'CNY',
        dueDate: '2026-05-01',
        discount: { pct: 2, untilDate: '2026-04-10' },
      }),
    );
    const pay = (at: string, paymentId: string, amount: number) => e('payment.received', at, { paymentId, amount, currency: 'CNY' });
    return { scenario, pay };
  }

  it('is earned when the discounted amount is paid by the end of untilDate', () => {
    const { scenario, pay } = invoiced();
    // 2 % of 1,234.50 = 24.69; the dealer owes 1,209.81.
    const outputs = scenario.feed(pay('2026-04-10T23:30:00Z', 'PAY-1', 1209.81));
    expect(outputs).toEqual([
      {
        dealerId: 'D-1',
        type: 'cash.discount.earned',
        data: { invoiceId: 'INV-1', amount: 24.69, pct: 2, untilDate: '2026-04-10', causedBy: 'payment.received-3' },
      },
    ]);
  });

  it('is not earned when paid a day late', () => {
    const { scenario, pay } = invoiced();
    expect(scenario.feed(pay('2026-04-11T00:10:00Z', 'PAY-1', 1209.81))).toEqual([]);
    expect(scenario.outputsOf('cash.discount.earned')).toEqual([]);
  });

  it('is earned once, on the payment that completes the discounted amount inside the window', () => {
    const { scenario, pay } = invoiced();
    expect(scenario.feed(pay('2026-04-03T10:00:00Z', 'PAY-1', 600))).toEqual([]);
    const completing = scenario.feed(pay('2026-04-09T10:00:00Z', 'PAY-2', 609.81));
    expect(completing.map((o) => o.data)).toEqual([expect.objectContaining({ invoiceId: 'INV-1', amount: 24.69, causedBy: 'payment.received-4' })]);
    expect(scenario.feed(pay('2026-04-10T10:00:00Z', 'PAY-3', 50))).toEqual([]);
    expect(scenario.outputsOf('cash.discount.earned')).toHaveLength(1);
  });
});

describe('state', () => {
  it('prunes delivered lines older than the history window once no open period needs them', () => {
    const { scenario, dealer, order, delivered, tick } = setup();
    scenario.feed(
      dealer('D-1'),
      order('2026-04-01T09:00:00Z', 'O-1', [{ sku: 'A', qty: 10, unitPrice: 1 }]),
      delivered('2026-04-05T10:00:00Z', 'O-1', [{ sku: 'A', qty: 10 }]),
      tick('2026-08-03T00:00:00Z'),
    );
    const state = () => scenario.pipeline.stateOf<RebateState>('rebates', 'D-1');
    expect(state()?.lines).toHaveLength(1);
    scenario.feed(tick('2026-08-05T00:00:00Z'));
    expect(state()?.lines).toEqual([]);
    expect(state()?.orders).toEqual({});
    expect(JSON.parse(JSON.stringify(state()))).toEqual(state());
  });
});

describe('properties through the worker', () => {
  it('all units: accruals reported within a period never decrease as deliveries come in, and the statement repeats the last one', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('quantity' as const, 'amount' as const),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 90 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 50_000 })), {
          minLength: 1,
          maxLength: 15,
        }),
        (basis, deliveries) => {
          const { scenario, dealer, program, order, delivered, tick } = setup();
          const tiers =
            basis === 'quantity'
              ? [
                  { threshold: 0, rate: 0.01 },
                  { threshold: 100, rate: 0.02 },
                  { threshold: 300, rate: 0.04 },
                ]
              : [
                  { threshold: 0, rate: 0.005 },
                  { threshold: 2_000, rate: 0.015 },
                  { threshold: 8_000, rate: 0.03 },
                ];
          scenario.feed(dealer('D-1'), program({ basis, tiers }));
          deliveries.forEach(([day, qty, unitPriceCents], index) => {
            const date = `2026-04-${String(1 + (day % 30)).padStart(2, '0')}`;
            scenario.feed(
              order(`${date}T08:00:00Z`, `O-${index}`, [{ sku: 'A', qty: Math.max(qty, 1), unitPrice: unitPriceCents / 100 }]),
              delivered(`${date}T09:00:00Z`, `O-${index}`, [{ sku: 'A', qty }]),
            );
          });
          scenario.feed(tick('2026-07-01T00:00:00Z'));
          const accrued = scenario.outputsOf('rebate.accrued').map((a) => a.accruedAmount);
          accrued.forEach((amount, index) => expect(amount).toBeGreaterThanOrEqual(accrued[index - 1] ?? 0));
          const statement = scenario.outputsOf('rebate.statement.issued');
          if (accrued.length > 0) expect(statement[0]?.rebateAmount).toBe(accrued[accrued.length - 1]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
