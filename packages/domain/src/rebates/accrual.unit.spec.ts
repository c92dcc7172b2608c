import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAccrual, tierIndexFor, type RebateTier } from './accrual';

const tiers: RebateTier[] = [
  { threshold: 0, rate: 0.01 },
  { threshold: 10_000, rate: 0.02 },
  { threshold: 20_000, rate: 0.03 },
];

describe('tierIndexFor', () => {
  it('is the highest tier whose threshold is at or below the volume', () => {
    expect(tierIndexFor(tiers, 0)).toBe(0);
    expect(tierIndexFor(tiers, 9_999.99)).toBe(0);
    expect(tierIndexFor(tiers, 10_000)).toBe(1);
    expect(tierIndexFor(tiers, 1_000_000)).toBe(2);
    expect(tierIndexFor([{ threshold: 5, rate: 0.1 }], 4)).toBeNull();
  });
});

describe('computeAccrual', () => {
  it('all units: the tier rate on the whole amount, with the gap to the next tier', () => {
    expect(computeAccrual(tiers, 'all_units', 15_000.5, 1_500_050)).toEqual({
      tierIndex: 1,
      rate: 0.02,
      accruedCents: 30_001,
      nextTier: { threshold: 20_000, rate: 0.03, gap: 4_999.5 },
    });
  });

  it('all units on quantity: the tier follows units, the rate applies to money', () => {
    expect(computeAccrual([{ threshold: 0, rate: 0 }, { threshold: 100, rate: 0.05 }], 'all_units', 100, 123_456)).toEqual({
      tierIndex: 1,
      rate: 0.05,
      accruedCents: 6173, // 6,172.8 cents
      nextTier: null,
    });
  });

  it('incremental: each band at its own rate', () => {
    expect(computeAccrual(tiers, 'incremental', 25_001, 2_500_100).accruedCents).toBe(45_003);
    expect(computeAccrual(tiers, 'incremental', 20_000, 2_000_000).accruedCents).toBe(30_000);
  });

  it('incremental below a first threshold above 0 earns nothing on that part', () => {
    const fromFiveThousand: RebateTier[] = [{ threshold: 5_000, rate: 0.02 }];
    expect(computeAccrual(fromFiveThousand, 'incremental', 4_000, 400_000)).toEqual({
      tierIndex: null,
      rate: 0,
      accruedCents: 0,
      nextTier: { threshold: 5_000, rate: 0.02, gap: 1_000 },
    });
    expect(computeAccrual(fromFiveThousand, 'incremental', 6_000, 600_000).accruedCents).toBe(2_000);
  });

  it('rounds half-up once, at the end, not per band', () => {
    // Bands: 101.00 × 0.5 % = 50.5 cents, 1.00 × 0.5 % = 0.5 cents: 51 cents, not 51 + 1.
    const halves: RebateTier[] = [
      { threshold: 0, rate: 0.005 },
      { threshold: 101, rate: 0.005 },
    ];
    expect(computeAccrual(halves, 'incremental', 102, 10_200).accruedCents).toBe(51);
    expect(computeAccrual(halves, 'all_units', 1.01, 101).accruedCents).toBe(1); // 0.505 → 1
  });
});

/** Ascending thresholds (whole cents) with rates in basis points that never fall. */
const ascendingTiers = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 5_000_000 }), fc.integer({ min: 0, max: 500 })), { minLength: 1, maxLength: 5 })
  .chain((steps) =>
    fc.boolean().map((startAtZero) => {
      let thresholdCents = startAtZero ? 0 : (steps[0]?.[0] ?? 1);
      let rateBp = 0;
      return steps.map(([stepCents, rateStepBp], index) => {
        if (index > 0) thresholdCents += stepCents;
        rateBp += rateStepBp;
        return { threshold: thresholdCents / 100, rate: rateBp / 10_000 };
      });
    }),
  );

describe('properties', () => {
  it('all units: the accrued amount never decreases as deliveries add volume within a period (rates not falling)', () => {
    fc.assert(
      fc.property(
        ascendingTiers,
        fc.constantFrom('quantity' as const, 'amount' as const),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 1_000_000 })), { maxLength: 30 }),
        (programTiers, basis, deliveries) => {
          let units = 0;
          let amountCents = 0;
          let previous = -1;
          for (const [qty, unitPriceCents] of deliveries) {
            units += qty;
            amountCents += qty * unitPriceCents;
            const volume = basis === 'quantity' ? units : amountCents / 100;
            const { accruedCents } = computeAccrual(programTiers, 'all_units', volume, amountCents);
            expect(accruedCents).toBeGreaterThanOrEqual(previous);
            previous = accruedCents;
          }
        },
      ),
    );
  });

  it('incremental: the accrual is the sum over bands of rate × the amount inside the band', () => {
    fc.assert(
      fc.property(ascendingTiers, fc.integer({ min: 0, max: 2_000_000_000 }), (programTiers, amountCents) => {
        // Walk down from the top band: whatever lies above a threshold belongs to that band.
        let rest = amountCents;
        let exactBasisPointCents = 0;
        for (const tier of [...programTiers].reverse()) {
          const thresholdCents = Math.round(tier.threshold * 100);
          if (rest > thresholdCents) {
            exactBasisPointCents += (rest - thresholdCents) * Math.round(tier.rate * 10_000);
            rest = thresholdCents;
          }
        }
        // Integer arithmetic in basis-point cents, rounded half-up once.
        const expected = Math.floor((exactBasisPointCents + 5_000) / 10_000);
        expect(computeAccrual(programTiers, 'incremental', amountCents / 100, amountCents).accruedCents).toBe(expected);
      }),
    );
  });

  it('the gap to the next tier is what the volume lacks to reach its threshold', () => {
    fc.assert(
      fc.property(ascendingTiers, fc.integer({ min: 0, max: 2_000_000_000 }), (programTiers, amountCents) => {
        const accrual = computeAccrual(programTiers, 'all_units', amountCents / 100, amountCents);
        if (accrual.nextTier === null) {
          expect(accrual.tierIndex).toBe(programTiers.length - 1);
          return;
        }
        expect(Math.round(accrual.nextTier.gap * 100)).toBe(Math.round(accrual.nextTier.threshold * 100) - amountCents);
        expect(accrual.nextTier.gap).toBeGreaterThan(0);
      }),
    );
  });
});
