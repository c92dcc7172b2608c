import { describe, expect, it } from 'vitest';
import { creditScenario } from './creditScenario';

/**
 * A payment's backdating is bounded in the dealer's time (its clock), not only by the wall-clock stamp
 * `receivedAt`: the same lines give the same ledger replayed, ingested live, or loaded months later.
 */
describe("backdated payments in the dealer's time", () => {
  const discount = { pct: 2, untilDate: '2026-03-10' };

  it('counts a payment loaded through the server months after it happened from its value date', () => {
    const { scenario, dealer, invoice, payment, state } = creditScenario();
    scenario.feed(dealer('2026-03-01T00:00:00Z'), invoice('2026-03-01T09:00:00Z', 'INV-1', 1000, '2026-03-31', { discount }));
    // History fed in December: the stamp is the day of the load, the dealer's day is still 9 March.
    scenario.feed(payment('2026-03-09T09:00:00Z', 'PAY-1', 980, { receivedAt: '2026-12-07T01:00:00.000Z' }));
    expect(state().ledger.payments['PAY-1']?.date).toBe('2026-03-09');
    expect(state().ledger.invoices[0]).toMatchObject({ discountEarnedCents: 2_000, settledDate: '2026-03-09' });
  });

  it('gives the loaded payment the same ledger as the same lines without a stamp (a replayed file)', () => {
    const feed = (receivedAt?: string) => {
      const { scenario, dealer, invoice, payment, state } = creditScenario();
      scenario.feed(dealer('2026-03-01T00:00:00Z'), invoice('2026-03-01T09:00:00Z', 'INV-1', 1000, '2026-03-31', { discount }));
      scenario.feed(payment('2026-03-09T09:00:00Z', 'PAY-1', 980, receivedAt ? { receivedAt } : {}));
      return state().ledger;
    };
    expect(feed('2026-12-07T01:00:00.000Z')).toEqual(feed());
    expect(feed('2026-03-09T09:00:01.000Z')).toEqual(feed());
  });

  it("bounds a payment reaching the dealer's books weeks after its value date, with no stamp too", () => {
    const { scenario, dealer, invoice, payment, tick, state } = creditScenario();
    scenario.feed(dealer('2026-03-01T00:00:00Z'), invoice('2026-03-01T09:00:00Z', 'INV-1', 1000, '2026-03-31', { discount }));
    scenario.feed(tick('2026-03-20T08:00:00Z'));
    scenario.feed(payment('2026-03-09T09:00:00Z', 'PAY-1', 980));
    expect(state().ledger.payments['PAY-1']?.date).toBe('2026-03-18');
    expect(state().ledger.invoices[0]).toMatchObject({ discountEarnedCents: 0, appliedCents: 98_000 });
  });

  it('takes the earlier day when the stamp is before the dealer’s day (history running ahead of the wall clock)', () => {
    const { scenario, dealer, invoice, payment, tick, state } = creditScenario();
    scenario.feed(dealer('2026-03-01T00:00:00Z'), invoice('2026-03-01T09:00:00Z', 'INV-1', 1000, '2026-03-31', { discount }));
    scenario.feed(tick('2026-03-20T08:00:00Z'));
    scenario.feed(payment('2026-03-09T09:00:00Z', 'PAY-1', 980, { receivedAt: '2026-03-11T08:00:00.000Z' }));
    expect(state().ledger.payments['PAY-1']?.date).toBe('2026-03-09');
  });
});
