import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divideByRate, multiplyByRate, rateUnitsOf } from '../money';
import { computeExposure } from './exposure';
import { creditScenario } from './creditScenario';

/** Issue 20: money in the dealer's currency, converted with a published rate or dead-lettered. */
describe("documents in another currency", () => {
  it('dead-letters a USD payment to a CNY dealer when no rate is published, and applies nothing of it', () => {
    const { scenario, accept, dealer, invoice, payment, state } = creditScenario();
    scenario.feed(dealer('2026-01-01T08:00:00Z'), invoice('2026-01-02T09:00:00Z', 'INV-1', 1000, '2026-02-01', { discount: { pct: 2, untilDate: '2026-01-12' } }));
    const result = accept(payment('2026-01-05T09:00:00Z', 'PAY-1', 980, { currency: 'USD' }));
    expect(result.failures).toEqual([
      expect.objectContaining({
        worker: 'credit',
        error: "payment PAY-1 is in USD, the dealer's currency is CNY: no USD/CNY exchange rate published on or before 2026-01-05 (fx.rate.published)",
      }),
    ]);
    expect(computeExposure(state().ledger).openReceivablesCents).toBe(100_000);
    expect(state().ledger.payments).toEqual({});
  });

  it('converts with the rate in force on the document’s day, exact to the cent, and earns the discount only on the converted money', () => {
    const { scenario, dealer, invoice, payment, e, state } = creditScenario();
    scenario.feed(
      dealer('2026-01-01T08:00:00Z'),
      e('fx.rate.published', '2026-01-01T09:00:00Z', { base: 'USD', quote: 'CNY', rate: '7.1', validFrom: '2026-01-01' }),
      e('fx.rate.published', '2026-01-01T09:00:00Z', { base: 'USD', quote: 'CNY', rate: '7.25', validFrom: '2026-01-08' }),
      invoice('2026-01-02T09:00:00Z', 'INV-1', 1000, '2026-02-01', { discount: { pct: 2, untilDate: '2026-01-12' } }),
    );
    // USD 138 = CNY 979.80 on 5 January: short of the discounted 980, no discount.
    expect(scenario.feed(payment('2026-01-05T09:00:00Z', 'PAY-1', 138, { currency: 'USD' }))).toEqual([]);
    expect(state().ledger.invoices[0]).toMatchObject({ appliedCents: 97_980, discountEarnedCents: 0 });
    // USD 0.03 on the 9th at 7.25 = CNY 0.2175 → 0.22 (half up): reaches 980.02, the discount is earned.
    scenario.feed(payment('2026-01-09T09:00:00Z', 'PAY-2', 0.03, { currency: 'USD' }));
    expect(state().ledger.invoices[0]).toMatchObject({ discountEarnedCents: 2_000, settledDate: '2026-01-09' });
    expect(computeExposure(state().ledger)).toMatchObject({ openReceivablesCents: 0, creditBalanceCents: 2 });
  });

  it('converts with the inverse pair when only that one is published', () => {
    const { scenario, dealer, invoice, e, state } = creditScenario();
    scenario.feed(
      dealer('2026-01-01T08:00:00Z'),
      e('fx.rate.published', '2026-01-01T09:00:00Z', { base: 'CNY', quote: 'EUR', rate: 0.128, validFrom: '2026-01-01' }),
      invoice('2026-01-02T09:00:00Z', 'INV-EU', 128, '2026-02-01', { currency: 'EUR' }),
    );
    expect(state().ledger.invoices[0]?.amountCents).toBe(100_000);
  });
});

describe('exact conversion (money/fx)', () => {
  it('reads rates as exact decimals', () => {
    expect(rateUnitsOf('7.1234')).toBe(712_340_000n);
    expect(rateUnitsOf(0.128)).toBe(12_800_000n);
    expect(() => rateUnitsOf('7.123456789')).toThrow(/at most 8 decimals/);
    expect(() => rateUnitsOf('0')).toThrow(/above zero/);
  });

  it('rounds cents × rate half up once, from the exact product (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 1, max: 5_000_000_000 }), (cents, units) => {
        const exact = BigInt(cents) * BigInt(units); // in 10⁻⁸ cents
        const converted = BigInt(multiplyByRate(cents, BigInt(units)));
        // |converted − exact| ≤ ½ cent, and a tie goes up.
        const diff = converted * 100_000_000n - exact;
        expect(diff >= -50_000_000n && diff < 50_000_000n).toBe(true);
        // Dividing by the same rate gives back the cents when the rate is at least 1 (no precision lost).
        if (units >= 100_000_000) expect(divideByRate(multiplyByRate(cents, BigInt(units)), BigInt(units))).toBe(cents);
      }),
      { numRuns: 500 },
    );
  });
});
