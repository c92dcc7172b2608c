import { describe, expect, it } from 'vitest';
import { creditScenario } from './creditScenario';

/** Issue 20: business days in the dealer's time zone, and a payment's receipt bounding its backdating. */
describe("the dealer's days", () => {
  const discount = { pct: 2, untilDate: '2026-01-10' };

  it('does not give a Shanghai dealer the discount for a payment at 07:30 on 11 January (still the 10th in UTC)', () => {
    const { scenario, dealer, invoice, payment, state } = creditScenario({ timezone: 'Asia/Shanghai' });
    scenario.feed(dealer('2026-01-01T00:00:00Z'), invoice('2026-01-02T02:00:00Z', 'INV-1', 1000, '2026-02-01', { discount }));
    scenario.feed(payment('2026-01-10T23:30:00Z', 'PAY-1', 980));
    expect(state().ledger.invoices[0]).toMatchObject({ discountEarnedCents: 0, appliedCents: 98_000, settledDate: null });
  });

  it('gives it for a payment at 23:30 on 10 January in Shanghai', () => {
    const { scenario, dealer, invoice, payment, state } = creditScenario({ timezone: 'Asia/Shanghai' });
    scenario.feed(dealer('2026-01-01T00:00:00Z'), invoice('2026-01-02T02:00:00Z', 'INV-1', 1000, '2026-02-01', { discount }));
    scenario.feed(payment('2026-01-10T15:30:00Z', 'PAY-1', 980));
    expect(state().ledger.invoices[0]).toMatchObject({ discountEarnedCents: 2_000, settledDate: '2026-01-10' });
  });

  it("counts days past due on the dealer's days: the past_due hold comes at Shanghai midnight", () => {
    const { scenario, dealer, invoice, tick, types } = creditScenario({ timezone: 'Asia/Shanghai' });
    scenario.feed(dealer('2026-03-01T00:00:00Z'), invoice('2026-03-01T02:00:00Z', 'INV-1', 800, '2026-03-10'));
    expect(scenario.feed(tick('2026-04-09T15:59:00Z'))).toEqual([]);
    // 00:05 on 10 April in Shanghai: 31 days past due (in UTC it is still the 9th).
    const outputs = scenario.feed(tick('2026-04-09T16:05:00Z'));
    expect(types(outputs)).toEqual(['credit.hold.placed', 'credit.review.requested']);
    expect(outputs[0]?.data).toMatchObject({ maxDaysPastDue: 31 });
  });

  it('dates an invoice on the dealer’s day: issued at 01:00 on 1 March in Shanghai, paid on the due day, on time', () => {
    const { scenario, dealer, invoice, payment, state } = creditScenario({ timezone: 'Asia/Shanghai' });
    scenario.feed(dealer('2026-02-20T00:00:00Z'), invoice('2026-02-28T17:00:00Z', 'INV-1', 800, '2026-03-31'));
    scenario.feed(payment('2026-03-31T15:00:00Z', 'PAY-1', 800));
    expect(state().ledger.invoices[0]).toMatchObject({ issueDate: '2026-03-01', settledDate: '2026-03-31' });
  });
});

describe('backdated payments', () => {
  const discount = { pct: 2, untilDate: '2026-03-10' };

  it('earns no discount by a value date weeks before the payment was received', () => {
    const { scenario, dealer, invoice, payment, tick, state } = creditScenario();
    scenario.feed(dealer('2026-03-01T00:00:00Z'), invoice('2026-03-01T09:00:00Z', 'INV-1', 1000, '2026-03-31', { discount }));
    // Live, clock ticks keep the dealer's day on the wall clock's: it is the 20th when the money comes.
    scenario.feed(tick('2026-03-20T07:59:00Z'));
    scenario.feed(payment('2026-03-09T09:00:00Z', 'PAY-1', 980, { receivedAt: '2026-03-20T08:00:00.000Z' }));
    expect(state().ledger.invoices[0]).toMatchObject({ discountEarnedCents: 0, appliedCents: 98_000 });
    expect(state().ledger.payments['PAY-1']?.date).toBe('2026-03-18');
  });

  it('accepts the backdating the policy allows (2 days by default, more when set)', () => {
    const onTime = creditScenario();
    onTime.scenario.feed(onTime.dealer('2026-03-01T00:00:00Z'), onTime.invoice('2026-03-01T09:00:00Z', 'INV-1', 1000, '2026-03-31', { discount }));
    onTime.scenario.feed(onTime.payment('2026-03-10T09:00:00Z', 'PAY-1', 980, { receivedAt: '2026-03-12T08:00:00.000Z' }));
    expect(onTime.state().ledger.invoices[0]).toMatchObject({ discountEarnedCents: 2_000, settledDate: '2026-03-10' });

    const lenient = creditScenario({ policy: { paymentBackdatingDays: 10 } });
    lenient.scenario.feed(lenient.dealer('2026-03-01T00:00:00Z'), lenient.invoice('2026-03-01T09:00:00Z', 'INV-1', 1000, '2026-03-31', { discount }));
    lenient.scenario.feed(lenient.payment('2026-03-09T09:00:00Z', 'PAY-1', 980, { receivedAt: '2026-03-19T08:00:00.000Z' }));
    expect(lenient.state().ledger.invoices[0]).toMatchObject({ discountEarnedCents: 2_000 });
  });
});
